import { bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';
import { isValidNumeroAvviso } from '../../src/kernel/identifiers/numero-avviso';
import { buildIuv } from '../../src/kernel/identifiers/iuv';

const dovuto = (over: Record<string, unknown> = {}) => ({
  iud: 'TARI-2026-0001',
  tipoDovuto: 'TARI',
  importo: '147.92',
  dataScadenza: '2026-12-31',
  causale: 'TARI 2026 rata unica',
  pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi', email: 'mario.rossi@example.it' },
  ...over,
});

describe('dovuti over REST (write side)', () => {
  let t: TestApp;
  let keyA: string;
  let keyB: string;
  const base = '/api/v1/enti/c_h501/dovuti';

  beforeAll(async () => {
    t = await startTestApp();
    keyA = await registerEnteWithKey(t, ENTE_A);
    keyB = await registerEnteWithKey(t, ENTE_B);
  });
  afterAll(() => t.close());

  it('creates a dovuto with a generated IUV and numero avviso, and returns revision and position', async () => {
    const res = await t.http().post(base).set(bearer(keyA)).send(dovuto()).expect(201);
    expect(res.body.iuv).toMatch(/^01\d{15}$/);
    expect(res.body.numeroAvviso).toBe(`3${res.body.iuv}`);
    expect(isValidNumeroAvviso(res.body.numeroAvviso)).toBe(true);
    expect(res.body).toMatchObject({ stato: 'open', importo: '147.92', revision: '0' });
    expect(res.headers.etag).toBe('"0"');
    expect(res.headers.location).toBe('/api/v1/enti/c_h501/dovuti/TARI-2026-0001');
  });

  it('a retried request with the same Idempotency-Key creates nothing new and answers the same', async () => {
    const body = dovuto({ iud: 'IDEM-1' });
    const first = await t.http().post(base).set(bearer(keyA)).set('Idempotency-Key', 'k-1').send(body).expect(201);
    const again = await t.http().post(base).set(bearer(keyA)).set('Idempotency-Key', 'k-1').send(body).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const events = await t.http().get(`${base}/IDEM-1/events`).set(bearer(keyA)).expect(200);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual(['PositionCreated']);
    const reused = await t.http().post(base).set(bearer(keyA)).set('Idempotency-Key', 'k-1').send(dovuto({ iud: 'IDEM-2' })).expect(409);
    expect(reused.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses a duplicate IUD with 409', async () => {
    const res = await t.http().post(base).set(bearer(keyA)).send(dovuto()).expect(409);
    expect(res.body).toMatchObject({ error: 'IUD_ALREADY_EXISTS', field: 'iud' });
  });

  it.each([
    ['an amount with 3 decimals', { importo: '1.505' }, 'importo'],
    ['an amount of zero', { importo: 0 }, 'importo'],
    ['a negative amount', { importo: '-5.00' }, 'importo'],
    ['an amount with a comma', { importo: '1,50' }, 'importo'],
    ['an IUD starting with 000', { iud: '000123' }, 'iud'],
    ['an IUD longer than 35', { iud: 'X'.repeat(36) }, 'iud'],
    ['a CF with a wrong check character', { pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501A', anagrafica: 'Mario Rossi' } }, 'codiceIdentificativo'],
    ['an IUV with wrong check digits', { iuv: '01000000000000199' }, 'iuv'],
    ['an IUV of another segregation code', { iuv: '02000000000000123' }, 'iuv'],
    ['an impossible date', { dataScadenza: '2026-02-30' }, 'dataScadenza'],
    ['a bilancio that does not add up', { bilancio: { capitoli: [{ codCapitolo: 'C1', importo: '100.00' }] } }, 'bilancio'],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_what, over, field) => {
    const iud = (over as { iud?: string }).iud ?? `BAD-${field}-${Math.random().toString(36).slice(2, 8)}`;
    const res = await t.http().post(base).set(bearer(keyA)).send(dovuto({ iud, ...over })).expect(400);
    expect(JSON.stringify([res.body.field, res.body.errors])).toContain(field);
    if (iud.length <= 35 && !iud.startsWith('000')) await t.http().get(`${base}/${iud}/events`).set(bearer(keyA)).expect(404);
  });

  it('refuses an unknown tipo dovuto and unknown fields', async () => {
    const unknownTipo = await t.http().post(base).set(bearer(keyA)).send(dovuto({ iud: 'X-1', tipoDovuto: 'NOPE' })).expect(400);
    expect(unknownTipo.body.error).toBe('TIPO_DOVUTO_UNKNOWN');
    const unknownField = await t.http().post(base).set(bearer(keyA)).send(dovuto({ iud: 'X-2', sconto: 3 })).expect(400);
    expect(unknownField.body.errors[0]).toMatchObject({ field: 'sconto', code: 'UNKNOWN_FIELD' });
  });

  it('modifies with If-Match (optimistic concurrency) and refuses a stale revision with 412', async () => {
    await t.http().post(base).set(bearer(keyA)).send(dovuto({ iud: 'MOD-1' })).expect(201);
    const ok = await t.http().put(`${base}/MOD-1`).set(bearer(keyA)).set('If-Match', '"0"').send({ importo: '150.00' }).expect(200);
    expect(ok.headers.etag).toBe('"1"');
    expect(ok.body.importo).toBe('150.00');
    const stale = await t.http().put(`${base}/MOD-1`).set(bearer(keyA)).set('If-Match', '"0"').send({ importo: '151.00' }).expect(412);
    expect(stale.body.error).toBe('REVISION_MISMATCH');
  });

  it('cancels, then refuses to modify; the history tells who did what and when', async () => {
    await t.http().post(base).set(bearer(keyA)).send(dovuto({ iud: 'CANC-1' })).expect(201);
    await t.http().put(`${base}/CANC-1`).set(bearer(keyA)).send({ causale: 'TARI 2026 corretta' }).expect(200);
    const cancelled = await t.http().delete(`${base}/CANC-1`).set(bearer(keyA)).send({ motivo: 'emesso per errore' }).expect(200);
    expect(cancelled.body.stato).toBe('cancelled');
    await t.http().put(`${base}/CANC-1`).set(bearer(keyA)).send({ importo: '1.00' }).expect(409);
    const history = await t.http().get(`${base}/CANC-1/events`).set(bearer(keyA)).expect(200);
    expect(history.body.map((e: { type: string }) => e.type)).toEqual(['PositionCreated', 'PositionUpdated', 'PositionCancelled']);
    expect(history.body[2]).toMatchObject({ actor: expect.stringMatching(/^api-key:c_h501\//), data: expect.objectContaining({ reason: 'emesso per errore' }) });
    expect(history.body[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
  });

  it("a key of ente B can neither read nor change ente A's dovuti", async () => {
    await t.http().get(`${base}/TARI-2026-0001/events`).set(bearer(keyB)).expect(403);
    await t.http().post(base).set(bearer(keyB)).send(dovuto({ iud: 'FROM-B' })).expect(403);
    await t.http().delete(`${base}/TARI-2026-0001`).set(bearer(keyB)).expect(403);
  });

  it('a supplied IUV is accepted once and never reused by another IUD', async () => {
    const valid = buildIuv('01', '9000000000001');
    await t.http().post(base).set(bearer(keyA)).send(dovuto({ iud: 'OWN-IUV-1', iuv: valid })).expect(201);
    const dup = await t.http().post(base).set(bearer(keyA)).send(dovuto({ iud: 'OWN-IUV-2', iuv: valid })).expect(409);
    expect(dup.body.error).toBe('IUV_ALREADY_USED');
    await t.http().get(`${base}/OWN-IUV-2/events`).set(bearer(keyA)).expect(404);
  });
});
