import { DomainError, invalid } from '../errors';
import { oddEvenCheckLetter } from './check-character';

/**
 * IBAN (ISO 13616). Input may carry the spaces of the printed form and lower case; store normaliseIban(value).
 * Italian (and San Marino) IBANs are also checked for shape and for the CIN letter, which the bank checks
 * before mod 97: a wrong CIN means every riversamento to that account would bounce.
 */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27,
  MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33,
  SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};
/** IT and SM: CIN letter, ABI (5 digits), CAB (5 digits), account (12 letters or digits). */
const CIN_BBAN_PATTERN = /^[A-Z]\d{10}[A-Z0-9]{12}$/;
/** Poste Italiane's ABI: an IBAN with it can take postal (bollettino) payments. */
export const POSTE_ABI = '07601';

export const normaliseIban = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

function mod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const c of rearranged) {
    const n = c >= 'A' ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48;
    remainder = (remainder * (n > 9 ? 100 : 10) + n) % 97;
  }
  return remainder;
}

export function validateIban(value: unknown, field = 'iban'): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid('INVALID_IBAN', field, `${field} is required`);
  const iban = normaliseIban(value);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) {
    throw invalid('INVALID_IBAN', field, `${field} "${value}" must start with a country code and two check digits, then letters and digits only`);
  }
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined) throw invalid('IBAN_COUNTRY', field, `${field} "${value}": ${country} is not a country that issues IBANs`);
  if (iban.length !== length) {
    throw invalid('IBAN_LENGTH', field, `${field} "${value}" has ${iban.length} characters; a ${country} IBAN has ${length}`);
  }
  if (country === 'IT' || country === 'SM') {
    const bban = iban.slice(4);
    if (!CIN_BBAN_PATTERN.test(bban)) {
      throw invalid('INVALID_IBAN', field, `${field} "${value}": after ${iban.slice(0, 4)} an ${country} IBAN has a CIN letter, ABI and CAB (10 digits) and a 12-character account`);
    }
  }
  if (mod97(iban) !== 1) {
    throw invalid('IBAN_CHECK_DIGITS', field, `${field} "${value}" fails the IBAN check (mod 97): a character was mistyped`);
  }
  if (country === 'IT' || country === 'SM') {
    const expected = oddEvenCheckLetter(iban.slice(5));
    if (iban[4] !== expected) {
      throw new DomainError('IBAN_CIN', `${field} "${value}" has CIN ${iban[4]}, but ABI, CAB and account give ${expected}`, 'invalid', field, { expected });
    }
  }
}

export function isValidIban(value: unknown): value is string {
  try {
    validateIban(value);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}

/** ABI sits at characters 6..10 of an Italian IBAN (after IT, check digits and CIN). */
export function isPostalIban(iban: string): boolean {
  const n = normaliseIban(iban);
  return isValidIban(n) && n.startsWith('IT') && n.slice(5, 10) === POSTE_ABI;
}
