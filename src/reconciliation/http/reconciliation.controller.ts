import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { EnteAccessGuard } from '../../auth/guards';
import type { CommandContext } from '../../kernel/command-context';
import { Ctx } from '../../http/request-context.decorator';
import { writeCommandHeaders } from '../../http/command-response';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { ReadYourWrites } from '../../read-store/read-your-writes';
import { RECONCILIATION_PROJECTION } from '../../../projections/reconciliation/reconciliation.read-models';
import { present, queryView, querySegnalazioni, type ReconQueryParams, type ReconView } from '../../../projections/reconciliation/reconciliation.queries';
import { AnnotationsService, SEGNALAZIONE_MAX_CHARS } from '../annotations/annotations.service';
import { notFound } from '../../kernel/errors';
import { ExportService } from '../export/export.service';
import * as fs from 'node:fs';

export class SegnalazioneDto {
  @IsString()
  @MaxLength(SEGNALAZIONE_MAX_CHARS)
  testo!: string;
}

const FILTERS_DOC =
  'Filters: classificazione, iud, iuv, iur, nascosti (true|false|tutti, default false), codiceFiscalePagatore, anagraficaPagatore, codiceFiscaleVersante, anagraficaVersante, ' +
  'attestante, ordinante, iuf, idRegolamento, tipoDovuto, conto, importoTesoreria, causale (contains), dataEsitoDa/A, dataRegolamentoDa/A, dataContabileDa/A, dataValutaDa/A; ' +
  'sort (dataEsito, dataRegolamento, dataContabile, dataValuta, importoRt, importoTesoreria, iuv, iuf; "-" for descending); page, pageSize ≤ 200; minPosition.';

