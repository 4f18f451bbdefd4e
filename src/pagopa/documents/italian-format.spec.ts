import { DomainError } from '../../kernel/errors';
import { formatData, formatDataOra, formatEuro, groupByFour } from './italian-format';

describe('Italian formatting for printed documents', () => {
  it('amounts: comma decimals, dot thousands, euro sign after a space', () => {
    expect(formatEuro(14792)).toBe('147,92 €');
    expect(formatEuro(5)).toBe('0,05 €');
    expect(formatEuro(100000)).toBe('1.000,00 €');
    expect(formatEuro(99_999_999_999)).toBe('999.999.999,99 €');
    expect(formatEuro(-150)).toBe('-1,50 €');
  });

  it('dates as pagoPA sends them become dd/mm/yyyy; impossible days are refused', () => {
    expect(formatData('2026-12-31')).toBe('31/12/2026');
    expect(formatData('2028-02-29')).toBe('29/02/2028');
    expect(() => formatData('2026-02-29', 'dataScadenza')).toThrow(DomainError);
    expect(() => formatData('2026-13-01')).toThrow(/not a day of the calendar/);
    expect(() => formatData('31/12/2026', 'dataScadenza')).toThrow(/dataScadenza .* YYYY-MM-DD/);
  });

  it('date-times are shown on the Rome wall clock, winter and summer', () => {
    expect(formatDataOra('2026-03-15T09:22:05Z')).toBe('15/03/2026 10:22:05');
    expect(formatDataOra('2026-07-01T22:30:00Z')).toBe('02/07/2026 00:30:00');
    expect(formatDataOra('2021-10-01T17:48:22+02:00')).toBe('01/10/2021 17:48:22');
  });

  it('refuses a date-time without zone: on a receipt the hour must be unambiguous', () => {
    expect(() => formatDataOra('2021-10-01T17:48:22', 'paymentDateTime')).toThrow(expect.objectContaining({ code: 'INVALID_DATE_TIME', field: 'paymentDateTime' }));
  });

  it('groups a codice avviso by four digits', () => {
    expect(groupByFour('301000000000000144')).toBe('3010 0000 0000 0001 44');
    expect(groupByFour('3010')).toBe('3010');
  });
});
