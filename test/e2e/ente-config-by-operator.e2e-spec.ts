import { admin, bearer, ENTE_A, ENTE_B, IBAN, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const PASSWORD = 'una frase lunga e sicura';
const POSTAL = 'IT22L0760101600000012345678';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
const MENSA = {
  descrizione: 'Mensa scolastica',
  iban: IBAN,
  tassonomia: '0101100IM',
  spontaneous: true,
  campi: [{ name: 'alunno', label: 'Nome alunno', type: 'text', required: true, maxLength: 40 }],
  causaleTemplate: 'Mensa {alunno}',
};

/** The ente's own admin operator configures it from the console; other operators, other enti and API keys cannot. */
describe("ente configuration by the ente's admin operator (e2e)", () => {
  let t: TestApp;
  let keyA: string;
  let boss: string; // role admin at ente A
  let clerk: string; // role operatore at ente A
  let bossB: string; // role admin at ente B
  const base = `/api/v1/enti/${ENTE_A.codIpa}`;

  const login = async (codIpa: string, username: string) => (await t.http().post('/api/v1/auth/login').send({ codIpa, username, password: PASSWORD }).expect(200)).body.token as string;

  beforeAll(async () => {
    t = await startTestApp();
    keyA = await registerEnteWithKey(t, ENTE_A);
    await registerEnteWithKey(t, ENTE_B);
    await t.http().post(`${base}/operatori`).set(admin).send({ username: 'capo', password: PASSWORD, roles: ['admin', 'operatore'] }).expect(201);
    await t.http().post(`${base}/operatori`).set(admin).send({ username: 'impiegato', password: PASSWORD, roles: ['operatore'] }).expect(201);
    await t.http().post(`/api/v1/enti/${ENTE_B.codIpa}/operatori`).set(admin).send({ username: 'capo', password: PASSWORD, roles: ['admin'] }).expect(201);
    boss = await login(ENTE_A.codIpa, 'capo');
    clerk = await login(ENTE_A.codIpa, 'impiegato');
    bossB = await login(ENTE_B.codIpa, 'capo');
  });
  afterAll(() => t.close());

  it('lets the admin operator configure tipi dovuto (with the spontaneous form), accounts, API keys, details and logo', async () => {
    const tipo = await t.http().put(`${base}/tipi-dovuto/MENSA`).set(bearer(boss)).send(MENSA).expect(200);
    expect(tipo.body).toMatchObject({ codTipo: 'MENSA', changed: true });
    await t.http().post(`${base}/ibans`).set(bearer(boss)).send({ iban: POSTAL, postale: true, descrizione: 'bollettini' }).expect(201);
    const issued = await t.http().post(`${base}/api-keys`).set(bearer(boss)).send({ label: 'gestionale tributi' }).expect(201);
    await t.http().get(`${base}/dovuti`).set(bearer(issued.body.key)).expect(200);
    await t.http().delete(`${base}/api-keys/${issued.body.keyId}`).set(bearer(boss)).expect(200);
    await t.http().get(`${base}/dovuti`).set(bearer(issued.body.key)).expect(403);
    await t.http().patch(base).set(bearer(boss)).send({ email: 'tributi@comune.roma.it' }).expect(200);
    await t.http().put(`${base}/logo`).set(bearer(boss)).attach('file', PNG, 'logo.png').expect(200);
    await t.http().delete(`${base}/ibans/${POSTAL}`).set(bearer(boss)).expect(200);

    const ente = (await t.http().get(base).set(bearer(boss)).expect(200)).body;
    expect(ente.email).toBe('tributi@comune.roma.it');
    expect(ente.tipiDovuto.find((x: { codTipo: string }) => x.codTipo === 'MENSA')).toMatchObject({ spontaneous: true, campi: [{ name: 'alunno', required: true }] });
    expect(ente.apiKeys.find((k: { keyId: string }) => k.keyId === issued.body.keyId).revokedAt).toEqual(expect.any(String));
    // The ente's history names the operator who made each change, not "admin".
    const storia = (await t.http().get(`${base}/storia`).set(bearer(boss)).expect(200)).body.items as { type: string; actor: string }[];
    const byBoss = storia.filter((e) => e.actor === `operator:${ENTE_A.codIpa}/capo`).map((e) => e.type);
    expect(byBoss).toEqual(expect.arrayContaining(['TipoDovutoConfigured', 'ApiKeyIssued', 'ApiKeyRevoked']));
    expect(byBoss.length).toBeGreaterThanOrEqual(7);
  });

  it('refuses an operator without the admin role with 403, naming the action and the roles', async () => {
    const tipo = await t.http().put(`${base}/tipi-dovuto/ZTL`).set(bearer(clerk)).send({ descrizione: 'ZTL', iban: IBAN }).expect(403);
    expect(tipo.body.error).toBe('FORBIDDEN');
    expect(tipo.body.message).toBe(`configuring a tipo dovuto needs the admin token or an operator with role 'admin' of ente ${ENTE_A.codIpa}; operator "impiegato" has roles [operatore]`);
    const refusals = [
      { req: t.http().post(`${base}/ibans`).send({ iban: POSTAL, postale: true }), action: 'adding an account (IBAN)' },
      { req: t.http().delete(`${base}/ibans/${IBAN}`), action: 'removing an account (IBAN)' },
      { req: t.http().post(`${base}/api-keys`).send({ label: 'x' }), action: 'issuing an API key' },
      { req: t.http().delete(`${base}/api-keys/k1`), action: 'revoking an API key' },
      { req: t.http().patch(base).send({ email: 'x@example.it' }), action: "changing the ente's details" },
      { req: t.http().put(`${base}/logo`).attach('file', PNG, 'logo.png'), action: "changing the ente's logo" },
    ];
    for (const r of refusals) {
      const res = await r.req.set(bearer(clerk)).expect(403);
      expect(res.body.message).toMatch(new RegExp(`^${r.action.replace(/[()]/g, '\\$&')} needs the admin token`));
    }
    // Reading the configuration stays open to every operator of the ente.
    await t.http().get(base).set(bearer(clerk)).expect(200);
    await t.http().get(`${base}/ibans`).set(bearer(clerk)).expect(200);
    // Nothing was changed by the refused requests.
    expect((await t.http().get(base).set(admin).expect(200)).body.tipiDovuto.map((x: { codTipo: string }) => x.codTipo)).not.toContain('ZTL');
  });

  it("refuses the admin operator of another ente and the ente's own API key", async () => {
    const other = await t.http().put(`${base}/tipi-dovuto/ZTL`).set(bearer(bossB)).send({ descrizione: 'ZTL', iban: IBAN }).expect(403);
    expect(other.body.message).toBe(`this session is not valid for ente ${ENTE_A.codIpa}`);
    await t.http().post(`${base}/ibans`).set(bearer(bossB)).send({ iban: POSTAL, postale: true }).expect(403);
    await t.http().patch(base).set(bearer(bossB)).send({ email: 'x@example.it' }).expect(403);
    const key = await t.http().post(`${base}/api-keys`).set(bearer(keyA)).send({ label: 'x' }).expect(403);
    expect(key.body.message).toMatch(/an API key \(\w+\) is for gestionali, not for configuration$/);
    await t.http().put(`${base}/tipi-dovuto/ZTL`).send({ descrizione: 'ZTL', iban: IBAN }).expect(401);
  });

  it('keeps registering an ente to the admin token: an admin operator cannot create enti', async () => {
    const res = await t.http().post('/api/v1/enti').set(bearer(boss)).send({ ...ENTE_B, codIpa: 'c_a001', cfEnte: ENTE_B.cfEnte }).expect(403);
    expect(res.body.message).toBe('this operation needs the admin token');
  });
});
