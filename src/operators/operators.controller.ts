import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import type { CommandContext } from '../kernel/command-context';
import { Ctx } from '../http/request-context.decorator';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { CreateOperatorDto } from './dto/operator.dto';
import { EnteAdminGuard } from './ente-admin.guard';
import { OperatorsService } from './operators.service';

@ApiTags('operatori')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/operatori')
@UseGuards(EnteAccessGuard, EnteAdminGuard)
@UseInterceptors(IdempotencyInterceptor)
export class OperatorsController {
  constructor(private readonly operators: OperatorsService) {}

  @Post()
  @ApiOperation({ summary: "Create an operator account of the ente (admin token or an operator with role 'admin'); password ≥ 12 characters, stored as an scrypt hash" })
  async create(@Param('codIpa') codIpa: string, @Body() dto: CreateOperatorDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.operators.create(codIpa, dto, ctx);
    writeCommandHeaders(res, r);
    const username = dto.username.trim().toLowerCase();
    res.setHeader('Location', `/api/v1/enti/${codIpa}/operatori/${encodeURIComponent(username)}`);
    const account = r.state.operators.get(username);
    return { codIpa, username, roles: account?.roles ?? [], ...commandMeta(r) };
  }

  @Get()
  @ApiOperation({ summary: 'The operator accounts of the ente (never their password hashes)' })
  async list(@Param('codIpa') codIpa: string) {
    return { codIpa, items: await this.operators.list(codIpa) };
  }

  @Delete(':username')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove an operator account; its open sessions stop working at once' })
  async remove(@Param('codIpa') codIpa: string, @Param('username') username: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.operators.remove(codIpa, username, ctx);
    writeCommandHeaders(res, r);
    return { codIpa, username: username.toLowerCase(), removed: true, ...commandMeta(r) };
  }
}