@ApiTags('riconciliazione')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa')
@UseGuards(EnteAccessGuard)
export class ReconciliationController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly ryw: ReadYourWrites,
    private readonly annotations: AnnotationsService,
    private readonly exports: ExportService,
  ) {}

  private async view(view: ReconView, codIpa: string, q: ReconQueryParams) {
    await this.ryw.await(RECONCILIATION_PROJECTION, q.minPosition, q.waitMs);
    return queryView(this.store, view, codIpa, q);
  }

  @Get('riconciliazione')
  @ApiOperation({ summary: `Riconciliazione: rows with a positive code (one row per record and code), RT | FR | tesoreria side by side. ${FILTERS_DOC}` })
  riconciliazione(@Param('codIpa') codIpa: string, @Query() q: ReconQueryParams) {
    return this.view('riconciliazione', codIpa, q);
  }

  @Get('anomalie')
  @ApiOperation({ summary: `Anomalie: rows with a negative code, with the explanation (records and amounts). ${FILTERS_DOC}` })
  anomalie(@Param('codIpa') codIpa: string, @Query() q: ReconQueryParams) {
    return this.view('anomalie', codIpa, q);
  }

  @Get('ricevute')
  @ApiOperation({ summary: `Ricevute telematiche as reconciled, with their codes. ${FILTERS_DOC}` })
  ricevute(@Param('codIpa') codIpa: string, @Query() q: ReconQueryParams) {
    return this.view('ricevute', codIpa, q);
  }

  @Get('rendicontazioni')
  @ApiOperation({ summary: `Rendicontazione pagoPA: FR rows with their codes. ${FILTERS_DOC}` })
  rendicontazioni(@Param('codIpa') codIpa: string, @Query() q: ReconQueryParams) {
    return this.view('rendicontazioni', codIpa, q);
  }

  @Get('tesoreria')
  @ApiOperation({ summary: `Giornale di cassa: treasury credits with their codes. ${FILTERS_DOC}` })
  tesoreria(@Param('codIpa') codIpa: string, @Query() q: ReconQueryParams) {
    return this.view('tesoreria', codIpa, q);
  }

  @Get('segnalazioni')
  @ApiOperation({ summary: 'Storico segnalazioni: the notes operators added to rows, newest first (?rowId= for one row)' })
  async segnalazioni(@Param('codIpa') codIpa: string, @Query() q: { rowId?: string; page?: string; pageSize?: string; minPosition?: string; waitMs?: string }) {
    await this.ryw.await(RECONCILIATION_PROJECTION, q.minPosition, q.waitMs);
    return querySegnalazioni(this.store, codIpa, q);
  }

  @Get('riconciliazione/righe/:rowId')
  @ApiOperation({ summary: 'One reconciliation record with all its codes, explanations and its history of operator actions' })
  async row(@Param('codIpa') codIpa: string, @Param('rowId') rowId: string, @Query('minPosition') minPosition?: string) {
    await this.ryw.await(RECONCILIATION_PROJECTION, minPosition);
    const row = await this.store.get<Record<string, unknown>>('recon_records', rowId);
    if (!row || row.codIpa !== codIpa) throw notFound('RECONCILIATION_ROW_NOT_FOUND', `ente ${codIpa} has no reconciliation row ${rowId}`);
    return { ...present(row), storico: await this.annotations.history(codIpa, rowId) };
  }

  @Post('riconciliazione/:rowId/nascondi')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide a row from the views (nascosti=true shows it again)' })
  async hide(@Param('codIpa') codIpa: string, @Param('rowId') rowId: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.annotations.hide(codIpa, rowId, true, ctx);
    writeCommandHeaders(res, r);
    return { rowId, nascosto: true, position: r.position.toString() };
  }

  @Post('riconciliazione/:rowId/mostra')
  @HttpCode(200)
  @ApiOperation({ summary: 'Show a hidden row again' })
  async show(@Param('codIpa') codIpa: string, @Param('rowId') rowId: string, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.annotations.hide(codIpa, rowId, false, ctx);
    writeCommandHeaders(res, r);
    return { rowId, nascosto: false, position: r.position.toString() };
  }

  @Post('riconciliazione/:rowId/segnalazioni')
  @ApiOperation({ summary: 'Add a segnalazione (note, at most 2000 characters) to a row; the author is the caller' })
  async addSegnalazione(@Param('codIpa') codIpa: string, @Param('rowId') rowId: string, @Body() dto: SegnalazioneDto, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.annotations.addSegnalazione(codIpa, rowId, dto.testo, ctx);
    writeCommandHeaders(res, r);
    return { rowId, position: r.position.toString() };
  }

  @Post('riconciliazione/export')
  @HttpCode(202)
  @ApiOperation({ summary: `Prenota export: a job writes a ";" CSV (one row per record and code, I/E/R/T columns and classification), zipped. Body: the view filters. ${FILTERS_DOC}` })
  async requestExport(@Param('codIpa') codIpa: string, @Body() filters: ReconQueryParams, @Ctx() ctx: CommandContext, @Res({ passthrough: true }) res: Response) {
    const r = await this.exports.request(codIpa, filters ?? {}, ctx);
    res.setHeader('X-Quadra-Position', r.position.toString());
    res.setHeader('Location', `/api/v1/enti/${codIpa}/riconciliazione/export/${r.id}`);
    return { id: r.id, stato: 'prenotato', position: r.position.toString() };
  }

  @Get('riconciliazione/export/:id')
  @ApiOperation({ summary: 'State of an export and, once completed, its download link' })
  exportStatus(@Param('codIpa') codIpa: string, @Param('id') id: string) {
    return this.exports.status(codIpa, id);
  }

  @Get('riconciliazione/export/:id/file')
  @ApiOperation({ summary: 'The export ZIP' })
  async exportFile(@Param('codIpa') codIpa: string, @Param('id') id: string, @Res() res: Response) {
    const s = await this.exports.status(codIpa, id);
    if (s.stato !== 'completato') throw notFound('EXPORT_NOT_READY', `export ${id} is ${s.stato}: ask again when it is completato`);
    const file = this.exports.filePath(codIpa, id);
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Content-Disposition', `attachment; filename="riconciliazione-${id}.zip"`);
    fs.createReadStream(file).pipe(res);
  }
}
