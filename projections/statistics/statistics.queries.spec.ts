import type { DomainEvent } from '../../src/kernel/decider';
import { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import type { ReadStore } from '../../src/read-store/read-store.port';
import { toCsv } from './statistics.csv';
import { statisticsProjection } from './statistics.projection';
import { MAX_RANGE_YEARS, statistics, type StatisticsParams } from './statistics.queries';
import { STAT_BUCKETS } from './statistics.read-model';
import { accertamentoEvents, applyInOrder, logOf, paymentEvents } from './statistics.test-kit';

/** A read store holding the statistics of these events, as the runner would have written them. */
async function storeWith(...groups: DomainEvent[][]): Promise<ReadStore> {
  const store = SqliteReadStore.open(':memory:');
  await store.defineVersion(statisticsProjection.name, statisticsProjection.version, statisticsProjection.readModels);
  await store.promote(statisticsProjection.name, statisticsProjection.version);
  const events = logOf(...groups);
  const docs = applyInOrder(events);
  await store.applyBatch(
    statisticsProjection.name,
    { upserts: [...docs.values()].map((doc) => ({ collection: STAT_BUCKETS, doc: { ...doc } })), deletes: [] },
    { position: events[events.length - 1]?.position ?? 0n },
  );
  return store;
}

// Given: the Comune di Bari took three TARI payments in March and April 2024, and the Comune di Milano one
const bariPayments = () => [
  paymentEvents({
    iud: 'TARI-2024-0001',
    receipt: { paymentDateTime: '2024-03-05T11:22:33+01:00' },
    reports: [{ iuf: 'FR-1', rowIndex: 1, dataRegolamento: '2024-03-06' }],
    cashings: [{ movementId: 'GDC-1', dataValuta: '2024-03-07', dataContabile: '2024-03-07' }],
  }),
  paymentEvents({ iud: 'TARI-2024-0002', importo: 5000, receipt: { paymentDateTime: '2024-03-20T09:00:00+01:00' } }),
  paymentEvents({ iud: 'TARI-2024-0003', importo: 1050, receipt: { paymentDateTime: '2024-04-02T16:45:00+02:00' } }),
  paymentEvents({ codIpa: 'c_f205', iud: 'TARI-2024-0001', importo: 999, receipt: { paymentDateTime: '2024-03-05T10:00:00+01:00' } }),
];
// ... and closed an accertamento splitting two of them over capitoli
const closed = () =>
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
    { iud: 'TARI-2024-0002', importo: 5000, dataEsito: '2024-03-20', splits: [{ codUfficio: 'UFF-RAG', codCapitolo: 'E.3.05.01.01', importo: 5000 }] },
  ]);

const none = { amount: '0.00', count: 0 };
const params = (over: Partial<StatisticsParams> = {}): StatisticsParams => ({ by: 'total', granularity: 'month', from: '2024-01-01', to: '2024-12-31', ...over });

