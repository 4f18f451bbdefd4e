import type { Cents } from '../../src/kernel/money';

/** 14792 → '147,92 €', 123456789 → '1.234.567,89 €': how an Italian operator reads an amount. */
export function formatEuroIt(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const units = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${units},${String(abs % 100).padStart(2, '0')} €`;
}
