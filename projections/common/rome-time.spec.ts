import { formatEuroIt } from './money-it';
import { formatDateTimeIt, nextCalendarDay, parseInstant, romeDayStartUtc, toUtcIso } from './rome-time';

describe('Italian time for read models', () => {
  it('stores any ISO time as a UTC instant, reading a time without zone as Italian time', () => {
    expect(toUtcIso('2024-03-05T11:22:33+01:00')).toBe('2024-03-05T10:22:33.000Z');
    expect(toUtcIso('2024-03-05T11:22:33.123456Z')).toBe('2024-03-05T11:22:33.123Z');
    expect(toUtcIso('2024-07-15T09:05:00')).toBe('2024-07-15T07:05:00.000Z');
    expect(toUtcIso('2024-01-15T09:05:00')).toBe('2024-01-15T08:05:00.000Z');
    expect(toUtcIso('2024-02-30T10:00:00Z')).toBe('2024-02-30T10:00:00Z');
    // The stored form comes back as it is, the impossible day included.
    expect(toUtcIso('2024-03-05T10:22:33.000Z')).toBe('2024-03-05T10:22:33.000Z');
    expect(toUtcIso('2024-02-30T10:00:00.000Z')).toBe('2024-02-30T10:00:00.000Z');
    expect(toUtcIso('2024-03-05t10:22:33.000z')).toBe('2024-03-05T10:22:33.000Z');
    expect(parseInstant('domani')).toBeUndefined();
  });

  it('switches to summer time on the last Sunday of March and back on the last Sunday of October', () => {
    // 2024: 31 March and 27 October, at 01:00 UTC.
    expect(toUtcIso('2024-03-31T01:59:00')).toBe('2024-03-31T00:59:00.000Z');
    expect(toUtcIso('2024-03-31T03:00:00')).toBe('2024-03-31T01:00:00.000Z');
    expect(toUtcIso('2024-10-27T01:30:00')).toBe('2024-10-26T23:30:00.000Z');
    expect(toUtcIso('2024-10-27T03:30:00')).toBe('2024-10-27T02:30:00.000Z');
    expect(formatDateTimeIt('2024-03-31T00:59:00Z')).toBe('31/03/2024 01:59');
    expect(formatDateTimeIt('2024-03-31T01:00:00Z')).toBe('31/03/2024 03:00');
    expect(formatDateTimeIt('2024-10-27T01:00:00Z')).toBe('27/10/2024 02:00');
  });

  it('an Italian day starts at its local midnight', () => {
    expect(romeDayStartUtc('2024-03-01')).toBe('2024-02-29T23:00:00.000Z');
    expect(romeDayStartUtc('2024-07-01')).toBe('2024-06-30T22:00:00.000Z');
    expect(nextCalendarDay('2024-02-29')).toBe('2024-03-01');
    expect(nextCalendarDay('2024-12-31')).toBe('2025-01-01');
  });

  it('writes euros the Italian way', () => {
    expect(formatEuroIt(14792)).toBe('147,92 €');
    expect(formatEuroIt(5)).toBe('0,05 €');
    expect(formatEuroIt(123456789)).toBe('1.234.567,89 €');
    expect(formatEuroIt(-100000)).toBe('-1.000,00 €');
  });
});
