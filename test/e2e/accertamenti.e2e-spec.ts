import { eventually, paidPosition } from '../../src/accertamenti/testing/paid-positions';
import { bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const paid = { paidAt: '2024-03-05T10:00:00+01:00', dataRegolamento: '2024-03-06', dataValuta: '2024-03-07' };

describe('accertamenti over REST: from paid payments to assessed positions', () => {
  let t: TestApp;
  let key: string;
  let keyB: string;
  const base = '/api/v1/enti/c_h501/accertamenti';
  const ana = '/api/v1/enti/c_h501/anagrafica';

  beforeAll(async () => {
    t = await startTestApp();
    key = await registerEnteWithKey(t, ENTE_A, ['TARI', 'MENSA']);
    keyB = await registerEnteWithKey(t, ENTE_B);
    const post = (url: string, body: object, k = key) => t.http().post(url).set(bearer(k)).send(body).expect(201);
    // Given: the anagrafica of 2024 (and a capitolo that exists only in 2023, and one only at Milano)
    await post(`${ana}/2024/uffici`, { codUfficio: 'UFF-TRIB', denominazione: 'Ufficio Tributi' });
    await post(`${ana}/2024/capitoli`, { codCapitolo: 'E.1.01.01.51', descrizione: 'TARI', codUfficio: 'UFF-TRIB' });
    await post(`${ana}/2024/capitoli`, { codCapitolo: 'E.3.02.02.01', descrizione: 'TEFA', codUfficio: 'UFF-TRIB' });
    await post(`${ana}/2024/accertamenti-contabili`, { codAccertamento: 'ACC-2024-17', descrizione: 'Ruolo TARI 2024', codCapitolo: 'E.1.01.01.51' });
    await post(`${ana}/2023/uffici`, { codUfficio: 'UFF-TRIB', denominazione: 'Ufficio Tributi' });
    await post(`${ana}/2023/capitoli`, { codCapitolo: 'E.9.OLD', descrizione: 'Vecchio', codUfficio: 'UFF-TRIB' });
    await post('/api/v1/enti/c_f205/anagrafica/2024/uffici', { codUfficio: 'UFF-TRIB', denominazione: 'Tributi Milano' }, keyB);
    await post('/api/v1/enti/c_f205/anagrafica/2024/capitoli', { codCapitolo: 'E.MI.1', descrizione: 'Milano', codUfficio: 'UFF-TRIB' }, keyB);
    // ... and payments
    const bilancio = [
      { codCapitolo: 'E.1.01.01.51', codUfficio: 'UFF-TRIB', codAccertamento: 'ACC-2024-17', importo: '140.00' },
      { codCapitolo: 'E.3.02.02.01', codUfficio: 'UFF-TRIB', importo: '7.92' },
    ];
    await paidPosition(t, 'c_h501', key, { iud: 'D-1', importo: '147.92', bilancio, ...paid });
    await paidPosition(t, 'c_h501', key, { iud: 'D-2', importo: '50.00', ...paid });
    await paidPosition(t, 'c_h501', key, { iud: 'D-3', tipoDovuto: 'MENSA', importo: '20.00', ...paid });
    await paidPosition(t, 'c_h501', key, { iud: 'D-4', importo: '10.00', paidAt: paid.paidAt });
    await paidPosition(t, 'c_h501', key, { iud: 'D-5', importo: '30.00' });
    await t.http().post(base).set(bearer(key)).send({ id: 'ACC-A', codTipoDovuto: 'TARI', anno: 2024, descrizione: 'TARI 2024, marzo' }).expect(201);
  });
  afterAll(() => t.close());

  const add = (id: string, body: object) => t.http().post(`${base}/${id}/pagamenti`).set(bearer(key)).send(body);
  const revisionOf = async (id: string) => (await t.http().get(`/api/v1/enti/c_h501/accertamenti/${id}`).set(bearer(key))).body;

  it('refuses every bad payment with a clear error, and changes nothing', async () => {
    const before = (await add('ACC-A', { iud: 'NOPE', splits: [] }).expect(400)).body;
    expect(before.field).toBe('splits');
    const sum = await add('ACC-A', { iud: 'D-2', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: '30.00' }, { codUfficio: 'UFF-TRIB', codCapitolo: 'E.3.02.02.01', importo: '10.00' }] }).expect(400);
    expect(sum.body).toMatchObject({ error: 'SPLIT_SUM_MISMATCH', field: 'splits', details: { expected: 5000, actual: 4000 } });
    expect(sum.body.message).toContain('add up to 40.00 euros, the payment is 50.00 euros');
    const otherYear = await add('ACC-A', { iud: 'D-2', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.9.OLD', importo: '50.00' }] }).expect(400);
    expect(otherYear.body).toMatchObject({ error: 'CAPITOLO_UNKNOWN', field: 'splits[0].codCapitolo' });
    expect(otherYear.body.message).toContain('does not exist for ente c_h501 in 2024');
    const otherEnte = await add('ACC-A', { iud: 'D-2', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.MI.1', importo: '50.00' }] }).expect(400);
    expect(otherEnte.body.error).toBe('CAPITOLO_UNKNOWN');
    const otherTipo = await add('ACC-A', { iud: 'D-3', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: '20.00' }] }).expect(400);
    expect(otherTipo.body).toMatchObject({ error: 'PAYMENT_OF_OTHER_TIPO_DOVUTO', details: { expected: 'TARI', actual: 'MENSA' } });
    const notCashed = await add('ACC-A', { iud: 'D-4', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: '10.00' }] }).expect(409);
    expect(notCashed.body).toMatchObject({ error: 'PAYMENT_NOT_REPORTED_OR_CASHED', details: { missing: ['reported', 'cashed'] } });
    expect((await add('ACC-A', { iud: 'D-5', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: '30.00' }] }).expect(409)).body.error).toBe('PAYMENT_NOT_PAID');
    expect((await add('ACC-A', { iud: 'D-2' }).expect(400)).body.error).toBe('SPLITS_REQUIRED');
    expect((await add('ACC-A', { iud: 'NOPE', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: '1.00' }] }).expect(404)).body.error).toBe('DOVUTO_NOT_FOUND');
    expect((await add('ACC-A', { iud: 'D-2', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: '50.001' }] }).expect(400)).body.field).toBe('splits.0.importo');
    expect((await add('ACC-NONE', { iud: 'D-2' }).expect(404)).body.error).toBe('ACCERTAMENTO_NOT_FOUND');
    const stream = await t.http().get(`${base}/ACC-A`).set(bearer(key)).expect(200);
    expect(stream.body).toMatchObject({ stato: 'APERTO', numeroPagamenti: 0, totale: '0.00' });
  });

  it('refuses an accertamento for a tipo dovuto the ente does not have, and closing an empty one', async () => {
    const tipo = await t.http().post(base).set(bearer(key)).send({ codTipoDovuto: 'ZTL', anno: 2024, descrizione: 'x' }).expect(400);
    expect(tipo.body).toMatchObject({ error: 'TIPO_DOVUTO_UNKNOWN', field: 'codTipoDovuto' });
    const year = await t.http().post(base).set(bearer(key)).send({ codTipoDovuto: 'TARI', anno: 1999, descrizione: 'x' }).expect(400);
    expect(year.body.error).toBe('ANNO_OUT_OF_RANGE');
    const created = await t.http().post(base).set(bearer(key)).send({ codTipoDovuto: 'TARI', anno: 2024, descrizione: 'Vuoto' }).expect(201);
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const empty = await t.http().post(`${base}/${created.body.id}/chiudi`).set(bearer(key)).expect(409);
    expect(empty.body).toMatchObject({ error: 'ACCERTAMENTO_EMPTY' });
    expect((await t.http().get(`${base}/${created.body.id}?minPosition=${created.body.position}`).set(bearer(key)).expect(200)).body.stato).toBe('APERTO');
  });

  it('adds payments (bilancio pre-fill or explicit splits), closes, and the positions end assessed; closed ones cannot change', async () => {
    const d1 = await add('ACC-A', { iud: 'D-1' }).expect(201);
    expect(d1.body).toMatchObject({ numeroPagamenti: 1, totale: '147.92', changed: true });
    await add('ACC-A', { iud: 'D-2', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: '30.00' }, { codUfficio: 'UFF-TRIB', codCapitolo: 'E.3.02.02.01', importo: '20.00' }] }).expect(201);
    // Adding the same again is a repeat; removing and re-adding works while it is open
    expect((await add('ACC-A', { iud: 'D-1' }).expect(201)).body.changed).toBe(false);
    await t.http().delete(`${base}/ACC-A/pagamenti/D-1`).set(bearer(key)).expect(200);
    const readded = await add('ACC-A', { iud: 'D-1' }).expect(201);

    const disponibili = await t.http().get(`${base}/pagamenti-disponibili?anno=2024&tipoDovuto=TARI&minPosition=${readded.body.position}`).set(bearer(key)).expect(200);
    expect(disponibili.body.items.map((p: { iud: string; inAccertamentiAperti: string[] }) => [p.iud, p.inAccertamentiAperti])).toEqual([
      ['D-1', ['ACC-A']],
      ['D-2', ['ACC-A']],
    ]);
    const tutti = await t.http().get(`${base}/pagamenti-disponibili?tipoDovuto=TARI&tutti=true`).set(bearer(key)).expect(200);
    expect(tutti.body.items.map((p: { iud: string }) => p.iud)).toEqual(['D-1', 'D-2', 'D-4']);

    // Another open accertamento may hold D-1 too, until one of them closes
    await t.http().post(base).set(bearer(key)).send({ id: 'ACC-B', codTipoDovuto: 'TARI', anno: 2024, descrizione: 'TARI 2024, doppione' }).expect(201);
    await add('ACC-B', { iud: 'D-1' }).expect(201);

    const closed = await t.http().post(`${base}/ACC-A/chiudi`).set(bearer(key)).expect(200);
    expect(closed.body).toMatchObject({ stato: 'CHIUSO', numeroPagamenti: 2, totale: '197.92' });

    const detail = await t.http().get(`${base}/ACC-A?minPosition=${closed.body.position}`).set(bearer(key)).expect(200);
    expect(detail.body).toMatchObject({ stato: 'CHIUSO', totale: '197.92', closedAt: expect.any(String) });
    expect(detail.body.pagamenti.find((p: { iud: string }) => p.iud === 'D-1')).toMatchObject({
      importo: '147.92',
      dataEsito: '2024-03-05',
      dataRegolamento: '2024-03-06',
      dataValuta: '2024-03-07',
      splits: [
        { codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', codAccertamento: 'ACC-2024-17', importo: '140.00' },
        { codUfficio: 'UFF-TRIB', codCapitolo: 'E.3.02.02.01', importo: '7.92' },
      ],
    });

    // The process manager appends PositionAssessed to each included position
    for (const iud of ['D-1', 'D-2']) {
      const res = await eventually(
        () => t.http().get(`/api/v1/enti/c_h501/dovuti/${iud}`).set(bearer(key)),
        (r) => r.body.stato === 'assessed',
      );
      expect(res.body).toMatchObject({ stato: 'assessed', accertamento: { accertamentoId: 'ACC-A', anno: 2024 } });
    }

    // A payment of a closed accertamento goes nowhere else
    const again = await add('ACC-B', { iud: 'D-2', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: '50.00' }] }).expect(409);
    expect(again.body).toMatchObject({ error: 'PAYMENT_IN_CLOSED_ACCERTAMENTO', details: { accertamentoId: 'ACC-A' } });
    const clash = await t.http().post(`${base}/ACC-B/chiudi`).set(bearer(key)).expect(409);
    expect(clash.body).toMatchObject({ error: 'PAYMENT_IN_CLOSED_ACCERTAMENTO', details: { paymentKey: 'c_h501|D-1', accertamentoId: 'ACC-A' } });

    // Closed is final
    expect((await t.http().post(`${base}/ACC-A/annulla`).set(bearer(key)).send({ motivo: 'errore' }).expect(409)).body.error).toBe('ACCERTAMENTO_CLOSED');
    expect((await t.http().delete(`${base}/ACC-A/pagamenti/D-1`).set(bearer(key)).expect(409)).body.error).toBe('ACCERTAMENTO_CLOSED');
    expect((await t.http().post(`${base}/ACC-A/chiudi`).set(bearer(key)).expect(409)).body.error).toBe('ACCERTAMENTO_CLOSED');
    const unchanged = await t.http().get(`${base}/ACC-A`).set(bearer(key)).expect(200);
    expect(unchanged.body).toMatchObject({ stato: 'CHIUSO', numeroPagamenti: 2, lastPosition: detail.body.lastPosition });

    // ACC-B can still be cancelled
    const cancelled = await t.http().post(`${base}/ACC-B/annulla`).set(bearer(key)).send({ motivo: 'doppione' }).expect(200);
    expect(cancelled.body.stato).toBe('ANNULLATO');

    const after = await t.http().get(`${base}/pagamenti-disponibili?tipoDovuto=TARI&tutti=true&minPosition=${cancelled.body.position}`).set(bearer(key)).expect(200);
    expect(after.body.items.map((p: { iud: string }) => p.iud)).toEqual(['D-4']);
    const list = await t.http().get(`${base}?stato=ANNULLATO&minPosition=${cancelled.body.position}`).set(bearer(key)).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: 'ACC-B', motivoAnnullamento: 'doppione', numeroPagamenti: 1 })]);
    const byText = await t.http().get(`${base}?text=marzo&anno=2024&tipoDovuto=TARI`).set(bearer(key)).expect(200);
    expect(byText.body.items.map((i: { id: string }) => i.id)).toEqual(['ACC-A']);
  });

  it('a retried create with the same Idempotency-Key creates once and answers the same', async () => {
    const body = { codTipoDovuto: 'TARI', anno: 2025, descrizione: 'TARI 2025' };
    const first = await t.http().post(base).set(bearer(key)).set('Idempotency-Key', 'acc-2025-1').send(body).expect(201);
    const retry = await t.http().post(base).set(bearer(key)).set('Idempotency-Key', 'acc-2025-1').send(body).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    const list = await t.http().get(`${base}?anno=2025&minPosition=${first.body.position}`).set(bearer(key)).expect(200);
    expect(list.body.total).toBe(1);
  });

  it('keeps each ente to its own accertamenti', async () => {
    await t.http().get(`${base}/ACC-A`).set(bearer(keyB)).expect(403);
    await t.http().get('/api/v1/enti/c_f205/accertamenti/ACC-A').set(bearer(keyB)).expect(404);
    const listB = await t.http().get('/api/v1/enti/c_f205/accertamenti').set(bearer(keyB)).expect(200);
    expect(listB.body.total).toBe(0);
    await t.http().get(`${base}?colore=blu`).set(bearer(key)).expect(400);
  });
});
