/// <reference types="multer" />
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../auth/guards';
import { commandMeta, writeCommandHeaders } from '../http/command-response';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { Ctx } from '../http/request-context.decorator';
import type { CommandContext } from '../kernel/command-context';
import { bytesOf, UploadedFileInterceptor } from '../reporting/http/file-upload';
import type { AnagraficaCommand } from './domain/anagrafica.commands';
import type { AnagraficaState } from './domain/anagrafica.state';
import {
  CreateAccertamentoContabileDto,
  CreateCapitoloDto,
  CreateUfficioDto,
  UpdateAccertamentoContabileDto,
  UpdateCapitoloDto,
  UpdateUfficioDto,
} from './dto/anagrafica.dto';
import { AnagraficaService, type AnagraficaResult } from './anagrafica.service';
import { annoOfPath } from './enti-scope';

/** An anagrafica file of a few thousand rows is well under 1 MiB; 5 MiB leaves room and stops a wrong file early. */
export const ANAGRAFICA_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

type Kind = 'uffici' | 'capitoli' | 'accertamenti';

/** The records of one kind, as the anagrafica holds them (deactivated ones included, flagged). */
function listOf(state: AnagraficaState, kind: Kind) {
  const map = kind === 'uffici' ? state.uffici : kind === 'capitoli' ? state.capitoli : state.accertamenti;
  return [...map.values()];
}

@ApiTags('anagrafica')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa/anagrafica/:anno')
@UseGuards(EnteAccessGuard)
export class AnagraficaController {
  constructor(private readonly anagrafica: AnagraficaService) {}

  private async run(codIpa: string, anno: string, build: (scope: { codIpa: string; anno: number }, now: string) => AnagraficaCommand, ctx: CommandContext, res: Response) {
    const year = annoOfPath(anno);
    const r = await this.anagrafica.execute(codIpa, year, build({ codIpa, anno: year }, ctx.now), ctx);
    return present(res, r);
  }

  private async list(codIpa: string, anno: string, kind: Kind) {
    const year = annoOfPath(anno);
    return { codIpa, anno: year, items: listOf(await this.anagrafica.state(codIpa, year), kind) };
  }

  // ---- uffici ----------------------------------------------------------------------------------------------------

  @Get('uffici')
  @ApiOperation({ summary: 'Uffici of the ente for the budget year (deactivated ones have active: false)' })
  uffici(@Param('codIpa') codIpa: string, @Param('anno') anno: string) {
    return this.list(codIpa, anno, 'uffici');
  }

  @Post('uffici')
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Create an ufficio' })
  createUfficio(@Param('codIpa') codIpa: string, @Param('anno') anno: string, @Body() dto: CreateUfficioDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.run(codIpa, anno, (s, now) => ({ type: 'CreateUfficio', data: { ...s, codUfficio: dto.codUfficio, denominazione: dto.denominazione }, metadata: { now } }), ctx, res);
  }

