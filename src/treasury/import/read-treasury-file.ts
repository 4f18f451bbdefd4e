import { invalid } from '../../kernel/errors';
import { parseCsvTreasury, type CsvColumnMapping } from '../parsers/csv-treasury';
import { parseOpiGiornaleDiCassa } from '../parsers/opi-giornale-di-cassa';
import type { ParsedTreasuryMovement, TreasuryRowError, DateFormat } from '../parsers/treasury-movement';
import { parseXlsTreasury } from '../parsers/xls-treasury';

export type TreasuryFormat = 'opi' | 'xls' | 'csv';

export interface TreasuryFileOptions {
  format?: TreasuryFormat;
  /** CSV only: 1-based column numbers, as the operator states them. */
  mapping?: CsvColumnMapping;
  dateFormat?: DateFormat;
}

export interface TreasuryFileContent {
  format: 'OPI' | 'XLS' | 'XLSX' | 'CSV';
  version?: string;
  movements: ParsedTreasuryMovement[];
  errors: TreasuryRowError[];
  ignored: number;
}

/** XML for OPI, an OLE2 / ZIP container for XLS / XLSX, anything else is CSV (which needs a mapping). */
export function detectTreasuryFormat(bytes: Uint8Array): TreasuryFormat {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (head.startsWith('<')) return 'opi';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'xls';
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return 'xls';
  return 'csv';
}

/** Parses a giornale di cassa in any of the three layouts; file-level problems throw (400), bad rows come back as errors. */
export function readTreasuryFile(bytes: Buffer, options: TreasuryFileOptions): TreasuryFileContent {
  const format = options.format ?? detectTreasuryFormat(bytes);
  switch (format) {
    case 'opi': {
      const opi = parseOpiGiornaleDiCassa(bytes);
      return { format: 'OPI', version: opi.version, movements: opi.movements, errors: [], ignored: opi.ignored.count };
    }
    case 'xls': {
      const xls = parseXlsTreasury(bytes);
      return { format: xls.format === 'xlsx' ? 'XLSX' : 'XLS', movements: xls.movements, errors: xls.errors, ignored: 0 };
    }
    case 'csv': {
      if (!options.mapping) throw invalid('CSV_MAPPING_REQUIRED', 'mapping', 'a CSV giornale di cassa needs the form field "mapping": JSON with the 1-based column of dataContabile, dataValuta, importo, causale (and optionally segno, conto, ordinante...)');
      if (!options.dateFormat) throw invalid('CSV_MAPPING_REQUIRED', 'dateFormat', 'a CSV giornale di cassa needs the form field "dateFormat", e.g. DD/MM/YYYY');
      const csv = parseCsvTreasury(bytes, { mapping: options.mapping, dateFormat: options.dateFormat });
      return { format: 'CSV', movements: csv.movements, errors: csv.errors, ignored: 0 };
    }
    default:
      throw invalid('TREASURY_UNKNOWN_FORMAT', 'format', `format "${String(format)}" is not one of opi, xls, csv`);
  }
}

/** The form field `mapping` of a CSV upload. */
export function parseMappingField(raw: unknown): CsvColumnMapping | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw invalid('CSV_INVALID_MAPPING', 'mapping', 'mapping must be a JSON object of column numbers');
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as CsvColumnMapping;
  } catch {
    throw invalid('CSV_INVALID_MAPPING', 'mapping', `mapping is not a JSON object: ${raw.slice(0, 80)}`);
  }
}
