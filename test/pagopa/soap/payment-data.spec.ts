import { DomainError } from '../../../src/kernel/errors';
import { renderPaForNodeResponse } from '../../../src/pagopa/soap/pa-for-node';
import type { PaymentPositionData } from '../../../src/pagopa/soap/payment-data';
import { childElements, childText, firstChild, parseXml, type XmlElement } from '../../../src/pagopa/xml/safe-xml';
import { debtor, ENTE_CF, IUV, OTHER_ENTE_CF, position } from '../helpers/samples';

const dataOf = (xml: string): XmlElement => firstChild(parseXml(xml).children[0]!.children[0]!, 'data')!;
const transfersOf = (data: XmlElement): XmlElement[] => childElements(firstChild(data, 'transferList')!, 'transfer');

function renderError(operation: 'paGetPayment' | 'paGetPaymentV2', data: PaymentPositionData): DomainError {
  try {
    renderPaForNodeResponse(operation, { outcome: 'OK', data });
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the rendering to be refused');
}

describe('paGetPayment / paGetPaymentV2 answers', () => {
  it('a multi-beneficiary position: one transfer per ente, amounts as euros with two decimals', () => {
    const data = dataOf(renderPaForNodeResponse('paGetPaymentV2', { outcome: 'OK', data: position() }));
    expect(childText(data, 'creditorReferenceId')).toBe(IUV);
    expect(childText(data, 'paymentAmount')).toBe('147.92');
    expect(transfersOf(data).map((t) => [childText(t, 'idTransfer'), childText(t, 'transferAmount'), childText(t, 'fiscalCodePA'), childText(t, 'companyName')])).toEqual([
      ['1', '120.00', ENTE_CF, 'Comune di Esempio'],
      ['2', '27.92', OTHER_ENTE_CF, 'Provincia di Esempio'],
    ]);
  });

  it('datiSpecificiRiscossione travels as a metadata mapEntry of its transfer, beside the other entries', () => {
    const [first, second] = transfersOf(dataOf(renderPaForNodeResponse('paGetPaymentV2', { outcome: 'OK', data: position() })));
    const entries = (t: XmlElement) => childElements(firstChild(t, 'metadata')!, 'mapEntry').map((e) => [childText(e, 'key'), childText(e, 'value')]);
    expect(entries(first!)).toEqual([['datiSpecificiRiscossione', '9/0101101IM/']]);
    expect(entries(second!)).toEqual([['capitolo', '1234']]);
  });

  it('V1 leaves out what ctPaymentPA does not have (transfer companyName) and keeps the order of the XSD', () => {
    const data = dataOf(renderPaForNodeResponse('paGetPayment', { outcome: 'OK', data: position() }));
    expect(transfersOf(data).every((t) => firstChild(t, 'companyName') === undefined)).toBe(true);
    expect(data.children.map((c) => c.name)).toEqual(['creditorReferenceId', 'paymentAmount', 'dueDate', 'description', 'companyName', 'officeName', 'debtor', 'transferList']);
  });

  it('a marca da bollo transfer is answered in V2 and refused for V1', () => {
    const data = position({
      paymentAmount: 1600,
      transfers: [{ idTransfer: 1, amount: 1600, fiscalCodePA: ENTE_CF, richiestaMarcaDaBollo: { hashDocumento: 'YWJjZA==', provinciaResidenza: 'MI' }, remittanceInformation: 'bollo', transferCategory: '9/0301116TS/' }],
    });
    const transfer = transfersOf(dataOf(renderPaForNodeResponse('paGetPaymentV2', { outcome: 'OK', data })))[0]!;
    expect(firstChild(transfer, 'IBAN')).toBeUndefined();
    expect(childText(firstChild(transfer, 'richiestaMarcaDaBollo')!, 'tipoBollo')).toBe('01');
    expect(renderError('paGetPayment', data).message).toMatch(/only paGetPaymentV2 can carry one/);
  });

  it('refuses to answer transfers that do not add up to the amount', () => {
    const e = renderError('paGetPaymentV2', position({ paymentAmount: 15000 }));
    expect(e.code).toBe('PAGOPA_MESSAGE_INVALID');
    expect(e.message).toMatch(/add up to 14792 cents but paymentAmount is 15000 cents/);
  });

  it('refuses more than five transfers, duplicate indexes, a transfer without IBAN, a bad fiscal code', () => {
    const base = position().transfers[0]!;
    const six = Array.from({ length: 6 }, (_, i) => ({ ...base, idTransfer: i + 1, amount: 100 }));
    expect(renderError('paGetPaymentV2', position({ paymentAmount: 600, transfers: six })).message).toMatch(/1 to 5 transfers/);
    expect(renderError('paGetPaymentV2', position({ paymentAmount: 200, transfers: [{ ...base, amount: 100 }, { ...base, amount: 100 }] })).message).toMatch(/unique/);
    expect(renderError('paGetPaymentV2', position({ paymentAmount: 12000, transfers: [{ ...base, iban: undefined }] })).field).toBe('transfers[1].iban');
    expect(renderError('paGetPaymentV2', position({ paymentAmount: 12000, transfers: [{ ...base, fiscalCodePA: '123' }] })).message).toMatch(/transfers\[1\]\.fiscalCodePA "123" is not an 11-digit fiscal code/);
  });

  it('cuts descriptions to the XSD length instead of making the position unpayable', () => {
    const long = 'Tassa rifiuti '.repeat(20);
    const data = dataOf(renderPaForNodeResponse('paGetPaymentV2', { outcome: 'OK', data: position({ description: long }) }));
    expect([...childText(data, 'description')!].length).toBeLessThanOrEqual(140);
    expect(long.startsWith(childText(data, 'description')!)).toBe(true);
  });

  it('leaves out an e-mail or country the XSD would refuse, and refuses a debtor type other than F/G', () => {
    const data = dataOf(renderPaForNodeResponse('paGetPaymentV2', { outcome: 'OK', data: position({ debtor: { ...debtor, email: 'not an email', country: 'Italia' } }) }));
    const d = firstChild(data, 'debtor')!;
    expect(firstChild(d, 'e-mail')).toBeUndefined();
    expect(firstChild(d, 'country')).toBeUndefined();
    expect(childText(d, 'fullName')).toBe('Mario Rossi');
    expect(renderError('paGetPaymentV2', position({ debtor: { ...debtor, uniqueIdentifierType: 'M' } })).message).toMatch(/must be F .* or G/);
  });

  it('a KO answer carries the fault and no data', () => {
    const xml = renderPaForNodeResponse('paGetPaymentV2', { outcome: 'KO', fault: { faultCode: 'PAA_PAGAMENTO_SCADUTO', description: 'expired on 2025-01-31', id: ENTE_CF } });
    const res = parseXml(xml).children[0]!.children[0]!;
    expect(res.children.map((c) => c.name)).toEqual(['outcome', 'fault']);
    expect(childText(res, 'outcome')).toBe('KO');
    expect(childText(firstChild(res, 'fault')!, 'faultString')).toBe('Pagamento in attesa risulta scaduto all’Ente Creditore');
  });
});
