import { zipSync, strToU8 } from 'fflate';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { buildIuv } from '../../src/kernel/identifiers/iuv';
import { positionStreamId } from '../../src/positions/domain/position.streams';
import { buildRt62, type Rt62Input } from '../../src/pagopa/rt62/rt62-builder';
import { bearer, ENTE_A, ENTE_B, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

function rt(iuv: string, iur: string, over: Partial<Rt62Input> = {}): string {
  return buildRt62({
    identificativoDominio: ENTE_A.cfEnte,
    identificativoStazioneRichiedente: ENTE_A.idStazione,
    identificativoMessaggioRicevuta: `RT-${iur}`,
    dataOraMessaggioRicevuta: '2019-07-15T10:20:30',
    riferimentoMessaggioRichiesta: `RPT-${iur}`,
    riferimentoDataRichiesta: '2019-07-15',
    istitutoAttestante: { tipo: 'B', codice: 'BCITITMM', denominazione: 'Intesa Sanpaolo S.p.A.' },
    enteBeneficiario: { denominazione: ENTE_A.denominazione },
    soggettoPagatore: { tipo: 'F', codice: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' },
    codiceEsitoPagamento: '0',
    iuv,
    codiceContestoPagamento: 'n/a',
    pagamenti: [{ importo: 14792, esito: 'ESEGUITO', dataEsito: '2019-07-15', iur, causale: `/RFB/${iuv}/147.92`, datiSpecificiRiscossione: '9/0101100IM/', commissioniApplicatePSP: 150 }],
    ...over,
  });
}

describe('legacy RT 6.2 import: POST /api/v1/enti/:codIpa/ricevute/rt', () => {
  let t: TestApp;
  let key: string;
  let store: EventStore;
  let n = 0;
  const base = `/api/v1/enti/${ENTE_A.codIpa}/ricevute`;

  async function dovuto(): Promise<{ iud: string; iuv: string }> {
    const iud = `RT-${++n}`;
    const res = await t
      .http()
      .post(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`)
      .set(bearer(key))
      .send({ iud, tipoDovuto: 'TARI', importo: '147.92', causale: 'TARI 2019', pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' } })
      .expect(201);
    return { iud, iuv: res.body.iuv };
  }
  const upload = (bytes: Buffer | Uint8Array, name: string) => t.http().post(`${base}/rt`).set(bearer(key)).attach('file', Buffer.from(bytes), name);

  beforeAll(async () => {
    t = await startTestApp();
    key = await registerEnteWithKey(t, ENTE_A);
    await registerEnteWithKey(t, ENTE_B);
    store = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  it('one RT is recorded on the position its IUV names (channel RT62, attestante as PSP), once however often it is imported', async () => {
    const d = await dovuto();
    const xml = rt(d.iuv, 'IUR-A1');
    const res = await upload(Buffer.from(xml), 'rt-a1.xml').expect(200);
    expect(res.body).toMatchObject({ files: 1, recorded: 1, unmatched: [], errors: [], outcomes: [{ file: 'rt-a1.xml', iuv: d.iuv, iur: 'IUR-A1', importo: '147.92', result: 'recorded', iud: d.iud }] });
    const events = await store.readStream(positionStreamId(ENTE_A.codIpa, d.iud));
    expect(events[1]).toMatchObject({ type: 'ReceiptReceived', data: { receiptId: 'IUR-A1', channel: 'RT62', amount: 14792, fee: 150, idPSP: 'BCITITMM', attestante: 'BCITITMM', pspBic: 'BCITITMM', pspName: 'Intesa Sanpaolo S.p.A.', transfers: [{ iur: 'IUR-A1', amount: 14792 }] } });
    const served = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/${d.iud}/ricevuta.xml`).set(bearer(key)).expect(200);
    expect(served.text).toBe(xml);

    const head = await store.headPosition();
    const again = await upload(Buffer.from(xml), 'rt-a1.xml').expect(200);
    expect(again.body.outcomes[0].result).toBe('already_recorded');
    expect(await store.headPosition()).toBe(head);
  });

  it('a ZIP: matched RTs recorded, an RT of an unknown position kept and listed, a broken file reported by name', async () => {
    const d = await dovuto();
    const unknownIuv = buildIuv('01', '7777777777777');
    const zip = zipSync({
      'ok.xml': strToU8(rt(d.iuv, 'IUR-Z1')),
      'unknown.xml': strToU8(rt(unknownIuv, 'IUR-Z2')),
      'broken.xml': strToU8('<RT>not an rt'),
      'other-ente.xml': strToU8(rt(d.iuv, 'IUR-Z3', { identificativoDominio: ENTE_B.cfEnte })),
    });
    const res = await upload(zip, 'archivio.zip').expect(200);
    expect(res.body.files).toBe(4);
    expect(res.body.recorded).toBe(1);
    expect(res.body.unmatched).toEqual([expect.objectContaining({ file: 'unknown.xml', iuv: unknownIuv, iur: 'IUR-Z2', result: 'unmatched' })]);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ file: 'broken.xml', result: 'error', error: expect.objectContaining({ code: expect.any(String), message: expect.stringContaining('broken.xml') }) }),
      expect.objectContaining({ file: 'other-ente.xml', result: 'error', error: expect.objectContaining({ code: 'RT_OTHER_ENTE' }) }),
    ]);
    const kept = await store.readStream(`unmatched-receipt-${ENTE_A.codIpa}-${unknownIuv}-IUR-Z2`);
    expect(kept).toEqual([expect.objectContaining({ type: 'UnmatchedReceiptRecorded', data: expect.objectContaining({ iuv: unknownIuv, iur: 'IUR-Z2', fileName: 'unknown.xml' }) })]);

    const listed = await t.http().get(`${base}/non-abbinate`).set(bearer(key)).expect(200);
    expect(listed.body).toEqual({ total: 1, items: [expect.objectContaining({ iuv: unknownIuv, iur: 'IUR-Z2', file: 'unknown.xml', importo: '147.92', esito: 'OK', idPSP: 'BCITITMM' })] });

    const again = await upload(zip, 'archivio.zip').expect(200);
    expect(again.body.unmatched[0].result).toBe('already_unmatched');
    expect((await t.http().get(`${base}/non-abbinate`).set(bearer(key)).expect(200)).body.total).toBe(1);
    // another ente sees none of them
    const keyB = await t.http().post(`/api/v1/enti/${ENTE_B.codIpa}/api-keys`).set({ Authorization: 'Bearer test-admin-token-0123456789' }).send({ label: 'b' }).expect(201);
    expect((await t.http().get(`/api/v1/enti/${ENTE_B.codIpa}/ricevute/non-abbinate`).set(bearer(keyB.body.key)).expect(200)).body.total).toBe(0);
    await t.http().get(`${base}/non-abbinate`).set(bearer(keyB.body.key)).expect(403);
  });

  it('a request without a file is refused with 400', async () => {
    const res = await t.http().post(`${base}/rt`).set(bearer(key)).send({}).expect(400);
    expect(res.body.error).toBe('FILE_MISSING');
  });
});
