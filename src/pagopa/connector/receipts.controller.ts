import { Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EnteAccessGuard } from '../../auth/guards';
import { notFound } from '../../kernel/errors';
import { CommandService } from '../../kernel/command-service';
import type { ReceiptReceived, DuplicatePaymentReceived } from '../../positions/domain/position.events';
import { positionStreamId } from '../../positions/domain/position.streams';
import { PositionAggregate } from '../../positions/position.aggregate';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { ReadYourWrites } from '../../read-store/read-your-writes';
import { listPaymentAnomalies } from './payment-anomalies';
import { ReceiptArchive } from './receipt-archive';

@ApiTags('ricevute')
@ApiBearerAuth()
@Controller('api/v1/enti/:codIpa')
@UseGuards(EnteAccessGuard)
export class ReceiptsController {
  constructor(
    private readonly commands: CommandService,
    private readonly archive: ReceiptArchive,
    private readonly ryw: ReadYourWrites,
    @Inject(READ_STORE) private readonly reads: ReadStore,
  ) {}

  @Get('dovuti/:iud/ricevuta.xml')
  @ApiOperation({ summary: 'The raw receipt (paSendRT(V2) request or RT 6.2) of a dovuto as it arrived; ?receiptId= for another one (e.g. a duplicate payment)' })
  async ricevutaXml(@Param('codIpa') codIpa: string, @Param('iud') iud: string, @Query('receiptId') receiptId: string | undefined, @Res() res: Response) {
    const loaded = await this.commands.load(PositionAggregate, positionStreamId(codIpa, iud));
    if (loaded.state.position === null) throw notFound('DOVUTO_NOT_FOUND', `dovuto "${iud}" does not exist for ente ${codIpa}`, { iud });
    const receipts = loaded.events.filter((e) => e.type === 'ReceiptReceived' || e.type === 'DuplicatePaymentReceived') as unknown as (ReceiptReceived | DuplicatePaymentReceived)[];
    const wanted = receiptId ?? loaded.state.paidBy ?? receipts[receipts.length - 1]?.data.receiptId;
    const receipt = receipts.find((e) => e.data.receiptId === wanted);
    if (!receipt) {
      throw notFound('RICEVUTA_NOT_FOUND', receiptId ? `dovuto "${iud}" has no receipt ${receiptId}` : `dovuto "${iud}" has no receipt yet`, { iud });
    }
    if (!receipt.data.rawReceiptRef) throw notFound('RICEVUTA_XML_NOT_FOUND', `receipt ${receipt.data.receiptId} of dovuto "${iud}" came without an XML document (channel ${receipt.data.channel})`);
    const xml = await this.archive.read(receipt.data.rawReceiptRef);
    res.status(200).type('application/xml').setHeader('Content-Disposition', `inline; filename="ricevuta-${loaded.state.position.iuv}-${encodeURIComponent(receipt.data.receiptId)}.xml"`);
    res.send(xml);
  }

  @Get('anomalie-pagamenti')
  @ApiOperation({ summary: 'Dovuti paid more than once (a second, different positive receipt): from the positions read model; ?minPosition= to read your writes' })
  async anomalies(@Param('codIpa') codIpa: string, @Query('minPosition') minPosition?: string) {
    await this.ryw.await('positions', minPosition);
    return listPaymentAnomalies(this.reads, codIpa);
  }
}
