import { eventually, paidPosition } from '../../src/accertamenti/testing/paid-positions';
import { bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

describe('statistiche over REST: the full flow from anagrafica to the amounts per capitolo', () => {
  let t: TestApp;
  let key: string;
  let keyB: string;
  let last = '0';
  const stats = '/api/v1/enti/c_h501/statistiche';

  beforeAll(async () => {
    t = await startTestApp();
    key = await registerEnteWithKey(t, ENTE_A, ['TARI']);
    keyB = await registerEnteWithKey(t, ENTE_B);
    const post = (url: string, body: object) => t.http().post(url).set(bearer(key)).send(body).expect(201);
    const ana = '/api/v1/enti/c_h501/anagrafica/2024';
    await post(`${ana}/uffici`, { codUfficio: 'UFF-TRIB', denominazione: 'Ufficio Tributi' });
    await post(`${ana}/capitoli`, { codCapitolo: 'E.1.01.01.51', descrizione: 'TARI', codUfficio: 'UFF-TRIB' });
    await post(`${ana}/capitoli`, { codCapitolo: 'E.3.02.02.01', descrizione: 'TEFA', codUfficio: 'UFF-TRIB' });
    await post(`${ana}/accertamenti-contabili`, { codAccertamento: 'ACC-2024-17', descrizione: 'Ruolo TARI 2024', codCapitolo: 'E.1.01.01.51' });
    // One payment in March; one paid at 22:30 UTC on 31 March (1 April in Rome), reported and cashed in April; one in April not assessed
    await paidPosition(t, 'c_h501', key, { iud: 'S-1', importo: '147.92', paidAt: '2024-03-05T10:00:00+01:00', dataRegolamento: '2024-03-06', dataValuta: '2024-03-07' });
    await paidPosition(t, 'c_h501', key, { iud: 'S-2', importo: '50.00', paidAt: '2024-03-31T22:30:00Z', dataRegolamento: '2024-04-02', dataValuta: '2024-04-03' });
    await paidPosition(t, 'c_h501', key, { iud: 'S-3', importo: '10.00', paidAt: '2024-04-10T09:00:00+02:00', dataRegolamento: '2024-04-11', dataValuta: '2024-04-12' });
    const acc = '/api/v1/enti/c_h501/accertamenti';
    await post(acc, { id: 'ACC-1', codTipoDovuto: 'TARI', anno: 2024, descrizione: 'TARI 2024' });
    await post(`${acc}/ACC-1/pagamenti`, {
      iud: 'S-1',
      splits: [
        { codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', codAccertamento: 'ACC-2024-17', importo: '140.00' },
        { codUfficio: 'UFF-TRIB', codCapitolo: 'E.3.02.02.01', importo: '7.92' },
      ],
    });
    await post(`${acc}/ACC-1/pagamenti`, { iud: 'S-2', splits: [{ codUfficio: 'UFF-TRIB', codCapitolo: 'E.1.01.01.51', importo: '50.00' }] });
    last = (await t.http().post(`${acc}/ACC-1/chiudi`).set(bearer(key)).expect(200)).headers['x-quadra-position'];
  });
  afterAll(() => t.close());

  it('the positions of the closed accertamento end assessed', async () => {
    for (const iud of ['S-1', 'S-2']) {
      const res = await eventually(() => t.http().get(`/api/v1/enti/c_h501/dovuti/${iud}`).set(bearer(key)), (r) => r.body.stato === 'assessed');
      expect(res.body.stato).toBe('assessed');
    }
    expect((await t.http().get('/api/v1/enti/c_h501/dovuti/S-3').set(bearer(key)).expect(200)).body.stato).toBe('cashed');
  });

  it('per capitolo and month: each split by its data esito, regolamento and valuta', async () => {
    const res = await t.http().get(`${stats}/capitoli?granularita=mese&da=2024-01-01&a=2024-12-31&minPosition=${last}`).set(bearer(key)).expect(200);
    expect(res.body).toMatchObject({ codIpa: 'c_h501', dimensione: 'capitoli', granularita: 'mese', da: '2024-01-01', a: '2024-12-31' });
    const m = (amount: string, count: number) => ({ amount, count });
    expect(res.body.items).toEqual([
      { period: '2024-03', dimensionValue: 'E.1.01.01.51', paid: m('140.00', 1), reported: m('140.00', 1), cashed: m('140.00', 1) },
      { period: '2024-03', dimensionValue: 'E.3.02.02.01', paid: m('7.92', 1), reported: m('7.92', 1), cashed: m('7.92', 1) },
      // S-2 was paid at 00:30 of 1 April in Rome: an April payment
      { period: '2024-04', dimensionValue: 'E.1.01.01.51', paid: m('50.00', 1), reported: m('50.00', 1), cashed: m('50.00', 1) },
    ]);
  });

  it('totals count every payment, assessed or not; uffici, tipi dovuto and accertamenti only closed ones', async () => {
    const totali = await t.http().get(`${stats}/totali?granularita=anno&da=2024-01-01&a=2024-12-31&minPosition=${last}`).set(bearer(key)).expect(200);
    expect(totali.body.items).toEqual([
      { period: '2024', dimensionValue: '', paid: { amount: '207.92', count: 3 }, reported: { amount: '207.92', count: 3 }, cashed: { amount: '207.92', count: 3 } },
    ]);
    const tipi = await t.http().get(`${stats}/tipi-dovuto?granularita=anno&da=2024-01-01&a=2024-12-31`).set(bearer(key)).expect(200);
    expect(tipi.body.items).toEqual([expect.objectContaining({ dimensionValue: 'TARI', paid: { amount: '197.92', count: 2 } })]);
    const uffici = await t.http().get(`${stats}/uffici?granularita=anno&da=2024-01-01&a=2024-12-31`).set(bearer(key)).expect(200);
    expect(uffici.body.items).toEqual([expect.objectContaining({ dimensionValue: 'UFF-TRIB', paid: { amount: '197.92', count: 2 } })]);
    const accertamenti = await t.http().get(`${stats}/accertamenti?granularita=anno&da=2024-01-01&a=2024-12-31`).set(bearer(key)).expect(200);
    expect(accertamenti.body.items).toEqual([expect.objectContaining({ dimensionValue: 'ACC-2024-17', paid: { amount: '140.00', count: 1 } })]);
    const day = await t.http().get(`${stats}/totali?granularita=giorno&da=2024-04-01&a=2024-04-01`).set(bearer(key)).expect(200);
    // S-2 was paid at 00:30 of 1 April in Rome
    expect(day.body.items).toEqual([expect.objectContaining({ period: '2024-04-01', paid: { amount: '50.00', count: 1 } })]);
  });

  it('downloads the same as CSV with Accept: text/csv', async () => {
    const res = await t.http().get(`${stats}/capitoli?granularita=mese&da=2024-01-01&a=2024-12-31&minPosition=${last}`).set(bearer(key)).set('Accept', 'text/csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('statistiche-c_h501-capitoli-2024-01-01-2024-12-31.csv');
    expect(res.text.split('\r\n')).toEqual([
      'Periodo;Capitolo;Importo pagato;Numero pagati;Importo rendicontato;Numero rendicontati;Importo incassato;Numero incassati',
      '2024-03;E.1.01.01.51;140.00;1;140.00;1;140.00;1',
      '2024-03;E.3.02.02.01;7.92;1;7.92;1;7.92;1',
      '2024-04;E.1.01.01.51;50.00;1;50.00;1;50.00;1',
      '',
    ]);
  });

  it('refuses reversed ranges, ranges over 20 years, bad dates and unknown parameters with 400 naming the parameter', async () => {
    const reversed = await t.http().get(`${stats}/totali?da=2024-12-31&a=2024-01-01`).set(bearer(key)).expect(400);
    expect(reversed.body).toMatchObject({ error: 'INVALID_RANGE', field: 'da' });
    expect(reversed.body.message).toContain('da (2024-12-31) is after a (2024-01-01)');
    const long = await t.http().get(`${stats}/totali?granularita=anno&da=2000-01-01&a=2020-01-01`).set(bearer(key)).expect(400);
    expect(long.body).toMatchObject({ error: 'RANGE_TOO_LONG', field: 'a' });
    await t.http().get(`${stats}/totali?granularita=anno&da=2000-01-01&a=2019-12-31`).set(bearer(key)).expect(200);
    expect((await t.http().get(`${stats}/totali?da=2024-02-30&a=2024-12-31`).set(bearer(key)).expect(400)).body).toMatchObject({ error: 'INVALID_DATE', field: 'da' });
    expect((await t.http().get(`${stats}/totali?da=2024-01-01`).set(bearer(key)).expect(400)).body).toMatchObject({ error: 'INVALID_DATE', field: 'a' });
    expect((await t.http().get(`${stats}/totali?granularita=settimana&da=2024-01-01&a=2024-12-31`).set(bearer(key)).expect(400)).body).toMatchObject({ error: 'INVALID_GRANULARITY', field: 'granularita' });
    expect((await t.http().get(`${stats}/colori?da=2024-01-01&a=2024-12-31`).set(bearer(key)).expect(400)).body).toMatchObject({ error: 'UNKNOWN_DIMENSION', field: 'dimensione' });
    expect((await t.http().get(`${stats}/totali?da=2024-01-01&a=2024-12-31&from=x`).set(bearer(key)).expect(400)).body).toMatchObject({ error: 'UNKNOWN_FILTER', field: 'from' });
  });

  it('documents the routes of issue 7 in the OpenAPI description', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/enti/{codIpa}/statistiche/{dimensione}',
        '/api/v1/enti/{codIpa}/accertamenti/{id}/pagamenti',
        '/api/v1/enti/{codIpa}/accertamenti/pagamenti-disponibili',
        '/api/v1/enti/{codIpa}/anagrafica/{anno}/import',
      ]),
    );
  });

  it('another ente sees none of it', async () => {
    await t.http().get(`${stats}/totali?da=2024-01-01&a=2024-12-31`).set(bearer(keyB)).expect(403);
    const milano = await t.http().get(`/api/v1/enti/c_f205/statistiche/totali?da=2024-01-01&a=2024-12-31&minPosition=${last}`).set(bearer(keyB)).expect(200);
    expect(milano.body.items).toEqual([]);
  });
});
