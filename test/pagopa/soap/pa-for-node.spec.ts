import { buildPaGetPaymentRequest } from '../../../src/pagopa/soap/pa-get-payment';
import { buildPaGetPaymentV2Request } from '../../../src/pagopa/soap/pa-get-payment-v2';
import { parsePaForNodeRequest, renderRefusal, type PaForNodeParseResult, type PaForNodeRefusal } from '../../../src/pagopa/soap/pa-for-node';
import { buildPaSendRTRequest } from '../../../src/pagopa/soap/pa-send-rt';
import { buildPaSendRTV2Request } from '../../../src/pagopa/soap/pa-send-rt-v2';
import { buildPaVerifyPaymentNoticeRequest } from '../../../src/pagopa/soap/pa-verify-payment-notice';
import { parseXml } from '../../../src/pagopa/xml/safe-xml';
import { ENTE_CF, IUV, NOTICE_NUMBER, OTHER_ENTE_CF, receiptInput, sendRtInput, sendRtV1Input, station, WRONG_CHECK_NOTICE } from '../helpers/samples';

const PAFN = 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd';
const SOAPENV = 'http://schemas.xmlsoap.org/soap/envelope/';

function expectRefused(result: PaForNodeParseResult): PaForNodeRefusal {
  if (result.ok) throw new Error(`expected a refusal, got ${result.operation}`);
  return result;
}

function expectParsed<T extends PaForNodeParseResult['operation']>(result: PaForNodeParseResult, operation: T) {
  if (!result.ok) throw new Error(`expected ${operation} to parse, got ${result.fault.faultCode}: ${result.fault.description}`);
  expect(result.operation).toBe(operation);
  return result;
}

