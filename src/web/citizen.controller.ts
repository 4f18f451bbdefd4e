import { Controller, Get, Inject, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { notFound } from '../kernel/errors';
import { CitizenDocumentsService } from '../pagopa/citizen/citizen-documents.service';
import { positionKey } from '../../projections/common/position-events';
import type { PayerPositionDoc } from '../../projections/payer/payer.documents';
import { PAYER_POSITIONS_COLLECTION } from '../../projections/payer/payer.read-model';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ReadYourWrites } from '../read-store/read-your-writes';
import { payerPositions, payerReceipts, type PayerFilter } from '../../projections/payer/payer.queries';
import { CITIZEN, CitizenGuard, type CitizenRequest } from './citizen.guard';

/** "I miei pagamenti": what the logged-in citizen owes and has paid, at every ente; never anyone else's. */
@ApiTags('portale')
@Controller('api/v1/cittadino')
@UseGuards(CitizenGuard)
export class CitizenController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: ReadYourWrites,
    private readonly documents: CitizenDocumentsService,
  ) {}

  /** The avviso and the receipt of the citizen's own dovuti; another payer's dovuto is as absent as a missing one. */
  private async own(req: CitizenRequest, codIpa: string, iud: string): Promise<PayerPositionDoc> {
    const doc = await this.store.get<PayerPositionDoc>(PAYER_POSITIONS_COLLECTION, positionKey(codIpa, iud));
    if (!doc || doc.payerId !== req[CITIZEN]!.codiceFiscale) throw notFound('DOVUTO_NOT_FOUND', `you have no dovuto ${iud} at ente ${codIpa}`);
    return doc;
  }

  private links<T extends { codIpa: string; iud: string }>(item: T) {
    const base = `/api/v1/cittadino/dovuti/${encodeURIComponent(item.codIpa)}/${encodeURIComponent(item.iud)}`;
    return { ...item, links: { avviso: `${base}/avviso.pdf`, ricevuta: `${base}/ricevuta.pdf` } };
  }

  @Get('dovuti/:codIpa/:iud/avviso.pdf')
  @ApiOperation({ summary: "The avviso of one of the citizen's dovuti (citizen session)" })
  async avviso(@Req() req: CitizenRequest, @Param('codIpa') codIpa: string, @Param('iud') iud: string, @Res() res: Response) {
    await this.own(req, codIpa, iud);
    const { pdf, position } = await this.documents.avviso(codIpa, iud, new Date().toISOString());
    res.status(200).type('application/pdf').setHeader('Content-Disposition', `attachment; filename="avviso-${position.numeroAvviso}.pdf"`);
    res.send(pdf);
  }

  @Get('dovuti/:codIpa/:iud/ricevuta.pdf')
  @ApiOperation({ summary: "The receipt of one of the citizen's paid dovuti (citizen session)" })
  async ricevuta(@Req() req: CitizenRequest, @Param('codIpa') codIpa: string, @Param('iud') iud: string, @Res() res: Response) {
    await this.own(req, codIpa, iud);
    const { pdf, position } = await this.documents.ricevuta(codIpa, iud, undefined);
    res.status(200).type('application/pdf').setHeader('Content-Disposition', `attachment; filename="ricevuta-${position.iuv}.pdf"`);
    res.send(pdf);
  }

  @Get('dovuti')
  @ApiOperation({ summary: "The citizen's dovuti at every ente (citizen session): stato da_pagare | pagati | tutti" })
  @ApiQuery({ name: 'stato', required: false, enum: ['da_pagare', 'pagati', 'tutti'] })
  async dovuti(@Req() req: CitizenRequest, @Query() query: Record<string, string>) {
    const { minPosition, waitMs, ...params } = query;
    await this.consistency.await('payer', minPosition, waitMs);
    const page = await payerPositions(this.store, req[CITIZEN]!.codiceFiscale, params as { stato?: PayerFilter });
    return { ...page, items: page.items.map((i) => this.links(i)) };
  }

  @Get('ricevute')
  @ApiOperation({ summary: "The citizen's receipts, newest first (citizen session)" })
  async ricevute(@Req() req: CitizenRequest, @Query() query: Record<string, string>) {
    const { minPosition, waitMs, ...params } = query;
    await this.consistency.await('payer', minPosition, waitMs);
    const page = await payerReceipts(this.store, req[CITIZEN]!.codiceFiscale, params);
    return { ...page, items: page.items.map((i) => this.links(i)) };
  }
}
