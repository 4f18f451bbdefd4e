import { daysInMonth } from '../../positions/domain/calendar-date';

/**
 * Calendar checks for the dates pagoPA and OPI documents carry (xs:date, xs:dateTime). Pure string work: no Date
 * parsing in the local zone, so "2024-07-26" never drifts to the 25th.
 */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const XS_DATE = /^(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/;
const XS_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** "2024-07-26" or "2024-07-26+02:00" (xs:date may carry a zone) to "2024-07-26"; undefined when not a real date. */
export function xsDateToIso(text: string): string | undefined {
  const m = XS_DATE.exec(text.trim());
  if (!m) return undefined;
  return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** True for an xs:dateTime such as "2025-03-18T08:39:23" (pagoPA often omits the zone) with a real date and time. */
export function isXsDateTime(text: string): boolean {
  const m = XS_DATE_TIME.exec(text.trim());
  if (!m) return false;
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) && h <= 24 && mi <= 59 && s <= 60;
}
