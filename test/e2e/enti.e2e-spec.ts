import { admin, bearer, ENTE_A, ENTE_B, IBAN, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

describe('enti administration over REST', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers an ente with the admin token and refuses it without', async () => {
    await t.http().post('/api/v1/enti').send(ENTE_A).expect(401);
    await t.http().post('/api/v1/enti').set(bearer('wrong')).send(ENTE_A).expect(403);
    const res = await t.http().post('/api/v1/enti').set(admin).send(ENTE_A).expect(201);
    expect(res.body).toMatchObject({ codIpa: 'c_h501', revision: '0' });
    expect(res.headers.etag).toBe('"0"');
    expect(Number(res.headers['x-quadra-position'])).toBeGreaterThan(0);
  });

  it('refuses a second registration of the same ente with 409', async () => {
    const res = await t.http().post('/api/v1/enti').set(admin).send(ENTE_A).expect(409);
    expect(res.body.error).toBe('ENTE_ALREADY_REGISTERED');
  });

  it('names the field when the CF ente check digit is wrong, and stores nothing', async () => {
    const res = await t.http().post('/api/v1/enti').set(admin).send({ ...ENTE_B, cfEnte: '01199250157' }).expect(400);
    expect(res.body.field).toBe('cfEnte');
    await t.http().get(`/api/v1/enti/${ENTE_B.codIpa}`).set(admin).expect(404);
  });

  it('refuses unknown fields and malformed JSON', async () => {
    const unknown = await t.http().post('/api/v1/enti').set(admin).send({ ...ENTE_B, colore: 'blu' }).expect(400);
    expect(unknown.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'colore', code: 'UNKNOWN_FIELD' })]));
    const malformed = await t.http().post('/api/v1/enti').set(admin).set('content-type', 'application/json').send('{"codIpa": ').expect(400);
    expect(malformed.body.error).toBe('MALFORMED_JSON');
  });

  it('configures a tipo dovuto, idempotently, and validates its IBAN', async () => {
    const body = { descrizione: 'TARI', iban: IBAN, tassonomia: '0101100IM' };
    const first = await t.http().put('/api/v1/enti/c_h501/tipi-dovuto/TARI').set(admin).send(body).expect(200);
    expect(first.body.changed).toBe(true);
    const again = await t.http().put('/api/v1/enti/c_h501/tipi-dovuto/TARI').set(admin).send(body).expect(200);
    expect(again.body.changed).toBe(false);
    expect(again.body.revision).toBe(first.body.revision);
    const bad = await t.http().put('/api/v1/enti/c_h501/tipi-dovuto/TARI').set(admin).send({ ...body, iban: 'IT60X0542811101000000123457' }).expect(400);
    expect(bad.body.field).toBe('iban');
  });

  it('issues an API key shown once, which works for its own ente only', async () => {
    const keyA = (await t.http().post('/api/v1/enti/c_h501/api-keys').set(admin).send({ label: 'tributi' }).expect(201)).body.key;
    expect(keyA).toMatch(/^qk_/);
    const ente = await t.http().get('/api/v1/enti/c_h501').set(bearer(keyA)).expect(200);
    expect(JSON.stringify(ente.body)).not.toContain(keyA.split('_')[2]);
    expect(ente.body.tipiDovuto).toEqual([expect.objectContaining({ codTipo: 'TARI', iban: IBAN })]);
    const keyB = await registerEnteWithKey(t, ENTE_B);
    await t.http().get('/api/v1/enti/c_h501').set(bearer(keyB)).expect(403);
    await t.http().get('/api/v1/enti/c_f205').set(bearer(keyA)).expect(403);
  });

  it('a revoked key stops working', async () => {
    const issued = (await t.http().post('/api/v1/enti/c_h501/api-keys').set(admin).send({ label: 'temp' }).expect(201)).body;
    await t.http().get('/api/v1/enti/c_h501').set(bearer(issued.key)).expect(200);
    await t.http().delete(`/api/v1/enti/c_h501/api-keys/${issued.keyId}`).set(admin).expect(200);
    await t.http().get('/api/v1/enti/c_h501').set(bearer(issued.key)).expect(403);
  });

  it('reports each port in /health', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body.components.eventStore).toMatchObject({ adapter: 'sqlite', ok: true });
  });
});
