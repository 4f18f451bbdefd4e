import type { FieldProblems } from './field-problems';

/**
 * Field rules of the anagrafica (uffici, capitoli, accertamenti contabili), shared by the decider and the CSV
 * import so a row is refused for the same reasons, with the same codes, as a REST request.
 * Each check records its problem and returns the normalised value (trimmed text, de-duplicated list).
 */

/** Budget years (anno di esercizio) Quadra accepts: wide enough for history and planning, narrow enough to catch typos like 202. */
export const ANNO_MIN = 2000;
export const ANNO_MAX = 2100;
export const CODE_MAX_LENGTH = 64;
export const DESCRIZIONE_MAX_LENGTH = 255;

/**
 * Accounting codes as ragionerie write them ("E.3.01.02", "1234/1", "ACC-2024-17"). No spaces, ';' or '|':
 * they are parts of CSV rows and of read-model ids.
 */
const CODE = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,${CODE_MAX_LENGTH - 1}}$`);
/** Same shape as a tipo dovuto's codTipo in the ente configuration. */
const COD_TIPO = /^[A-Za-z0-9_-]{1,64}$/;

const trimmed = (value: unknown): string | undefined => (typeof value === 'string' ? value.trim() : undefined);

export function checkCode(p: FieldProblems, value: unknown, field: string): string {
  const text = trimmed(value);
  if (text === undefined || text === '') p.add('INVALID_CODE', field, `${field} is required`);
  else if (!CODE.test(text))
    p.add('INVALID_CODE', field, `${field} "${text}" must be 1 to ${CODE_MAX_LENGTH} letters, digits, '.', '_', '/' or '-', starting with a letter or digit`);
  return text ?? '';
}

export function checkText(p: FieldProblems, value: unknown, field: string, code: string): string {
  const text = trimmed(value);
  if (text === undefined || text === '') p.add(code, field, `${field} is required`);
  else if (text.length > DESCRIZIONE_MAX_LENGTH) p.add(code, field, `${field} has ${text.length} characters, at most ${DESCRIZIONE_MAX_LENGTH} are allowed`);
  return text ?? '';
}

export function checkAnno(p: FieldProblems, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    p.add('INVALID_ANNO', 'anno', `anno (budget year) must be a four-digit year, got ${JSON.stringify(value)}`);
    return NaN;
  }
  if (value < ANNO_MIN || value > ANNO_MAX)
    p.add('ANNO_OUT_OF_RANGE', 'anno', `anno ${value} is out of range: budget years go from ${ANNO_MIN} to ${ANNO_MAX}`, { min: ANNO_MIN, max: ANNO_MAX });
  return value;
}

/** undefined = the capitolo applies to every tipo dovuto; otherwise the sorted, de-duplicated codes. */
export function checkTipiDovuto(p: FieldProblems, value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    p.add('INVALID_TIPI_DOVUTO', 'tipiDovuto', 'tipiDovuto must be a non-empty list of tipo dovuto codes, or be left out to apply to every tipo');
    return undefined;
  }
  const codes = new Set<string>();
  value.forEach((v, i) => {
    const code = trimmed(v);
    if (code === undefined || !COD_TIPO.test(code))
      p.add('INVALID_TIPI_DOVUTO', `tipiDovuto[${i}]`, `tipiDovuto[${i}] ${JSON.stringify(v)} is not a tipo dovuto code (1 to 64 letters, digits, '_' or '-')`);
    else codes.add(code);
  });
  return [...codes].sort();
}
