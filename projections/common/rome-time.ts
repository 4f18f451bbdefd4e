/**
 * Times for read models. Stored instants are UTC ISO strings ('2024-03-05T10:22:33.000Z'): the read store compares
 * dates as text, so every instant must be written in one form. Operators think in Italian days and hours, so
 * date-only filters and the words of the audit trail use Europe/Rome.
 *
 * Plain arithmetic instead of Intl or the process time zone: the result must not depend on where it runs.
 * Italy follows the EU rule since 1996: summer time (UTC+2) from the last Sunday of March 01:00 UTC to the last
 * Sunday of October 01:00 UTC, UTC+1 otherwise.
 */
import { isCalendarDate } from '../../src/positions/domain/calendar-date';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const lastSundayUtc = (year: number, month0: number): number => {
  const lastDay = Date.UTC(year, month0 + 1, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY;
};

/** Offset of Rome from UTC, in hours, at a UTC instant. */
export function romeOffsetHours(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  const start = lastSundayUtc(year, 2) + HOUR;
  const end = lastSundayUtc(year, 9) + HOUR;
  return utcMs >= start && utcMs < end ? 2 : 1;
}

/** A Rome wall-clock time (as if it were UTC) to the real UTC instant. In the hour repeated in October the first one wins. */
function romeWallToUtc(wallMs: number): number {
  const summer = wallMs - 2 * HOUR;
  return romeOffsetHours(summer) === 2 ? summer : wallMs - HOUR;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO-8601 date-time as pagoPA and the API write it (with or without zone, with or without seconds) to a UTC
 * instant in milliseconds. Without a zone it is Italian time: the Node and Italian PSPs write local times.
 * undefined when the text is not such a time.
 */
export function parseInstant(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isCalendarDate(date)) return undefined;
  const [h, min, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return undefined;
  const ms = Math.floor(Number(`0.${m[7] ?? '0'}`) * 1000);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), h, min, s, ms);
  const zone = m[8];
  if (zone === undefined) return romeWallToUtc(wall);
  if (zone.toUpperCase() === 'Z') return wall;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const [zh, zm] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
  if (zh > 18 || zm > 59) return undefined;
  return wall - sign * (zh * HOUR + zm * 60_000);
}

/** Already the stored form ('2024-03-05T10:22:33.000Z'), valid or not: either way toUtcIso returns it unchanged. */
const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The stored form of an instant; text that is not a time is kept as it came rather than failing the projection. */
export function toUtcIso(text: string): string {
  // Most events carry instants in the stored form already: a rebuild spent 6% of its time parsing them back.
  if (CANONICAL_UTC.test(text)) return text;
  const ms = parseInstant(text);
  return ms === undefined ? text : new Date(ms).toISOString();
}

/** Midnight at the start of an Italian calendar day, as a UTC ISO string. */
export function romeDayStartUtc(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(romeWallToUtc(Date.UTC(y, m - 1, d))).toISOString();
}

export function nextCalendarDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** '2026-12-31' → '31/12/2026'. */
export const formatDateIt = (date: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : date;
};

/** Any ISO time → '05/03/2024 11:22' in Italian time. */
export function formatDateTimeIt(text: string): string {
  const ms = parseInstant(text);
  if (ms === undefined) return text;
  const wall = new Date(ms + romeOffsetHours(ms) * HOUR).toISOString();
  return `${wall.slice(8, 10)}/${wall.slice(5, 7)}/${wall.slice(0, 4)} ${wall.slice(11, 16)}`;
}
