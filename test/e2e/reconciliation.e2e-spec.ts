import { bearer, ENTE_A, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';
import { frXml, opiXml, pagatiZip, paidPosition, type Paid } from '../fixtures/reconciliation/scenario';
import { eventually } from '../../src/accertamenti/testing/paid-positions';

// The same outcome with the process on the request loop or in a projection thread (the embedded default).
describe.each([
  ['on the main event loop', '0'],
  ['in a projection thread', '2'],
])('reconciliation end to end (process %s): uploads → process → views, positions, operator actions', (_where, threads) => {
  let t: TestApp;
  let key: string;
  let p1: Paid;
  let p2: Paid;
  let pos: string;
  const base = `/api/v1/enti/${ENTE_A.codIpa}`;
  const IUF = '2030-03-06BCITITMM-0001';

  beforeAll(async () => {
    t = await startTestApp({ QUADRA_PROJECTION_THREADS: threads });
    key = await registerEnteWithKey(t, ENTE_A);
    p1 = await paidPosition(t, key, ENTE_A.codIpa, 'TARI-1', 14792);
    p2 = await paidPosition(t, key, ENTE_A.codIpa, 'TARI-2', 5000);
    await t.http().post(`${base}/rendicontazioni`).set(bearer(key)).attach('file', Buffer.from(frXml({ iuf: IUF, cfEnte: ENTE_A.cfEnte, rows: [{ iuv: p1.iuv, iur: p1.iur, amount: p1.amount }] })), 'fr.xml').expect(200);
    const opi = opiXml([
      { numeroBolletta: 1, numeroDocumento: 1, dataMovimento: '2030-03-07', importo: 14792, ordinante: 'Intesa Sanpaolo', iuf: IUF },
      { numeroBolletta: 2, numeroDocumento: 2, dataMovimento: '2030-03-07', importo: 999, ordinante: 'Sconosciuto', causale: 'BONIFICO GENERICO' },
    ]);
    const res = await t.http().post(`${base}/tesoreria`).set(bearer(key)).attach('file', Buffer.from(opi), 'gdc.xml').expect(200);
    pos = res.headers['x-quadra-position'];
  });
  afterAll(() => t.close());

  const get = (path: string, q: Record<string, string> = {}) => t.http().get(`${base}/${path}`).set(bearer(key)).query({ minPosition: pos, ...q });

  it('shows the matched payment in riconciliazione with RT, FR and treasury columns side by side', async () => {
    const res = await get('riconciliazione', { iuv: p1.iuv }).expect(200);
    expect(res.body.items.map((r: { classificazione: string }) => r.classificazione).sort()).toEqual(['RT_IUF', 'RT_IUF_TES']);
    expect(res.body.items[0]).toMatchObject({ iud: 'TARI-1', iuv: p1.iuv, iur: p1.iur, importoRt: '147.92', importoFr: '147.92', iuf: IUF, importoTesoreria: '147.92', anagraficaVersante: 'Luigi Verdi', attestante: 'Intesa Sanpaolo' });
    expect(res.body.items[0].spiegazione.motivo).toMatch(/147.92/);
  });

  it('shows the unreported RT and the unknown movement in anomalie, filterable by classificazione', async () => {
    const res = await get('anomalie').expect(200);
    const pairs = res.body.items.map((r: { classificazione: string; iuv?: string }) => `${r.classificazione}:${r.iuv ?? '-'}`).sort();
    expect(pairs).toEqual([`RT_NO_IUF:${p2.iuv}`, 'TES_NO_MATCH:-']);
    const only = await get('anomalie', { classificazione: 'TES_NO_MATCH' }).expect(200);
    expect(only.body).toMatchObject({ total: 1, items: [{ importoTesoreria: '9.99', causale: expect.stringContaining('BONIFICO GENERICO') }] });
    await get('anomalie', { classificazione: 'RT_IUF' }).expect(400);
    const big = await get('anomalie', { pageSize: '201' }).expect(400);
    expect(big.body.error).toBe('PAGE_SIZE_TOO_LARGE');
    await get('anomalie', { colore: 'rosso' }).expect(400);
  });

  it('lists ricevute, rendicontazioni and the giornale di cassa, with causale "contains"', async () => {
    expect((await get('ricevute').expect(200)).body.total).toBe(2);
    expect((await get('rendicontazioni').expect(200)).body.items).toEqual([expect.objectContaining({ iuv: p1.iuv, iuf: IUF, codes: 'RT_IUF_TES,RT_IUF' })]);
    const tes = await get('tesoreria', { causale: 'generico' }).expect(200);
    expect(tes.body.total).toBe(1);
  });

  it('appends reported, cashed and reconciled to the matched position, once', async () => {
    const events = async () => (await t.http().get(`${base}/dovuti/TARI-1/events`).set(bearer(key)).expect(200)).body as { type: string; data: { codes?: string[] } }[];
    const types = (await events()).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['PositionReported', 'PositionCashed', 'PositionReconciled']));
    // The FR and the journal may land in one batch of the process or in two (then RT_IUF is told first): the latest classification counts.
    expect((await events()).filter((e) => e.type === 'PositionReconciled').pop()!.data.codes).toEqual(['RT_IUF', 'RT_IUF_TES']);
    // The same FR again (duplicate) and the same journal again: nothing new on the position.
    const again = await t.http().post(`${base}/tesoreria`).set(bearer(key)).attach('file', Buffer.from(opiXml([{ numeroBolletta: 1, numeroDocumento: 1, dataMovimento: '2030-03-07', importo: 14792, ordinante: 'Intesa Sanpaolo', iuf: IUF }])), 'gdc.xml').expect(200);
    await get('riconciliazione', { minPosition: again.headers['x-quadra-position'] }).expect(200);
    expect((await events()).map((e) => e.type)).toEqual(types);
  });

  it('a bad file changes nothing already reconciled', async () => {
    const before = (await get('riconciliazione').expect(200)).body;
    const xml = frXml({ iuf: IUF, cfEnte: ENTE_A.cfEnte, rows: [{ iuv: p1.iuv, iur: p1.iur, amount: 1 }], dataOraFlusso: '2030-03-09T08:00:00' });
    await t.http().post(`${base}/rendicontazioni`).set(bearer(key)).attach('file', Buffer.from(xml.slice(0, 300)), 'fr.xml').expect(400);
    expect((await get('riconciliazione').expect(200)).body).toEqual(before);
  });

  it('hides and shows a row, adds segnalazioni, keeps the history', async () => {
    const row = (await get('anomalie', { classificazione: 'RT_NO_IUF' }).expect(200)).body.items[0];
    const hide = await t.http().post(`${base}/riconciliazione/${row.rowId}/nascondi`).set(bearer(key)).expect(200);
    expect((await get('anomalie', { minPosition: hide.headers['x-quadra-position'], classificazione: 'RT_NO_IUF' }).expect(200)).body.total).toBe(0);
    expect((await get('anomalie', { minPosition: hide.headers['x-quadra-position'], nascosti: 'true' }).expect(200)).body.items).toEqual([expect.objectContaining({ rowId: row.rowId, hidden: true })]);
    await t.http().post(`${base}/riconciliazione/${row.rowId}/segnalazioni`).set(bearer(key)).send({ testo: 'x'.repeat(2001) }).expect(400);
    const note = await t.http().post(`${base}/riconciliazione/${row.rowId}/segnalazioni`).set(bearer(key)).send({ testo: 'PSP contattato per il riversamento' }).expect(201);
    const show = await t.http().post(`${base}/riconciliazione/${row.rowId}/mostra`).set(bearer(key)).expect(200);
    const p = show.headers['x-quadra-position'];
    expect(BigInt(p)).toBeGreaterThan(BigInt(note.headers['x-quadra-position']));
    const visible = (await get('anomalie', { minPosition: p, classificazione: 'RT_NO_IUF' }).expect(200)).body.items[0];
    expect(visible).toMatchObject({ hidden: false, segnalazioni: 1 });
    const storico = (await get('segnalazioni', { minPosition: p }).expect(200)).body;
    expect(storico.items).toEqual([expect.objectContaining({ rowId: row.rowId, text: 'PSP contattato per il riversamento', author: expect.stringContaining('api-key:') })]);
    const detail = (await t.http().get(`${base}/riconciliazione/righe/${row.rowId}`).set(bearer(key)).expect(200)).body;
    expect(detail.storico.map((h: { type: string }) => h.type)).toEqual(['ReconciliationRowHidden', 'SegnalazioneAdded', 'ReconciliationRowShown']);
    await t.http().post(`${base}/riconciliazione/nope/nascondi`).set(bearer(key)).expect(404);
  });

  it('books an export, records its completion, and serves the zipped ";" CSV', async () => {
    const booked = await t.http().post(`${base}/riconciliazione/export`).set(bearer(key)).send({ iuv: p1.iuv }).expect(202);
    const id = booked.body.id as string;
    let status = { stato: '' } as { stato: string; download?: string; righe?: number };
    for (let i = 0; i < 50 && status.stato !== 'completato'; i++) {
      status = (await t.http().get(`${base}/riconciliazione/export/${id}`).set(bearer(key)).expect(200)).body;
      if (status.stato !== 'completato') await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toMatchObject({ stato: 'completato', righe: 2, download: `${base}/riconciliazione/export/${id}/file` });
    const file = await t.http().get(status.download!).set(bearer(key)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const { unzipSync, strFromU8 } = await import('fflate');
    const csv = strFromU8(Object.values(unzipSync(new Uint8Array(file.body as Buffer)))[0]);
    const [header, ...rows] = csv.trim().split('\r\n');
    expect(header.split(';').slice(0, 4)).toEqual(['classificazione', 'iud', 'iuv', 'iur']);
    expect(rows.map((r) => r.split(';')[0]).sort()).toEqual(['RT_IUF', 'RT_IUF_TES']);
    expect(rows[0]).toContain('147.92');
    await t.http().post(`${base}/riconciliazione/export`).set(bearer(key)).send({ dataEsitoDa: 'ieri' }).expect(400);
  });

  it('an export of one anomaly code (booked from the Anomalie page) completes with the rows of that code only', async () => {
    const booked = await t.http().post(`${base}/riconciliazione/export`).set(bearer(key)).send({ classificazione: 'IUV_NO_RT' }).expect(202);
    const id = booked.body.id as string;
    let status = { stato: '' } as { stato: string; righe?: number };
    for (let i = 0; i < 50 && !['completato', 'fallito'].includes(status.stato); i++) {
      status = (await t.http().get(`${base}/riconciliazione/export/${id}`).set(bearer(key)).expect(200)).body;
      if (!['completato', 'fallito'].includes(status.stato)) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status.stato).toBe('completato');
    const anomalies = await t.http().get(`${base}/anomalie?classificazione=IUV_NO_RT&nascosti=tutti`).set(bearer(key)).expect(200);
    expect(status.righe).toBe(anomalies.body.total);
  });

  it('with pagati notificati on, a payment whose money is in the treasury rests cashed until the gestionale notifies it, then is reconciled', async () => {
    await t.http().put(`${base}/riconciliazione/impostazioni`).set(bearer(key)).send({ notificheAttive: true }).expect(200);
    const p3 = await paidPosition(t, key, ENTE_A.codIpa, 'TARI-3', 2500);
    const IUF3 = '2030-03-08BCITITMM-0003';
    await t.http().post(`${base}/rendicontazioni`).set(bearer(key)).attach('file', Buffer.from(frXml({ iuf: IUF3, cfEnte: ENTE_A.cfEnte, rows: [{ iuv: p3.iuv, iur: p3.iur, amount: p3.amount }] })), 'fr3.xml').expect(200);
    await t.http().post(`${base}/tesoreria`).set(bearer(key)).attach('file', Buffer.from(opiXml([{ numeroBolletta: 3, numeroDocumento: 3, dataMovimento: '2030-03-09', importo: 2500, ordinante: 'Intesa Sanpaolo', iuf: IUF3 }])), 'gdc3.xml').expect(200);
    const dovuto = () => t.http().get(`${base}/dovuti/TARI-3`).set(bearer(key));
    expect((await eventually(dovuto, (r) => r.body.stato === 'cashed')).body.stato).toBe('cashed');
    const anomalie = await eventually(() => get('anomalie', { iuv: p3.iuv }), (r) => r.body.total > 0);
    expect(anomalie.body.items.map((r: { classificazione: string }) => r.classificazione)).toEqual(['RT_NO_IUD']);

    const zip = pagatiZip(ENTE_A.codIpa, [{ iud: 'TARI-3', iuv: p3.iuv, amount: p3.amount }], '0003');
    await t.http().post(`${base}/pagati-notificati`).set(bearer(key)).attach('file', zip.bytes, zip.name).expect(200);
    expect((await eventually(dovuto, (r) => r.body.stato === 'reconciled')).body.stato).toBe('reconciled');
    const events = (await t.http().get(`${base}/dovuti/TARI-3/events`).set(bearer(key)).expect(200)).body as { type: string; data: { codes?: string[] } }[];
    expect(events.filter((e) => e.type === 'PositionReconciled').pop()!.data.codes).toContain('IUD_RT_IUF_TES');
  });
});
