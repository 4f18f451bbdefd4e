import { DomainError, invalid } from '../errors';

/**
 * 11-digit partita IVA, which is also the numeric codice fiscale of companies and public bodies (the CF ente,
 * the broker's id). The last digit is a Luhn-style check: digits in even positions are doubled (minus 9 above 9).
 */
const PIVA_PATTERN = /^\d{11}$/;

export function partitaIvaCheckDigit(first10: string): string {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = first10.charCodeAt(i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function validatePartitaIva(value: unknown, field = 'partitaIva'): asserts value is string {
  if (typeof value !== 'string' || !PIVA_PATTERN.test(value)) {
    const shown = typeof value === 'string' ? `"${value}"` : String(value);
    throw invalid('INVALID_PARTITA_IVA', field, `${field} ${shown} must be exactly 11 digits`);
  }
  // "00000000000" passes the check digit but is what empty spreadsheet cells turn into.
  if (/^0+$/.test(value)) throw invalid('INVALID_PARTITA_IVA', field, `${field} "${value}" is all zeros`);
  const expected = partitaIvaCheckDigit(value.slice(0, 10));
  if (value[10] !== expected) {
    throw new DomainError('PARTITA_IVA_CHECK_DIGIT', `${field} "${value}" ends with ${value[10]}, but its check digit is ${expected}: a digit was mistyped`, 'invalid', field, {
      expected,
    });
  }
}

export function isValidPartitaIva(value: unknown): value is string {
  try {
    validatePartitaIva(value);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}