  @Put('uffici/:cod')
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: "Change an ufficio's denominazione" })
  updateUfficio(@Param('codIpa') codIpa: string, @Param('anno') anno: string, @Param('cod') cod: string, @Body() dto: UpdateUfficioDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.run(codIpa, anno, (s, now) => ({ type: 'UpdateUfficio', data: { ...s, codUfficio: cod, denominazione: dto.denominazione }, metadata: { now } }), ctx, res);
  }

  @Delete('uffici/:cod')
  @UseInterceptors(IdempotencyInterceptor)
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate an ufficio (refused while it has active capitoli)' })
  deactivateUfficio(@Param('codIpa') codIpa: string, @Param('anno') anno: string, @Param('cod') cod: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.run(codIpa, anno, (s, now) => ({ type: 'DeactivateUfficio', data: { ...s, codUfficio: cod }, metadata: { now } }), ctx, res);
  }

  // ---- capitoli --------------------------------------------------------------------------------------------------

  @Get('capitoli')
  @ApiOperation({ summary: 'Capitoli of the ente for the budget year, with their ufficio and tipi dovuto' })
  capitoli(@Param('codIpa') codIpa: string, @Param('anno') anno: string) {
    return this.list(codIpa, anno, 'capitoli');
  }

  @Post('capitoli')
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Create a capitolo under an active ufficio' })
  createCapitolo(@Param('codIpa') codIpa: string, @Param('anno') anno: string, @Body() dto: CreateCapitoloDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.run(
      codIpa,
      anno,
      (s, now) => ({
        type: 'CreateCapitolo',
        data: { ...s, codCapitolo: dto.codCapitolo, descrizione: dto.descrizione, codUfficio: dto.codUfficio, ...(dto.tipiDovuto !== undefined && { tipiDovuto: dto.tipiDovuto }) },
        metadata: { now },
      }),
      ctx,
      res,
    );
  }

  @Put('capitoli/:cod')
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Change a capitolo: descrizione, ufficio, tipi dovuto (null: all tipi)' })
  updateCapitolo(@Param('codIpa') codIpa: string, @Param('anno') anno: string, @Param('cod') cod: string, @Body() dto: UpdateCapitoloDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.run(
      codIpa,
      anno,
      (s, now) => ({
        type: 'UpdateCapitolo',
        data: {
          ...s,
          codCapitolo: cod,
          ...(dto.descrizione !== undefined && { descrizione: dto.descrizione }),
          ...(dto.codUfficio !== undefined && { codUfficio: dto.codUfficio }),
          ...(dto.tipiDovuto !== undefined && { tipiDovuto: dto.tipiDovuto }),
        },
        metadata: { now },
      }),
      ctx,
      res,
    );
  }

  @Delete('capitoli/:cod')
  @UseInterceptors(IdempotencyInterceptor)
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a capitolo (refused while it has active accertamenti contabili)' })
  deactivateCapitolo(@Param('codIpa') codIpa: string, @Param('anno') anno: string, @Param('cod') cod: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.run(codIpa, anno, (s, now) => ({ type: 'DeactivateCapitolo', data: { ...s, codCapitolo: cod }, metadata: { now } }), ctx, res);
  }

  // ---- accertamenti contabili ------------------------------------------------------------------------------------

  @Get('accertamenti-contabili')
  @ApiOperation({ summary: 'Accertamenti contabili of the ente for the budget year, with their capitolo' })
  accertamenti(@Param('codIpa') codIpa: string, @Param('anno') anno: string) {
    return this.list(codIpa, anno, 'accertamenti');
  }

  @Post('accertamenti-contabili')
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Create an accertamento contabile under an active capitolo' })
  createAccertamento(@Param('codIpa') codIpa: string, @Param('anno') anno: string, @Body() dto: CreateAccertamentoContabileDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.run(
      codIpa,
      anno,
      (s, now) => ({
        type: 'CreateAccertamentoContabile',
        data: { ...s, codAccertamento: dto.codAccertamento, descrizione: dto.descrizione, codCapitolo: dto.codCapitolo, ...(dto.codUfficio !== undefined && { codUfficio: dto.codUfficio }) },
        metadata: { now },
      }),
      ctx,
      res,
    );
  }

  @Put('accertamenti-contabili/:cod')
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Change an accertamento contabile: descrizione, capitolo' })
  updateAccertamento(
    @Param('codIpa') codIpa: string,
    @Param('anno') anno: string,
    @Param('cod') cod: string,
    @Body() dto: UpdateAccertamentoContabileDto,
    @Ctx() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(
      codIpa,
      anno,
      (s, now) => ({
        type: 'UpdateAccertamentoContabile',
        data: { ...s, codAccertamento: cod, ...(dto.descrizione !== undefined && { descrizione: dto.descrizione }), ...(dto.codCapitolo !== undefined && { codCapitolo: dto.codCapitolo }) },
        metadata: { now },
      }),
      ctx,
      res,
    );
  }

  @Delete('accertamenti-contabili/:cod')
  @UseInterceptors(IdempotencyInterceptor)
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate an accertamento contabile' })
  deactivateAccertamento(@Param('codIpa') codIpa: string, @Param('anno') anno: string, @Param('cod') cod: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    return this.run(codIpa, anno, (s, now) => ({ type: 'DeactivateAccertamentoContabile', data: { ...s, codAccertamento: cod }, metadata: { now } }), ctx, res);
  }

  // ---- import and history ----------------------------------------------------------------------------------------

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary:
      'Import uffici, capitoli and accertamenti from a CSV (tipo;codice;descrizione;codUfficio;codCapitolo;anno). Good rows are applied, bad rows are listed with their row number; importing the same file again changes nothing.',
  })
  @UseInterceptors(UploadedFileInterceptor(ANAGRAFICA_UPLOAD_MAX_BYTES, 'anagrafica file'))
  async import(@Param('codIpa') codIpa: string, @Param('anno') anno: string, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: unknown, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const year = annoOfPath(anno);
    const { bytes } = bytesOf(file, body, 'anagrafica CSV');
    const r = await this.anagrafica.importCsv(codIpa, year, bytes, ctx);
    writeCommandHeaders(res, r);
    return { ...r, ...commandMeta(r) };
  }

  @Get('storia')
  @ApiOperation({ summary: "The anagrafica's history: every event of the ente's year, oldest first, with who and when" })
  storia(@Param('codIpa') codIpa: string, @Param('anno') anno: string) {
    return this.anagrafica.history(codIpa, annoOfPath(anno));
  }
}

function present(res: Response, r: AnagraficaResult) {
  writeCommandHeaders(res, r);
  return { changed: r.events.length > 0, events: r.events.map((e) => ({ type: e.type, data: e.data })), ...commandMeta(r) };
}
