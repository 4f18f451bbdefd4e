import { createHash } from 'node:crypto';
import { Cents } from '../../kernel/money';
import { isCalendarDate } from '../../reporting/parsers/iso-date';
import { CausaleKind } from '../causale/parse-causale';

export type TreasurySource = 'OPI' | 'XLS' | 'CSV';

/** One credit (or reversal) on the ente's treasury account, whatever file it came from. */
export interface ParsedTreasuryMovement {
  source: TreasurySource;
  /**
   * Stable id of the movement: loading the same file twice gives the same keys, so the import is idempotent.
   * OPI: ABI + conto + esercizio + bolletta/documento; XLS/CSV have no bank id, so the key hashes the row content
   * and a repeat inside one file gets "#2", "#3".
   */
  key: string;
  esercizio: number;
  numeroBolletta?: string;
  /** YYYY-MM-DD */
  dataContabile: string;
  /** YYYY-MM-DD */
  dataValuta: string;
  /** Magnitude in cents, never negative; the direction is in segno. */
  importo: Cents;
  segno: '+' | '-';
  conto?: string;
  abi?: string;
  cab?: string;
  ordinante?: string;
  /** The causale as the bank wrote it (for XLS: CAUSALE, DESCRIZIONE and DESCRIZIONE ESTESA joined by " | "). */
  causale: string;
  iuf?: string;
  iuv?: string;
  causaleKind: CausaleKind;
  /** 1-based row of the sheet or CSV line where the movement is (absent for OPI). */
  row?: number;
  numeroDocumento?: string;
  tipoDocumento?: string;
  tipoOperazione?: string;
  endToEndId?: string;
}

/** A row that could not become a movement: where it is and why, in words an operator can act on. */
export interface TreasuryRowError {
  row: number;
  column?: string;
  code: string;
  message: string;
}

export interface TreasuryRowsResult {
  movements: ParsedTreasuryMovement[];
  errors: TreasuryRowError[];
  /** Data rows read (blank rows excluded), so movements + rows with errors add up. */
  rowsRead: number;
}

export type AmountResult = { ok: true; cents: Cents; negative: boolean } | { ok: false; why: string };

/**
 * Amount text as banks export it: "1.234,56", "1234,56", "1,234.56", "12.34", "-12,34", "€ 12,34".
 * With decimal 'auto' a lone separator followed by exactly three digits is ambiguous ("1.234") and refused.
 */
