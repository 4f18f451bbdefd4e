import * as XLSX from '@e965/xlsx';
import { DomainError, invalid } from '../../kernel/errors';
import { parseCausaleFields } from '../causale/parse-causale';
import {
  AmountResult,
  DateFormat,
  disambiguateKeys,
  excelSerialToIso,
  numberToCents,
  parseAmountText,
  parseDateText,
  parseSegno,
  ParsedTreasuryMovement,
  shortHash,
  TreasuryRowError,
  TreasuryRowsResult,
} from './treasury-movement';

/** Largest spreadsheet accepted. */
export const XLS_MAX_BYTES = 32 * 1024 * 1024;
/** Most data rows (blank rows not counted) accepted in one sheet. */
export const XLS_MAX_ROWS = 100_000;
/** How many rows from the top are searched for the header row (banks sometimes put a title above it). */
export const XLS_HEADER_SEARCH_ROWS = 10;

/** MyPivot's treasury spreadsheet: these 14 columns, found by header name in any order. */
export const XLS_COLUMNS = [
  'ABI',
  'CAB',
  'CONTO',
  'DIVISA',
  'DATA CONTABILE',
  'DATA VALUTA',
  'IMPORTO',
  'SEGNO',
  'CAUSALE',
  'NUM. ASSEGNO',
  'RIF. BANCA',
  'RIF. CLIENTE',
  'DESCRIZIONE',
  'DESCRIZIONE ESTESA',
] as const;
export type XlsColumn = (typeof XLS_COLUMNS)[number];

/** Columns a movement is built from; the other four are informative and may be absent. */
export const XLS_REQUIRED_COLUMNS: readonly XlsColumn[] = [
  'ABI',
  'CAB',
  'CONTO',
  'DATA CONTABILE',
  'DATA VALUTA',
  'IMPORTO',
  'SEGNO',
  'CAUSALE',
  'DESCRIZIONE',
  'DESCRIZIONE ESTESA',
];

export interface XlsTreasuryResult extends TreasuryRowsResult {
  format: 'xls' | 'xlsx';
  sheet: string;
  /** 1-based row of the header. */
  headerRow: number;
}

const TEXT_DATE_FORMATS: DateFormat[] = ['DD/MM/YYYY', 'YYYY-MM-DD', 'DD-MM-YYYY', 'DD.MM.YYYY', 'DD/MM/YY'];

/** "DATA CONTABILE", "Data_Contabile", "DATA.CONTABILE" and "NUM ASSEGNO" all name the same column. */
const normalizeHeader = (value: unknown): string => (typeof value === 'string' ? value.toUpperCase().replace(/[^A-Z0-9]/g, '') : '');
const COLUMN_BY_KEY = new Map<string, XlsColumn>(XLS_COLUMNS.map((c) => [normalizeHeader(c), c]));

type Cell = string | number | boolean | null;

/**
 * Reads a treasury spreadsheet (.xls BIFF or .xlsx) in MyPivot's layout. File-level problems (not a spreadsheet,
 * empty sheet, no header, missing columns) throw; a bad row becomes an error naming its row and column while the
 * good rows are still returned.
 */
