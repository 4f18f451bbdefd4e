/**
 * Builders for the statistics specs. Events come from the real deciders (positions, accertamenti), so the
 * projection is tested on the shapes the write side actually appends.
 */
import { TestEventLog } from '../../test/helpers/recorded-event';
import type { Decider, DomainEvent } from '../../src/kernel/decider';
import type { RecordedEvent } from '../../src/kernel/events';
import { applyEventsInMemory } from '../../src/read-store/projection';
import { positionDecider } from '../../src/positions/domain/position.decider';
import { createPosition, markCashed, markReported, receiveReceipt } from '../../src/positions/domain/position.test-kit';
import type { Receipt } from '../../src/positions/domain/position.types';
import type { MarkCashed, MarkReported, PositionCommand } from '../../src/positions/domain/position.commands';
import { accertamentoDecider } from '../../src/accertamenti/domain/accertamento.decider';
import type { AccertamentoCommand, AddPayment, PaymentSplit } from '../../src/accertamenti/domain/accertamento.commands';
import type { AnagraficaSnapshot } from '../../src/accertamenti/domain/anagrafica.state';
import { STAT_BUCKETS, type StatBucket } from './statistics.read-model';
import { statisticsProjection } from './statistics.projection';

/** Runs commands through a decider, in order, and returns every event they produced (repeats produce none). */
export function decideAll<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, commands: readonly C[]): E[] {
  let state = decider.initialState;
  const out: E[] = [];
  for (const c of commands) {
    const events = decider.decide(c, state);
    out.push(...events);
    state = events.reduce(decider.evolve, state);
  }
  return out;
}

/** Applies a log to buckets exactly as the ProjectionRunner does (applyEventsInMemory passes each key to evolve). */
export function applyInOrder(events: readonly RecordedEvent[], initial: ReadonlyMap<string, StatBucket> = new Map()): Map<string, StatBucket> {
  const docs = applyEventsInMemory(statisticsProjection, events, new Map([[STAT_BUCKETS, new Map(initial)]]));
  return docs.get(STAT_BUCKETS) ?? new Map();
}

export interface PaymentLife {
  codIpa?: string;
  iud: string;
  importo?: number;
  receipt?: Partial<Receipt>;
  reports?: Partial<MarkReported['data']>[];
  cashings?: Partial<MarkCashed['data']>[];
  /** More receipts after the first (another receiptId: a duplicate payment). */
  moreReceipts?: Partial<Receipt>[];
}

/** A TARI position of the Comune di Bari (or another ente) through its life, as the position decider records it. */
export function paymentEvents(p: PaymentLife): DomainEvent[] {
  const importo = p.importo ?? 14792;
  const codIpa = p.codIpa ?? 'c_a562';
  const commands: PositionCommand[] = [
    createPosition({ codIpa, iud: p.iud, importo }),
    receiveReceipt({ receiptId: `rt-${p.iud}`, amount: importo, transfers: [], ...p.receipt }),
    ...(p.moreReceipts ?? []).map((r) => receiveReceipt({ amount: importo, transfers: [], ...r })),
    ...(p.reports ?? []).map((r) => markReported({ amount: importo, ...r })),
    ...(p.cashings ?? []).map((c) => markCashed({ amount: importo, ...c })),
  ];
  return decideAll(positionDecider, commands);
}

export const anagrafica2024: AnagraficaSnapshot = {
  codIpa: 'c_a562',
  anno: 2024,
  capitoli: [
    { codCapitolo: 'E.1.01.01.51', codUfficio: 'UFF-TRIB', active: true },
    { codCapitolo: 'E.3.02.02.01', codUfficio: 'UFF-TRIB', active: true },
    { codCapitolo: 'E.3.05.01.01', codUfficio: 'UFF-RAG', active: true },
  ],
  accertamenti: [{ codAccertamento: 'ACC-2024-17', codCapitolo: 'E.1.01.01.51', active: true }],
};

export interface AssessedPayment {
  iud: string;
  importo: number;
  dataEsito: string;
  dataRegolamento?: string;
  dataValuta?: string;
  splits: PaymentSplit[];
}

const at = '2024-04-30T17:00:00+02:00';

/** An accertamento of the Comune di Bari for TARI 2024 holding these payments, then closed or cancelled (or left open). */
export function accertamentoEvents(id: string, payments: AssessedPayment[], end: 'close' | 'cancel' | 'open' = 'close'): DomainEvent[] {
  const commands: AccertamentoCommand[] = [
    { type: 'CreateAccertamento', data: { id, codIpa: 'c_a562', codTipoDovuto: 'TARI', anno: 2024, descrizione: `TARI 2024 ${id}` }, metadata: { now: at } },
    ...payments.map(
      (p): AccertamentoCommand => ({
        type: 'AddPayment',
        data: {
          paymentKey: `c_a562|${p.iud}`,
          iud: p.iud,
          iuv: '48000000001234539',
          importo: p.importo,
          tipoDovuto: 'TARI',
          paid: true,
          reported: p.dataRegolamento !== undefined,
          cashed: p.dataValuta !== undefined,
          requireReportedAndCashed: false,
          dataEsito: p.dataEsito,
          ...(p.dataRegolamento && { dataRegolamento: p.dataRegolamento }),
          ...(p.dataValuta && { dataValuta: p.dataValuta }),
          splits: p.splits,
          anagrafica: anagrafica2024,
        } satisfies AddPayment['data'],
        metadata: { now: at },
      }),
    ),
    ...(end === 'close' ? [{ type: 'CloseAccertamento', data: {}, metadata: { now: at } } as const] : []),
    ...(end === 'cancel' ? [{ type: 'CancelAccertamento', data: {}, metadata: { now: at } } as const] : []),
  ];
  return decideAll(accertamentoDecider, commands);
}

/** A log of these domain events, in order, with increasing positions. */
export const logOf = (...groups: DomainEvent[][]): RecordedEvent[] => new TestEventLog().appendAll(groups.flat());

/** The amounts of a bucket, without its bookkeeping, for readable assertions. */
export const amounts = (b: StatBucket | undefined) =>
  b && { paid: [b.paidAmount, b.paidCount], reported: [b.reportedAmount, b.reportedCount], cashed: [b.cashedAmount, b.cashedCount] };
