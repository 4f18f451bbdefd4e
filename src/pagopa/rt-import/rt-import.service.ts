import { Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '../../event-store/event-store.port';
import { Inject } from '@nestjs/common';
import { EnteDirectory } from '../../enti/ente.directory';
import type { CommandContext } from '../../kernel/command-context';
import { CommandService } from '../../kernel/command-service';
import { DomainError, notFound } from '../../kernel/errors';
import { centsToEuros } from '../../kernel/money';
import { positionStreamId } from '../../positions/domain/position.streams';
import { PositionAggregate } from '../../positions/position.aggregate';
import { receiptCommandData } from '../connector/domain/receipt-command';
import { PositionFinder } from '../connector/position-finder';
import { ReceiptArchive } from '../connector/receipt-archive';
import type { ParsedReceipt } from '../receipt';
import { parseRt62 } from '../rt62/rt62-parser';
import { parseRt62Zip } from '../rt62/rt62-zip';
import { UNMATCHED_RECEIPT_EVENT_VERSIONS, unmatchedReceiptStreamId, type UnmatchedReceiptRecorded } from './unmatched-receipt.events';

export type RtFileOutcome =
  | { file: string; iuv: string; iur: string; importo: string; esito: 'OK' | 'KO'; result: 'recorded' | 'already_recorded' | 'duplicate_payment'; iud: string }
  | { file: string; iuv: string; iur: string; importo: string; esito: 'OK' | 'KO'; result: 'unmatched' | 'already_unmatched' }
  | { file: string; result: 'error'; error: { code: string; message: string } };

export interface RtImportResult {
  files: number;
  recorded: number;
  unmatched: RtFileOutcome[];
  errors: RtFileOutcome[];
  outcomes: RtFileOutcome[];
  /** Global position of the last event written, for ?minPosition=. */
  position: string;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const isZip = (b: Uint8Array): boolean => ZIP_MAGIC.every((v, i) => b[i] === v);

/**
 * MyPivot's "import RT": legacy RT 6.2 receipts, one XML or a ZIP of them, recorded on the positions their IUV
 * names (ReceiveReceipt, channel RT62). An RT whose position is unknown is kept as an unmatched receipt; a file
 * that is not a readable RT is reported by name and the others still go in.
 */
@Injectable()
export class RtImportService {
  private readonly logger = new Logger('pagopa.rt-import');

  constructor(
    private readonly commands: CommandService,
    private readonly enti: EnteDirectory,
    private readonly finder: PositionFinder,
    private readonly archive: ReceiptArchive,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async import(codIpa: string, bytes: Uint8Array, fileName: string, ctx: CommandContext): Promise<RtImportResult> {
    const ente = await this.enti.get(codIpa);
    if (!ente) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    const parsed: { name: string; receipt?: ParsedReceipt; error?: { code: string; message: string } }[] = [];
    if (isZip(bytes)) {
      parsed.push(...parseRt62Zip(bytes).files);
    } else {
      try {
        parsed.push({ name: fileName, receipt: parseRt62(bytes, { documentName: fileName }) });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        parsed.push({ name: fileName, error: { code: e.code, message: e.message } });
      }
    }
    const outcomes: RtFileOutcome[] = [];
    let position = 0n;
    for (const f of parsed) {
      if (!f.receipt) {
        outcomes.push({ file: f.name, result: 'error', error: f.error! });
        continue;
      }
      const r = f.receipt;
      if (r.fiscalCode !== ente.profile.cfEnte) {
        outcomes.push({ file: f.name, result: 'error', error: { code: 'RT_OTHER_ENTE', message: `${f.name}: the RT is for identificativoDominio ${r.fiscalCode}, not for ente ${codIpa} (${ente.profile.cfEnte})` } });
        continue;
      }
      const one = await this.recordOne(codIpa, f.name, r, ctx);
      outcomes.push(one.outcome);
      if (one.position > position) position = one.position;
    }
    const recorded = outcomes.filter((o) => o.result === 'recorded' || o.result === 'duplicate_payment').length;
    this.logger.log({ msg: 'RT import', correlationId: ctx.correlationId, codIpa, fileName, files: outcomes.length, recorded });
    return {
      files: outcomes.length,
      recorded,
      unmatched: outcomes.filter((o) => o.result === 'unmatched' || o.result === 'already_unmatched'),
      errors: outcomes.filter((o) => o.result === 'error'),
      outcomes,
      position: (position === 0n ? await this.store.headPosition() : position).toString(),
    };
  }

  private async recordOne(codIpa: string, file: string, r: ParsedReceipt, ctx: CommandContext): Promise<{ outcome: RtFileOutcome; position: bigint }> {
    const iuv = r.creditorReferenceId;
    const head = { file, iuv, iur: r.receiptId, importo: centsToEuros(r.paymentAmount), esito: r.outcome };
    const ref = await this.archive.store(codIpa, iuv, r.receiptId, r.rawXml);
    const data = receiptCommandData(r, ref);
    const iud = await this.finder.iudOf(codIpa, iuv);
    if (iud === undefined) {
      const streamId = unmatchedReceiptStreamId(codIpa, iuv, r.receiptId);
      const event: UnmatchedReceiptRecorded = { type: 'UnmatchedReceiptRecorded', data: { codIpa, iuv, iur: r.receiptId, fiscalCode: r.fiscalCode, fileName: file, receipt: data, at: ctx.now } };
      try {
        const res = await this.store.append(streamId, this.commands.envelopes({ eventVersions: UNMATCHED_RECEIPT_EVENT_VERSIONS }, streamId, [event], ctx, -1n), 'no_stream');
        return { outcome: { ...head, result: 'unmatched' }, position: res.position };
      } catch (e) {
        if (e instanceof WrongExpectedRevisionError) return { outcome: { ...head, result: 'already_unmatched' }, position: 0n };
        throw e;
      }
    }
    const res = await this.commands.execute(PositionAggregate, positionStreamId(codIpa, iud), { type: 'ReceiveReceipt', data, metadata: { now: ctx.now } }, ctx);
    const type = res.events[0]?.type;
    const result = type === 'ReceiptReceived' ? 'recorded' : type === 'DuplicatePaymentReceived' ? 'duplicate_payment' : 'already_recorded';
    return { outcome: { ...head, result, iud }, position: res.events.length ? res.position : 0n };
  }
}
