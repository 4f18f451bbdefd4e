import { expectIdempotent } from '../../test/helpers/projection-idempotence';
import { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import { applyEventsInMemory, type Projection } from '../../src/read-store/projection';
import { accertamentoEvents, logOf, paymentEvents, type AssessedPayment } from '../statistics/statistics.test-kit';
import { accertamentiProjection } from './accertamenti.projection';
import { availablePayments, closedAccertamentoOf, closedElsewhere, getAccertamento, listAccertamenti } from './accertamenti.queries';
import { ACCERTAMENTI, ACCERTAMENTO_PAYMENTS, type AccertamentoDoc, type AccertamentoPaymentDoc } from './accertamenti.read-model';
import { positionsProjection } from '../positions/positions.projection';
import type { RecordedEvent } from '../../src/kernel/events';
import type { ReadStore } from '../../src/read-store/read-store.port';

const split = (importo: number) => [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo }];
const pay = (iud: string, importo = 14792): AssessedPayment => ({ iud, importo, dataEsito: '2024-03-05', dataRegolamento: '2024-03-06', dataValuta: '2024-03-07', splits: split(importo) });

describe('accertamenti read model', () => {
  it('given a closed accertamento, holds its header with totals and marks its payments closed; a redelivered event changes nothing', () => {
    const docs = expectIdempotent(accertamentiProjection, logOf(accertamentoEvents('ACC-1', [pay('TARI-1'), pay('TARI-2', 5000)])));
    const header = docs[ACCERTAMENTI]['c_a562|ACC-1'] as AccertamentoDoc;
    expect(header).toMatchObject({ stato: 'CHIUSO', numeroPagamenti: 2, totale: 19792, codTipoDovuto: 'TARI', anno: 2024, closedAt: '2024-04-30T17:00:00+02:00' });
    expect(Object.values(docs[ACCERTAMENTO_PAYMENTS]).map((d) => [(d as AccertamentoPaymentDoc).iud, (d as AccertamentoPaymentDoc).chiuso])).toEqual([
      ['TARI-1', true],
      ['TARI-2', true],
    ]);
  });

  it('given an open accertamento with a payment removed, counts only what is left; a cancelled one is ANNULLATO and blocks nothing', () => {
    const open = accertamentoEvents('ACC-2', [pay('TARI-1'), pay('TARI-2', 5000)], 'open');
    const removed = {
      type: 'AccertamentoPaymentRemoved',
      data: { accertamentoId: 'ACC-2', codIpa: 'c_a562', paymentKey: 'c_a562|TARI-1', at: '2024-04-30T18:00:00+02:00' },
    };
    const docs = expectIdempotent(accertamentiProjection, logOf(open, [removed], accertamentoEvents('ACC-3', [pay('TARI-9')], 'cancel')));
    expect(docs[ACCERTAMENTI]['c_a562|ACC-2']).toMatchObject({ stato: 'APERTO', numeroPagamenti: 1, totale: 5000 });
    expect(docs[ACCERTAMENTI]['c_a562|ACC-3']).toMatchObject({ stato: 'ANNULLATO' });
    expect(Object.keys(docs[ACCERTAMENTO_PAYMENTS])).toEqual(['ACC-2|c_a562|TARI-2', 'ACC-3|c_a562|TARI-9']);
    expect(Object.values(docs[ACCERTAMENTO_PAYMENTS]).every((d) => !(d as AccertamentoPaymentDoc).chiuso)).toBe(true);
  });
});

