import { DomainError, invalid } from '../errors';
import { oddEvenCheckLetter } from './check-character';

/**
 * Codice fiscale of a persona fisica: 16 characters, SSSNNNYYMDDZCCCX.
 * Digit positions may hold the omocodia letters L M N P Q R S T U V (0..9) when two people would
 * otherwise share a code, so they are decoded before checking the day of birth.
 */
const CF_PATTERN = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const OMOCODIA = 'LMNPQRSTUV';
const MONTH_LETTERS = 'ABCDEHLMPRST';
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const decodeDigit = (c: string): number => (c >= '0' && c <= '9' ? Number(c) : OMOCODIA.indexOf(c));

export const normaliseCodiceFiscale = (value: string): string => value.trim().toUpperCase();

export const codiceFiscaleCheckCharacter = (first15: string): string => oddEvenCheckLetter(first15.toUpperCase());

/** Case-insensitive (people type it in lower case); store normaliseCodiceFiscale(value). */
export function validateCodiceFiscale(value: unknown, field = 'codiceFiscale'): asserts value is string {
  if (typeof value !== 'string') throw invalid('INVALID_CODICE_FISCALE', field, `${field} must be a 16-character codice fiscale`);
  const cf = value.toUpperCase();
  if (cf.length !== 16) {
    throw invalid('INVALID_CODICE_FISCALE', field, `${field} "${value}" must be 16 characters (a persona fisica's codice fiscale), it has ${cf.length}`);
  }
  if (!CF_PATTERN.test(cf)) {
    throw invalid('INVALID_CODICE_FISCALE', field, `${field} "${value}" is not shaped like a codice fiscale (6 letters, year, month letter, day, place code, check letter)`);
  }
  // Women add 40 to the day of birth; the 2-digit year hides the century, so 29 February is always accepted.
  const day = decodeDigit(cf[9]!) * 10 + decodeDigit(cf[10]!);
  const dayOfMonth = day > 40 ? day - 40 : day;
  const month = MONTH_LETTERS.indexOf(cf[8]!);
  if (dayOfMonth < 1 || dayOfMonth > DAYS_IN_MONTH[month]!) {
    throw invalid('INVALID_CODICE_FISCALE', field, `${field} "${value}" has an impossible day of birth (${day}) for month letter ${cf[8]}`);
  }
  const expected = oddEvenCheckLetter(cf.slice(0, 15));
  if (cf[15] !== expected) {
    throw new DomainError('CODICE_FISCALE_CHECK_CHARACTER', `${field} "${value}" ends with ${cf[15]}, but its check character is ${expected}: a character was mistyped`, 'invalid', field, {
      expected,
    });
  }
}

export function isValidCodiceFiscale(value: unknown): value is string {
  try {
    validateCodiceFiscale(value);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}
