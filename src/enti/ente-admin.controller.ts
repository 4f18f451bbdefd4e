import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import { EnteAdminOnly } from '../operators/ente-admin.guard';
import { CONFIG, type QuadraConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import type { CommandContext } from '../kernel/command-context';
import { CommandService } from '../kernel/command-service';
import { invalid, notFound } from '../kernel/errors';
import { sha256 } from '../kernel/ids';
import { Ctx } from '../http/request-context.decorator';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import { enteStreamId } from './domain/ente.events';
import { LOGO_MAX_BYTES } from './domain/ente.rules';
import { EnteAggregate } from './ente.aggregate';
import { EnteDirectory } from './ente.directory';
import { AddIbanDto, UpdateEnteDto } from './dto/ente-admin.dto';
import { LogoLimitInterceptor } from './logo-limit.interceptor';

/** Ente administration beyond registration: details, accounts, logo, and the history of every change. */
@ApiTags('enti')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa')
export class EnteAdminController {
  constructor(
    private readonly commands: CommandService,
    private readonly directory: EnteDirectory,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: QuadraConfig,
  ) {}

  @Patch()
  @EnteAdminOnly("changing the ente's details")
  @ApiOperation({ summary: "Change the ente's details (admin token or an operator with role 'admin'); null removes an optional value" })
  async update(@Param('codIpa') codIpa: string, @Body() dto: UpdateEnteDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.commands.execute(EnteAggregate, enteStreamId(codIpa), { type: 'UpdateEnte', data: { ...dto }, metadata: { now: ctx.now } }, ctx);
    writeCommandHeaders(res, r);
    return { codIpa, changed: r.events.length > 0, ...commandMeta(r) };
  }

  @Get('ibans')
  @UseGuards(EnteAccessGuard)
  @ApiOperation({ summary: "The ente's bank and postal accounts" })
  async ibans(@Param('codIpa') codIpa: string) {
    const ente = await this.directory.get(codIpa);
    if (!ente) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    return { items: [...(ente.ibans?.values() ?? [])] };
  }

  @Post('ibans')
  @EnteAdminOnly('adding an account (IBAN)')
  @ApiOperation({ summary: 'Add a bank or postal account (validated check digits; postale must match ABI 07601)' })
  async addIban(@Param('codIpa') codIpa: string, @Body() dto: AddIbanDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.commands.execute(EnteAggregate, enteStreamId(codIpa), { type: 'AddEnteIban', data: { iban: dto.iban, postale: dto.postale ?? false, descrizione: dto.descrizione }, metadata: { now: ctx.now } }, ctx);
    writeCommandHeaders(res, r);
    return { codIpa, changed: r.events.length > 0, ...commandMeta(r) };
  }

  @Delete('ibans/:iban')
  @EnteAdminOnly('removing an account (IBAN)')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove an account no active tipo dovuto credits' })
  async removeIban(@Param('codIpa') codIpa: string, @Param('iban') iban: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.commands.execute(EnteAggregate, enteStreamId(codIpa), { type: 'RemoveEnteIban', data: { iban }, metadata: { now: ctx.now } }, ctx);
    writeCommandHeaders(res, r);
    return { codIpa, iban, removed: true, ...commandMeta(r) };
  }

  @Put('logo')
  @EnteAdminOnly("changing the ente's logo")
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(LogoLimitInterceptor, FileInterceptor('file', { limits: { fileSize: LOGO_MAX_BYTES, files: 1 } }))
  @ApiOperation({ summary: "Set the ente's logo: a PNG or JPEG of at most 200 KB in the field 'file' (admin token or an operator with role 'admin')" })
  async setLogo(@Param('codIpa') codIpa: string, @UploadedFile() file: Express.Multer.File | undefined, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    if (!file?.buffer) throw invalid('LOGO_FILE_MISSING', 'file', "send the logo as multipart/form-data in the field 'file'");
    if (!(await this.directory.get(codIpa))) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    // The content decides the kind, not the name or the declared type.
    const b = file.buffer;
    const mediaType = b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ? 'image/png' : b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff ? 'image/jpeg' : 'application/octet-stream';
    const hash = sha256(b);
    const storedAs = path.join('enti', codIpa, `logo-${hash.slice(0, 16)}.${mediaType === 'image/png' ? 'png' : 'jpg'}`);
    const command = { type: 'ChangeEnteLogo' as const, data: { mediaType, sha256: hash, bytes: b.length, storedAs }, metadata: { now: ctx.now } };
    EnteAggregate.decider.decide(command, (await this.commands.load(EnteAggregate, enteStreamId(codIpa))).state); // refuse before writing anything
    await fs.mkdir(path.join(this.config.dataDir, 'enti', codIpa), { recursive: true });
    await fs.writeFile(path.join(this.config.dataDir, storedAs), b);
    const r = await this.commands.execute(EnteAggregate, enteStreamId(codIpa), command, ctx);
    writeCommandHeaders(res, r);
    return { codIpa, mediaType, sha256: hash, bytes: b.length, changed: r.events.length > 0, ...commandMeta(r) };
  }

  @Get('logo')
  @ApiOperation({ summary: "The ente's logo (public: it is printed on notices)" })
  async logo(@Param('codIpa') codIpa: string, @Res() res: Response) {
    const logo = (await this.directory.get(codIpa))?.logo;
    if (!logo) throw notFound('LOGO_NOT_FOUND', `ente ${codIpa} has no logo`);
    res.type(logo.mediaType).setHeader('ETag', `"${logo.sha256}"`);
    res.sendFile(path.join(this.config.dataDir, logo.storedAs));
  }

  @Get('storia')
  @UseGuards(EnteAccessGuard)
  @ApiOperation({ summary: "Every change of the ente's configuration, oldest first: type, time, actor, data" })
  async history(@Param('codIpa') codIpa: string) {
    const events = await this.store.readStream(enteStreamId(codIpa));
    if (events.length === 0) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    return {
      items: events.map((e) => ({
        revision: e.revision.toString(),
        position: e.position.toString(),
        type: e.type,
        at: e.metadata.occurredAt,
        actor: e.metadata.actor,
        correlationId: e.metadata.correlationId,
        schemaVersion: e.metadata.schemaVersion,
        // API key hashes are secrets-adjacent: the history shows that a key was issued, never its hash.
        data: e.type === 'ApiKeyIssued' ? { ...(e.data as object), hash: undefined } : e.data,
      })),
    };
  }
}
