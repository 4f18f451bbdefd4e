import { invalid } from '../../kernel/errors';
import type { Cents } from '../../kernel/money';
import { isCalendarDate } from '../../positions/domain/calendar-date';

/**
 * How Italian citizens read amounts, dates and codes on paper: "1.234,56 €", "31/12/2026", notice numbers in
 * groups of four. Pure: the Rome offset comes from the time-zone rules (Intl), never from the machine's zone.
 */

/** "147,92 €", "1.234.567,00 €": comma decimals, dot thousands, the euro sign after a space, as the avviso shows. */
export function formatEuro(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw invalid('INVALID_AMOUNT', 'importo', `amount ${String(cents)} is not a whole number of cents`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const euros = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${euros},${String(abs % 100).padStart(2, '0')} €`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks a YYYY-MM-DD date (as pagoPA sends it) is a real calendar day; returns its parts. */
function parseIsoDate(value: unknown, field: string): { y: string; m: string; d: string } {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!m) throw invalid('INVALID_DATE', field, `${field} ${JSON.stringify(value)} must be a date written YYYY-MM-DD, e.g. 2026-12-31`);
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  if (!isCalendarDate(value)) {
    throw invalid('INVALID_DATE', field, `${field} "${value as string}" is not a day of the calendar`);
  }
  return { y, m: mo, d };
}

/** "2026-12-31" → "31/12/2026". */
export function formatData(isoDate: string, field = 'data'): string {
  const { y, m, d } = parseIsoDate(isoDate, field);
  return `${d}/${m}/${y}`;
}

const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 date-time that carries its zone; a local time would be ambiguous on a legal document. */
export function parseZonedDateTime(value: unknown, field: string): Date {
  if (typeof value !== 'string' || !ZONED_DATE_TIME.test(value)) {
    throw invalid('INVALID_DATE_TIME', field, `${field} ${JSON.stringify(value)} must be an ISO-8601 date-time with its zone, e.g. 2026-03-15T10:22:05+01:00`);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid('INVALID_DATE_TIME', field, `${field} "${value}" is not a real instant`);
  return date;
}

const ROME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The instant as an Italian reads it on the wall clock in Rome: "15/03/2026 10:22:05". */
export function formatDataOra(isoDateTime: string, field = 'dataOra'): string {
  const parts = Object.fromEntries(ROME.formatToParts(parseZonedDateTime(isoDateTime, field)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The day in Rome of an instant: "15/03/2026". */
export function formatDataDiOra(isoDateTime: string, field = 'dataOra'): string {
  return formatDataOra(isoDateTime, field).slice(0, 10);
}

/** "301000000000000144" → "3010 0000 0000 0001 44": the grouping pagoPA prescribes for the printed Codice Avviso. */
export const groupByFour = (digits: string): string => digits.replace(/(.{4})(?=.)/g, '$1 ');
