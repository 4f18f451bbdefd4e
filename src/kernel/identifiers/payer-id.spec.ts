import { DomainError } from '../errors';
import { validatePayerId } from './payer-id';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('payer identifier', () => {
  it.each([
    ['F', 'RSSMRA85T10A562S'],
    ['F', 'rssmra85t10a562s'],
    ['F', 'ANONIMO'],
    ['F', 'anonimo'],
    ['G', '15376371009'],
    ['G', 'RSSMRA85T10A562S'], // sole trader
  ])('tipo %s accepts %s', (tipo, id) => {
    expect(() => validatePayerId(tipo, id)).not.toThrow();
  });

  it.each([
    ['F', '15376371009', 'INVALID_CODICE_FISCALE'],
    ['F', 'RSSMRA85T10A562T', 'CODICE_FISCALE_CHECK_CHARACTER'],
    ['G', '15376371008', 'PARTITA_IVA_CHECK_DIGIT'],
    ['G', 'ANONIMO', 'INVALID_PARTITA_IVA'],
    ['G', '123', 'INVALID_PARTITA_IVA'],
    ['F', '', 'PAYER_ID_REQUIRED'],
    ['G', '   ', 'PAYER_ID_REQUIRED'],
    ['X', 'RSSMRA85T10A562S', 'INVALID_PAYER_TYPE'],
  ])('tipo %s refuses "%s" with %s', (tipo, id, code) => {
    expect(codeOf(() => validatePayerId(tipo, id))).toBe(code);
  });

  it('tells an operator who put a partita IVA on a persona fisica to use tipo G', () => {
    expect(() => validatePayerId('F', '15376371009', 'payer.codiceIdentificativo')).toThrow(/use tipo G/);
  });

  it('names the type field when the type is wrong', () => {
    expect(() => validatePayerId('f', 'RSSMRA85T10A562S', 'payer.codiceIdentificativo', 'payer.tipo')).toThrow(expect.objectContaining({ field: 'payer.tipo' }));
  });
});
