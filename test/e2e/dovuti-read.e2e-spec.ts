import { bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const dovuto = (iud: string, over: Record<string, unknown> = {}) => ({
  iud,
  tipoDovuto: 'TARI',
  importo: '147.92',
  dataScadenza: '2026-12-31',
  causale: 'TARI 2026 rata unica',
  pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' },
  ...over,
});

// The same answers whether the projections run on the request loop or in worker threads (the embedded default).
describe.each([
  ['on the main event loop', '0'],
  ['in projection threads', '2'],
])('dovuti over REST (read side, from the projections %s)', (_where, threads) => {
  let t: TestApp;
  let key: string;
  let keyB: string;
  let last = '0';
  const base = '/api/v1/enti/c_h501/dovuti';

  beforeAll(async () => {
    t = await startTestApp({ QUADRA_PROJECTION_THREADS: threads });
    key = await registerEnteWithKey(t, ENTE_A, ['TARI', 'MENSA']);
    keyB = await registerEnteWithKey(t, ENTE_B);
    const bodies = [
      dovuto('R-1'),
      dovuto('R-2', { importo: '20.00', tipoDovuto: 'MENSA', dataScadenza: '2026-03-31' }),
      dovuto('R-3', { importo: '99.99', pagatore: { tipo: 'F', codiceIdentificativo: 'VRDGPP75C12F205K', anagrafica: 'Giuseppe Verdi' } }),
    ];
    for (const b of bodies) last = (await t.http().post(base).set(bearer(key)).send(b).expect(201)).headers['x-quadra-position'];
    last = (await t.http().delete(`${base}/R-3`).set(bearer(key)).send({ motivo: 'errato' }).expect(200)).headers['x-quadra-position'];
  });
  afterAll(() => t.close());

  it('reads its own write: GET with minPosition waits for the projection', async () => {
    const res = await t.http().get(`${base}/R-3?minPosition=${last}`).set(bearer(key)).expect(200);
    expect(res.body).toMatchObject({ iud: 'R-3', stato: 'cancelled', importo: '99.99' });
  });

  it('searches by payer, status, tipo dovuto and amount range, with the total count', async () => {
    const byPayer = await t.http().get(`${base}?codiceFiscale=rssmra80a01h501u&minPosition=${last}`).set(bearer(key)).expect(200);
    expect(byPayer.body.items.map((i: { iud: string }) => i.iud).sort()).toEqual(['R-1', 'R-2']);
    expect(byPayer.body.total).toBe(2);
    const open = await t.http().get(`${base}?stato=open&tipoDovuto=MENSA`).set(bearer(key)).expect(200);
    expect(open.body.items.map((i: { iud: string }) => i.iud)).toEqual(['R-2']);
    const range = await t.http().get(`${base}?importoDa=50&importoA=150&sort=importo`).set(bearer(key)).expect(200);
    expect(range.body.items.map((i: { iud: string }) => i.iud)).toEqual(['R-3', 'R-1']);
    const page = await t.http().get(`${base}?pageSize=1&page=2&sort=iud`).set(bearer(key)).expect(200);
    expect(page.body).toMatchObject({ page: 2, pageSize: 1, total: 3, items: [expect.objectContaining({ iud: 'R-2' })] });
  });

  it('tells the operator in words what happened, with the raw events one click away', async () => {
    const res = await t.http().get(`${base}/R-3/history?minPosition=${last}`).set(bearer(key)).expect(200);
    expect(res.body.entries.map((e: { type: string; eventType: string }) => [e.type, e.eventType])).toEqual([
      ['creazione', 'PositionCreated'],
      ['annullamento', 'PositionCancelled'],
    ]);
    expect(res.body.entries[1].detail).toMatch(/errato/);
    const raw = await t.http().get(res.body.rawEvents).set(bearer(key)).expect(200);
    expect(raw.body).toHaveLength(2);
  });

  it('refuses unknown filters, reversed ranges and oversized pages with 400 naming the parameter', async () => {
    const unknown = await t.http().get(`${base}?colore=blu`).set(bearer(key)).expect(400);
    expect(JSON.stringify(unknown.body)).toContain('colore');
    const reversed = await t.http().get(`${base}?importoDa=100&importoA=10`).set(bearer(key)).expect(400);
    expect(reversed.body.error).toBe('INVALID_RANGE');
    const big = await t.http().get(`${base}?pageSize=500`).set(bearer(key)).expect(400);
    expect(big.body.error).toBe('PAGE_SIZE_TOO_LARGE');
    await t.http().get(`${base}?minPosition=abc`).set(bearer(key)).expect(400);
  });

  it('404 for an unknown dovuto or ente, 403 across enti', async () => {
    await t.http().get(`${base}/NOPE`).set(bearer(key)).expect(404);
    await t.http().get('/api/v1/enti/c_x999/dovuti').set(bearer(key)).expect(403);
    await t.http().get(`${base}/R-1`).set(bearer(keyB)).expect(403);
  });

  it('shows each projection with its lag in /health', async () => {
    const res = await t.http().get('/health').expect(200);
    const names = res.body.components.projections.projections.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['positions', 'audit-trail']));
    const positions = res.body.components.projections.projections.find((p: { name: string }) => p.name === 'positions');
    expect(positions).toMatchObject({ state: 'live', eventsBehind: 0 });
    expect(res.body.components.readStore).toMatchObject({ adapter: 'sqlite', ok: true });
  });
});
