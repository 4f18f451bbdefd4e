import { DomainError } from '../errors';
import { isValidIud, validateIud } from './iud';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('IUD', () => {
  it.each(['1', 'TARI-2024-000123', 'MENSA/2024/09/RSSMRA', 'A'.repeat(35), 'ZTL 2024 verbale 12', "dovuto_#1(bis)!'x'", '00-1', '0012'])('accepts "%s"', (iud) => {
    expect(() => validateIud(iud)).not.toThrow();
    expect(isValidIud(iud)).toBe(true);
  });

  it.each([
    ['', /required/],
    ['A'.repeat(36), /36 characters, at most 35/],
    ['000123', /must not start with "000"/],
    ['TARI;2024', /';'/],
    ['TARI"2024', /'"'/],
    ['TARI\t2024', /U\+0009/],
    ['TARI\n2024', /U\+000A/],
    ['TARIè2024', /U\+00E8/],
    [' TARI2024', /start or end with a space/],
    ['TARI2024 ', /start or end with a space/],
  ])('refuses "%s"', (iud, message) => {
    expect(codeOf(() => validateIud(iud))).toBe('INVALID_IUD');
    expect(() => validateIud(iud)).toThrow(message);
    expect(isValidIud(iud)).toBe(false);
  });

  it('refuses a non-string', () => {
    expect(isValidIud(123)).toBe(false);
  });
});
