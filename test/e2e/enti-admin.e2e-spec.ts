import { admin, bearer, ENTE_A, ENTE_B, IBAN, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const POSTAL = 'IT22L0760101600000012345678';

describe('ente administration over REST', () => {
  let t: TestApp;
  let key: string;
  let keyB: string;
  const base = `/api/v1/enti/${ENTE_A.codIpa}`;

  beforeAll(async () => {
    t = await startTestApp();
    key = await registerEnteWithKey(t, ENTE_A);
    keyB = await registerEnteWithKey(t, ENTE_B);
  });
  afterAll(() => t.close());

  it('changes the details with the admin token only', async () => {
    await t.http().patch(base).set(bearer(key)).send({ email: 'tributi@comune.roma.it' }).expect(403);
    const r = await t.http().patch(base).set(admin).send({ email: 'tributi@comune.roma.it' }).expect(200);
    expect(r.body.changed).toBe(true);
    expect((await t.http().get(base).set(bearer(key)).expect(200)).body.email).toBe('tributi@comune.roma.it');
  });

  it('keeps bank and postal accounts, validated', async () => {
    await t.http().post(`${base}/ibans`).set(admin).send({ iban: IBAN }).expect(201);
    await t.http().post(`${base}/ibans`).set(admin).send({ iban: POSTAL, postale: true, descrizione: 'bollettini' }).expect(201);
    const bad = await t.http().post(`${base}/ibans`).set(admin).send({ iban: 'IT60X0542811101000000123457' }).expect(400);
    expect(bad.body).toMatchObject({ error: 'IBAN_CHECK_DIGITS', field: 'iban' });
    const list = await t.http().get(`${base}/ibans`).set(bearer(key)).expect(200);
    expect(list.body.items).toEqual([{ iban: IBAN, postale: false }, { iban: POSTAL, postale: true, descrizione: 'bollettini' }]);
    const inUse = await t.http().delete(`${base}/ibans/${IBAN}`).set(admin).expect(409);
    expect(inUse.body.error).toBe('IBAN_IN_USE');
    await t.http().delete(`${base}/ibans/${POSTAL}`).set(admin).expect(200);
  });

  it('configures a spontaneous tipo with its form, causale template and default bilancio', async () => {
    const tipo = {
      descrizione: 'Mensa scolastica',
      iban: IBAN,
      tassonomia: '0101100IM',
      spontaneous: true,
      campi: [
        { name: 'alunno', label: 'Nome alunno', type: 'text', required: true, maxLength: 40 },
        { name: 'mese', label: 'Mese', type: 'select', required: true, options: ['gennaio', 'febbraio'] },
      ],
      causaleTemplate: 'Mensa {mese} {alunno}',
      bilancioDefault: [{ codCapitolo: 'CAP-MENSA', percentuale: 100 }],
    };
    await t.http().put(`${base}/tipi-dovuto/MENSA`).set(admin).send(tipo).expect(200);
    const wrong = await t.http().put(`${base}/tipi-dovuto/MENSA`).set(admin).send({ ...tipo, causaleTemplate: 'Mensa {classe}' }).expect(400);
    expect(wrong.body).toMatchObject({ error: 'INVALID_CAUSALE_TEMPLATE', field: 'causaleTemplate' });
    const ente = (await t.http().get(base).set(bearer(key)).expect(200)).body;
    expect(ente.tipiDovuto.find((x: { codTipo: string }) => x.codTipo === 'MENSA')).toMatchObject({ campi: tipo.campi, causaleTemplate: tipo.causaleTemplate, bilancioDefault: tipo.bilancioDefault });
  });

  it('stores a PNG logo with its hash, refuses other images and a logo above 200 KB', async () => {
    const r = await t.http().put(`${base}/logo`).set(admin).attach('file', PNG, 'logo.png').expect(200);
    expect(r.body).toMatchObject({ mediaType: 'image/png', bytes: PNG.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const got = await t.http().get(`${base}/logo`).expect(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(got.body as Buffer, PNG)).toBe(0);
    const gif = await t.http().put(`${base}/logo`).set(admin).attach('file', Buffer.from('GIF89a....'), 'logo.gif').expect(400);
    expect(gif.body.error).toBe('INVALID_LOGO_TYPE');
    const big = await t.http().put(`${base}/logo`).set(admin).attach('file', Buffer.concat([PNG, Buffer.alloc(200 * 1024)]), 'big.png').expect(413);
    expect(big.body).toMatchObject({ error: 'LOGO_TOO_LARGE', message: expect.stringContaining('200 KB') });
  });

  it("lists the history of the ente's stream to its own key only, without key hashes", async () => {
    const h = await t.http().get(`${base}/storia`).set(bearer(key)).expect(200);
    const types = h.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['EnteRegistered', 'TipoDovutoConfigured', 'ApiKeyIssued', 'EnteUpdated', 'EnteIbanAdded', 'EnteIbanRemoved', 'EnteLogoChanged']));
    expect(h.body.items.find((e: { type: string }) => e.type === 'ApiKeyIssued').data.hash).toBeUndefined();
    expect(h.body.items.find((e: { type: string; data: { tipoDovuto?: { codTipo: string } } }) => e.data.tipoDovuto?.codTipo === 'MENSA').schemaVersion).toBe(2);
    await t.http().get(`${base}/storia`).set(bearer(keyB)).expect((r) => expect([401, 403]).toContain(r.status));
  });
});
