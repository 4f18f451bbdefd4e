import { Injectable } from '@nestjs/common';
import { EnteDirectory } from '../../enti/ente.directory';
import { CommandService } from '../../kernel/command-service';
import { notFound } from '../../kernel/errors';
import type { ReceiptReceived } from '../../positions/domain/position.events';
import { positionStreamId } from '../../positions/domain/position.streams';
import type { Position } from '../../positions/domain/position.types';
import { PositionAggregate } from '../../positions/position.aggregate';
import { renderAvvisoPdf } from '../documents/avviso-pdf';
import { renderRicevutaPdf } from '../documents/ricevuta-pdf';
import { avvisoInput, ricevutaInput } from './documents-input';

/** Notices and receipts as PDFs, from the position stream and the ente's configuration. */
@Injectable()
export class CitizenDocumentsService {
  constructor(
    private readonly commands: CommandService,
    private readonly enti: EnteDirectory,
  ) {}

  private async load(codIpa: string, iud: string) {
    const ente = await this.enti.get(codIpa);
    if (!ente) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    const loaded = await this.commands.load(PositionAggregate, positionStreamId(codIpa, iud));
    if (loaded.state.position === null) throw notFound('DOVUTO_NOT_FOUND', `dovuto "${iud}" does not exist for ente ${codIpa}`, { iud });
    return { ente, loaded, position: loaded.state.position as Position };
  }

  async avviso(codIpa: string, iud: string, now: string): Promise<{ pdf: Buffer; position: Position }> {
    const { ente, position } = await this.load(codIpa, iud);
    const tipo = ente.tipiDovuto.get(position.tipoDovuto);
    return { pdf: await renderAvvisoPdf(avvisoInput(position, ente.profile, tipo?.descrizione, now)), position };
  }

  /** The receipt that paid the dovuto, or the one named by receiptId. */
  async ricevuta(codIpa: string, iud: string, receiptId?: string): Promise<{ pdf: Buffer; receipt: ReceiptReceived['data']; position: Position }> {
    const { ente, loaded, position } = await this.load(codIpa, iud);
    const receipts = loaded.events.filter((e) => e.type === 'ReceiptReceived').map((e) => e.data as ReceiptReceived['data']);
    const wanted = receiptId ?? loaded.state.paidBy ?? receipts[receipts.length - 1]?.receiptId;
    const receipt = receipts.find((r) => r.receiptId === wanted);
    if (!receipt) throw notFound('RICEVUTA_NOT_FOUND', receiptId ? `dovuto "${iud}" has no receipt ${receiptId}` : `dovuto "${iud}" has no receipt yet`, { iud });
    return { pdf: await renderRicevutaPdf(ricevutaInput(receipt, position, ente.profile)), receipt, position };
  }
}
