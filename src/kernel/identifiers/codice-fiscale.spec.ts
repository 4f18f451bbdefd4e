import { DomainError } from '../errors';
import { codiceFiscaleCheckCharacter, isValidCodiceFiscale, normaliseCodiceFiscale, validateCodiceFiscale } from './codice-fiscale';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('codice fiscale (persona fisica)', () => {
  it.each([
    ['RSSMRA85T10A562S', 'Mario Rossi, born 10 Dec 1985 in Bari'],
    ['JHNDOE00A01F205N', 'the fake payer of the pagoPA samples'],
    ['BNCLRA90E52H501T', 'a woman: day of birth + 40'],
    ['BNCLRA90B29H501X', '29 February (the century is unknown, so always possible)'],
    ['RSSMRA85T10A56NH', 'omocodia: last digit replaced by a letter'],
    ['RSSMRA85T10A5SNT', 'omocodia: two digits replaced'],
    ['rssmra85t10a562s', 'typed in lower case'],
  ])('accepts %s (%s)', (cf) => {
    expect(() => validateCodiceFiscale(cf)).not.toThrow();
    expect(isValidCodiceFiscale(cf)).toBe(true);
  });

  it.each([
    ['RSSMRA85T10A562T', 'CODICE_FISCALE_CHECK_CHARACTER', 'wrong check letter'],
    ['RSSMRA85T10A526S', 'CODICE_FISCALE_CHECK_CHARACTER', 'two digits swapped'],
    ['TTTTTT11T11T123T', 'CODICE_FISCALE_CHECK_CHARACTER', 'placeholder of the pagoPA samples'],
    ['RSSMRA85T10A562', 'INVALID_CODICE_FISCALE', '15 characters'],
    ['RSSMRA85T10A562SX', 'INVALID_CODICE_FISCALE', '17 characters'],
    ['15376371009', 'INVALID_CODICE_FISCALE', 'a partita IVA'],
    ['RSSMRA85Z10A562S', 'INVALID_CODICE_FISCALE', 'Z is not a month letter'],
    ['BNCLRA90B30H501E', 'INVALID_CODICE_FISCALE', '30 February'],
    ['RSSMRA85T32A562S', 'INVALID_CODICE_FISCALE', 'day 32'],
    ['RSSMRA85T00A562S', 'INVALID_CODICE_FISCALE', 'day 0'],
    ['RSSMRA85TA0A562S', 'INVALID_CODICE_FISCALE', 'A is not an omocodia letter'],
    ['RSS MRA85T10A562', 'INVALID_CODICE_FISCALE', 'a space inside'],
    ['1SSMRA85T10A562S', 'INVALID_CODICE_FISCALE', 'a digit in the surname part'],
  ])('refuses %s with %s (%s)', (cf, code) => {
    expect(codeOf(() => validateCodiceFiscale(cf))).toBe(code);
    expect(isValidCodiceFiscale(cf)).toBe(false);
  });

  it('names the field, and the expected letter', () => {
    expect(() => validateCodiceFiscale('RSSMRA85T10A562T', 'payer.codiceIdentificativo')).toThrow(
      expect.objectContaining({ field: 'payer.codiceIdentificativo', details: { expected: 'S' } }),
    );
  });

  it('computes the check letter of the first 15 characters', () => {
    expect(codiceFiscaleCheckCharacter('VRDGPP80A01L21M')).toBe('J');
  });

  it('normalises to upper case without surrounding blanks', () => {
    expect(normaliseCodiceFiscale('  rssmra85t10a562s ')).toBe('RSSMRA85T10A562S');
  });
});
