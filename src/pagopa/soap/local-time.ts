/**
 * pagoPA writes date-times without a zone ("2021-10-01T17:48:22"): Italian local time. Quadra stores instants
 * with their zone, so the local time is given the offset Europe/Rome had then (+01:00 or +02:00).
 * Pure: the offset comes from the time-zone rules (Intl), not from the machine's zone or clock.
 */
const ROME = 'Europe/Rome';
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;
const ZONED = /(Z|[+-]\d{2}:\d{2})$/;

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: ROME,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

const HOUR_MS = 3600_000;
const offsetByHour = new Map<number, number>();

/**
 * Minutes Rome is ahead of UTC at this instant. Rome's offset only changes on a whole UTC hour (01:00 UTC), so it
 * is remembered per UTC hour: Intl's formatToParts is the costliest step of reading a receipt.
 */
function romeOffsetMinutes(utcMs: number): number {
  const hour = Math.floor(utcMs / HOUR_MS);
  const known = offsetByHour.get(hour);
  if (known !== undefined) return known;
  const offset = computeRomeOffsetMinutes(hour * HOUR_MS);
  if (offsetByHour.size >= 10_000) offsetByHour.clear();
  offsetByHour.set(hour, offset);
  return offset;
}

function computeRomeOffsetMinutes(utcMs: number): number {
  const parts = Object.fromEntries(formatter.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

const formatOffset = (minutes: number): string => {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.trunc(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
};

/**
 * "2021-10-01T17:48:22" → "2021-10-01T17:48:22+02:00". A value that already has a zone is returned unchanged.
 * In the autumn hour that happens twice the first (summer time) reading is taken; a spring-forward time that
 * never existed gets the offset after the change.
 */
export function romeLocalToZoned(value: string): string {
  if (ZONED.test(value)) return value;
  const m = LOCAL.exec(value);
  if (!m) return value;
  const localAsUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  const before = romeOffsetMinutes(localAsUtc - 3 * 3600_000);
  const after = romeOffsetMinutes(localAsUtc + 3 * 3600_000);
  // Try the larger offset first: it resolves the ambiguous autumn hour to summer time.
  const candidates = [Math.max(before, after), Math.min(before, after)];
  const offset = candidates.find((o) => romeOffsetMinutes(localAsUtc - o * 60_000) === o) ?? after;
  return `${value}${formatOffset(offset)}`;
}
