import { checkDocumentFields, documentId } from '../../src/read-store/read-model';
import type { RecordedEvent } from '../../src/kernel/events';
import { statisticsProjection } from './statistics.projection';
import { STAT_BUCKETS, statBucketsModel, type StatBucket } from './statistics.read-model';
import { italianDay } from './statistics.contributions';
import { accertamentoEvents, amounts, applyInOrder, logOf, paymentEvents } from './statistics.test-kit';

const id = (dimension: string, value: string, granularity: string, period: string, codIpa = 'c_a562') => `${codIpa}|${dimension}|${value}|${granularity}|${period}`;
const total = (granularity: string, period: string, codIpa?: string) => id('total', '', granularity, period, codIpa);

// Given: TARI-1 paid on 5 March 2024 (147.92), reported in an FR settled on 6 March, cashed with value date 7 March
const tari1 = () =>
  paymentEvents({
    iud: 'TARI-2024-0001',
    receipt: { paymentDateTime: '2024-03-05T11:22:33+01:00' },
    reports: [{ iuf: '2024-03-06BCITITMM-S000123', rowIndex: 1, dataRegolamento: '2024-03-06' }],
    cashings: [{ movementId: 'GDC-2024-000457', dataValuta: '2024-03-07', dataContabile: '2024-03-07' }],
  });