describe('accertamenti queries', () => {
  let store: ReadStore;

  /** Writes what the runners would have written for these events, for both read models the queries use. */
  async function load(events: RecordedEvent[]) {
    for (const projection of [accertamentiProjection, positionsProjection] as Projection[]) {
      await store.defineVersion(projection.name, projection.version, projection.readModels);
      await store.promote(projection.name, projection.version);
      const docs = applyEventsInMemory(projection, events);
      const upserts = [...docs].flatMap(([collection, byId]) => [...byId.values()].map((doc) => ({ collection, doc: doc as unknown as Record<string, unknown> })));
      await store.applyBatch(projection.name, { upserts, deletes: [] }, { position: events[events.length - 1].position });
    }
  }

  beforeEach(async () => {
    store = SqliteReadStore.open(':memory:');
    const paidReportedCashed = (iud: string) =>
      paymentEvents({ iud, reports: [{ iuf: `FR-${iud}`, rowIndex: 1 }], cashings: [{ movementId: `GDC-${iud}`, dataValuta: '2024-03-07', dataContabile: '2024-03-07' }] });
    await load(
      logOf(
        paidReportedCashed('TARI-1'),
        paidReportedCashed('TARI-2'),
        paymentEvents({ iud: 'TARI-3' }),
        paidReportedCashed('TARI-4'),
        accertamentoEvents('ACC-CHIUSO', [pay('TARI-1')]),
        accertamentoEvents('ACC-APERTO', [pay('TARI-2')], 'open'),
        accertamentoEvents('ACC-ANNULLATO', [pay('TARI-4')], 'cancel'),
      ),
    );
  });
  afterEach(() => store.close());

  it('lists accertamenti by state and words of their description, with totals in euros', async () => {
    const all = await listAccertamenti(store, 'c_a562');
    expect(all.total).toBe(3);
    const chiusi = await listAccertamenti(store, 'c_a562', { stato: 'chiuso' });
    expect(chiusi.items).toEqual([expect.objectContaining({ id: 'ACC-CHIUSO', totale: '147.92', numeroPagamenti: 1 })]);
    const text = await listAccertamenti(store, 'c_a562', { text: 'tari aperto' });
    expect(text.items.map((i) => i.id)).toEqual(['ACC-APERTO']);
    expect((await listAccertamenti(store, 'c_a562', { anno: '2023' })).total).toBe(0);
    await expect(listAccertamenti(store, 'c_a562', { stato: 'CHIUSA' })).rejects.toMatchObject({ code: 'INVALID_FILTER', field: 'stato' });
    await expect(listAccertamenti(store, 'c_a562', { anno: '24' })).rejects.toMatchObject({ code: 'INVALID_ANNO' });
  });

  it('shows the detail with splits in euros', async () => {
    const view = await getAccertamento(store, 'c_a562', 'ACC-CHIUSO');
    expect(view?.pagamenti).toEqual([expect.objectContaining({ iud: 'TARI-1', importo: '147.92', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: '147.92' }] })]);
    expect(await getAccertamento(store, 'c_f205', 'ACC-CHIUSO')).toBeUndefined();
  });

  it('finds the closed accertamento of a payment, never an open or cancelled one', async () => {
    expect(await closedAccertamentoOf(store, 'c_a562', 'TARI-1')).toBe('ACC-CHIUSO');
    expect(await closedAccertamentoOf(store, 'c_a562', 'TARI-1', 'ACC-CHIUSO')).toBeUndefined();
    expect(await closedAccertamentoOf(store, 'c_a562', 'TARI-2')).toBeUndefined();
    expect(await closedElsewhere(store, ['c_a562|TARI-1', 'c_a562|TARI-2', 'c_a562|TARI-4'], 'ACC-APERTO')).toEqual([{ paymentKey: 'c_a562|TARI-1', accertamentoId: 'ACC-CHIUSO' }]);
  });

  it('offers the paid payments not in a closed accertamento: by default only reported and cashed ones', async () => {
    const byDefault = await availablePayments(store, 'c_a562', { tipoDovuto: 'TARI', anno: 2024 });
    expect(byDefault.items.map((p) => [p.iud, p.inAccertamentiAperti])).toEqual([
      ['TARI-2', ['ACC-APERTO']],
      ['TARI-4', []],
    ]);
    const all = await availablePayments(store, 'c_a562', { tutti: 'true' });
    expect(all.items.map((p) => p.iud).sort()).toEqual(['TARI-2', 'TARI-3', 'TARI-4']);
    expect((await availablePayments(store, 'c_a562', { anno: 2023 })).total).toBe(0);
    expect((await availablePayments(store, 'c_a562', { tipoDovuto: 'MENSA' })).total).toBe(0);
  });
});
