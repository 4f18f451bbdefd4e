import { soapFaultEnvelope } from '../../../src/pagopa/soap/envelope';
import { faultResponse, paFault, PA_FAULT_CODES } from '../../../src/pagopa/soap/faults';
import { PA_FOR_NODE_OPERATION_NAMES, PA_FOR_NODE_OPERATIONS } from '../../../src/pagopa/soap/operations';
import { renderPaForNodeResponse } from '../../../src/pagopa/soap/pa-for-node';
import { buildPaGetPaymentRequest } from '../../../src/pagopa/soap/pa-get-payment';
import { buildPaGetPaymentV2Request } from '../../../src/pagopa/soap/pa-get-payment-v2';
import { buildPaSendRTRequest } from '../../../src/pagopa/soap/pa-send-rt';
import { buildPaSendRTV2Request } from '../../../src/pagopa/soap/pa-send-rt-v2';
import { buildPaVerifyPaymentNoticeRequest } from '../../../src/pagopa/soap/pa-verify-payment-notice';
import { parseXml } from '../../../src/pagopa/xml/safe-xml';
import { ENTE_CF, NOTICE_NUMBER, OTHER_ENTE_CF, position, receiptInput, sendRtInput, sendRtV1Input, station } from '../helpers/samples';
import { describeWithXmllint, lintEnvelope } from '../helpers/xmllint';

const d = describeWithXmllint('paForNode responses and requests against paForNode.xsd (xmllint)');

/** Valid, and the Body holds exactly the element expected. */
function expectValid(xml: string, bodyElement: string): void {
  const lint = lintEnvelope(xml);
  if (!lint.valid) throw new Error(`${bodyElement} does not validate:\n${lint.output}\n${xml}`);
  expect(parseXml(xml).children[0]!.children[0]!.name).toBe(bodyElement);
}

const bollo = { hashDocumento: 'YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=', provinciaResidenza: 'MI' };

d('every response kind validates, OK and KO', () => {
  it('the strict envelope schema really checks the body: a response in the wrong namespace fails', () => {
    const good = renderPaForNodeResponse('paSendRTV2', { outcome: 'OK' });
    expect(lintEnvelope(good).valid).toBe(true);
    expect(lintEnvelope(good.replace('http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd', 'urn:wrong')).valid).toBe(false);
    expect(lintEnvelope(good.replace('<outcome>OK</outcome>', '<outcome>FINE</outcome>')).valid).toBe(false);
  });

  it('paVerifyPaymentNoticeRes OK, with all optional fields and with none', () => {
    expectValid(
      renderPaForNodeResponse('paVerifyPaymentNotice', {
        outcome: 'OK',
        data: { amount: 14792, options: 'EQ', dueDate: '2025-06-30', detailDescription: 'TARI 2025', allCCP: false, paymentDescription: 'TARI 2025 rata unica', fiscalCodePA: ENTE_CF, companyName: 'Comune di Esempio', officeName: 'Tributi' },
      }),
      'paVerifyPaymentNoticeRes',
    );
    expectValid(renderPaForNodeResponse('paVerifyPaymentNotice', { outcome: 'OK', data: { amount: 1, allCCP: true } }), 'paVerifyPaymentNoticeRes');
  });

  it('paGetPaymentRes OK (V1, multi-beneficiary)', () => {
    expectValid(renderPaForNodeResponse('paGetPayment', { outcome: 'OK', data: position() }), 'paGetPaymentRes');
  });

  it('paGetPaymentV2Response OK: multi-beneficiary, and with a marca da bollo transfer', () => {
    expectValid(renderPaForNodeResponse('paGetPaymentV2', { outcome: 'OK', data: position({ retentionDate: '2025-07-30T23:59:59', lastPayment: true, metadata: [{ key: 'anno', value: '2025' }] }) }), 'paGetPaymentV2Response');
    const withBollo = position();
    withBollo.transfers[1] = { idTransfer: 2, amount: 2792, fiscalCodePA: OTHER_ENTE_CF, richiestaMarcaDaBollo: bollo, remittanceInformation: 'bollo', transferCategory: '9/0301116TS/' };
    expectValid(renderPaForNodeResponse('paGetPaymentV2', { outcome: 'OK', data: withBollo }), 'paGetPaymentV2Response');
  });

  it('paSendRTRes and paSendRTV2Response OK', () => {
    expectValid(renderPaForNodeResponse('paSendRT', { outcome: 'OK' }), 'paSendRTRes');
    expectValid(renderPaForNodeResponse('paSendRTV2', { outcome: 'OK' }), 'paSendRTV2Response');
  });

  it.each(PA_FOR_NODE_OPERATION_NAMES)('%s KO with a fault validates', (operation) => {
    expectValid(faultResponse(operation, paFault('PAA_SYSTEM_ERROR', 'database unreachable <retry> & wait', ENTE_CF)), PA_FOR_NODE_OPERATIONS[operation].response);
  });

  it.each(PA_FAULT_CODES)('fault %s validates and carries code, standard string, id and description', (code) => {
    const xml = renderPaForNodeResponse('paVerifyPaymentNotice', { outcome: 'KO', fault: paFault(code, `why ${code}`, ENTE_CF) });
    expectValid(xml, 'paVerifyPaymentNoticeRes');
    const fault = parseXml(xml).children[0]!.children[0]!.children[1]!;
    expect(fault.children.map((c) => c.name)).toEqual(['faultCode', 'faultString', 'id', 'description']);
    expect(fault.children.map((c) => c.text)).toEqual([code, expect.stringMatching(/\S/), ENTE_CF, `why ${code}`]);
  });

  it('the SOAP Fault for an unreadable request validates', () => {
    expectValid(soapFaultEnvelope('Client', 'PAA_SINTASSI_XSD: the request is not well-formed XML'), 'Fault');
  });
});