export function parseXlsTreasury(input: Buffer | Uint8Array): XlsTreasuryResult {
  const bytes = input instanceof Buffer ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.byteLength > XLS_MAX_BYTES) {
    throw new DomainError('XLS_TOO_LARGE', `The spreadsheet is ${bytes.byteLength} bytes; the limit is ${XLS_MAX_BYTES} bytes`, 'too_large', undefined, {
      size: bytes.byteLength,
      maxBytes: XLS_MAX_BYTES,
    });
  }
  const format = spreadsheetFormat(bytes);
  let workbook: XLSX.WorkBook;
  try {
    // One row more than the limit is enough to know the limit is exceeded; it also bounds what a zip bomb can unpack.
    workbook = XLSX.read(bytes, { type: 'buffer', cellDates: false, cellFormula: false, cellHTML: false, cellStyles: false, sheetRows: XLS_MAX_ROWS + XLS_HEADER_SEARCH_ROWS + 1 });
  } catch (e) {
    throw invalid('XLS_UNREADABLE', undefined, `The spreadsheet cannot be read: ${(e as Error).message}`);
  }
  const sheet = workbook.SheetNames[0];
  if (sheet === undefined) throw invalid('XLS_NO_ROWS', undefined, 'The spreadsheet has no sheet: there are no rows to read');
  const ws = workbook.Sheets[sheet];
  const date1904 = !!workbook.Workbook?.WBProps?.date1904;
  const ref = ws['!ref'];
  const fullRef = ws['!fullref'];
  // Rows beyond the read limit were not loaded: refuse rather than import part of the sheet without saying so.
  if (ref && fullRef && XLSX.utils.decode_range(fullRef).e.r > XLSX.utils.decode_range(ref).e.r) {
    throw new DomainError(
      'XLS_TOO_MANY_ROWS',
      `The sheet "${sheet}" spans ${XLSX.utils.decode_range(fullRef).e.r + 1} rows; at most ${XLS_MAX_ROWS} data rows are read: split it into smaller files`,
      'too_large',
      undefined,
      { maxRows: XLS_MAX_ROWS },
    );
  }
  const grid: Cell[][] = ref ? (XLSX.utils.sheet_to_json<Cell[]>(ws, { header: 1, raw: true, defval: null, blankrows: true }) as Cell[][]) : [];
  const firstRow = ref ? XLSX.utils.decode_range(ref).s.r + 1 : 1;
  const isBlank = (r: Cell[]) => r.every((v) => v === null || (typeof v === 'string' && v.trim() === ''));
  if (grid.every(isBlank)) throw invalid('XLS_NO_ROWS', undefined, `The sheet "${sheet}" is empty: no header and no rows`);

  const { headerIndex, columns } = findHeader(grid, sheet, isBlank);
  const missingColumns = XLS_REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missingColumns.length > 0) {
    throw invalid('XLS_MISSING_COLUMNS', missingColumns[0], `The sheet "${sheet}" has no column ${missingColumns.join(', ')}; expected columns: ${XLS_COLUMNS.join(', ')}`, {
      missing: missingColumns,
    });
  }

  const result: XlsTreasuryResult = { format, sheet, headerRow: firstRow + headerIndex, movements: [], errors: [], rowsRead: 0 };
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const cells = grid[i];
    if (isBlank(cells)) continue;
    result.rowsRead++;
    if (result.rowsRead > XLS_MAX_ROWS) {
      throw new DomainError('XLS_TOO_MANY_ROWS', `The sheet "${sheet}" has more than ${XLS_MAX_ROWS} rows; split it into smaller files`, 'too_large', undefined, {
        maxRows: XLS_MAX_ROWS,
      });
    }
    const get = (c: XlsColumn): Cell => {
      const index = columns.get(c);
      return index === undefined ? null : (cells[index] ?? null);
    };
    const movement = readRow(firstRow + i, get, date1904, result.errors);
    if (movement) result.movements.push(movement);
  }
  disambiguateKeys(result.movements);
  return result;
}

function spreadsheetFormat(bytes: Buffer): 'xls' | 'xlsx' {
  if (bytes.byteLength >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0 && bytes.readUInt32BE(4) === 0xa1b11ae1) return 'xls';
  if (bytes.byteLength >= 4 && bytes.readUInt32BE(0) === 0x504b0304) return 'xlsx';
  throw invalid('XLS_NOT_A_SPREADSHEET', undefined, 'The file is neither an .xls nor an .xlsx spreadsheet');
}

function findHeader(grid: Cell[][], sheet: string, isBlank: (r: Cell[]) => boolean): { headerIndex: number; columns: Map<XlsColumn, number> } {
  let seen = 0;
  for (let i = 0; i < grid.length && seen < XLS_HEADER_SEARCH_ROWS; i++) {
    if (isBlank(grid[i])) continue;
    seen++;
    const columns = new Map<XlsColumn, number>();
    grid[i].forEach((value, index) => {
      const column = COLUMN_BY_KEY.get(normalizeHeader(value));
      if (column && !columns.has(column)) columns.set(column, index);
    });
    // Half of the required names is a header with columns missing (reported as such), less is data.
    if (XLS_REQUIRED_COLUMNS.filter((c) => columns.has(c)).length * 2 >= XLS_REQUIRED_COLUMNS.length) return { headerIndex: i, columns };
  }
  const first = grid.find((r) => !isBlank(r)) ?? [];
  const sample = first
    .filter((v) => v !== null && String(v).trim() !== '')
    .slice(0, 4)
    .map((v) => `"${String(v).slice(0, 20)}"`)
    .join(', ');
  throw invalid('XLS_NO_HEADER', undefined, `The sheet "${sheet}" has no header row: the first row must name the columns ${XLS_COLUMNS.join(', ')}; it holds ${sample}`);
}

