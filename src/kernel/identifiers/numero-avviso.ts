import { DomainError, invalid } from '../errors';
import { AUX_DIGIT, iuvCheckDigits, segregationCodeOfIuv, validateIuv } from './iuv';

/** Numero avviso (notice number) with aux digit 3: '3' + IUV, 18 digits. Check = (first 16 digits) mod 93. */
const NUMERO_AVVISO_PATTERN = /^\d{18}$/;

/** Printed notices group the digits ("3010 0000 0000 0001 44"); citizens type them that way. */
export const normaliseNumeroAvviso = (value: string): string => value.replace(/[\s.-]/g, '');

export function validateNumeroAvviso(numeroAvviso: unknown, expectedSegregationCode?: string, field = 'numeroAvviso'): asserts numeroAvviso is string {
  if (typeof numeroAvviso !== 'string' || !NUMERO_AVVISO_PATTERN.test(numeroAvviso)) {
    const shown = typeof numeroAvviso === 'string' ? `"${numeroAvviso}"` : String(numeroAvviso);
    throw invalid('INVALID_NUMERO_AVVISO', field, `${field} ${shown} must be exactly 18 digits`);
  }
  if (numeroAvviso[0] !== AUX_DIGIT) {
    throw invalid('INVALID_NUMERO_AVVISO', field, `${field} "${numeroAvviso}" has aux digit ${numeroAvviso[0]}: only aux digit 3 notices are issued and paid here`);
  }
  const expected = iuvCheckDigits(numeroAvviso.slice(1, 16));
  if (numeroAvviso.slice(16) !== expected) {
    throw new DomainError(
      'NUMERO_AVVISO_CHECK_DIGITS',
      `${field} "${numeroAvviso}" has check digits ${numeroAvviso.slice(16)}, expected ${expected} (mod 93 of ${numeroAvviso.slice(0, 16)})`,
      'invalid',
      field,
      { expected },
    );
  }
  if (expectedSegregationCode !== undefined && segregationCodeOfIuv(numeroAvviso.slice(1)) !== expectedSegregationCode) {
    throw new DomainError(
      'IUV_SEGREGATION_CODE',
      `${field} "${numeroAvviso}" carries segregation code ${numeroAvviso.slice(1, 3)}, but this ente's station uses ${expectedSegregationCode}`,
      'invalid',
      field,
      { expected: expectedSegregationCode },
    );
  }
}

export function isValidNumeroAvviso(numeroAvviso: unknown, expectedSegregationCode?: string): numeroAvviso is string {
  try {
    validateNumeroAvviso(numeroAvviso, expectedSegregationCode);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}

export function numeroAvvisoFromIuv(iuv: string): string {
  validateIuv(iuv);
  return AUX_DIGIT + iuv;
}

export function iuvFromNumeroAvviso(numeroAvviso: string): string {
  validateNumeroAvviso(numeroAvviso);
  return numeroAvviso.slice(1);
}