d('the Node simulator\'s requests validate', () => {
  const qrCode = { fiscalCode: ENTE_CF, noticeNumber: NOTICE_NUMBER };

  it('paVerifyPaymentNoticeReq', () => {
    expectValid(buildPaVerifyPaymentNoticeRequest({ ...station, qrCode }), 'paVerifyPaymentNoticeReq');
  });

  it('paGetPaymentReq and paGetPaymentV2Request, minimal and with every optional field', () => {
    const full = { ...station, qrCode, amount: 14792, paymentNote: 'nota', transferType: 'PAGOPA' as const, dueDate: '2025-06-30' };
    expectValid(buildPaGetPaymentRequest({ ...station, qrCode }), 'paGetPaymentReq');
    expectValid(buildPaGetPaymentRequest(full), 'paGetPaymentReq');
    expectValid(buildPaGetPaymentV2Request(full), 'paGetPaymentV2Request');
  });

  it('paSendRTReq and paSendRTV2Request, full and minimal', () => {
    expectValid(buildPaSendRTRequest(sendRtV1Input()), 'paSendRTReq');
    expectValid(buildPaSendRTV2Request(sendRtInput()), 'paSendRTV2Request');
    const { payer: _p, paymentMethod: _m, paymentNote: _n, fee: _f, primaryCiIncurredFee: _c, idBundle: _b, idCiBundle: _i, paymentDateTime: _t, applicationDate: _a, transferDate: _d, metadata: _x, standIn: _s, pspFiscalCode: _pf, ...minimal } = receiptInput();
    expectValid(buildPaSendRTV2Request({ ...station, receipt: minimal }), 'paSendRTV2Request');
  });

  it('a V2 receipt with a marca da bollo transfer', () => {
    const receipt = receiptInput({
      paymentAmount: 1600,
      transfers: [{ idTransfer: 1, amount: 1600, fiscalCodePA: ENTE_CF, mbdAttachment: Buffer.from('<marcaDaBollo/>').toString('base64'), remittanceInformation: 'bollo', transferCategory: '9/0301116TS/' }],
    });
    expectValid(buildPaSendRTV2Request({ ...station, receipt }), 'paSendRTV2Request');
  });
});
