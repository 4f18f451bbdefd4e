import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandService } from '../../src/kernel/command-service';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { buildIuv } from '../../src/kernel/identifiers/iuv';
import { positionStreamId } from '../../src/positions/domain/position.streams';
import { PositionAggregate } from '../../src/positions/position.aggregate';
import { PositionBatchService } from '../../src/positions/position-batch.service';
import { buildPaGetPaymentRequest } from '../../src/pagopa/soap/pa-get-payment';
import { buildPaGetPaymentV2Request } from '../../src/pagopa/soap/pa-get-payment-v2';
import { buildPaSendRTV2Request } from '../../src/pagopa/soap/pa-send-rt-v2';
import { buildPaSendRTRequest } from '../../src/pagopa/soap/pa-send-rt';
import { buildPaVerifyPaymentNoticeRequest } from '../../src/pagopa/soap/pa-verify-payment-notice';
import type { ReceiptInput } from '../../src/pagopa/soap/receipt-writer';
import { canValidate, lintEnvelope } from '../pagopa/helpers/xmllint';
import { hasSharedFixtures, readFixture } from '../pagopa/helpers/shared-fixtures';
import { admin, bearer, ENTE_A, ENTE_B, IBAN, registerEnteWithKey, startTestApp, type TestApp } from '../helpers/test-app';

const station = { idPA: ENTE_A.cfEnte, idBrokerPA: ENTE_A.idIntermediario, idStation: ENTE_A.idStazione };

/** The value of the first <name> element of a SOAP answer. */
const tag = (xml: string, name: string): string | undefined => new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(xml)?.[1];
const tags = (xml: string, name: string): string[] => [...xml.matchAll(new RegExp(`<(?:\\w+:)?${name}>([^<]*)</`, 'g'))].map((m) => m[1]!);

function receipt(notice: string, amountCents: number, over: Partial<ReceiptInput> = {}): ReceiptInput {
  const euros = (amountCents / 100).toFixed(2);
  return {
    receiptId: `r-${notice}`,
    noticeNumber: notice,
    fiscalCode: ENTE_A.cfEnte,
    outcome: 'OK',
    creditorReferenceId: notice.slice(1),
    paymentAmount: amountCents,
    description: 'TARI 2026',
    companyName: ENTE_A.denominazione,
    debtor: { uniqueIdentifierType: 'F', uniqueIdentifierValue: 'RSSMRA80A01H501U', fullName: 'Mario Rossi', email: 'mario.rossi@example.it' },
    transfers: [{ idTransfer: 1, amount: amountCents, fiscalCodePA: ENTE_A.cfEnte, iban: IBAN, remittanceInformation: `/RFB/${notice.slice(1)}/${euros}`, transferCategory: '0101100IM' }],
    idPSP: 'BCITITMM',
    pspCompanyName: 'Intesa Sanpaolo',
    idChannel: '00799960158_01',
    channelDescription: 'app',
    fee: 100,
    paymentDateTime: '2026-03-10T10:15:00',
    applicationDate: '2026-03-10',
    transferDate: '2026-03-11',
    ...over,
  };
}

