import { DomainError, invalid } from '../../kernel/errors';
import { parseCsv } from '../../flows/parsers/csv';
import { parseCausaleFields } from '../causale/parse-causale';
import {
  DATE_FORMAT_NAMES,
  DateFormat,
  disambiguateKeys,
  parseAmountText,
  parseDateText,
  parseSegno,
  ParsedTreasuryMovement,
  shortHash,
  TreasuryRowError,
  TreasuryRowsResult,
} from './treasury-movement';

/** Largest CSV accepted. */
export const CSV_MAX_BYTES = 32 * 1024 * 1024;
/** Most data rows accepted in one CSV. */
export const CSV_MAX_ROWS = 200_000;

/** Where each field is, as the operator states it at upload: 1-based column numbers. */
export interface CsvColumnMapping {
  dataContabile: number;
  dataValuta: number;
  importo: number;
  /** Without it the sign comes from the amount ("-12,34" is a debit). */
  segno?: number;
  /** One column or several (banks split long causali); they are joined with a space. */
  causale: number | readonly number[];
  conto?: number;
  ordinante?: number;
  numeroBolletta?: number;
  esercizio?: number;
  abi?: number;
  cab?: number;
}

export interface CsvTreasuryOptions {
  mapping: CsvColumnMapping;
  dateFormat: DateFormat;
  /** Default 'auto': whichever of ";" and "," the first line uses more. */
  separator?: ';' | ',' | 'auto';
  /** Default 'auto': the first line is a header when its mapped date and amount cells are not a date and an amount. */
  header?: boolean | 'auto';
  /** Default 'auto': see parseAmountText. */
  decimalSeparator?: ',' | '.' | 'auto';
}

export interface CsvTreasuryResult extends TreasuryRowsResult {
  separator: ';' | ',';
  encoding: 'utf-8' | 'windows-1252';
  headerSkipped: boolean;
}

type Field = keyof CsvColumnMapping;
const FIELDS: readonly Field[] = ['dataContabile', 'dataValuta', 'importo', 'segno', 'causale', 'conto', 'ordinante', 'numeroBolletta', 'esercizio', 'abi', 'cab'];
const REQUIRED_FIELDS: readonly Field[] = ['dataContabile', 'dataValuta', 'importo', 'causale'];

/** Errors that mean "this column does not hold what the mapping says", as opposed to one bad value. */
const MAPPING_CODES = new Set(['CSV_COLUMN_MISSING', 'CSV_INVALID_DATE', 'CSV_INVALID_AMOUNT', 'CSV_INVALID_SIGN']);

/**
 * Reads a treasury CSV whose layout the operator describes: separator ";" or ",", quotes, BOM, CRLF, UTF-8 or
 * Windows-1252 (bank exports are often the latter). Each bad row is reported with its line and column; when every
 * row fails on the mapped columns the mapping itself is wrong, and that is said once instead of once per row.
 */
