import { DomainError } from '../../../src/kernel/errors';
import { eurosToCents } from '../../../src/kernel/money';
import type { ReceiptSubject } from '../../../src/pagopa/receipt';
import { parseReceiptDocument } from '../../../src/pagopa/soap/archived-receipt';
import { parsePaForNodeRequest, renderPaForNodeResponse, type PaForNodeParseResult } from '../../../src/pagopa/soap/pa-for-node';
import type { PaymentPositionData, PaymentTransferInput } from '../../../src/pagopa/soap/payment-data';
import { childElements, childText, firstChild, parseXml, type XmlElement } from '../../../src/pagopa/xml/safe-xml';
import { XmlContentError } from '../../../src/pagopa/xml/xml-reader';
import { BROKER_CF, ENTE_CF, IUV, STATION } from '../helpers/samples';
import { describeWithSharedFixtures, readFixture } from '../helpers/shared-fixtures';
import { canValidate, lintEnvelope } from '../helpers/xmllint';

/**
 * The pagoPA samples of shared/fixtures (see its SOURCES.md) and what Quadra answers to each. Decisions:
 *  - a sample notice number with wrong mod-93 check digits (311111111112222222 and friends) on verify/getPayment
 *    → PAA_PAGAMENTO_SCONOSCIUTO: the message is XSD-valid, but no position can carry that number;
 *  - ReqPaVerifyPayment.xml has its body in the nodeForPsp namespace (upstream bug) → PAA_SINTASSI_XSD;
 *  - receipts are read leniently where the deviation changes nothing (WISP's "M" subject type, empty
 *    companyName, non-base64 MBDAttachment, missing transferCategory of old examples), with warnings.
 */
const d = describeWithSharedFixtures('paForNode conformance on shared/fixtures');

const api = (name: string) => readFixture('node-messages', 'pagopa-api-examples', name);
const wisp = (name: string) => readFixture('node-messages', 'wisp-converter', name);
const soapConverter = (name: string) => readFixture('node-messages', 'wisp-soap-converter', name);
const p4pa = (name: string) => readFixture('node-messages', 'p4pa-pu-feature-test', name);
const receipts = (name: string) => readFixture('receipts', 'payhub-activities', name);

function ok(result: PaForNodeParseResult) {
  if (!result.ok) throw new Error(`expected to parse, got ${result.fault.faultCode}: ${result.fault.description}`);
  return result;
}
function ko(result: PaForNodeParseResult) {
  if (result.ok) throw new Error(`expected a refusal, got ${result.operation}`);
  return result;
}

function fill(template: string, values: Record<string, string>): string {
  const filled = template.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
  const left = /\{\w+\}/.exec(filled);
  if (left) throw new Error(`placeholder ${left[0]} not filled`);
  return filled;
}

const p4paValues = {
  ente_fiscal_code: ENTE_CF,
  broker_fiscal_code: BROKER_CF,
  broker_station_id: STATION,
  iuv: IUV,
  receipt_id: 'c110729d258c4ab1b765fe902aae41d6',
  amount: '147.92',
  ente_name: 'Comune di Esempio',
  citizen_fiscal_code: 'RSSMRA80A01H501U',
  citizen_name: 'Mario Rossi',
  citizen_email: 'mario.rossi@example.it',
  current_date: '2025-07-10',
  current_datetime: '2025-07-10T10:15:00',
};