function readRow(row: number, get: (c: XlsColumn) => Cell, date1904: boolean, errors: TreasuryRowError[]): ParsedTreasuryMovement | undefined {
  const before = errors.length;
  const fail = (column: XlsColumn, code: string, why: string) => errors.push({ row, column, code, message: `Row ${row}, column ${column}: ${why}` });
  const text = (c: XlsColumn): string => {
    const v = get(c);
    return v === null ? '' : String(v).trim();
  };

  const date = (c: XlsColumn): string | undefined => {
    const v = get(c);
    if (v === null || (typeof v === 'string' && v.trim() === '')) return void fail(c, 'TREASURY_MISSING_VALUE', 'the date is empty');
    const iso = typeof v === 'number' ? excelSerialToIso(v, date1904) : parseDateText(String(v), TEXT_DATE_FORMATS);
    if (!iso) fail(c, 'TREASURY_INVALID_DATE', `"${v}" is not a date (expected a date cell or DD/MM/YYYY)`);
    return iso;
  };
  const dataContabile = date('DATA CONTABILE');
  const dataValuta = date('DATA VALUTA');

  const rawImporto = get('IMPORTO');
  let amount: AmountResult | undefined;
  if (rawImporto === null || (typeof rawImporto === 'string' && rawImporto.trim() === '')) fail('IMPORTO', 'TREASURY_MISSING_VALUE', 'the amount is empty');
  else {
    amount = typeof rawImporto === 'number' ? numberToCents(rawImporto) : parseAmountText(String(rawImporto));
    if (!amount.ok) fail('IMPORTO', 'TREASURY_INVALID_AMOUNT', amount.why);
    else if (amount.cents === 0) fail('IMPORTO', 'TREASURY_ZERO_AMOUNT', 'the amount is zero');
  }

  const segnoText = text('SEGNO');
  let segno = segnoText ? parseSegno(segnoText) : undefined;
  if (segnoText && !segno) fail('SEGNO', 'TREASURY_INVALID_SIGN', `"${segnoText}" is not a sign (+, -, C, D)`);
  if (amount?.ok && amount.negative) {
    if (segno === '+') fail('SEGNO', 'TREASURY_INVALID_SIGN', `SEGNO is "+" but IMPORTO ${String(rawImporto)} is negative`);
    segno = '-';
  }
  if (!segnoText && !segno) fail('SEGNO', 'TREASURY_MISSING_VALUE', 'the sign is empty');

  const divisa = text('DIVISA');
  if (divisa && divisa.toUpperCase() !== 'EUR') fail('DIVISA', 'TREASURY_NOT_EURO', `currency "${divisa}" is not EUR`);

  const code = (c: 'ABI' | 'CAB'): string | undefined => {
    const v = get(c);
    if (v === null || String(v).trim() === '') return undefined;
    const t = typeof v === 'number' ? String(v) : String(v).trim();
    // A numeric cell loses the leading zeros of an ABI/CAB code ("02013" stored as 2013).
    if (!/^\d{1,5}$/.test(t)) return void fail(c, 'TREASURY_INVALID_VALUE', `"${t}" is not a 5-digit ${c} code`);
    return t.padStart(5, '0');
  };
  const abi = code('ABI');
  const cab = code('CAB');

  const causale = text('CAUSALE');
  const descrizione = text('DESCRIZIONE');
  const descrizioneEstesa = text('DESCRIZIONE ESTESA');
  let parsed: ReturnType<typeof parseCausaleFields> = { kind: 'none' };
  try {
    parsed = parseCausaleFields([descrizioneEstesa, descrizione, causale]);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    fail('DESCRIZIONE ESTESA', e.code, e.message);
  }

  if (errors.length > before || !dataContabile || !dataValuta || !amount?.ok || !segno) return undefined;
  const conto = text('CONTO');
  const fullCausale = [causale, descrizione, descrizioneEstesa].filter((t) => t.length > 0).join(' | ');
  const movement: ParsedTreasuryMovement = {
    source: 'XLS',
    key: ['XLS', abi ?? '', cab ?? '', conto, dataContabile, dataValuta, `${segno}${amount.cents}`, text('RIF. BANCA'), shortHash(fullCausale)].join(':'),
    esercizio: Number(dataContabile.slice(0, 4)),
    dataContabile,
    dataValuta,
    importo: amount.cents,
    segno,
    causale: fullCausale,
    causaleKind: parsed.kind,
    row,
  };
  if (conto) movement.conto = conto;
  if (abi) movement.abi = abi;
  if (cab) movement.cab = cab;
  const ordinante = ordinanteFrom(descrizioneEstesa);
  if (ordinante) movement.ordinante = ordinante;
  if (parsed.iuf) movement.iuf = parsed.iuf;
  if (parsed.iuv) movement.iuv = parsed.iuv;
  return movement;
}

/** "Descrizione Ordinante: FIDEURAM ... PIAZZA SAN :BI2:..." carries who sent the transfer. */
function ordinanteFrom(descrizioneEstesa: string): string | undefined {
  const m = /Descrizione Ordinante:\s*(.*?)\s*(?::[A-Z0-9]{3}:|$)/is.exec(descrizioneEstesa);
  const name = m?.[1]?.replace(/\s+/g, ' ').trim();
  return name ? name : undefined;
}
