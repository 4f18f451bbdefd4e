import type { AddressInfo } from 'node:net';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { reportingFlowStreamId, type ReportingFlowData } from '../../src/reporting/domain/reporting-flow.events';
import { SIMULATOR_NODO_PER_PA_PATH } from '../../src/reporting/pull/node-for-pa.client';
import { NodeSimulator } from '../../src/simulator/node-simulator';
import { simulatorFrDir } from '../../src/simulator/node-for-pa.controller';
import { bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

describe('FR pull from the pagoPA Node (embedded simulator)', () => {
  let t: TestApp;
  let baseUrl: string;
  let keyA: string;
  let keyB: string;
  let store: EventStore;
  const previousUrl = process.env.NODE_FOR_PA_URL;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    // The test app listens on a random port, unknown to config.publicBaseUrl.
    process.env.NODE_FOR_PA_URL = `${baseUrl}${SIMULATOR_NODO_PER_PA_PATH}`;
    keyA = await registerEnteWithKey(t, ENTE_A);
    keyB = await registerEnteWithKey(t, ENTE_B);
    store = t.app.get(EVENT_STORE);
  });
  afterAll(async () => {
    if (previousUrl === undefined) delete process.env.NODE_FOR_PA_URL;
    else process.env.NODE_FOR_PA_URL = previousUrl;
    await t.close();
  });

  async function dovuto(n: number): Promise<string> {
    const res = await t
      .http()
      .post(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`)
      .set(bearer(keyA))
      .send({ iud: `PULL-${n}`, tipoDovuto: 'TARI', importo: `${10 + n}.00`, causale: `TARI rata ${n}`, pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' } })
      .expect(201);
    return res.body.numeroAvviso as string;
  }

  it('imports the flows of the end of day with source node, and a second pull imports nothing new', async () => {
    const node = new NodeSimulator({ baseUrl, concurrency: 2 });
    let date: string;
    try {
      const notices = await Promise.all([1, 2, 3, 4].map(dovuto));
      // Two PSPs: two flows for the ente.
      expect(await node.payAll(notices.slice(0, 2), { ente: ENTE_A, psp: 'UNCRITMM' })).toEqual({ paid: 2, failed: [] });
      expect(await node.payAll(notices.slice(2), { ente: ENTE_A, psp: 'BCITITMM' })).toMatchObject({ paid: 2 });
      date = node.payments[0]!.paymentDate;
      await node.endOfDay(date, { outDir: simulatorFrDir(t.dataDir), punctualEvery: 0 });
    } finally {
      node.close();
    }

    const first = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/rendicontazioni/pull`).set(bearer(keyA)).expect(200);
    expect(first.body).toMatchObject({ elencati: 2, importati: 2, giaPresenti: 0, falliti: [] });
    expect(first.headers['x-quadra-position']).toMatch(/^\d+$/);
    const iufs = (first.body.flussi as { iuf: string; idPSP: string; rows: number }[]).map((f) => f.iuf).sort();
    expect(iufs).toEqual([`${date}BCITITMM-1`, `${date}UNCRITMM-1`]);
    for (const f of first.body.flussi as { iuf: string; idPSP: string; rows: number }[]) {
      expect(f.rows).toBe(2);
      const events = await store.readStream(reportingFlowStreamId(ENTE_A.codIpa, f.iuf, f.idPSP));
      expect(events).toHaveLength(1);
      expect(events[0]!.data as ReportingFlowData).toMatchObject({ source: 'node', iuf: f.iuf, idPSP: f.idPSP });
      expect((events[0]!.data as ReportingFlowData).anomalies).toEqual([]);
    }

    const second = await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/rendicontazioni/pull`).set(bearer(keyA)).expect(200);
    expect(second.body).toMatchObject({ elencati: 2, importati: 0, giaPresenti: 2, falliti: [], flussi: [] });
    expect(second.headers['x-quadra-position']).toBeUndefined();

    // Another ente sees none of these flows, and cannot pull for the first one.
    const other = await t.http().post(`/api/v1/enti/${ENTE_B.codIpa}/rendicontazioni/pull`).set(bearer(keyB)).expect(200);
    expect(other.body).toMatchObject({ elencati: 0, importati: 0 });
    await t.http().post(`/api/v1/enti/${ENTE_A.codIpa}/rendicontazioni/pull`).set(bearer(keyB)).expect(403);
  });

  it('the simulated Node answers PPT_ID_FLUSSO_SCONOSCIUTO for a flow it does not have', async () => {
    const res = await fetch(`${baseUrl}${SIMULATOR_NODO_PER_PA_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml' },
      body:
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><ppt:nodoChiediFlussoRendicontazione xmlns:ppt="http://ws.pagamenti.telematici.gov/">' +
        `<identificativoIntermediarioPA>${ENTE_A.idIntermediario}</identificativoIntermediarioPA><identificativoStazioneIntermediarioPA>${ENTE_A.idStazione}</identificativoStazioneIntermediarioPA>` +
        `<password>password</password><identificativoDominio>${ENTE_A.cfEnte}</identificativoDominio><identificativoFlusso>2020-01-01NOPSP-1</identificativoFlusso>` +
        '</ppt:nodoChiediFlussoRendicontazione></soap:Body></soap:Envelope>',
    });
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain('nodoChiediFlussoRendicontazioneRisposta');
    expect(xml).toContain('<faultCode>PPT_ID_FLUSSO_SCONOSCIUTO</faultCode>');
  });
});