d('sample requests of the paForNode operations', () => {
  it('pagopa-api ReqPaGetPayment.xml parses; its notice number has wrong check digits → PAA_PAGAMENTO_SCONOSCIUTO', () => {
    const r = ko(parsePaForNodeRequest(api('ReqPaGetPayment.xml')));
    expect(r).toMatchObject({ operation: 'paGetPayment', fault: { faultCode: 'PAA_PAGAMENTO_SCONOSCIUTO', id: '77777777777' } });
    expect(r.fault.description).toMatch(/check digits 22, expected 47/);
    expect(r.request).toEqual({ idPA: '77777777777', idBrokerPA: '77777777777', idStation: '77777777777_01', qrCode: { fiscalCode: '77777777777', noticeNumber: '311111111112222222' }, amount: 3000 });
  });

  it('pagopa-api ReqPaVerifyPayment.xml is in the nodeForPsp namespace → PAA_SINTASSI_XSD; corrected, it reaches the notice check', () => {
    const sample = api('ReqPaVerifyPayment.xml');
    const r = ko(parsePaForNodeRequest(sample));
    expect(r).toMatchObject({ operation: 'paVerifyPaymentNotice', fault: { faultCode: 'PAA_SINTASSI_XSD', id: '77777777777' } });
    expect(r.fault.description).toMatch(/nodeForPsp\.xsd/);
    const corrected = sample.replace('http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd', 'http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd');
    expect(ko(parsePaForNodeRequest(corrected)).fault.faultCode).toBe('PAA_PAGAMENTO_SCONOSCIUTO');
  });

  it('pagopa-api ReqPaSendRT.xml (V1, no transferCategory) is accepted with a warning per transfer', () => {
    const r = ok(parsePaForNodeRequest(api('ReqPaSendRT.xml')));
    if (r.operation !== 'paSendRT') throw new Error(r.operation);
    const receipt = r.request.receipt;
    expect(receipt).toMatchObject({
      channel: 'paSendRT',
      receiptId: 'c110729d258c4ab1b765fe902aae41d6',
      noticeNumber: '311111111112222222',
      creditorReferenceId: '11111111112222222',
      paymentAmount: 3000,
      fee: 200,
      pspPartitaIVA: '88888888888',
      paymentDateTime: '2021-10-01T17:48:22',
      paymentDateTimeIso: '2021-10-01T17:48:22+02:00',
      metadata: [{ key: 'keytest', value: '1' }],
    });
    expect(receipt.transfers.map((t) => [t.idTransfer, t.amount, t.fiscalCodePA, t.transferCategory])).toEqual([
      [1, 2000, '77777777777', undefined],
      [2, 1000, '77777777778', undefined],
    ]);
    expect(r.warnings).toEqual([
      'paSendRTReq.receipt.transferList.transfer[1].transferCategory: is missing (required since SANP 2.1); the transfer is kept without tassonomia',
      'paSendRTReq.receipt.transferList.transfer[2].transferCategory: is missing (required since SANP 2.1); the transfer is kept without tassonomia',
    ]);
  });

  it('p4pa paGetPaymentV2.xml template, filled, parses (children declared with xmlns="")', () => {
    const r = ok(parsePaForNodeRequest(fill(p4pa('paGetPaymentV2.xml'), p4paValues)));
    expect(r).toMatchObject({ operation: 'paGetPaymentV2', request: { idPA: ENTE_CF, idStation: STATION, qrCode: { noticeNumber: `3${IUV}` } }, warnings: [] });
  });

  it('p4pa paSendRTV2.xml template, filled, is valid and parses', () => {
    const xml = fill(p4pa('paSendRTV2.xml'), p4paValues);
    if (canValidate) expect(lintEnvelope(xml)).toMatchObject({ valid: true });
    const r = ok(parsePaForNodeRequest(xml));
    if (r.operation !== 'paSendRTV2') throw new Error(r.operation);
    expect(r.request.receipt).toMatchObject({
      channel: 'paSendRTV2',
      creditorReferenceId: IUV,
      paymentAmount: 14792,
      fee: 130,
      idPSP: 'FEATURE_TEST_ID',
      paymentDateTimeIso: '2025-07-10T10:15:00+02:00',
      debtor: { uniqueIdentifierType: 'F', uniqueIdentifierValue: 'RSSMRA80A01H501U', fullName: 'Mario Rossi', country: 'IT' },
    });
    expect(r.request.receipt.transfers).toEqual([
      expect.objectContaining({ amount: 14792, iban: 'IT39X0300203280451585346538', transferCategory: '0201115AP', remittanceInformation: `/RFB/${IUV}/147.92/TXT/Dovuto feature test` }),
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('wisp-converter paSendRTV2Request.xml (WISP dismantling, marca da bollo) parses, its deviations as warnings', () => {
    const r = ok(parsePaForNodeRequest(wisp('paSendRTV2Request.xml')));
    if (r.operation !== 'paSendRTV2') throw new Error(r.operation);
    const receipt = r.request.receipt;
    expect(receipt).toMatchObject({ noticeNumber: '348172725623804858', creditorReferenceId: '863965926210520', paymentAmount: 1600, fee: 35, idPSP: 'BCITITMM', paymentNote: '734b9b88-6186-4034-a79e-813efacf36a0' });
    expect(receipt.debtor.uniqueIdentifierType).toBe('M');
    expect(receipt.transfers[0]).toMatchObject({ amount: 1600, mbdAttachment: 'attachment', transferCategory: '9/0301116TS', datiSpecificiRiscossione: '9/0301116TS/9/11111111111' });
    expect(receipt.transfers[0]!.companyName).toBeUndefined();
    expect(r.warnings).toEqual([
      'paSendRTV2Request.receipt.debtor.uniqueIdentifier.entityUniqueIdentifierType: "M" is neither F nor G; kept as sent',
      'paSendRTV2Request.receipt.transferList.transfer[1].companyName: is empty; treated as absent',
      'paSendRTV2Request.receipt.transferList.transfer[1].MBDAttachment: is not base64; kept verbatim',
    ]);
  });

  it('wisp-converter paSendRTV2.xml (a V1 paSendRTReq carrying V2-only fields) parses as V1 and names what it ignored', () => {
    const r = ok(parsePaForNodeRequest(wisp('paSendRTV2.xml')));
    expect(r.operation).toBe('paSendRT');
    expect(r.warnings.map((w) => w.split(':')[0])).toEqual([
      'paSendRTReq.receipt.transferList.transfer[1].companyName',
      'paSendRTReq.receipt.transferList.transfer[2].companyName',
      'paSendRTReq.receipt.primaryCiIncurredFee',
      'paSendRTReq.receipt.idBundle',
      'paSendRTReq.receipt.idCiBundle',
      'paSendRTReq.receipt.paymentNote',
      'paSendRTReq.receipt.standin',
    ]);
  });

  it('PSP-side samples (nodeForPsp operations) are not paForNode requests: a SOAP Fault, no exception', () => {
    for (const name of ['ReqActivatePayment.xml', 'ReqSendPaymentOutcome.xml', 'ReqVerificaBollettino.xml', 'ReqVerifyPayment.xml']) {
      const r = ko(parsePaForNodeRequest(api(name)));
      expect([name, r.operation, r.fault.faultCode]).toEqual([name, undefined, 'PAA_SINTASSI_XSD']);
    }
  });
});

d('archived receipts', () => {
  it('RECEIPT_VALID.xml, a bare paSendRTV2Request, parses as an archived receipt', () => {
    const xml = receipts('RECEIPT_VALID.xml');
    const receipt = parseReceiptDocument(xml);
    expect(receipt).toMatchObject({ channel: 'paSendRTV2', paymentAmount: 3000, primaryCiIncurredFee: 50, idBundle: '1', standIn: false, addressing: { idPA: '77777777777' }, warnings: [] });
    expect(receipt.transfers.map((t) => [t.amount, t.companyName, t.transferCategory])).toEqual([
      [2000, 'company EC1', '0101100IM'],
      [1000, 'company EC2', '0201102IM'],
    ]);
    expect(receipt.rawXml).toBe(xml);
    // On the SOAP endpoint the same element without envelope is refused.
    expect(ko(parsePaForNodeRequest(xml))).toMatchObject({ operation: 'paSendRTV2', fault: { faultCode: 'PAA_SINTASSI_XSD' } });
  });

  it('RECEIPT_INVALID.xml (idPA renamed INVALID) is refused naming the missing idPA; in an envelope it is PAA_SINTASSI_XSD', () => {
    const xml = receipts('RECEIPT_INVALID.xml');
    let error: unknown;
    try {
      parseReceiptDocument(xml, { documentName: 'RECEIPT_INVALID.xml' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XmlContentError);
    expect((error as DomainError).message).toBe('RECEIPT_INVALID.xml does not match its schema: paSendRTV2Request.idPA: is required but missing');
    const wrapped = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${xml}</soapenv:Body></soapenv:Envelope>`;
    expect(ko(parsePaForNodeRequest(wrapped)).fault).toMatchObject({ faultCode: 'PAA_SINTASSI_XSD', description: 'paSendRTV2Request.idPA: is required but missing' });
  });

  it('a whole SOAP paSendRTV2 request is an archived receipt too', () => {
    expect(parseReceiptDocument(wisp('paSendRTV2Request.xml')).creditorReferenceId).toBe('863965926210520');
  });
});

// ---------------------------------------------------------------------------------------------------------
// responses: our rendering of the samples' own data has the samples' shape

type Tree = [string, string | Tree[]];
const BOOLEAN = new Set(['lastPayment', 'allCCP', 'standIn']);
function tree(e: XmlElement): Tree {
  if (e.children.length > 0) return [e.name, e.children.map(tree)];
  const text = e.text.trim();
  return [e.name, BOOLEAN.has(e.name) ? String(text === '1' || text === 'true') : text];
}
const bodyOf = (xml: string): XmlElement => parseXml(xml).children.find((c) => c.name === 'Body')!.children[0]!;

function subjectFrom(e: XmlElement): ReceiptSubject {
  const id = firstChild(e, 'uniqueIdentifier')!;
  const s: ReceiptSubject = {
    uniqueIdentifierType: childText(id, 'entityUniqueIdentifierType')!,
    uniqueIdentifierValue: childText(id, 'entityUniqueIdentifierValue')!,
    fullName: childText(e, 'fullName')!,
    streetName: childText(e, 'streetName'),
    civicNumber: childText(e, 'civicNumber'),
    postalCode: childText(e, 'postalCode'),
    city: childText(e, 'city'),
    stateProvinceRegion: childText(e, 'stateProvinceRegion'),
    country: childText(e, 'country'),
    email: childText(e, 'e-mail'),
  };
  return s;
}

const entriesFrom = (e: XmlElement | undefined) => (e ? childElements(e, 'mapEntry').map((m) => ({ key: childText(m, 'key')!, value: childText(m, 'value')! })) : undefined);

function positionFrom(data: XmlElement): PaymentPositionData {
  const transfers: PaymentTransferInput[] = childElements(firstChild(data, 'transferList')!, 'transfer').map((t) => {
    const bollo = firstChild(t, 'richiestaMarcaDaBollo');
    return {
      idTransfer: Number(childText(t, 'idTransfer')),
      amount: eurosToCents(childText(t, 'transferAmount')),
      fiscalCodePA: childText(t, 'fiscalCodePA')!,
      companyName: childText(t, 'companyName'),
      iban: childText(t, 'IBAN'),
      richiestaMarcaDaBollo: bollo && { hashDocumento: childText(bollo, 'hashDocumento')!, tipoBollo: '01', provinciaResidenza: childText(bollo, 'provinciaResidenza')! },
      remittanceInformation: childText(t, 'remittanceInformation')!,
      transferCategory: childText(t, 'transferCategory')!,
      metadata: entriesFrom(firstChild(t, 'metadata')),
    };
  });
  return {
    creditorReferenceId: childText(data, 'creditorReferenceId')!,
    paymentAmount: eurosToCents(childText(data, 'paymentAmount')),
    dueDate: childText(data, 'dueDate')!,
    retentionDate: childText(data, 'retentionDate'),
    lastPayment: childText(data, 'lastPayment') === undefined ? undefined : ['1', 'true'].includes(childText(data, 'lastPayment')!),
    description: childText(data, 'description')!,
    companyName: childText(data, 'companyName')!,
    officeName: childText(data, 'officeName'),
    debtor: subjectFrom(firstChild(data, 'debtor')!),
    transfers,
    metadata: entriesFrom(firstChild(data, 'metadata')),
  };
}

d('sample responses: the same shape and values when Quadra renders their data', () => {
  it.each([
    ['wisp-soap-converter/paGetPaymentV2Response_OK.xml', 'paGetPaymentV2' as const],
    ['wisp-soap-converter/paGetPaymentV2Response_OK-mbd.xml', 'paGetPaymentV2' as const],
    ['wisp-soap-converter/paGetPaymentRes_OK-1-transfer.xml', 'paGetPayment' as const],
  ])('%s', (file, operation) => {
    const [folder, name] = file.split('/') as [string, string];
    const sample = readFixture('node-messages', folder, name).replace('{CREDITORREFERENCEID}', IUV);
    const data = positionFrom(firstChild(bodyOf(sample), 'data')!);
    const ours = renderPaForNodeResponse(operation, { outcome: 'OK', data });
    expect(tree(bodyOf(ours))).toEqual(tree(bodyOf(sample)));
    if (canValidate) expect(lintEnvelope(ours)).toMatchObject({ valid: true });
  });

  it.each([['pagopa-api-examples', '200PaVerifyPaymentNotice.xml'], ['wisp-soap-converter', 'paVerifyPaymentNoticeRes_OK.xml']])('%s/%s', (folder, name) => {
    const sample = bodyOf(readFixture('node-messages', folder, name));
    const option = firstChild(firstChild(sample, 'paymentList')!, 'paymentOptionDescription')!;
    const ours = renderPaForNodeResponse('paVerifyPaymentNotice', {
      outcome: 'OK',
      data: {
        amount: eurosToCents(childText(option, 'amount')),
        options: 'EQ',
        dueDate: childText(option, 'dueDate'),
        detailDescription: childText(option, 'detailDescription'),
        allCCP: childText(option, 'allCCP') === 'true',
        paymentDescription: childText(sample, 'paymentDescription'),
        fiscalCodePA: childText(sample, 'fiscalCodePA'),
        companyName: childText(sample, 'companyName'),
        officeName: childText(sample, 'officeName'),
      },
    });
    expect(tree(bodyOf(ours))).toEqual(tree(sample));
  });

  it('paSendRT(V2) OK answers match 200PaSendRT.xml, paSendRTRes_OK.xml and paSendRTV2Response_OK.xml', () => {
    expect(tree(bodyOf(renderPaForNodeResponse('paSendRT', { outcome: 'OK' })))).toEqual(tree(bodyOf(api('200PaSendRT.xml'))));
    expect(tree(bodyOf(renderPaForNodeResponse('paSendRT', { outcome: 'OK' })))).toEqual(tree(bodyOf(soapConverter('paSendRTRes_OK.xml'))));
    expect(tree(bodyOf(renderPaForNodeResponse('paSendRTV2', { outcome: 'OK' })))).toEqual(tree(bodyOf(soapConverter('paSendRTV2Response_OK.xml'))));
  });

  it('a KO answer has the shape of paVerifyPaymentNoticeRes_KO.xml', () => {
    const sample = bodyOf(soapConverter('paVerifyPaymentNoticeRes_KO.xml'));
    const fault = firstChild(sample, 'fault')!;
    const ours = renderPaForNodeResponse('paVerifyPaymentNotice', {
      outcome: 'KO',
      fault: { faultCode: 'PAA_SYSTEM_ERROR', faultString: childText(fault, 'faultString'), id: childText(fault, 'id')!, description: childText(fault, 'description')! },
    });
    const shape = (t: Tree): unknown => (typeof t[1] === 'string' ? t[0] : [t[0], t[1].map(shape)]);
    expect(shape(tree(bodyOf(ours)))).toEqual(shape(tree(sample)));
  });
});
