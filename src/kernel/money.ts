import { invalid } from './errors';

/** Money is always integer euro cents. Floats never hold an amount. */
export type Cents = number;

const EURO_PATTERN = /^(0|[1-9]\d{0,12})(?:\.(\d{1,2}))?$/;

/**
 * Parses an amount in euros as pagoPA and MyPay write it ("14.5", "14.50", "1000"): dot decimals, at most two.
 * Accepts a JSON number only if its decimal text has at most two decimals, so 1.505 and 1e3 are refused.
 */
export function eurosToCents(value: unknown, field = 'importo'): Cents {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  if (text === undefined) throw invalid('INVALID_AMOUNT', field, `${field} must be an amount in euros, e.g. 147.92`);
  const m = EURO_PATTERN.exec(text);
  if (!m) {
    if (/^\d+,\d+$/.test(text)) throw invalid('INVALID_AMOUNT', field, `${field} "${text}" uses a comma: write the decimals with a dot, e.g. ${text.replace(',', '.')}`);
    if (/^-/.test(text)) throw invalid('INVALID_AMOUNT', field, `${field} "${text}" must not be negative`);
    if (/^\d+\.\d{3,}$/.test(text)) throw invalid('INVALID_AMOUNT', field, `${field} "${text}" has more than two decimals`);
    throw invalid('INVALID_AMOUNT', field, `${field} "${text}" is not an amount in euros with at most two decimals`);
  }
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw invalid('INVALID_AMOUNT', field, `${field} "${text}" is too large`);
  return cents;
}

export function positiveEurosToCents(value: unknown, field = 'importo'): Cents {
  const cents = eurosToCents(value, field);
  if (cents <= 0) throw invalid('INVALID_AMOUNT', field, `${field} must be greater than zero`);
  return cents;
}

/** "147.92": the form pagoPA XML and MyPay CSV use. */
export function centsToEuros(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const sumCents = (values: readonly Cents[]): Cents => values.reduce((a, b) => a + b, 0);