export function parseAmountText(raw: string, decimal: 'auto' | ',' | '.' = 'auto'): AmountResult {
  let t = raw.trim().replace(/\s|€|EUR/gi, '');
  let negative = false;
  if (/^[+-]/.test(t)) {
    negative = t[0] === '-';
    t = t.slice(1);
  } else if (/-$/.test(t)) {
    negative = true; // "12,34-" as some mainframes print debits
    t = t.slice(0, -1);
  }
  if (!/^[\d.,]+$/.test(t) || !/\d/.test(t)) return { ok: false, why: `"${raw}" is not an amount` };
  let sep = decimal;
  if (sep === 'auto') {
    const lastDot = t.lastIndexOf('.');
    const lastComma = t.lastIndexOf(',');
    if (lastDot >= 0 && lastComma >= 0) sep = lastDot > lastComma ? '.' : ',';
    else if (lastDot < 0 && lastComma < 0) sep = '.';
    else {
      const s = lastDot >= 0 ? '.' : ',';
      const count = t.split(s).length - 1;
      const decimals = t.length - t.lastIndexOf(s) - 1;
      if (count > 1) sep = s === '.' ? ',' : '.'; // "1.234.567": thousands only
      else if (decimals === 3) return { ok: false, why: `"${raw}" is ambiguous: is "${s}" a decimal or a thousands separator? Write two decimals` };
      else sep = s;
    }
  }
  const thousands = sep === ',' ? '.' : ',';
  const parts = t.split(sep);
  if (parts.length > 2) return { ok: false, why: `"${raw}" has more than one decimal separator` };
  const intPart = parts[0];
  if (intPart.includes(thousands) && !new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})*$`).test(intPart)) {
    return { ok: false, why: `"${raw}" has misplaced thousands separators` };
  }
  const digits = intPart.split(thousands).join('');
  const dec = parts[1] ?? '';
  if (!/^\d*$/.test(digits) || !/^\d*$/.test(dec) || digits.length + dec.length === 0) return { ok: false, why: `"${raw}" is not an amount` };
  if (dec.length > 2 && !/^0+$/.test(dec.slice(2))) return { ok: false, why: `"${raw}" has more than two decimals` };
  const cents = Number(digits || '0') * 100 + Number(dec.slice(0, 2).padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return { ok: false, why: `"${raw}" is too large` };
  return { ok: true, cents, negative };
}

/** A spreadsheet number holding euros: binary floats are rounded to cents, but a third decimal is refused. */
export function numberToCents(value: number): AmountResult {
  if (!Number.isFinite(value)) return { ok: false, why: `${value} is not an amount` };
  const scaled = Math.abs(value) * 100;
  const cents = Math.round(scaled);
  if (Math.abs(scaled - cents) > 1e-6 * Math.max(1, scaled)) return { ok: false, why: `${value} has more than two decimals` };
  if (!Number.isSafeInteger(cents)) return { ok: false, why: `${value} is too large` };
  return { ok: true, cents, negative: value < 0 };
}

/** "+", "-", "C"/"D" (credito/debito), "A"/"D" (avere/dare) and the spelled-out words. */
export function parseSegno(raw: string): '+' | '-' | undefined {
  const t = raw.trim().toUpperCase();
  if (['+', 'C', 'A', 'AVERE', 'CREDITO', 'CR', 'ENTRATA'].includes(t)) return '+';
  if (['-', 'D', 'DARE', 'DEBITO', 'DB', 'USCITA'].includes(t)) return '-';
  return undefined;
}

export type DateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'DD-MM-YYYY' | 'DD.MM.YYYY' | 'YYYYMMDD' | 'DD/MM/YY';

const DATE_FORMATS: Record<DateFormat, RegExp> = {
  'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$/,
  'DD/MM/YYYY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})$/,
  'DD-MM-YYYY': /^(?<d>\d{1,2})-(?<m>\d{1,2})-(?<y>\d{4})$/,
  'DD.MM.YYYY': /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})$/,
  YYYYMMDD: /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/,
  'DD/MM/YY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{2})$/,
};

export const DATE_FORMAT_NAMES = Object.keys(DATE_FORMATS) as DateFormat[];

/** Text date in one of the given formats to YYYY-MM-DD; a time part after the date ("21/07/2024 00:00") is ignored. */
export function parseDateText(raw: string, formats: readonly DateFormat[]): string | undefined {
  const t = raw.trim().replace(/[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '');
  for (const f of formats) {
    const g = DATE_FORMATS[f].exec(t)?.groups;
    if (!g) continue;
    const y = f === 'DD/MM/YY' ? 2000 + Number(g.y) : Number(g.y);
    const [m, d] = [Number(g.m), Number(g.d)];
    if (isCalendarDate(y, m, d)) return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return undefined;
}

/** Excel serial day (1900 system: 1 = 1900-01-01, with Lotus' phantom 1900-02-29; or the 1904 system) to YYYY-MM-DD. */
export function excelSerialToIso(serial: number, date1904 = false): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) return undefined;
  const day = Math.floor(serial);
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  if (!date1904 && day < 61) return day === 60 ? undefined : new Date(Date.UTC(1899, 11, 31) + day * 86_400_000).toISOString().slice(0, 10);
  return new Date(epoch + day * 86_400_000).toISOString().slice(0, 10);
}

export const shortHash = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);

/** Makes keys unique inside one file in a stable way: the n-th repeat of a key gets "#n". */
export function disambiguateKeys(movements: ParsedTreasuryMovement[]): void {
  const seen = new Map<string, number>();
  for (const m of movements) {
    const n = (seen.get(m.key) ?? 0) + 1;
    seen.set(m.key, n);
    if (n > 1) m.key = `${m.key}#${n}`;
  }
}
