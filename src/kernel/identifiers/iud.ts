import { invalid } from '../errors';

/**
 * IUD: the ente's own id of a dovuto, unique per ente. It travels in CSV flows, URLs and file names, so it is
 * kept to printable ASCII without the CSV delimiter ';' and quotes. "000..." is reserved by MyPay for
 * generated ids, so an ente cannot use it.
 */
export const IUD_MAX_LENGTH = 35;

export function validateIud(value: unknown, field = 'iud'): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) throw invalid('INVALID_IUD', field, `${field} is required (1 to ${IUD_MAX_LENGTH} characters)`);
  if (value.length > IUD_MAX_LENGTH) throw invalid('INVALID_IUD', field, `${field} "${value}" has ${value.length} characters, at most ${IUD_MAX_LENGTH} are allowed`);
  if (value.startsWith('000')) throw invalid('INVALID_IUD', field, `${field} "${value}" must not start with "000"`);
  const bad = [...value].find((c) => c < ' ' || c > '~' || c === ';' || c === '"');
  if (bad !== undefined) {
    const shown = bad < ' ' || bad > '~' ? `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `'${bad}'`;
    throw invalid('INVALID_IUD', field, `${field} "${value}" contains ${shown}: only printable ASCII without ';' and '"' is allowed`);
  }
  // Leading/trailing blanks vanish in spreadsheets and CSV readers, and then the IUD no longer matches.
  if (value.trim() !== value) throw invalid('INVALID_IUD', field, `${field} "${value}" must not start or end with a space`);
}

export function isValidIud(value: unknown): value is string {
  try {
    validateIud(value);
    return true;
  } catch {
    return false;
  }
}
