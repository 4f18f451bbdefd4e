import { daysInMonth, isCalendarDate } from './calendar-date';

describe('calendar dates (YYYY-MM-DD)', () => {
  it.each(['2024-02-29', '2000-02-29', '2024-12-31', '2024-01-01', '2023-04-30'])('%s is a date', (d) => {
    expect(isCalendarDate(d)).toBe(true);
  });

  it.each(['2024-02-30', '2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-01', '24-01-01', '2024-01-01T00:00:00Z', '01/02/2024', ''])(
    '%s is not',
    (d) => {
      expect(isCalendarDate(d)).toBe(false);
    },
  );

  it('knows the length of February', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2023, 2), daysInMonth(2100, 2), daysInMonth(2000, 2)]).toEqual([29, 28, 28, 29]);
  });

  it('refuses non-strings', () => {
    expect(isCalendarDate(20240101)).toBe(false);
  });
});
