import { DomainError, invalid } from '../errors';

/**
 * IUV with aux digit 3 (the only kind Quadra issues): segregation code (2) + base (13) + check digits (2).
 * The check digits are those of the 18-digit numero avviso: ('3' + first 15 IUV digits) mod 93.
 * Legacy IUVs (aux digit 0/1/2, RPT era) only enter through imports, see isLegacyIuv.
 */
export const IUV_LENGTH = 17;
export const AUX_DIGIT = '3';
/** pagoPA assigns segregation codes 00..49 to the stations of an intermediary. */
export const MAX_SEGREGATION_CODE = 49;

const IUV_PATTERN = /^\d{17}$/;
const SEGREGATION_CODE_PATTERN = /^\d{2}$/;
const BASE13_PATTERN = /^\d{13}$/;
const LEGACY_IUV_PATTERN = /^[A-Za-z0-9]{1,25}$/;

/** Two check digits of an aux-3 IUV from its first 15 digits. BigInt: 16 digits overflow a double's exact range. */
export function iuvCheckDigits(first15: string): string {
  if (!/^\d{15}$/.test(first15)) throw invalid('INVALID_IUV', 'iuv', `cannot compute IUV check digits of "${first15}": 15 digits expected`);
  return String(BigInt(AUX_DIGIT + first15) % 93n).padStart(2, '0');
}

export function isValidSegregationCode(code: unknown): code is string {
  return typeof code === 'string' && SEGREGATION_CODE_PATTERN.test(code) && Number(code) <= MAX_SEGREGATION_CODE;
}

export function validateSegregationCode(code: unknown, field = 'segregationCode'): asserts code is string {
  if (!isValidSegregationCode(code)) {
    throw invalid('INVALID_SEGREGATION_CODE', field, `${field} "${String(code)}" must be two digits between 00 and ${MAX_SEGREGATION_CODE}`);
  }
}

export function buildIuv(segregationCode: string, base13: string): string {
  validateSegregationCode(segregationCode);
  if (!BASE13_PATTERN.test(base13)) throw invalid('INVALID_IUV_BASE', 'base13', `IUV base "${base13}" must be exactly 13 digits`);
  const first15 = segregationCode + base13;
  return first15 + iuvCheckDigits(first15);
}

export const segregationCodeOfIuv = (iuv: string): string => iuv.slice(0, 2);

/**
 * Accepts an aux-3 IUV, generated here or supplied by the ente; with expectedSegregationCode the IUV must also
 * belong to that ente's station, otherwise the Node would route its payments elsewhere.
 */
export function validateIuv(iuv: unknown, expectedSegregationCode?: string, field = 'iuv'): asserts iuv is string {
  if (typeof iuv !== 'string' || !IUV_PATTERN.test(iuv)) {
    const shown = typeof iuv === 'string' ? `"${iuv}"` : String(iuv);
    const hint = typeof iuv === 'string' && /^\d{15}$/.test(iuv) ? ' (15 digits is a legacy aux-digit 0/2 IUV, accepted only in imports of old data)' : '';
    throw invalid('INVALID_IUV', field, `${field} ${shown} must be exactly ${IUV_LENGTH} digits${hint}`);
  }
  const expected = iuvCheckDigits(iuv.slice(0, 15));
  if (iuv.slice(15) !== expected) {
    throw new DomainError('IUV_CHECK_DIGITS', `${field} "${iuv}" has check digits ${iuv.slice(15)}, expected ${expected} (mod 93 of 3${iuv.slice(0, 15)})`, 'invalid', field, { expected });
  }
  if (expectedSegregationCode !== undefined && segregationCodeOfIuv(iuv) !== expectedSegregationCode) {
    throw new DomainError(
      'IUV_SEGREGATION_CODE',
      `${field} "${iuv}" starts with segregation code ${segregationCodeOfIuv(iuv)}, but this ente's station uses ${expectedSegregationCode}`,
      'invalid',
      field,
      { expected: expectedSegregationCode },
    );
  }
}

export function isValidIuv(iuv: unknown, expectedSegregationCode?: string): iuv is string {
  try {
    validateIuv(iuv, expectedSegregationCode);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}

/**
 * IUVs found in old RTs and reporting flows: 15 digits (aux 0/2), 17 digits without mod-93 check (aux 1),
 * or alphanumeric references up to 25 characters (RF creditor references). Only for reading past data:
 * new positions go through validateIuv.
 */
export function isLegacyIuv(iuv: unknown): iuv is string {
  return typeof iuv === 'string' && LEGACY_IUV_PATTERN.test(iuv);
}

export function validateLegacyIuv(iuv: unknown, field = 'iuv'): asserts iuv is string {
  if (!isLegacyIuv(iuv)) {
    throw invalid('INVALID_IUV', field, `${field} "${String(iuv)}" must be 1 to 25 letters or digits`);
  }
}
