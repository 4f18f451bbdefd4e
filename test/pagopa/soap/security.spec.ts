import fc from 'fast-check';
import { parsePaForNodeRequest, renderRefusal, type PaForNodeParseResult } from '../../../src/pagopa/soap/pa-for-node';
import { buildPaGetPaymentV2Request } from '../../../src/pagopa/soap/pa-get-payment-v2';
import { buildPaSendRTV2Request } from '../../../src/pagopa/soap/pa-send-rt-v2';
import { buildPaVerifyPaymentNoticeRequest } from '../../../src/pagopa/soap/pa-verify-payment-notice';
import { parseXml } from '../../../src/pagopa/xml/safe-xml';
import { ENTE_CF, NOTICE_NUMBER, sendRtInput, station } from '../helpers/samples';

/** Hostile inputs: each must come back as the right fault, as a value, never as an exception. */
const verify = buildPaVerifyPaymentNoticeRequest({ ...station, qrCode: { fiscalCode: ENTE_CF, noticeNumber: NOTICE_NUMBER } });
const receipt = buildPaSendRTV2Request(sendRtInput());

function refusal(result: PaForNodeParseResult) {
  if (result.ok) throw new Error(`expected a refusal, got a parsed ${result.operation}`);
  return result;
}

describe('paForNode security: hostile requests are refused with the right fault', () => {
  it('DOCTYPE with entity expansion (billion laughs) → PAA_SINTASSI_XSD, nothing expanded', () => {
    const lol = verify.replace(
      '<soapenv:Envelope',
      '<!DOCTYPE soapenv:Envelope [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><soapenv:Envelope',
    ).replace(`<idPA>${ENTE_CF}</idPA>`, '<idPA>&c;</idPA>');
    const r = refusal(parsePaForNodeRequest(lol));
    expect(r).toMatchObject({ operation: 'paVerifyPaymentNotice', fault: { faultCode: 'PAA_SINTASSI_XSD' } });
    expect(r.fault.description).toMatch(/DOCTYPE/);
    expect(r.fault.description).not.toContain('aaaaaaaaaa');
  });

  it('external entity (XXE) → PAA_SINTASSI_XSD, the file is never read', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE e [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${verify.replace(/^<\?xml[^>]*>/, '').replace(`<idPA>${ENTE_CF}</idPA>`, '<idPA>&xxe;</idPA>')}`;
    const r = refusal(parsePaForNodeRequest(xxe));
    expect(r.fault.faultCode).toBe('PAA_SINTASSI_XSD');
    expect(r.fault.description).not.toMatch(/root:/);
  });

  it('an entity used without declaration → PAA_SINTASSI_XSD', () => {
    const r = refusal(parsePaForNodeRequest(verify.replace(`<idPA>${ENTE_CF}</idPA>`, '<idPA>&xxe;</idPA>')));
    expect(r.fault).toMatchObject({ faultCode: 'PAA_SINTASSI_XSD', description: expect.stringMatching(/undeclared entity &xxe;/) });
  });

  it('oversized body → PAA_SINTASSI_XSD on the operation, before parsing', () => {
    const padded = verify.replace('<soapenv:Body>', `<soapenv:Header>${'<x>padding</x>'.repeat(80_000)}</soapenv:Header><soapenv:Body>`);
    expect(Buffer.byteLength(padded)).toBeGreaterThan(1024 * 1024);
    // The body element lies beyond the part that is looked at, so the operation comes from SOAPAction...
    const r = refusal(parsePaForNodeRequest(Buffer.from(padded), { soapAction: 'paVerifyPaymentNotice' }));
    expect(r).toMatchObject({ operation: 'paVerifyPaymentNotice', fault: { faultCode: 'PAA_SINTASSI_XSD' } });
    expect(r.fault.description).toMatch(/more than the 1048576 bytes/);
    // ...or, without it, the answer is a SOAP Fault.
    expect(renderRefusal(refusal(parsePaForNodeRequest(Buffer.from(padded)))).httpStatus).toBe(500);
    expect(refusal(parsePaForNodeRequest(verify, { maxBytes: 100 })).fault).toMatchObject({ faultCode: 'PAA_SINTASSI_XSD', description: expect.stringMatching(/more than the 100 bytes/) });
    expect(refusal(parsePaForNodeRequest(verify, { maxBytes: 100 })).operation).toBe('paVerifyPaymentNotice');
  });

  it('operation in the wrong namespace → PAA_SINTASSI_XSD on that operation (the pagopa-api sample bug)', () => {
    const wrong = verify.replace('http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd', 'http://pagopa-api.pagopa.gov.it/node/nodeForPsp.xsd');
    const r = refusal(parsePaForNodeRequest(wrong));
    expect(r).toMatchObject({ operation: 'paVerifyPaymentNotice', fault: { faultCode: 'PAA_SINTASSI_XSD', id: ENTE_CF } });
    expect(r.fault.description).toMatch(/must be in namespace http:\/\/pagopa-api\.pagopa\.gov\.it\/pa\/paForNode\.xsd, it is in http:\/\/pagopa-api\.pagopa\.gov\.it\/node\/nodeForPsp\.xsd/);
  });

  it('envelope in the wrong namespace → PAA_SINTASSI_XSD', () => {
    const r = refusal(parsePaForNodeRequest(verify.replace('http://schemas.xmlsoap.org/soap/envelope/', 'urn:not-soap'), { soapAction: 'paVerifyPaymentNotice' }));
    expect(r.fault.description).toMatch(/Envelope must be in namespace http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\//);
  });

  it('malformed XML → PAA_SINTASSI_XSD naming the line', () => {
    const r = refusal(parsePaForNodeRequest(verify.replace('</idStation>', '</idStatio>')));
    expect(r).toMatchObject({ operation: 'paVerifyPaymentNotice', fault: { faultCode: 'PAA_SINTASSI_XSD' } });
    expect(r.fault.description).toMatch(/not well-formed XML.*line 1/);
  });

  it.each([
    ['10.5', /"10\.5" is not an amount with exactly two decimals/],
    ['10,50', /"10,50" .*decimal separator is a dot/],
    ['10', /"10" is not an amount/],
    ['1.0e1', /"1\.0e1" is not an amount/],
    ['-10.50', /"-10\.50" is not an amount/],
  ])('amount %s → PAA_SINTASSI_XSD naming the field', (amount, why) => {
    const xml = buildPaGetPaymentV2Request({ ...station, qrCode: { fiscalCode: ENTE_CF, noticeNumber: NOTICE_NUMBER }, amount: 1050 }).replace('<amount>10.50</amount>', `<amount>${amount}</amount>`);
    const r = refusal(parsePaForNodeRequest(xml));
    expect(r.fault.faultCode).toBe('PAA_SINTASSI_XSD');
    expect(r.fault.description).toMatch(/paGetPaymentV2Request\.amount/);
    expect(r.fault.description).toMatch(why);
  });

  it('a transfer amount of 0.00 is refused (stAmountNotZero)', () => {
    const xml = receipt.replace('<transferAmount>27.92</transferAmount>', '<transferAmount>0.00</transferAmount>');
    expect(refusal(parsePaForNodeRequest(xml)).fault.description).toMatch(/transfer\[2\]\.transferAmount: "0\.00" must be at least 0\.01/);
  });

  it('an internal failure while reading is PAA_SYSTEM_ERROR, with the cause kept for the log and not shown to the Node', () => {
    const r = refusal(parsePaForNodeRequest(42 as unknown as string, { soapAction: 'paSendRTV2' }));
    expect(r).toMatchObject({ operation: 'paSendRTV2', fault: { faultCode: 'PAA_SYSTEM_ERROR', description: 'the station could not process the request; please retry later' } });
    expect(r.cause).toBeInstanceOf(Error);
  });

  it('every refusal renders to XML the Node can read', () => {
    for (const xml of ['', '<', 'not xml', '<a/>', verify.replace('</idStation>', '</x>'), '<!DOCTYPE x><x/>']) {
      const answer = renderRefusal(refusal(parsePaForNodeRequest(xml)));
      expect(() => parseXml(answer.body)).not.toThrow();
    }
  });

  it('never throws, whatever the bytes (property: random mutations of valid requests and random text)', () => {
    const seeds = [verify, receipt];
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.string({ maxLength: 12 })), { maxLength: 4 }),
        (seed, edits) => {
          let xml = seed;
          for (const [at, cut, insert] of edits) {
            const i = at % (xml.length + 1);
            xml = xml.slice(0, i) + insert + xml.slice(i + cut);
          }
          const result = parsePaForNodeRequest(xml);
          if (!result.ok) expect(() => renderRefusal(result)).not.toThrow();
        },
      ),
      { numRuns: 300, seed: 20250310 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        parsePaForNodeRequest(bytes);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
