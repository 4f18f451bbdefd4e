import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminGuard, EnteAccessGuard } from '../auth/guards';
import { EnteAdminOnly } from '../operators/ente-admin.guard';
import type { CommandContext } from '../kernel/command-context';
import { notFound } from '../kernel/errors';
import { Ctx } from '../http/request-context.decorator';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { ConfigureTipoDovutoCommand, IssueApiKeyCommand, RegisterEnteCommand, RevokeApiKeyCommand } from './commands/enti.commands';
import { RegisterEnteDto } from './dto/register-ente.dto';
import { ConfigureTipoDovutoDto } from './dto/configure-tipo-dovuto.dto';
import { IssueApiKeyDto } from './dto/issue-api-key.dto';
import { EnteDirectory } from './ente.directory';
import type { RegisteredEnte } from './domain/ente.state';

@ApiTags('enti')
@ApiBearerAuth()
@Controller('api/v1/enti')
@UseInterceptors(IdempotencyInterceptor)
export class EntiController {
  constructor(
    private readonly bus: CommandBus,
    private readonly directory: EnteDirectory,
  ) {}

  @Post()
  @UseGuards(AdminGuard)
  @ApiOperation({ summary: 'Register an ente (admin token)' })
  async register(@Body() dto: RegisterEnteDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.bus.execute(new RegisterEnteCommand(dto, ctx));
    writeCommandHeaders(res, r);
    res.setHeader('Location', `/api/v1/enti/${dto.codIpa}`);
    return { codIpa: dto.codIpa, ...commandMeta(r) };
  }

  @Get(':codIpa')
  @UseGuards(EnteAccessGuard)
  @ApiOperation({ summary: 'The ente with its tipi dovuto and API keys (hashes are never shown)' })
  async get(@Param('codIpa') codIpa: string) {
    const ente = await this.directory.get(codIpa);
    if (!ente) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    return presentEnte(ente);
  }

  @Put(':codIpa/tipi-dovuto/:codTipo')
  @EnteAdminOnly('configuring a tipo dovuto')
  @ApiOperation({ summary: "Create or reconfigure a tipo dovuto (admin token or an operator with role 'admin' of the ente)" })
  async configureTipo(@Param('codIpa') codIpa: string, @Param('codTipo') codTipo: string, @Body() dto: ConfigureTipoDovutoDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.bus.execute(new ConfigureTipoDovutoCommand(codIpa, codTipo, dto, ctx));
    writeCommandHeaders(res, r);
    return { codIpa, codTipo, changed: r.events.length > 0, ...commandMeta(r) };
  }

  @Post(':codIpa/api-keys')
  @EnteAdminOnly('issuing an API key')
  @ApiOperation({ summary: "Issue an API key for the ente; the key is shown in this response only (admin token or an operator with role 'admin')" })
  async issueKey(@Param('codIpa') codIpa: string, @Body() dto: IssueApiKeyDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.bus.execute(new IssueApiKeyCommand(codIpa, dto.label, ctx));
    writeCommandHeaders(res, r);
    return { codIpa, keyId: r.keyId, key: r.key, label: dto.label, ...commandMeta(r) };
  }

  @Delete(':codIpa/api-keys/:keyId')
  @EnteAdminOnly('revoking an API key')
  @HttpCode(200)
  @ApiOperation({ summary: "Revoke an API key (admin token or an operator with role 'admin')" })
  async revokeKey(@Param('codIpa') codIpa: string, @Param('keyId') keyId: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.bus.execute(new RevokeApiKeyCommand(codIpa, keyId, ctx));
    writeCommandHeaders(res, r);
    return { codIpa, keyId, revoked: true, ...commandMeta(r) };
  }
}

function presentEnte(e: RegisteredEnte) {
  return {
    ...e.profile,
    tipiDovuto: [...e.tipiDovuto.values()].map((t) => ({ ...t, importoFisso: t.importoFisso === undefined ? undefined : (t.importoFisso / 100).toFixed(2) })),
    apiKeys: [...e.apiKeys.values()].map(({ keyId, label, createdAt, revokedAt }) => ({ keyId, label, createdAt, revokedAt })),
  };
}