export function parseCsvTreasury(input: string | Buffer | Uint8Array, options: CsvTreasuryOptions): CsvTreasuryResult {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > CSV_MAX_BYTES) {
    throw new DomainError('CSV_TOO_LARGE', `The CSV is ${size} bytes; the limit is ${CSV_MAX_BYTES} bytes`, 'too_large', undefined, { size, maxBytes: CSV_MAX_BYTES });
  }
  const mapping = checkMapping(options);
  const { text, encoding } = decode(input);
  const separator = options.separator === undefined || options.separator === 'auto' ? detectSeparator(text) : options.separator;
  const { rows } = parseCsv(text, { delimiter: separator });
  if (rows.length === 0) throw invalid('CSV_NO_ROWS', undefined, 'The CSV is empty: there are no rows to read');

  const decimal = options.decimalSeparator ?? 'auto';
  const cell = (fields: string[], column: number) => fields[column - 1];
  const first = rows[0].fields;
  const headerSkipped =
    options.header === true ||
    ((options.header === undefined || options.header === 'auto') &&
      !parseDateText(cell(first, mapping.dataContabile) ?? '', [options.dateFormat]) &&
      !(parseAmountText(cell(first, mapping.importo) ?? '', decimal).ok));
  const dataRows = headerSkipped ? rows.slice(1) : rows;
  if (dataRows.length > CSV_MAX_ROWS) {
    throw new DomainError('CSV_TOO_MANY_ROWS', `The CSV has ${dataRows.length} rows; the limit is ${CSV_MAX_ROWS}`, 'too_large', undefined, { rows: dataRows.length, maxRows: CSV_MAX_ROWS });
  }

  const result: CsvTreasuryResult = { separator, encoding, headerSkipped, movements: [], errors: [], rowsRead: dataRows.length };
  let rowsWithMappingErrors = 0;
  for (const row of dataRows) {
    const before = result.errors.length;
    if (row.problem) result.errors.push({ row: row.line, code: row.problem.code, message: row.problem.message });
    const movement = readRow(row.line, row.fields, mapping, options.dateFormat, decimal, result.errors);
    if (result.errors.slice(before).some((e) => MAPPING_CODES.has(e.code))) rowsWithMappingErrors++;
    if (movement && result.errors.length === before) result.movements.push(movement);
  }
  if (dataRows.length > 0 && rowsWithMappingErrors === dataRows.length) {
    const sample = result.errors.slice(0, 3).map((e) => e.message);
    throw invalid(
      'CSV_MAPPING_LOOKS_WRONG',
      result.errors[0]?.column,
      `The column mapping looks wrong: every row fails on a mapped column (for example: ${sample.join('; ')}). Check the column numbers, the date format and the separator`,
      { errors: result.errors.slice(0, 20) },
    );
  }
  disambiguateKeys(result.movements);
  return result;
}

function checkMapping(options: CsvTreasuryOptions): CsvColumnMapping {
  const { mapping, dateFormat } = options;
  if (!DATE_FORMAT_NAMES.includes(dateFormat)) {
    throw invalid('CSV_INVALID_MAPPING', 'dateFormat', `dateFormat "${dateFormat}" is not one of ${DATE_FORMAT_NAMES.join(', ')}`);
  }
  for (const field of REQUIRED_FIELDS) {
    if (mapping[field] === undefined) throw invalid('CSV_INVALID_MAPPING', field, `The mapping has no column for ${field}, which is required`);
  }
  for (const field of FIELDS) {
    const value = mapping[field];
    if (value === undefined) continue;
    const columns = typeof value === 'number' ? [value] : [...value];
    if (columns.length === 0 || columns.some((c) => !Number.isInteger(c) || c < 1 || c > 1000)) {
      throw invalid('CSV_INVALID_MAPPING', field, `The column for ${field} must be a column number from 1, got ${JSON.stringify(value)}`);
    }
  }
  return mapping;
}

function decode(input: string | Buffer | Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  if (typeof input === 'string') return { text: input, encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(input), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: Italian bank exports are Windows-1252, where every byte is a character.
    return { text: new TextDecoder('windows-1252').decode(input), encoding: 'windows-1252' };
  }
}