describe('pagoPA Node connector: POST /pagopa/paForNode', () => {
  let t: TestApp;
  let key: string;
  let store: EventStore;
  let n = 0;

  const soap = (xml: string, headers: Record<string, string> = {}) => t.http().post('/pagopa/paForNode').set('Content-Type', 'text/xml; charset=utf-8').set(headers).send(xml);

  async function dovuto(over: Record<string, unknown> = {}): Promise<{ iud: string; notice: string; iuv: string }> {
    const iud = `NODE-${++n}`;
    const res = await t
      .http()
      .post(`/api/v1/enti/${ENTE_A.codIpa}/dovuti`)
      .set(bearer(key))
      .send({ iud, tipoDovuto: 'TARI', importo: '147.92', dataScadenza: '2026-12-31', causale: 'TARI 2026 rata unica', pagatore: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi', email: 'mario.rossi@example.it' }, ...over })
      .expect(201);
    return { iud, notice: res.body.numeroAvviso, iuv: res.body.iuv };
  }

  const events = async (iud: string, codIpa = ENTE_A.codIpa) => (await store.readStream(positionStreamId(codIpa, iud))).map((e) => e.type);

  /** A refused request: the fault code, a valid KO answer, and nothing appended. */
  async function expectFault(xml: string, faultCode: string, status = 200, headers: Record<string, string> = {}) {
    const before = await store.headPosition();
    const res = await soap(xml, headers).expect(status);
    expect(res.type).toBe('text/xml');
    if (status === 200) {
      expect(tag(res.text, 'outcome')).toBe('KO');
      expect(tag(res.text, 'faultCode')).toBe(faultCode);
    } else {
      expect(res.text).toContain(faultCode);
    }
    if (canValidate) expect(lintEnvelope(res.text)).toEqual({ valid: true, output: '' });
    expect(await store.headPosition()).toBe(before);
    return res.text;
  }

  beforeAll(async () => {
    t = await startTestApp();
    key = await registerEnteWithKey(t, ENTE_A);
    await registerEnteWithKey(t, ENTE_B);
    store = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  it('paVerifyPaymentNotice answers OK with amount, due date, description and company, and appends nothing', async () => {
    const d = await dovuto();
    const before = await store.headPosition();
    const res = await soap(buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: d.notice } })).expect(200);
    expect(tag(res.text, 'outcome')).toBe('OK');
    expect(tag(res.text, 'amount')).toBe('147.92');
    expect(tag(res.text, 'dueDate')).toBe('2026-12-31');
    expect(tag(res.text, 'paymentDescription')).toBe('TARI 2026 rata unica');
    expect(tag(res.text, 'companyName')).toBe('Comune di Roma');
    expect(tag(res.text, 'fiscalCodePA')).toBe(ENTE_A.cfEnte);
    if (canValidate) expect(lintEnvelope(res.text)).toEqual({ valid: true, output: '' });
    expect(await store.headPosition()).toBe(before);
  });

  it('paGetPaymentV2 records the payment request and answers the transfer to the tipo dovuto IBAN, with tassonomia and datiSpecificiRiscossione', async () => {
    const d = await dovuto();
    const res = await soap(buildPaGetPaymentV2Request({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: d.notice } })).expect(200);
    expect(tag(res.text, 'outcome')).toBe('OK');
    expect(tag(res.text, 'creditorReferenceId')).toBe(d.iuv);
    expect(tag(res.text, 'paymentAmount')).toBe('147.92');
    expect(tag(res.text, 'IBAN')).toBe(IBAN);
    expect(tag(res.text, 'transferCategory')).toBe('0101100IM');
    expect(tag(res.text, 'remittanceInformation')).toBe('TARI 2026 rata unica');
    expect(tags(res.text, 'key')).toContain('datiSpecificiRiscossione');
    expect(tag(res.text, 'entityUniqueIdentifierValue')).toBe('RSSMRA80A01H501U');
    if (canValidate) expect(lintEnvelope(res.text)).toEqual({ valid: true, output: '' });
    expect(await events(d.iud)).toEqual(['PositionCreated', 'PaymentRequested']);
  });

  it('paGetPayment (V1) is answered as ctPaymentPA', async () => {
    const d = await dovuto();
    const res = await soap(buildPaGetPaymentRequest({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: d.notice } })).expect(200);
    expect(res.text).toContain('paGetPaymentRes');
    expect(tag(res.text, 'outcome')).toBe('OK');
    if (canValidate) expect(lintEnvelope(res.text)).toEqual({ valid: true, output: '' });
    const stored = await store.readStream(positionStreamId(ENTE_A.codIpa, d.iud));
    expect(stored[1]).toMatchObject({ type: 'PaymentRequested', data: { channel: 'paGetPayment' }, metadata: { actor: 'node' } });
  });

  it('a position with an ente secondario is paid with two transfers (multi-beneficiary)', async () => {
    const batch = t.app.get(PositionBatchService, { strict: false });
    const ctx = { correlationId: 'test', actor: 'test', now: new Date().toISOString() };
    const r = await batch.apply(ENTE_A.codIpa, 'multi-1', [
      {
        row: 1,
        azione: 'I',
        input: {
          iud: 'MULTI-1',
          tipoDovuto: 'TARI',
          importo: 12000,
          causale: 'TARI con TEFA',
          payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' },
          secondario: { codiceFiscale: ENTE_B.cfEnte, denominazione: 'Provincia', iban: IBAN, datiSpecificiRiscossione: '9/0201102IM/', importo: 2792 },
        },
      },
    ], ctx);
    expect(r.outcomes[0]).toMatchObject({ ok: true });
    const res = await soap(buildPaGetPaymentV2Request({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: r.outcomes[0]!.numeroAvviso! } })).expect(200);
    expect(tag(res.text, 'paymentAmount')).toBe('147.92');
    expect(tags(res.text, 'transferAmount')).toEqual(['120.00', '27.92']);
    expect(tags(res.text, 'fiscalCodePA')).toEqual([ENTE_A.cfEnte, ENTE_B.cfEnte]);
    expect(tags(res.text, 'transferCategory')).toEqual(['0101100IM', '0201102IM']);
    if (canValidate) expect(lintEnvelope(res.text)).toEqual({ valid: true, output: '' });
  });

  it('paSendRTV2 records the receipt with what reconciliation needs, archives the raw XML and serves it; the same receipt twice is stored once', async () => {
    const d = await dovuto();
    const xml = buildPaSendRTV2Request({ ...station, receipt: receipt(d.notice, 14792) });
    const res = await soap(xml).expect(200);
    expect(tag(res.text, 'outcome')).toBe('OK');
    if (canValidate) expect(lintEnvelope(res.text)).toEqual({ valid: true, output: '' });
    const stored = await store.readStream(positionStreamId(ENTE_A.codIpa, d.iud));
    expect(stored.map((e) => e.type)).toEqual(['PositionCreated', 'ReceiptReceived']);
    expect(stored[1]!.data).toMatchObject({
      receiptId: `r-${d.notice}`,
      outcome: 'OK',
      amount: 14792,
      fee: 100,
      idPSP: 'BCITITMM',
      pspName: 'Intesa Sanpaolo',
      pspBic: 'BCITITMM',
      debtor: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi', email: 'mario.rossi@example.it' },
      paymentDateTime: '2026-03-10T10:15:00+01:00',
      applicationDate: '2026-03-10',
      transferDate: '2026-03-11',
      transfers: [{ index: 1, idTransfer: 1, amount: 14792, iban: IBAN, cfEnte: ENTE_A.cfEnte, category: '0101100IM' }],
      channel: 'paSendRTV2',
      rawReceiptRef: `receipts/${ENTE_A.codIpa}/${d.iuv}/r-${d.notice}.xml`,
      amountMismatch: false,
    });
    const file = path.join(t.dataDir, 'receipts', ENTE_A.codIpa, d.iuv, `r-${d.notice}.xml`);
    expect(fs.readFileSync(file, 'utf8')).toBe(xml);

    const head = await store.headPosition();
    const again = await soap(xml).expect(200);
    expect(tag(again.text, 'outcome')).toBe('OK');
    expect(await store.headPosition()).toBe(head);
    // Stored once: one receipt file (a concurrent writer's temporary file may linger for an instant).
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.xml'))).toEqual([`r-${d.notice}.xml`]);

    const served = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/${d.iud}/ricevuta.xml`).set(bearer(key)).expect(200);
    expect(served.type).toBe('application/xml');
    expect(served.text).toBe(xml);
    await t.http().get(`/api/v1/enti/${ENTE_B.codIpa}/dovuti/${d.iud}/ricevuta.xml`).set(bearer(key)).expect(403);
  });

  it('paSendRT (V1) is accepted too', async () => {
    const d = await dovuto();
    const r = receipt(d.notice, 14792);
    const res = await soap(buildPaSendRTRequest({ ...station, receipt: r })).expect(200);
    expect(res.text).toContain('paSendRTRes');
    expect(tag(res.text, 'outcome')).toBe('OK');
    expect(await events(d.iud)).toEqual(['PositionCreated', 'ReceiptReceived']);
  });

  it('a second, different receipt for a paid position is acknowledged, recorded as a duplicate payment and listed as an anomaly', async () => {
    const d = await dovuto();
    await soap(buildPaSendRTV2Request({ ...station, receipt: receipt(d.notice, 14792, { receiptId: 'first' }) })).expect(200);
    const res = await soap(buildPaSendRTV2Request({ ...station, receipt: receipt(d.notice, 14792, { receiptId: 'second', idPSP: 'UNCRITMM' }) })).expect(200);
    expect(tag(res.text, 'outcome')).toBe('OK');
    const stored = await store.readStream(positionStreamId(ENTE_A.codIpa, d.iud));
    expect(stored.map((e) => e.type)).toEqual(['PositionCreated', 'ReceiptReceived', 'DuplicatePaymentReceived']);
    expect(stored[2]!.data).toMatchObject({ receiptId: 'second', firstReceiptId: 'first' });
    // the first receipt stays the one served; the second is kept and reachable
    const first = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/${d.iud}/ricevuta.xml`).set(bearer(key)).expect(200);
    expect(first.text).toContain('<receiptId>first</receiptId>');
    const second = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/${d.iud}/ricevuta.xml?receiptId=second`).set(bearer(key)).expect(200);
    expect(second.text).toContain('<receiptId>second</receiptId>');

    const minPosition = stored[2]!.position.toString();
    const anomalies = await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/anomalie-pagamenti?minPosition=${minPosition}`).set(bearer(key)).expect(200);
    expect(anomalies.body.items).toEqual([
      expect.objectContaining({ iud: d.iud, anomalia: 'PAGAMENTO_DOPPIO', ricevutaPagamento: 'first', pagamentiDoppi: [expect.objectContaining({ receiptId: 'second', importo: '147.92', idPSP: 'UNCRITMM' })] }),
    ]);
  });

  describe('faults', () => {
    it('PAA_PAGAMENTO_SCONOSCIUTO: a valid notice number of no position, and a notice number with wrong check digits', async () => {
      await expectFault(buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: '301000000000999999'.slice(0, 16) + '00' } }), 'PAA_PAGAMENTO_SCONOSCIUTO');
      const notice = `3${buildIuv('01', '9999999999999')}`;
      await expectFault(buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: notice } }), 'PAA_PAGAMENTO_SCONOSCIUTO');
      await expectFault(buildPaGetPaymentV2Request({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: notice } }), 'PAA_PAGAMENTO_SCONOSCIUTO');
      await expectFault(buildPaSendRTV2Request({ ...station, receipt: receipt(notice, 100) }), 'PAA_PAGAMENTO_SCONOSCIUTO');
    });

    it('PAA_PAGAMENTO_DUPLICATO once paid, PAA_PAGAMENTO_ANNULLATO once cancelled, PAA_PAGAMENTO_SCADUTO once expired', async () => {
      const paid = await dovuto();
      await soap(buildPaSendRTV2Request({ ...station, receipt: receipt(paid.notice, 14792) })).expect(200);
      await expectFault(buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: paid.notice } }), 'PAA_PAGAMENTO_DUPLICATO');
      await expectFault(buildPaGetPaymentV2Request({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: paid.notice } }), 'PAA_PAGAMENTO_DUPLICATO');

      const cancelled = await dovuto();
      await t.http().delete(`/api/v1/enti/${ENTE_A.codIpa}/dovuti/${cancelled.iud}`).set(bearer(key)).send({}).expect(200);
      await expectFault(buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: cancelled.notice } }), 'PAA_PAGAMENTO_ANNULLATO');
      await expectFault(buildPaGetPaymentRequest({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: cancelled.notice } }), 'PAA_PAGAMENTO_ANNULLATO');

      const expired = await dovuto();
      const commands = t.app.get(CommandService);
      await commands.execute(PositionAggregate, positionStreamId(ENTE_A.codIpa, expired.iud), { type: 'ExpirePosition', data: { today: '2027-01-15' }, metadata: { now: '2027-01-15T00:00:00Z' } }, { correlationId: 't', actor: 'test', now: '2027-01-15T00:00:00Z' });
      await expectFault(buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: expired.notice } }), 'PAA_PAGAMENTO_SCADUTO');
      await expectFault(buildPaGetPaymentV2Request({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: expired.notice } }), 'PAA_PAGAMENTO_SCADUTO');
    });

    it('PAA_ID_INTERMEDIARIO_ERRATO, PAA_STAZIONE_INT_ERRATA, PAA_ID_DOMINIO_ERRATO from the ente configuration', async () => {
      const d = await dovuto();
      const qrCode = { fiscalCode: ENTE_A.cfEnte, noticeNumber: d.notice };
      await expectFault(buildPaVerifyPaymentNoticeRequest({ ...station, idBrokerPA: '99999999999', qrCode }), 'PAA_ID_INTERMEDIARIO_ERRATO');
      await expectFault(buildPaVerifyPaymentNoticeRequest({ ...station, idStation: `${ENTE_A.idIntermediario}_99`, qrCode }), 'PAA_STAZIONE_INT_ERRATA');
      // ENTE_B's own station and broker, but the request names ENTE_A: ENTE_A is not behind that broker
      await expectFault(buildPaVerifyPaymentNoticeRequest({ idPA: ENTE_A.cfEnte, idBrokerPA: ENTE_B.idIntermediario, idStation: ENTE_B.idStazione, qrCode }), 'PAA_ID_INTERMEDIARIO_ERRATO');
      // an unknown ente behind a known broker and station
      await expectFault(buildPaVerifyPaymentNoticeRequest({ ...station, idPA: '80016350821', qrCode: { ...qrCode, fiscalCode: '80016350821' } }), 'PAA_ID_DOMINIO_ERRATO');
      // the notice belongs to another ente than idPA
      await expectFault(buildPaGetPaymentV2Request({ ...station, qrCode: { ...qrCode, fiscalCode: ENTE_B.cfEnte } }), 'PAA_ID_DOMINIO_ERRATO');
      expect(await events(d.iud)).toEqual(['PositionCreated']);
    });

    it('PAA_SINTASSI_XSD: malformed XML, billion laughs, external entities, wrong namespace, bad amount, oversized body', async () => {
      const d = await dovuto();
      const good = buildPaGetPaymentV2Request({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: d.notice } });
      await expectFault(good.replace('</idPA>', '</idPAX>'), 'PAA_SINTASSI_XSD');
      const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>${good.replace(/^<\?xml[^>]*\?>/, '').replace(`<idPA>${ENTE_A.cfEnte}</idPA>`, '<idPA>&lol3;</idPA>')}`;
      await expectFault(laughs, 'PAA_SINTASSI_XSD');
      const xxe = `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${good.replace(/^<\?xml[^>]*\?>/, '').replace(`<idPA>${ENTE_A.cfEnte}</idPA>`, '<idPA>&xxe;</idPA>')}`;
      const text = await expectFault(xxe, 'PAA_SINTASSI_XSD');
      expect(text).not.toContain('root:');
      await expectFault(good.replace(/paForNode\.xsd/g, 'nodeForPsp.xsd'), 'PAA_SINTASSI_XSD');
      await expectFault(buildPaGetPaymentV2Request({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: d.notice } }).replace('</qrCode>', '</qrCode><amount>147.9</amount>'), 'PAA_SINTASSI_XSD');
      const big = good.replace('</idStation>', `</idStation><!--${'x'.repeat(600 * 1024)}-->`);
      await expectFault(big, 'PAA_SINTASSI_XSD');
      expect(await events(d.iud)).toEqual(['PositionCreated']);
    });

    it('a body over the HTTP text limit is still answered with a SOAP fault', async () => {
      const d = await dovuto();
      const good = buildPaGetPaymentV2Request({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: d.notice } });
      const huge = good.replace('</idStation>', `</idStation><!--${'x'.repeat(3 * 1024 * 1024)}-->`);
      const before = await store.headPosition();
      const res = await soap(huge);
      expect(res.type).toBe('text/xml');
      expect(res.text).toMatch(/PAA_SINTASSI_XSD/);
      expect(await store.headPosition()).toBe(before);
    });

    it('a request whose operation cannot be told gets a SOAP Fault (HTTP 500)', async () => {
      await expectFault('this is not xml', 'PAA_SINTASSI_XSD', 500);
    });
  });

  const describeSamples = hasSharedFixtures ? describe : describe.skip;
  if (!hasSharedFixtures) console.log('SKIP: pagoPA real samples over HTTP: shared/fixtures not found');
  describeSamples('real sample requests from shared/fixtures/node-messages', () => {
    const fill = (template: string, iuv: string, extra: Record<string, string> = {}) =>
      Object.entries({ ente_fiscal_code: ENTE_A.cfEnte, broker_fiscal_code: ENTE_A.idIntermediario, broker_station_id: ENTE_A.idStazione, iuv, ...extra }).reduce((s, [k, v]) => s.split(`{${k}}`).join(v), template);

    it('p4pa paGetPaymentV2 and paSendRTV2 templates, filled with a real position, are accepted', async () => {
      const d = await dovuto();
      const get = await soap(fill(readFixture('node-messages', 'p4pa-pu-feature-test', 'paGetPaymentV2.xml'), d.iuv)).expect(200);
      expect(tag(get.text, 'outcome')).toBe('OK');
      const rt = fill(readFixture('node-messages', 'p4pa-pu-feature-test', 'paSendRTV2.xml'), d.iuv, {
        receipt_id: 'p4pa-receipt-1',
        amount: '147.92',
        ente_name: ENTE_A.denominazione,
        citizen_fiscal_code: 'RSSMRA80A01H501U',
        citizen_name: 'Mario Rossi',
        citizen_email: 'mario.rossi@example.it',
        current_datetime: '2026-03-10T10:15:00',
        current_date: '2026-03-10',
      });
      const sent = await soap(rt).expect(200);
      expect(tag(sent.text, 'outcome')).toBe('OK');
      expect(await events(d.iud)).toEqual(['PositionCreated', 'PaymentRequested', 'ReceiptReceived']);
    });

    it('pagopa-api samples: wrong check digits → SCONOSCIUTO, wrong namespace (upstream bug) → SINTASSI_XSD, unknown ente → addressing fault', async () => {
      await expectFault(readFixture('node-messages', 'pagopa-api-examples', 'ReqPaGetPayment.xml'), 'PAA_PAGAMENTO_SCONOSCIUTO');
      await expectFault(readFixture('node-messages', 'pagopa-api-examples', 'ReqPaVerifyPayment.xml'), 'PAA_SINTASSI_XSD');
      await expectFault(readFixture('node-messages', 'pagopa-api-examples', 'ReqPaSendRT.xml'), 'PAA_ID_INTERMEDIARIO_ERRATO');
      await expectFault(readFixture('node-messages', 'wisp-converter', 'paSendRTV2Request.xml'), 'PAA_ID_INTERMEDIARIO_ERRATO');
    });
  });

  it('a Node call keeps the caller\'s correlation id (or gets one) and only the endpoint itself answers SOAP', async () => {
    const d = await dovuto();
    const verify = buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_A.cfEnte, noticeNumber: d.notice } });
    const traced = await soap(verify, { 'X-Correlation-Id': 'node-trace-42' });
    expect(traced.headers['x-correlation-id']).toBe('node-trace-42');
    expect(tag(traced.text, 'outcome')).toBe('OK');
    const untraced = await soap(verify);
    expect(untraced.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const elsewhere = await t.http().post('/pagopa/paForNode/other').set('Content-Type', 'text/xml; charset=utf-8').send(verify);
    expect(elsewhere.status).toBe(404);
  });

  it('the endpoint needs no API key but the REST routes stay ente-scoped', async () => {
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/anomalie-pagamenti`).expect(401);
    await t.http().get(`/api/v1/enti/${ENTE_A.codIpa}/anomalie-pagamenti`).set(admin).expect(200);
  });
});
