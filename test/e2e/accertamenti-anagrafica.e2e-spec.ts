import { admin, bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const csv = (...lines: string[]) => Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
const HEADER = 'tipo;codice;descrizione;codUfficio;codCapitolo;anno';

describe('anagrafica over REST: uffici, capitoli, accertamenti contabili per ente and budget year', () => {
  let t: TestApp;
  let key: string;
  let keyB: string;
  const base = '/api/v1/enti/c_h501/anagrafica/2024';

  beforeAll(async () => {
    t = await startTestApp();
    key = await registerEnteWithKey(t, ENTE_A, ['TARI', 'MENSA']);
    keyB = await registerEnteWithKey(t, ENTE_B);
  });
  afterAll(() => t.close());

  it('creates, edits, lists and deactivates uffici, capitoli and accertamenti, each change an event in the history', async () => {
    const u = await t.http().post(`${base}/uffici`).set(bearer(key)).send({ codUfficio: 'UFF-TRIB', denominazione: 'Ufficio Tributi' }).expect(201);
    expect(u.body).toMatchObject({ changed: true, revision: '0' });
    expect(u.headers['x-quadra-position']).toMatch(/^\d+$/);
    await t.http().post(`${base}/capitoli`).set(bearer(key)).send({ codCapitolo: 'E.1.01.01.51', descrizione: 'Tassa sui rifiuti', codUfficio: 'UFF-TRIB', tipiDovuto: ['TARI'] }).expect(201);
    await t.http().post(`${base}/accertamenti-contabili`).set(bearer(key)).send({ codAccertamento: 'ACC-2024-17', descrizione: 'TARI 2024', codCapitolo: 'E.1.01.01.51' }).expect(201);
    await t.http().put(`${base}/uffici/UFF-TRIB`).set(bearer(key)).send({ denominazione: 'Ufficio Tributi e Entrate' }).expect(200);
    await t.http().put(`${base}/capitoli/E.1.01.01.51`).set(bearer(key)).send({ tipiDovuto: null }).expect(200);

    const uffici = await t.http().get(`${base}/uffici`).set(bearer(key)).expect(200);
    expect(uffici.body.items).toEqual([{ codUfficio: 'UFF-TRIB', denominazione: 'Ufficio Tributi e Entrate', active: true }]);
    const capitoli = await t.http().get(`${base}/capitoli`).set(bearer(key)).expect(200);
    expect(capitoli.body.items).toEqual([{ codCapitolo: 'E.1.01.01.51', descrizione: 'Tassa sui rifiuti', codUfficio: 'UFF-TRIB', active: true }]);

    // An ufficio with active capitoli cannot go; the accertamento contabile can.
    const inUse = await t.http().delete(`${base}/uffici/UFF-TRIB`).set(bearer(key)).expect(409);
    expect(inUse.body).toMatchObject({ error: 'UFFICIO_IN_USE', field: 'codUfficio' });
    await t.http().delete(`${base}/accertamenti-contabili/ACC-2024-17`).set(bearer(key)).expect(200);
    const accs = await t.http().get(`${base}/accertamenti-contabili`).set(bearer(key)).expect(200);
    expect(accs.body.items).toEqual([{ codAccertamento: 'ACC-2024-17', descrizione: 'TARI 2024', codCapitolo: 'E.1.01.01.51', active: false }]);

    const storia = await t.http().get(`${base}/storia`).set(bearer(key)).expect(200);
    expect(storia.body.map((e: { type: string }) => e.type)).toEqual([
      'UfficioCreated',
      'CapitoloCreated',
      'AccertamentoContabileCreated',
      'UfficioUpdated',
      'CapitoloUpdated',
      'AccertamentoContabileDeactivated',
    ]);
    expect(storia.body[0]).toMatchObject({ revision: '0', actor: expect.stringMatching(/^api-key:/), occurredAt: expect.any(String) });
  });

  it('refuses bad input with the field and a clear message, and records nothing', async () => {
    const before = (await t.http().get(`${base}/storia`).set(bearer(key)).expect(200)).body.length;
    const unknownUfficio = await t.http().post(`${base}/capitoli`).set(bearer(key)).send({ codCapitolo: 'E.9', descrizione: 'x', codUfficio: 'UFF-NONE' }).expect(400);
    expect(unknownUfficio.body).toMatchObject({ error: 'UFFICIO_UNKNOWN', field: 'codUfficio' });
    expect(unknownUfficio.body.message).toContain('UFF-NONE');
    const badCode = await t.http().post(`${base}/uffici`).set(bearer(key)).send({ codUfficio: 'UFF TRIB', denominazione: 'x' }).expect(400);
    expect(badCode.body).toMatchObject({ error: 'INVALID_CODE', field: 'codUfficio' });
    const duplicate = await t.http().post(`${base}/uffici`).set(bearer(key)).send({ codUfficio: 'UFF-TRIB', denominazione: 'Altro' }).expect(409);
    expect(duplicate.body.error).toBe('DUPLICATE_CODE');
    await t.http().post(`${base}/uffici`).set(bearer(key)).send({ codUfficio: 'UFF-X', denominazione: 'x', colore: 'blu' }).expect(400);
    const badYear = await t.http().get('/api/v1/enti/c_h501/anagrafica/24/uffici').set(bearer(key)).expect(400);
    expect(badYear.body).toMatchObject({ error: 'INVALID_ANNO', field: 'anno' });
    const outOfRange = await t.http().post('/api/v1/enti/c_h501/anagrafica/1999/uffici').set(bearer(key)).send({ codUfficio: 'U', denominazione: 'x' }).expect(400);
    expect(outOfRange.body.error).toBe('ANNO_OUT_OF_RANGE');
    await t.http().put(`${base}/uffici/UFF-NONE`).set(bearer(key)).send({ denominazione: 'x' }).expect(404);
    expect((await t.http().get(`${base}/storia`).set(bearer(key)).expect(200)).body.length).toBe(before);
  });

  it('keeps each year and each ente apart', async () => {
    const other = await t.http().get('/api/v1/enti/c_h501/anagrafica/2025/capitoli').set(bearer(key)).expect(200);
    expect(other.body.items).toEqual([]);
    await t.http().get(`${base}/uffici`).set(bearer(keyB)).expect(403);
    const milano = await t.http().get('/api/v1/enti/c_f205/anagrafica/2024/uffici').set(bearer(keyB)).expect(200);
    expect(milano.body.items).toEqual([]);
    await t.http().get('/api/v1/enti/c_x999/anagrafica/2024/uffici').set(admin).expect(404);
  });

  it('imports a CSV: applies the good rows, lists the bad ones by row number, and a second import changes nothing', async () => {
    const file = csv(
      HEADER,
      'CAPITOLO;E.3.02.02.01;Tributo provinciale TEFA;UFF-SOC;;2024',
      'UFFICIO;UFF-SOC;Servizi sociali;;;2024',
      'CAPITOLO;E.2.01;Capitolo senza ufficio;UFF-NESSUNO;;2024',
      'ACCERTAMENTO;ACC-2024-30;TEFA 2024;;E.3.02.02.01;2024',
      'UFFICIO;UFF-2025;Ufficio di un altro anno;;;2025',
      'SPESA;X;y;;;2024',
    );
    const first = await t.http().post(`${base}/import`).set(bearer(key)).attach('file', file, 'anagrafica.csv').expect(200);
    expect(first.body).toMatchObject({ righeLette: 6, applicate: 3, invariate: 0, scartate: 3 });
    expect(first.body.errori.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [4, 'UFFICIO_UNKNOWN'],
      [6, 'ANNO_MISMATCH'],
      [7, 'INVALID_TIPO'],
    ]);
    expect(first.body.errori[0].message).toMatch(/^row 4: ufficio "UFF-NESSUNO" does not exist/);
    const capitoli = await t.http().get(`${base}/capitoli`).set(bearer(key)).expect(200);
    expect(capitoli.body.items.map((c: { codCapitolo: string }) => c.codCapitolo)).toContain('E.3.02.02.01');

    const again = await t.http().post(`${base}/import`).set(bearer(key)).attach('file', file, 'anagrafica.csv').expect(200);
    expect(again.body).toMatchObject({ applicate: 0, invariate: 3, scartate: 3 });
    expect(again.body.position).toBe(first.body.position);
  });

  it('refuses a file it cannot read as a whole, and a file over the size cap with 413', async () => {
    const header = await t.http().post(`${base}/import`).set(bearer(key)).attach('file', csv('codice;descrizione', 'A;b'), 'a.csv').expect(400);
    expect(header.body).toMatchObject({ error: 'INVALID_HEADER', field: 'file' });
    const latin1 = Buffer.concat([Buffer.from(`${HEADER}\r\nUFFICIO;UFF-Z;Attivit`), Buffer.from([0xe0]), Buffer.from(';;;2024\r\n')]);
    expect((await t.http().post(`${base}/import`).set(bearer(key)).attach('file', latin1, 'a.csv').expect(400)).body.error).toBe('INVALID_ENCODING');
    const missing = await t.http().post(`${base}/import`).set(bearer(key)).expect(400);
    expect(missing.body.error).toBe('FILE_MISSING');
    const big = Buffer.alloc(6 * 1024 * 1024, 'a');
    const tooLarge = await t.http().post(`${base}/import`).set(bearer(key)).attach('file', big, 'big.csv');
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error).toBe('FILE_TOO_LARGE');
  });
});