function detectSeparator(text: string): ';' | ',' {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ';') semicolons++;
    else if (!quoted && c === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

function readRow(
  line: number,
  fields: string[],
  mapping: CsvColumnMapping,
  dateFormat: DateFormat,
  decimal: ',' | '.' | 'auto',
  errors: TreasuryRowError[],
): ParsedTreasuryMovement | undefined {
  const before = errors.length;
  const fail = (field: Field, column: number, code: string, why: string) =>
    errors.push({ row: line, column: `${column} (${field})`, code, message: `Row ${line}, column ${column} (${field}): ${why}` });
  const value = (field: Field, column: number | undefined): string | undefined => {
    if (column === undefined) return undefined;
    if (column > fields.length) {
      fail(field, column, 'CSV_COLUMN_MISSING', `the row has only ${fields.length} column${fields.length === 1 ? '' : 's'}`);
      return undefined;
    }
    return fields[column - 1].trim();
  };
  const date = (field: 'dataContabile' | 'dataValuta'): string | undefined => {
    const raw = value(field, mapping[field]);
    if (raw === undefined) return undefined;
    const iso = parseDateText(raw, [dateFormat]);
    if (!iso) fail(field, mapping[field], 'CSV_INVALID_DATE', raw === '' ? 'the date is empty' : `"${raw}" is not a date in the format ${dateFormat}`);
    return iso;
  };
  const dataContabile = date('dataContabile');
  const dataValuta = date('dataValuta');

  const rawImporto = value('importo', mapping.importo);
  const amount = rawImporto === undefined ? undefined : parseAmountText(rawImporto, decimal);
  if (amount && !amount.ok) fail('importo', mapping.importo, 'CSV_INVALID_AMOUNT', rawImporto === '' ? 'the amount is empty' : amount.why);
  if (amount?.ok && amount.cents === 0) fail('importo', mapping.importo, 'TREASURY_ZERO_AMOUNT', 'the amount is zero');

  let segno: '+' | '-' | undefined = amount?.ok ? (amount.negative ? '-' : '+') : undefined;
  if (mapping.segno !== undefined) {
    const raw = value('segno', mapping.segno);
    if (raw !== undefined) {
      const s = parseSegno(raw);
      if (!s) fail('segno', mapping.segno, 'CSV_INVALID_SIGN', `"${raw}" is not a sign (+, -, C, D)`);
      else if (amount?.ok && amount.negative && s === '+') fail('segno', mapping.segno, 'CSV_INVALID_SIGN', `the sign is "+" but the amount ${rawImporto} is negative`);
      else segno = amount?.ok && amount.negative ? '-' : s;
    }
  }

  const causaleColumns = typeof mapping.causale === 'number' ? [mapping.causale] : [...mapping.causale];
  const causale = causaleColumns
    .map((c) => value('causale', c))
    .filter((t): t is string => t !== undefined && t.length > 0)
    .join(' ');
  const optional = (field: Field) => {
    const column = mapping[field];
    const v = typeof column === 'number' ? value(field, column) : undefined;
    return v ? v : undefined;
  };
  const conto = optional('conto');
  const ordinante = optional('ordinante');
  const numeroBolletta = optional('numeroBolletta');
  const abi = optional('abi');
  const cab = optional('cab');
  const esercizioText = optional('esercizio');
  if (esercizioText !== undefined && !/^\d{4}$/.test(esercizioText)) fail('esercizio', mapping.esercizio as number, 'TREASURY_INVALID_VALUE', `"${esercizioText}" is not a year`);

  let parsed: ReturnType<typeof parseCausaleFields> = { kind: 'none' };
  try {
    parsed = parseCausaleFields([causale]);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    fail('causale', causaleColumns[0], e.code, e.message);
  }

  if (errors.length > before || !dataContabile || !dataValuta || !amount?.ok || !segno) return undefined;
  const esercizio = esercizioText !== undefined ? Number(esercizioText) : Number(dataContabile.slice(0, 4));
  const key =
    numeroBolletta !== undefined
      ? ['CSV', abi ?? '', conto ?? '', esercizio, numeroBolletta.replace(/^0+(?=\d)/, '')].join(':')
      : ['CSV', abi ?? '', conto ?? '', dataContabile, dataValuta, `${segno}${amount.cents}`, shortHash(causale)].join(':');
  const movement: ParsedTreasuryMovement = {
    source: 'CSV',
    key,
    esercizio,
    dataContabile,
    dataValuta,
    importo: amount.cents,
    segno,
    causale,
    causaleKind: parsed.kind,
    row: line,
  };
  if (numeroBolletta !== undefined) movement.numeroBolletta = numeroBolletta;
  if (conto !== undefined) movement.conto = conto;
  if (ordinante !== undefined) movement.ordinante = ordinante;
  if (abi !== undefined) movement.abi = abi;
  if (cab !== undefined) movement.cab = cab;
  if (parsed.iuf) movement.iuf = parsed.iuf;
  if (parsed.iuv) movement.iuv = parsed.iuv;
  return movement;
}