const envelope = (body: string): string => `<soapenv:Envelope xmlns:soapenv="${SOAPENV}" xmlns:pafn="${PAFN}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

describe('parsePaForNodeRequest: typed requests', () => {
  it('paVerifyPaymentNotice gives the station fields and the notice', () => {
    const xml = buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_CF, noticeNumber: NOTICE_NUMBER } });
    const parsed = expectParsed(parsePaForNodeRequest(xml), 'paVerifyPaymentNotice');
    expect(parsed.request).toEqual({ ...station, qrCode: { fiscalCode: ENTE_CF, noticeNumber: NOTICE_NUMBER } });
    expect(parsed.warnings).toEqual([]);
  });

  it('paGetPayment and paGetPaymentV2 carry the optional amount in cents, payment note, transfer type and due date', () => {
    const request = { ...station, qrCode: { fiscalCode: ENTE_CF, noticeNumber: NOTICE_NUMBER }, amount: 14792, paymentNote: 'rata 1', transferType: 'POSTAL' as const, dueDate: '2025-06-30' };
    expect(expectParsed(parsePaForNodeRequest(buildPaGetPaymentRequest(request)), 'paGetPayment').request).toEqual(request);
    expect(expectParsed(parsePaForNodeRequest(Buffer.from(buildPaGetPaymentV2Request(request))), 'paGetPaymentV2').request).toEqual(request);
  });

  it('paSendRTV2 gives a ParsedReceipt with every field, amounts in cents and the raw XML kept verbatim', () => {
    const xml = buildPaSendRTV2Request(sendRtInput());
    const parsed = expectParsed(parsePaForNodeRequest(xml), 'paSendRTV2');
    if (parsed.operation !== 'paSendRTV2') throw new Error('unreachable');
    const { receipt } = parsed.request;
    expect(parsed.request).toMatchObject(station);
    expect(receipt).toMatchObject({
      channel: 'paSendRTV2',
      receiptId: 'a0fffc676950472c94ca8e1456dc7b03',
      noticeNumber: NOTICE_NUMBER,
      fiscalCode: ENTE_CF,
      outcome: 'OK',
      creditorReferenceId: IUV,
      paymentAmount: 14792,
      idPSP: 'BCITITMM',
      pspCompanyName: 'Intesa Sanpaolo S.p.A.',
      pspFiscalCode: '00799960158',
      idChannel: '00799960158_01',
      channelDescription: 'app',
      paymentMethod: 'creditCard',
      paymentNote: 'nota',
      fee: 100,
      primaryCiIncurredFee: 20,
      idBundle: 'bundle-1',
      idCiBundle: 'ci-bundle-1',
      paymentDateTime: '2025-03-10T10:15:00',
      paymentDateTimeIso: '2025-03-10T10:15:00+01:00',
      applicationDate: '2025-03-10',
      transferDate: '2025-03-11',
      standIn: false,
      metadata: [{ key: 'canale', value: 'IO' }],
      addressing: station,
      warnings: [],
    });
    expect(receipt.debtor).toEqual(receiptInput().debtor);
    expect(receipt.payer).toEqual(receiptInput().debtor);
    expect(receipt.transfers).toEqual([
      {
        idTransfer: 1,
        amount: 12000,
        fiscalCodePA: ENTE_CF,
        iur: 'a0fffc676950472c94ca8e1456dc7b03',
        companyName: 'Comune di Esempio',
        iban: 'IT60X0542811101000000123456',
        remittanceInformation: `/RFB/${IUV}/147.92/TXT/TARI 2025`,
        transferCategory: '9/0101101IM/',
        datiSpecificiRiscossione: '9/0101101IM/',
        metadata: [{ key: 'datiSpecificiRiscossione', value: '9/0101101IM/' }],
      },
      {
        idTransfer: 2,
        amount: 2792,
        fiscalCodePA: OTHER_ENTE_CF,
        iur: 'a0fffc676950472c94ca8e1456dc7b03',
        companyName: 'Provincia di Esempio',
        iban: 'IT02L1234512345123456789012',
        remittanceInformation: 'TEFA 2025',
        transferCategory: '9/0201102IM/',
        metadata: [],
      },
    ]);
    expect(receipt.rawXml).toBe(xml);
  });

  it('paSendRT (V1) gives the same receipt shape on channel paSendRT', () => {
    const parsed = expectParsed(parsePaForNodeRequest(buildPaSendRTRequest(sendRtV1Input())), 'paSendRT');
    if (parsed.operation !== 'paSendRT') throw new Error('unreachable');
    expect(parsed.request.receipt).toMatchObject({ channel: 'paSendRT', paymentAmount: 14792, fee: 100 });
    expect(parsed.request.receipt.paymentNote).toBeUndefined();
    expect(parsed.request.receipt.transfers.map((t) => t.companyName)).toEqual([undefined, undefined]);
  });

  it('a V2 marca da bollo transfer keeps its attachment instead of an IBAN', () => {
    const receipt = receiptInput({
      paymentAmount: 1600,
      transfers: [{ idTransfer: 1, amount: 1600, fiscalCodePA: ENTE_CF, mbdAttachment: Buffer.from('<marcaDaBollo/>').toString('base64'), remittanceInformation: 'bollo', transferCategory: '9/0301116TS/' }],
    });
    const parsed = expectParsed(parsePaForNodeRequest(buildPaSendRTV2Request({ ...station, receipt })), 'paSendRTV2');
    if (parsed.operation !== 'paSendRTV2') throw new Error('unreachable');
    expect(parsed.request.receipt.transfers[0]).toMatchObject({ mbdAttachment: 'PG1hcmNhRGFCb2xsby8+', amount: 1600 });
    expect(parsed.request.receipt.transfers[0]!.iban).toBeUndefined();
  });

  it('accepts unqualified children declared with xmlns="" and a default-namespace envelope', () => {
    const xml = `<Envelope xmlns="${SOAPENV}"><Body><paGetPaymentV2Request xmlns="${PAFN}"><idPA xmlns="">${ENTE_CF}</idPA><idBrokerPA xmlns="">${station.idBrokerPA}</idBrokerPA><idStation xmlns="">${station.idStation}</idStation><qrCode xmlns=""><fiscalCode>${ENTE_CF}</fiscalCode><noticeNumber>${NOTICE_NUMBER}</noticeNumber></qrCode></paGetPaymentV2Request></Body></Envelope>`;
    const parsed = expectParsed(parsePaForNodeRequest(xml), 'paGetPaymentV2');
    expect(parsed.warnings).toEqual([]);
  });
});

describe('parsePaForNodeRequest: refusals and the fault for each', () => {
  it('a notice number with wrong check digits is PAA_PAGAMENTO_SCONOSCIUTO, with the request attached', () => {
    const refusal = expectRefused(parsePaForNodeRequest(buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_CF, noticeNumber: WRONG_CHECK_NOTICE } })));
    expect(refusal.operation).toBe('paVerifyPaymentNotice');
    expect(refusal.fault).toMatchObject({ faultCode: 'PAA_PAGAMENTO_SCONOSCIUTO', id: ENTE_CF });
    expect(refusal.fault.description).toMatch(/check digits/);
    expect(refusal.request).toMatchObject({ qrCode: { noticeNumber: WRONG_CHECK_NOTICE } });
  });

  it('a notice number with another aux digit cannot be ours either', () => {
    const refusal = expectRefused(parsePaForNodeRequest(buildPaGetPaymentV2Request({ ...station, qrCode: { fiscalCode: ENTE_CF, noticeNumber: '0' + NOTICE_NUMBER.slice(1) } })));
    expect(refusal.fault.faultCode).toBe('PAA_PAGAMENTO_SCONOSCIUTO');
    expect(refusal.fault.description).toMatch(/aux digit 0/);
  });

  it('receipts are never refused for check digits: the money has moved', () => {
    const parsed = parsePaForNodeRequest(buildPaSendRTV2Request(sendRtInput({ noticeNumber: WRONG_CHECK_NOTICE })));
    expect(parsed.ok).toBe(true);
  });

  it('a receipt whose transfers do not add up to the amount paid is PAA_SEMANTICA', () => {
    const refusal = expectRefused(parsePaForNodeRequest(buildPaSendRTV2Request(sendRtInput({ paymentAmount: 15000 }))));
    expect(refusal.fault.faultCode).toBe('PAA_SEMANTICA');
    expect(refusal.fault.description).toMatch(/add up to 14792 cents but the amount paid is 15000 cents/);
  });

  it('lists every schema problem with its path in one PAA_SINTASSI_XSD', () => {
    const xml = buildPaSendRTV2Request(sendRtInput())
      .replace('<paymentAmount>147.92</paymentAmount>', '<paymentAmount>147.9</paymentAmount>')
      .replace(/<idPSP>[^<]*<\/idPSP>/, '')
      .replace('<outcome>OK</outcome>', '<outcome>MAYBE</outcome>');
    const refusal = expectRefused(parsePaForNodeRequest(xml));
    expect(refusal.operation).toBe('paSendRTV2');
    expect(refusal.fault.faultCode).toBe('PAA_SINTASSI_XSD');
    expect(refusal.fault.id).toBe(ENTE_CF);
    expect(refusal.fault.description).toContain('paSendRTV2Request.receipt.outcome: "MAYBE" must be one of OK, KO');
    expect(refusal.fault.description).toContain('paSendRTV2Request.receipt.paymentAmount: "147.9" is not an amount with exactly two decimals');
    expect(refusal.fault.description).toContain('paSendRTV2Request.receipt.idPSP: is required but missing');
  });

  it('duplicate transfer indexes and more than five transfers are refused', () => {
    const xml = buildPaSendRTV2Request(sendRtInput()).replace('<idTransfer>2</idTransfer>', '<idTransfer>1</idTransfer>');
    expect(expectRefused(parsePaForNodeRequest(xml)).fault.description).toMatch(/idTransfer 1 appears more than once/);
    const transfer = /<transfer>.*?<\/transfer>/.exec(buildPaSendRTV2Request(sendRtInput()))![0];
    const six = buildPaSendRTV2Request(sendRtInput()).replace(/<transferList>.*<\/transferList>/, `<transferList>${transfer.repeat(6)}</transferList>`);
    expect(expectRefused(parsePaForNodeRequest(six)).fault.description).toMatch(/transferList\.transfer: at most 5 are allowed, found 6/);
  });

  it('paDemandPaymentNotice is recognised and answered with a clean KO on its own response', () => {
    const xml = envelope(`<pafn:paDemandPaymentNoticeRequest><idPA>${ENTE_CF}</idPA><idBrokerPA>${station.idBrokerPA}</idBrokerPA><idStation>${station.idStation}</idStation><idServizio>00001</idServizio><idSoggettoServizio>00001</idSoggettoServizio><datiSpecificiServizioRequest>PGEvPg==</datiSpecificiServizioRequest></pafn:paDemandPaymentNoticeRequest>`);
    const refusal = expectRefused(parsePaForNodeRequest(xml));
    expect(refusal).toMatchObject({ operation: 'paDemandPaymentNotice', fault: { faultCode: 'PAA_SEMANTICA', id: ENTE_CF } });
    const answer = renderRefusal(refusal);
    expect(answer.httpStatus).toBe(200);
    expect(parseXml(answer.body).children[0]!.children[0]!.name).toBe('paDemandPaymentNoticeResponse');
  });

  it('a bare operation element without SOAP envelope is answered on that operation', () => {
    const bare = buildPaSendRTV2Request(sendRtInput()).replace(/^.*<soapenv:Body>/, '').replace(/<\/soapenv:Body>.*$/, '').replace('<pafn:paSendRTV2Request>', `<pafn:paSendRTV2Request xmlns:pafn="${PAFN}">`);
    const refusal = expectRefused(parsePaForNodeRequest(bare));
    expect(refusal).toMatchObject({ operation: 'paSendRTV2', fault: { faultCode: 'PAA_SINTASSI_XSD', id: ENTE_CF } });
    expect(refusal.fault.description).toMatch(/must come inside a SOAP 1.1 Envelope/);
  });

  it('a SOAP 1.2 envelope is refused naming the version', () => {
    const xml = buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_CF, noticeNumber: NOTICE_NUMBER } }).replace(SOAPENV, 'http://www.w3.org/2003/05/soap-envelope');
    const refusal = expectRefused(parsePaForNodeRequest(xml, { soapAction: '"paVerifyPaymentNotice"' }));
    expect(refusal.operation).toBe('paVerifyPaymentNotice');
    expect(refusal.fault.description).toMatch(/SOAP 1.2/);
  });

  it('an unknown body element has no operation: the answer is a SOAP Fault with HTTP 500', () => {
    const refusal = expectRefused(parsePaForNodeRequest(envelope(`<pafn:paSomethingElse><idPA>${ENTE_CF}</idPA></pafn:paSomethingElse>`)));
    expect(refusal.operation).toBeUndefined();
    const answer = renderRefusal(refusal);
    expect(answer.httpStatus).toBe(500);
    const fault = parseXml(answer.body).children[0]!.children[0]!;
    expect(fault).toMatchObject({ name: 'Fault', ns: SOAPENV });
    expect(fault.children.map((c) => [c.name, c.text])).toEqual([
      ['faultcode', 'soapenv:Client'],
      ['faultstring', expect.stringContaining('paSomethingElse> is not a paForNode request')],
    ]);
  });

  it('malformed XML is answered on the operation named by SOAPAction when the body cannot be read', () => {
    const refusal = expectRefused(parsePaForNodeRequest('<soapenv:Envelope', { soapAction: 'paGetPaymentV2' }));
    expect(refusal).toMatchObject({ operation: 'paGetPaymentV2', fault: { faultCode: 'PAA_SINTASSI_XSD' } });
    expect(expectRefused(parsePaForNodeRequest('<soapenv:Envelope')).operation).toBeUndefined();
  });
});
