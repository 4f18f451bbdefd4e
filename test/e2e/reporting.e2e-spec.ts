import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { reportingFlowStreamId } from '../../src/reporting/domain/reporting-flow.events';
import { wrapNodoChiediFlussoRendicontazioneRisposta } from '../../src/reporting/producers/flusso-riversamento';
import { admin, bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';
import { frXml, opiXml, pagatiZip, paidPosition, type Paid } from '../fixtures/reconciliation/scenario';

describe('reconciliation sources over REST: FR, giornale di cassa, pagati notificati', () => {
  let t: TestApp;
  let key: string;
  let p1: Paid;
  let p2: Paid;
  const base = `/api/v1/enti/${ENTE_A.codIpa}`;

  beforeAll(async () => {
    t = await startTestApp();
    key = await registerEnteWithKey(t, ENTE_A);
    await registerEnteWithKey(t, ENTE_B);
    p1 = await paidPosition(t, key, ENTE_A.codIpa, 'TARI-1', 14792);
    p2 = await paidPosition(t, key, ENTE_A.codIpa, 'TARI-2', 5000);
  });
  afterAll(() => t.close());

  const flowEvents = (iuf: string) => t.app.get<EventStore>(EVENT_STORE).readStream(reportingFlowStreamId(ENTE_A.codIpa, iuf, 'BCITITMM'));

  it('given an FR upload, when it is sent again, then the second is a duplicate and nothing more is recorded', async () => {
    const xml = frXml({ iuf: '2030-03-06BCITITMM-0001', cfEnte: ENTE_A.cfEnte, rows: [{ iuv: p1.iuv, iur: p1.iur, amount: p1.amount }] });
    const first = await t.http().post(`${base}/rendicontazioni`).set(bearer(key)).attach('file', Buffer.from(xml), 'fr.xml').expect(200);
    expect(first.body).toMatchObject({ iuf: '2030-03-06BCITITMM-0001', idPSP: 'BCITITMM', duplicate: false, righe: 1, anomalie: [] });
    expect(first.headers['x-quadra-position']).toMatch(/^\d+$/);
    const again = await t.http().post(`${base}/rendicontazioni`).set(bearer(key)).attach('file', Buffer.from(xml), 'fr.xml').expect(200);
    expect(again.body.duplicate).toBe(true);
    expect(await flowEvents('2030-03-06BCITITMM-0001')).toHaveLength(1);
  });

  it('accepts the FR base64 inside nodoChiediFlussoRendicontazioneRisposta, posted as text/xml', async () => {
    const xml = frXml({ iuf: '2030-03-06BCITITMM-0002', cfEnte: ENTE_A.cfEnte, rows: [{ iuv: p2.iuv, iur: p2.iur, amount: p2.amount }] });
    const res = await t.http().post(`${base}/rendicontazioni`).set(bearer(key)).set('Content-Type', 'text/xml').send(wrapNodoChiediFlussoRendicontazioneRisposta(xml)).expect(200);
    expect(res.body).toMatchObject({ iuf: '2030-03-06BCITITMM-0002', duplicate: false });
  });

  it('records wrong totals, a foreign receiver and an unknown IUV as anomalies of the flow', async () => {
    const xml = frXml({ iuf: '2030-03-06BCITITMM-0003', cfEnte: ENTE_B.cfEnte, total: 99999, rows: [{ iuv: p1.iuv, iur: 'OTHER', amount: 100 }, { iuv: '01999999999999999', iur: 'X', amount: 200 }] });
    const res = await t.http().post(`${base}/rendicontazioni`).set(bearer(key)).attach('file', Buffer.from(xml), 'fr.xml').expect(200);
    const codes = (res.body.anomalie as { code: string }[]).map((a) => a.code).sort();
    expect(codes).toEqual(['IUV_UNKNOWN', 'TOTAL_AMOUNT_MISMATCH', 'WRONG_RECEIVER']);
    const [event] = await flowEvents('2030-03-06BCITITMM-0003');
    expect((event.data as { anomalies: { code: string; iuv?: string }[] }).anomalies.find((a) => a.code === 'IUV_UNKNOWN')?.iuv).toBe('01999999999999999');
  });

  it('refuses truncated XML with 400 naming the problem, and records nothing', async () => {
    const xml = frXml({ iuf: '2030-03-06BCITITMM-0004', cfEnte: ENTE_A.cfEnte, rows: [{ iuv: p1.iuv, iur: p1.iur, amount: p1.amount }] });
    const res = await t.http().post(`${base}/rendicontazioni`).set(bearer(key)).attach('file', Buffer.from(xml.slice(0, xml.length / 2)), 'fr.xml').expect(400);
    expect(res.body.error).toMatch(/^FR_/);
    expect(res.body.message).toBeTruthy();
    expect(await flowEvents('2030-03-06BCITITMM-0004')).toHaveLength(0);
  });

  it('another ente cannot upload into this ente', async () => {
    const keyB = (await t.http().post(`/api/v1/enti/${ENTE_B.codIpa}/api-keys`).set(admin).send({ label: 'b' }).expect(201)).body.key as string;
    await t.http().post(`${base}/rendicontazioni`).set(bearer(keyB)).attach('file', Buffer.from('<x/>'), 'fr.xml').expect(403);
  });

  it('imports an OPI giornale di cassa once: the same file again counts duplicates', async () => {
    const xml = opiXml([
      { numeroBolletta: 1, numeroDocumento: 1, dataMovimento: '2030-03-07', importo: 14792, ordinante: 'Intesa Sanpaolo', iuf: '2030-03-06BCITITMM-0001' },
      { numeroBolletta: 2, numeroDocumento: 2, dataMovimento: '2030-03-07', importo: 5000, ordinante: 'Intesa Sanpaolo', iuv: p2.iuv },
    ]);
    const first = await t.http().post(`${base}/tesoreria`).set(bearer(key)).attach('file', Buffer.from(xml), 'gdc.xml').expect(200);
    expect(first.body).toMatchObject({ format: 'OPI', recorded: 2, duplicates: 0, negative: 0 });
    const again = await t.http().post(`${base}/tesoreria`).set(bearer(key)).field('format', 'opi').attach('file', Buffer.from(xml), 'gdc.xml').expect(200);
    expect(again.body).toMatchObject({ recorded: 0, duplicates: 2 });
  });

  it('refuses an OPI of an unknown layout, an XLS without its columns and a CSV with a wrong mapping', async () => {
    const opi = opiXml([{ numeroBolletta: 9, numeroDocumento: 9, dataMovimento: '2030-03-07', importo: 100, ordinante: 'X', iuv: p1.iuv }]).replace('<flusso_giornale_di_cassa', '<flusso_giornale_di_cassa_v9').replace('</flusso_giornale_di_cassa>', '</flusso_giornale_di_cassa_v9>');
    const r1 = await t.http().post(`${base}/tesoreria`).set(bearer(key)).attach('file', Buffer.from(opi), 'gdc.xml').expect(400);
    expect(r1.body.error).toMatch(/^OPI_/);

    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['ABI', 'CAB', 'CONTO', 'IMPORTO'], ['03069', '01234', '0001234', 10]]), 'GdC');
    const xls = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const r2 = await t.http().post(`${base}/tesoreria`).set(bearer(key)).attach('file', xls, 'gdc.xlsx').expect(400);
    expect(r2.body.message).toMatch(/DATA_CONTABILE|column/i);

    const csv = 'data contabile;data valuta;importo;causale\n07/03/2030;07/03/2030;12,50;/RFB/' + p1.iuv + '\n';
    const r3 = await t
      .http()
      .post(`${base}/tesoreria`)
      .set(bearer(key))
      .field('format', 'csv')
      .field('dateFormat', 'DD/MM/YYYY')
      .field('mapping', JSON.stringify({ dataContabile: 3, dataValuta: 3, importo: 1, causale: 4 }))
      .attach('file', Buffer.from(csv), 'gdc.csv')
      .expect(400);
    expect(r3.body.error).toBe('CSV_MAPPING_LOOKS_WRONG');
    const r4 = await t.http().post(`${base}/tesoreria`).set(bearer(key)).field('format', 'csv').attach('file', Buffer.from(csv), 'gdc.csv').expect(400);
    expect(r4.body.error).toBe('CSV_MAPPING_REQUIRED');
  });

  it('records a debit (segno "-") as a negative movement and says so', async () => {
    const csv = 'data contabile;data valuta;importo;segno;causale\n07/03/2030;07/03/2030;12,50;D;STORNO /RFB/' + p1.iuv + '\n08/03/2030;08/03/2030;1,00;C;bonifico generico\n';
    const res = await t
      .http()
      .post(`${base}/tesoreria`)
      .set(bearer(key))
      .field('dateFormat', 'DD/MM/YYYY')
      .field('mapping', JSON.stringify({ dataContabile: 1, dataValuta: 2, importo: 3, segno: 4, causale: 5 }))
      .attach('file', Buffer.from(csv), 'gdc.csv')
      .expect(200);
    expect(res.body).toMatchObject({ format: 'CSV', recorded: 2, negative: 1 });
  });

  it('refuses a 2 GB upload from its Content-Length with 413, before reading the body', async () => {
    const server = t.app.getHttpServer() as http.Server;
    if (!server.listening) await new Promise<void>((r) => server.listen(0, r));
    const port = (server.address() as AddressInfo).port;
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { port, method: 'POST', path: `${base}/tesoreria`, headers: { ...bearer(key), 'Content-Type': 'multipart/form-data; boundary=xyz', 'Content-Length': String(2 * 1024 ** 3) } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write('--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.xml"\r\n\r\n<xml>');
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: 'FILE_TOO_LARGE' });
  });

  it('takes pagati notificati only once the ente switched them on, with per-row errors', async () => {
    const zip = pagatiZip(ENTE_A.codIpa, [{ iud: p1.iud, iuv: p1.iuv, amount: p1.amount }, { iud: 'BAD IUD', amount: 1 }]);
    const off = await t.http().post(`${base}/pagati-notificati`).set(bearer(key)).attach('file', zip.bytes, zip.name).expect(409);
    expect(off.body.error).toBe('NOTIFICATIONS_OFF');
    const on = await t.http().put(`${base}/riconciliazione/impostazioni`).set(bearer(key)).send({ notificheAttive: true }).expect(200);
    expect(on.body).toMatchObject({ notificheAttive: true, changed: true });
    const res = await t.http().post(`${base}/pagati-notificati`).set(bearer(key)).attach('file', zip.bytes, zip.name).expect(200);
    expect(res.body.registrati).toBe(1);
    expect(res.body.errori).toEqual([expect.objectContaining({ row: 2, code: 'INVALID_IUD' })]);
    const wrongName = await t.http().post(`${base}/pagati-notificati`).set(bearer(key)).attach('file', zip.bytes, 'c_f205-0001-1_2.zip').expect(400);
    expect(wrongName.body.error).toBe('INVALID_FILE_NAME');
  });
});
