import { DomainError } from '../errors';
import { isValidPartitaIva, partitaIvaCheckDigit, validatePartitaIva } from './partita-iva';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('partita IVA / numeric codice fiscale', () => {
  it.each([
    ['15376371009', 'PagoPA S.p.A.'],
    ['00488410010', 'a company'],
    ['80016350821', 'a public body (CF numerico starting with 8)'],
    ['01199250158', 'a company in Milan'],
    ['00053070918', 'a PSP of the pagoPA samples'],
  ])('accepts %s (%s)', (piva) => {
    expect(() => validatePartitaIva(piva)).not.toThrow();
    expect(isValidPartitaIva(piva)).toBe(true);
  });

  it.each([
    ['77777777777', 'PARTITA_IVA_CHECK_DIGIT'], // placeholder of the pagoPA samples
    ['15376371008', 'PARTITA_IVA_CHECK_DIGIT'],
    ['15373671009', 'PARTITA_IVA_CHECK_DIGIT'], // two digits swapped
    ['99999999999', 'PARTITA_IVA_CHECK_DIGIT'],
    ['00000000000', 'INVALID_PARTITA_IVA'],
    ['1537637100', 'INVALID_PARTITA_IVA'],
    ['153763710090', 'INVALID_PARTITA_IVA'],
    ['IT15376371009', 'INVALID_PARTITA_IVA'],
    ['1537637100A', 'INVALID_PARTITA_IVA'],
  ])('refuses %s with %s', (piva, code) => {
    expect(codeOf(() => validatePartitaIva(piva))).toBe(code);
    expect(isValidPartitaIva(piva)).toBe(false);
  });

  it('uses the given field name (e.g. the CF of an ente)', () => {
    expect(() => validatePartitaIva('15376371008', 'cfEnte')).toThrow(expect.objectContaining({ field: 'cfEnte', details: { expected: '9' } }));
  });

  it('doubles the digits in even positions', () => {
    expect(partitaIvaCheckDigit('1537637100')).toBe('9');
  });
});