describe('statistics queries', () => {
  let store: ReadStore;
  beforeAll(async () => {
    store = await storeWith(...bariPayments(), closed());
  });
  afterAll(async () => {
    await store.close();
  });

  it('totals per month: paid, reported and cashed amounts in euros with their counts, in period order', async () => {
    expect(await statistics(store, 'c_a562', params())).toEqual([
      { period: '2024-03', dimensionValue: '', paid: { amount: '197.92', count: 2 }, reported: { amount: '147.92', count: 1 }, cashed: { amount: '147.92', count: 1 } },
      { period: '2024-04', dimensionValue: '', paid: { amount: '10.50', count: 1 }, reported: none, cashed: none },
    ]);
  });

  it('totals per day and per year', async () => {
    const days = await statistics(store, 'c_a562', params({ granularity: 'day', from: '2024-03-01', to: '2024-03-31' }));
    expect(days.map((r) => [r.period, r.paid.amount, r.reported.amount, r.cashed.amount])).toEqual([
      ['2024-03-05', '147.92', '0.00', '0.00'],
      ['2024-03-06', '0.00', '147.92', '0.00'],
      ['2024-03-07', '0.00', '0.00', '147.92'],
      ['2024-03-20', '50.00', '0.00', '0.00'],
    ]);
    const years = await statistics(store, 'c_a562', params({ granularity: 'year', from: '2020-01-01', to: '2024-12-31' }));
    expect(years).toEqual([{ period: '2024', dimensionValue: '', paid: { amount: '208.42', count: 3 }, reported: { amount: '147.92', count: 1 }, cashed: { amount: '147.92', count: 1 } }]);
  });

  it('an ente sees only its own statistics', async () => {
    const milano = await statistics(store, 'c_f205', params());
    expect(milano).toEqual([{ period: '2024-03', dimensionValue: '', paid: { amount: '9.99', count: 1 }, reported: none, cashed: none }]);
    expect(await statistics(store, 'c_h501', params())).toEqual([]);
  });

  it('per capitolo, ufficio, tipo dovuto and accertamento of closed accertamenti, sorted by period then code', async () => {
    const capitoli = await statistics(store, 'c_a562', params({ by: 'capitolo' }));
    expect(capitoli.map((r) => [r.period, r.dimensionValue, r.paid.amount, r.paid.count, r.cashed.amount])).toEqual([
      ['2024-03', 'E.1.01.01.51', '140.00', 1, '140.00'],
      ['2024-03', 'E.3.02.02.01', '7.92', 1, '7.92'],
      ['2024-03', 'E.3.05.01.01', '50.00', 1, '0.00'],
    ]);
    const uffici = await statistics(store, 'c_a562', params({ by: 'ufficio', granularity: 'year' }));
    expect(uffici.map((r) => [r.dimensionValue, r.paid])).toEqual([
      ['UFF-RAG', { amount: '50.00', count: 1 }],
      ['UFF-TRIB', { amount: '147.92', count: 1 }],
    ]);
    expect((await statistics(store, 'c_a562', params({ by: 'tipoDovuto' }))).map((r) => [r.dimensionValue, r.paid.amount])).toEqual([['TARI', '197.92']]);
    expect((await statistics(store, 'c_a562', params({ by: 'accertamento' }))).map((r) => [r.dimensionValue, r.reported.amount])).toEqual([['ACC-2024-17', '140.00']]);
  });

  it('a range starting mid-month includes that whole month; a day range is exact', async () => {
    expect((await statistics(store, 'c_a562', params({ from: '2024-03-15', to: '2024-03-15' }))).map((r) => r.period)).toEqual(['2024-03']);
    expect((await statistics(store, 'c_a562', params({ granularity: 'day', from: '2024-03-06', to: '2024-03-07' }))).map((r) => r.period)).toEqual(['2024-03-06', '2024-03-07']);
  });

  describe('refuses what it cannot answer', () => {
    it.each([
      ['a reversed range', { from: '2024-12-31', to: '2024-01-01' }, 'INVALID_RANGE', 'from'],
      ['a range over 20 years', { from: '2004-01-01', to: '2024-01-01' }, 'RANGE_TOO_LONG', 'to'],
      ['an impossible date', { from: '2024-02-30' }, 'INVALID_DATE', 'from'],
      ['a date in another form', { to: '31/12/2024' }, 'INVALID_DATE', 'to'],
      ['a missing date', { to: undefined as unknown as string }, 'INVALID_DATE', 'to'],
      ['an unknown dimension', { by: 'psp' }, 'UNKNOWN_DIMENSION', 'by'],
      ['an unknown granularity', { granularity: 'week' }, 'INVALID_GRANULARITY', 'granularity'],
    ])('%s', async (_label, over, code, field) => {
      await expect(statistics(store, 'c_a562', params(over))).rejects.toMatchObject({ code, field, kind: 'invalid' });
    });

    it(`accepts exactly ${MAX_RANGE_YEARS} years`, async () => {
      await expect(statistics(store, 'c_a562', params({ granularity: 'year', from: '2005-01-01', to: '2024-12-31' }))).resolves.toHaveLength(1);
      await expect(statistics(store, 'c_a562', params({ granularity: 'year', from: '2004-12-31', to: '2024-12-31' }))).rejects.toMatchObject({ code: 'RANGE_TOO_LONG' });
      await expect(statistics(store, 'c_a562', params({ granularity: 'year', from: '2004-02-29', to: '2024-02-28' }))).resolves.toHaveLength(1);
      await expect(statistics(store, 'c_a562', params({ granularity: 'year', from: '2004-02-29', to: '2024-02-29' }))).rejects.toMatchObject({ code: 'RANGE_TOO_LONG' });
    });

    it('says why, naming the values', async () => {
      await expect(statistics(store, 'c_a562', params({ from: '2024-12-31', to: '2024-01-01' }))).rejects.toThrow('from (2024-12-31) is after to (2024-01-01)');
      await expect(statistics(store, 'c_a562', params({ by: 'psp' }))).rejects.toThrow('use one of total, tipoDovuto, ufficio, capitolo, accertamento');
    });
  });

  it('answers ten years of daily payments from pre-aggregated buckets: 10 yearly rows, 120 monthly ones, exact sums', async () => {
    // One payment of 1.00 + (day of year) cents every day from 2015 to 2024.
    const days: string[] = [];
    for (let t = Date.UTC(2015, 0, 1); t <= Date.UTC(2024, 11, 31); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
    const many = await storeWith(
      ...days.map((d, i) => paymentEvents({ iud: `P-${i}`, importo: 100 + (i % 365), receipt: { paymentDateTime: `${d}T12:00:00+01:00` } })),
    );
    try {
      const years = await statistics(many, 'c_a562', params({ granularity: 'year', from: '2015-01-01', to: '2024-12-31' }));
      expect(years.map((r) => r.period)).toEqual(['2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024']);
      const cents = days.reduce((sum, _d, i) => sum + 100 + (i % 365), 0);
      const total = years.reduce((sum, r) => sum + Math.round(Number(r.paid.amount) * 100), 0);
      expect(total).toBe(cents);
      expect(years.reduce((n, r) => n + r.paid.count, 0)).toBe(days.length);
      expect(years.find((r) => r.period === '2016')?.paid.count).toBe(366);
      expect(await statistics(many, 'c_a562', params({ granularity: 'month', from: '2015-01-01', to: '2024-12-31' }))).toHaveLength(120);
    } finally {
      await many.close();
    }
  });

  describe('toCsv', () => {
    it('writes totals with Italian headers, dot decimals and CRLF', async () => {
      expect(toCsv(await statistics(store, 'c_a562', params()))).toBe(
        [
          'Periodo;Importo pagato;Numero pagati;Importo rendicontato;Numero rendicontati;Importo incassato;Numero incassati',
          '2024-03;197.92;2;147.92;1;147.92;1',
          '2024-04;10.50;1;0.00;0;0.00;0',
          '',
        ].join('\r\n'),
      );
    });

    it('adds the dimension column, quoting a value that would break the row', async () => {
      const rows = await statistics(store, 'c_a562', params({ by: 'capitolo', granularity: 'year' }));
      expect(toCsv(rows, 'capitolo').split('\r\n').slice(0, 2)).toEqual([
        'Periodo;Capitolo;Importo pagato;Numero pagati;Importo rendicontato;Numero rendicontati;Importo incassato;Numero incassati',
        '2024;E.1.01.01.51;140.00;1;140.00;1;140.00;1',
      ]);
      expect(toCsv([{ ...rows[0], dimensionValue: 'A;B' }], 'capitolo').split('\r\n')[1]).toBe('2024;"A;B";140.00;1;140.00;1;140.00;1');
    });
  });
});
