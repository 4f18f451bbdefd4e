import { DomainError } from '../errors';
import { isPostalIban, isValidIban, normaliseIban, validateIban } from './iban';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('IBAN', () => {
  it.each([
    'IT60X0542811101000000123456',
    'IT39X0300203280451585346538', // paSendRTV2 template of the pagoPA feature tests
    'IT30M0306905245100000004733',
    'IT70A0103062500000001357652',
    'IT 60 X 05428 11101 000000123456',
    'it60x0542811101000000123456',
    'GB82WEST12345698765432',
    'DE89370400440532013000',
    'FR1420041010050500013M02606',
    'CH9300762011623852957',
    'NO9386011117947',
    'SM86U0322509800000000270100',
  ])('accepts %s', (iban) => {
    expect(() => validateIban(iban)).not.toThrow();
    expect(isValidIban(iban)).toBe(true);
  });

  it.each([
    ['IT60X0542811101000000123457', 'IBAN_CHECK_DIGITS', 'last digit mistyped'],
    ['IT96R0760154321000000012345', 'IBAN_CHECK_DIGITS', 'fake postal IBAN of the pagoPA samples'],
    ['IT61X0542811101000000123456', 'IBAN_CHECK_DIGITS', 'wrong check digits'],
    ['IT60X054281110100000012345', 'IBAN_LENGTH', '26 characters'],
    ['IT60X05428111010000001234567', 'IBAN_LENGTH', '28 characters'],
    ['DE8937040044053201300', 'IBAN_LENGTH', 'German IBAN one short'],
    ['XX60X0542811101000000123456', 'IBAN_COUNTRY', 'unknown country'],
    ['IT601054281110100000012345X', 'INVALID_IBAN', 'digit where the CIN letter goes'],
    ['IT60X05428A1101000000123456', 'INVALID_IBAN', 'letter inside the CAB'],
    ['IT60X0542811101000000123-56', 'INVALID_IBAN', 'punctuation'],
    ['60X0542811101000000123456', 'INVALID_IBAN', 'no country'],
    ['', 'INVALID_IBAN', 'empty'],
  ])('refuses %s with %s (%s)', (iban, code) => {
    expect(codeOf(() => validateIban(iban))).toBe(code);
    expect(isValidIban(iban)).toBe(false);
  });

  it('refuses an Italian IBAN with a wrong CIN even when mod 97 holds', () => {
    // IT60X0542811101000000123456 with CIN Y and check digits recomputed so that mod 97 = 1
    const rearranged = 'Y0542811101000000123456' + 'IT00';
    const digits = rearranged.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
    const check = String(98n - (BigInt(digits) % 97n)).padStart(2, '0');
    const iban = `IT${check}Y0542811101000000123456`;
    expect(codeOf(() => validateIban(iban))).toBe('IBAN_CIN');
  });

  it('names the field and explains the length', () => {
    expect(() => validateIban('IT60X054281110100000012345', 'ibanPostale')).toThrow(expect.objectContaining({ field: 'ibanPostale' }));
    expect(() => validateIban('IT60X054281110100000012345')).toThrow(/has 26 characters; a IT IBAN has 27/);
  });

  it('normalises to upper case without spaces', () => {
    expect(normaliseIban(' it60 x054 2811 1010 0000 0123 456 ')).toBe('IT60X0542811101000000123456');
  });

  describe('postal IBAN (ABI 07601, Poste Italiane)', () => {
    const postal = (() => {
      const bban = '0760101600000012345678';
      const odd: Record<string, number> = { '0': 1, '1': 0, '2': 5, '3': 7, '4': 9, '5': 13, '6': 15, '7': 17, '8': 19, '9': 21 };
      let sum = 0;
      for (let i = 0; i < bban.length; i++) sum += i % 2 === 0 ? odd[bban[i]!]! : Number(bban[i]);
      const cin = String.fromCharCode(65 + (sum % 26));
      const digits = (cin + bban + 'IT00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
      return `IT${String(98n - (BigInt(digits) % 97n)).padStart(2, '0')}${cin}${bban}`;
    })();

    it('recognises a valid Poste IBAN, also written with spaces', () => {
      expect(isValidIban(postal)).toBe(true);
      expect(isPostalIban(postal)).toBe(true);
      expect(isPostalIban(postal.replace(/(.{4})/g, '$1 ').toLowerCase())).toBe(true);
    });

    it('a bank IBAN is not postal', () => {
      expect(isPostalIban('IT60X0542811101000000123456')).toBe(false);
    });

    it('an invalid IBAN with the Poste ABI is not postal', () => {
      expect(isPostalIban('IT96R0760154321000000012345')).toBe(false);
    });
  });
});
