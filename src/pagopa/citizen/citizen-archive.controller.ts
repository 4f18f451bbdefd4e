import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { payerPositions, payerReceipts, type PayerFilter } from '../../../projections/payer/payer.queries';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { ReadYourWrites } from '../../read-store/read-your-writes';
import { CitizenArchiveGuard } from './citizen-archive.guard';

/** The citizen's archive by codice fiscale, at every ente, from the payer read model. */
@ApiTags('cittadini')
@ApiBearerAuth()
@Controller('api/v1/cittadini/:codiceFiscale')
@UseGuards(CitizenArchiveGuard)
export class CitizenArchiveController {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly consistency: ReadYourWrites,
  ) {}

  @Get('ricevute')
  @ApiOperation({ summary: "The citizen's receipts at every ente, newest first (admin token or the citizen's own session)" })
  async ricevute(@Param('codiceFiscale') codiceFiscale: string, @Query() query: Record<string, string>) {
    const { minPosition, waitMs, ...params } = query;
    await this.consistency.await('payer', minPosition, waitMs);
    return payerReceipts(this.store, codiceFiscale, params);
  }

  @Get('posizioni')
  @ApiOperation({ summary: "The citizen's dovuti at every ente: stato da_pagare | pagati | tutti (admin token or the citizen's own session)" })
  @ApiQuery({ name: 'stato', required: false, enum: ['da_pagare', 'pagati', 'tutti'] })
  async posizioni(@Param('codiceFiscale') codiceFiscale: string, @Query() query: Record<string, string>) {
    const { minPosition, waitMs, ...params } = query;
    await this.consistency.await('payer', minPosition, waitMs);
    return payerPositions(this.store, codiceFiscale, params as { stato?: PayerFilter });
  }
}