describe('statistics projection', () => {
  it('is the "statistics" projection, version 1, writing the declared stat_buckets read model', () => {
    expect(statisticsProjection.name).toBe('statistics');
    expect(statisticsProjection.version).toBe(1);
    expect(statisticsProjection.readModels.map((r) => r.collection)).toEqual([STAT_BUCKETS]);
  });

  it('counts a payment once as paid (data esito), reported (data regolamento) and cashed (data valuta), by day, month and year', () => {
    const docs = applyInOrder(logOf(tari1()));
    expect(amounts(docs.get(total('day', '2024-03-05')))).toEqual({ paid: [14792, 1], reported: [0, 0], cashed: [0, 0] });
    expect(amounts(docs.get(total('day', '2024-03-06')))).toEqual({ paid: [0, 0], reported: [14792, 1], cashed: [0, 0] });
    expect(amounts(docs.get(total('day', '2024-03-07')))).toEqual({ paid: [0, 0], reported: [0, 0], cashed: [14792, 1] });
    expect(amounts(docs.get(total('month', '2024-03')))).toEqual({ paid: [14792, 1], reported: [14792, 1], cashed: [14792, 1] });
    expect(amounts(docs.get(total('year', '2024')))).toEqual({ paid: [14792, 1], reported: [14792, 1], cashed: [14792, 1] });
    expect(docs.size).toBe(5);
    expect(docs.get(total('month', '2024-03'))).toMatchObject({ codIpa: 'c_a562', dimension: 'total', dimensionValue: '', granularity: 'month', period: '2024-03' });
  });

  it('sums several payments in the same buckets and keeps enti apart', () => {
    const docs = applyInOrder(
      logOf(
        tari1(),
        paymentEvents({ iud: 'TARI-2024-0002', importo: 5000, receipt: { paymentDateTime: '2024-03-20T09:00:00+01:00' } }),
        paymentEvents({ codIpa: 'c_f205', iud: 'TARI-2024-0001', importo: 999, receipt: { paymentDateTime: '2024-03-05T10:00:00+01:00' } }),
      ),
    );
    expect(amounts(docs.get(total('month', '2024-03')))?.paid).toEqual([19792, 2]);
    expect(amounts(docs.get(total('day', '2024-03-05')))?.paid).toEqual([14792, 1]);
    expect(amounts(docs.get(total('day', '2024-03-05', 'c_f205')))?.paid).toEqual([999, 1]);
  });

  it('a duplicate payment, a repeated FR row and a revoked row (esito 3) do not count; a second FR row does', () => {
    const docs = applyInOrder(
      logOf(
        paymentEvents({
          iud: 'TARI-2024-0001',
          receipt: { paymentDateTime: '2024-03-05T11:22:33+01:00' },
          moreReceipts: [{ receiptId: 'second-payment', paymentDateTime: '2024-03-05T12:00:00+01:00' }],
          reports: [
            { iuf: 'FR-A', rowIndex: 1, dataRegolamento: '2024-03-06' },
            { iuf: 'FR-A', rowIndex: 1, dataRegolamento: '2024-03-06' },
            { iuf: 'FR-B', rowIndex: 4, esito: '3', dataRegolamento: '2024-03-06' },
            { iuf: 'FR-C', rowIndex: 2, esito: '9', dataRegolamento: '2024-03-08' },
          ],
        }),
      ),
    );
    expect(amounts(docs.get(total('day', '2024-03-05')))?.paid).toEqual([14792, 1]);
    expect(amounts(docs.get(total('day', '2024-03-06')))?.reported).toEqual([14792, 1]);
    expect(amounts(docs.get(total('month', '2024-03')))?.reported).toEqual([29584, 2]);
  });

  it('a negative receipt (KO) counts nothing', () => {
    const events = logOf(paymentEvents({ iud: 'TARI-2024-0003', receipt: { outcome: 'KO', paymentDateTime: '2024-03-05T11:00:00+01:00' } }));
    expect(events.map((e) => e.type)).toEqual(['PositionCreated', 'ReceiptReceived']);
    expect(applyInOrder(events).size).toBe(0);
  });

  it('a payment counts on its Italian calendar day, whatever zone the receipt wrote', () => {
    const docs = applyInOrder(logOf(paymentEvents({ iud: 'LATE-1', receipt: { paymentDateTime: '2024-03-05T23:30:00Z' } })));
    expect(amounts(docs.get(total('day', '2024-03-06')))?.paid).toEqual([14792, 1]);
    expect(docs.has(total('day', '2024-03-05'))).toBe(false);
    expect(italianDay('2024-07-31T22:30:00Z')).toBe('2024-08-01');
    expect(italianDay('2024-12-31T23:30:00')).toBe('2024-12-31');
    expect(italianDay('2024-12-31')).toBe('2024-12-31');
    expect(italianDay('not a time')).toBeUndefined();
  });

  it('falls back to applicationDate, then to the day the receipt was recorded, when it has no paymentDateTime', () => {
    const withDate = applyInOrder(logOf(paymentEvents({ iud: 'NO-TIME-1', receipt: { paymentDateTime: undefined, applicationDate: '2024-03-09' } })));
    expect(amounts(withDate.get(total('day', '2024-03-09')))?.paid).toEqual([14792, 1]);
    const without = applyInOrder(logOf(paymentEvents({ iud: 'NO-TIME-2', receipt: { paymentDateTime: undefined } })));
    expect(amounts(without.get(total('day', '2024-03-05')))?.paid).toEqual([14792, 1]); // the test kit records receipts at 2024-03-05T11:30+01:00
  });

  describe('closed accertamenti', () => {
    // TARI-1 (147.92): 140.00 tax on capitolo E.1.01.01.51 (accertamento ACC-2024-17) + 7.92 TEFA on E.3.02.02.01,
    // both of the tributi office; TARI-2 (50.00): 30.00 on E.1.01.01.51 + 20.00 on E.3.05.01.01 of the ragioneria,
    // paid only (not yet reported nor cashed).
    const closedOne = () =>
      accertamentoEvents('ACC-1', [
        {
          iud: 'TARI-2024-0001',
          importo: 14792,
          dataEsito: '2024-03-05',
          dataRegolamento: '2024-03-06',
          dataValuta: '2024-03-07',
          splits: [
            { codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', codAccertamento: 'ACC-2024-17', importo: 14000 },
            { codUfficio: 'UFF-TRIB', codCapitolo: 'E.3.02.02.01', importo: 792 },
          ],
        },
        {
          iud: 'TARI-2024-0002',
          importo: 5000,
          dataEsito: '2024-03-20',
          splits: [
            { codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: 3000 },
            { codUfficio: 'UFF-RAG', codCapitolo: 'E.3.05.01.01', importo: 2000 },
          ],
        },
      ]);

    it('split amounts count per tipo dovuto, ufficio, capitolo and accertamento contabile, by each payment’s dates', () => {
      const docs = applyInOrder(logOf(closedOne()));
      expect(amounts(docs.get(id('tipoDovuto', 'TARI', 'month', '2024-03')))).toEqual({ paid: [19792, 2], reported: [14792, 1], cashed: [14792, 1] });
      // One payment split over two capitoli of one ufficio is one payment of that ufficio.
      expect(amounts(docs.get(id('ufficio', 'UFF-TRIB', 'month', '2024-03')))).toEqual({ paid: [17792, 2], reported: [14792, 1], cashed: [14792, 1] });
      expect(amounts(docs.get(id('ufficio', 'UFF-RAG', 'year', '2024')))).toEqual({ paid: [2000, 1], reported: [0, 0], cashed: [0, 0] });
      expect(amounts(docs.get(id('capitolo', 'E.1.01.01.51', 'day', '2024-03-05')))).toEqual({ paid: [14000, 1], reported: [0, 0], cashed: [0, 0] });
      expect(amounts(docs.get(id('capitolo', 'E.1.01.01.51', 'day', '2024-03-06')))).toEqual({ paid: [0, 0], reported: [14000, 1], cashed: [0, 0] });
      expect(amounts(docs.get(id('capitolo', 'E.1.01.01.51', 'month', '2024-03')))).toEqual({ paid: [17000, 2], reported: [14000, 1], cashed: [14000, 1] });
      expect(amounts(docs.get(id('capitolo', 'E.3.02.02.01', 'year', '2024')))).toEqual({ paid: [792, 1], reported: [792, 1], cashed: [792, 1] });
      // Splits without an accertamento contabile are not in that dimension.
      expect(amounts(docs.get(id('accertamento', 'ACC-2024-17', 'year', '2024')))).toEqual({ paid: [14000, 1], reported: [14000, 1], cashed: [14000, 1] });
      expect([...docs.keys()].filter((k) => k.includes('|accertamento|'))).toHaveLength(5);
      // Closing an accertamento is not a payment: the totals come from the positions only.
      expect([...docs.keys()].some((k) => k.includes('|total|'))).toBe(false);
    });

    it('open and cancelled accertamenti count nothing', () => {
      const payment = { iud: 'TARI-2024-0001', importo: 14792, dataEsito: '2024-03-05', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: 14792 }] };
      expect(applyInOrder(logOf(accertamentoEvents('ACC-2', [payment], 'open'))).size).toBe(0);
      expect(applyInOrder(logOf(accertamentoEvents('ACC-3', [payment], 'cancel'))).size).toBe(0);
    });
  });

  describe('idempotence', () => {
    const log = () =>
      logOf(
        tari1(),
        paymentEvents({ iud: 'TARI-2024-0002', importo: 5000, receipt: { paymentDateTime: '2024-03-20T09:00:00+01:00' } }),
        accertamentoEvents('ACC-1', [
          { iud: 'TARI-2024-0001', importo: 14792, dataEsito: '2024-03-05', dataValuta: '2024-03-07', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: 14792 }] },
        ]),
      );

    it('applying every event twice in a row gives the same buckets as applying it once', () => {
      const events = log();
      const once = applyInOrder(events);
      const twice = applyInOrder(events.flatMap((e) => [e, e]));
      expect(Object.fromEntries(twice)).toEqual(Object.fromEntries(once));
      expect(once.size).toBeGreaterThan(10);
    });

    it('replaying the whole log over the finished buckets changes nothing (a batch redelivered after a crash)', () => {
      const events = log();
      const once = applyInOrder(events);
      expect(Object.fromEntries(applyInOrder(events, once))).toEqual(Object.fromEntries(once));
    });

    it('evolve is pure: it never mutates the bucket it is given and gives the same result for the same input', () => {
      const events = log();
      let docs = new Map<string, StatBucket>();
      for (const event of events) {
        for (const { id: key } of statisticsProjection.keys(event)) {
          const before = docs.get(key);
          const frozen = before && structuredClone(before);
          const a = statisticsProjection.evolve(STAT_BUCKETS, before, event, key);
          const b = statisticsProjection.evolve(STAT_BUCKETS, frozen && structuredClone(frozen), event, key);
          expect(before).toEqual(frozen);
          expect(a).toEqual(b);
          if (a) docs = new Map(docs).set(key, a);
        }
      }
    });

    it('ignores an event at or before the bucket’s lastPosition, and records the position it applied', () => {
      const [created, received] = log();
      const key = total('year', '2024');
      const doc = statisticsProjection.evolve(STAT_BUCKETS, undefined, received, key)!;
      expect(doc.lastPosition).toBe(received.position.toString());
      expect(statisticsProjection.evolve(STAT_BUCKETS, doc, received, key)).toBeUndefined();
      const older: RecordedEvent = { ...received, position: received.position - 1n, id: 'another-event' };
      expect(statisticsProjection.evolve(STAT_BUCKETS, doc, older, key)).toBeUndefined();
      expect(statisticsProjection.keys(created)).toEqual([]);
    });

    it('every bucket carries its id and declared field types, and survives JSON unchanged', () => {
      for (const [key, doc] of applyInOrder(log())) {
        expect(documentId(statBucketsModel, doc as unknown as Record<string, unknown>)).toBe(key);
        checkDocumentFields(statBucketsModel, doc as unknown as Record<string, unknown>, key);
        expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
        for (const n of [doc.paidAmount, doc.paidCount, doc.reportedAmount, doc.reportedCount, doc.cashedAmount, doc.cashedCount]) expect(Number.isSafeInteger(n)).toBe(true);
      }
    });

    it('refuses, with a clear message, to create a bucket when the runner does not say which one', () => {
      const [, received] = log();
      expect(() => statisticsProjection.evolve(STAT_BUCKETS, undefined, received)).toThrow(/fourth argument/);
    });
  });
});
