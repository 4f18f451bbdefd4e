import { invalid } from '../errors';

/**
 * Dati specifici di riscossione: "<tipo contabilità>/<codice contabilità>", e.g. "9/0101100IM/" where
 * 9 = tassonomia pagoPA. This is the pagoPA pattern for the RPT/transfer field.
 */
const DSR_PATTERN = /^[0129]\/\S{3,138}$/;

export function validateDatiSpecificiRiscossione(value: unknown, field = 'datiSpecificiRiscossione'): asserts value is string {
  if (typeof value !== 'string' || !DSR_PATTERN.test(value)) {
    const shown = typeof value === 'string' ? `"${value}"` : String(value);
    throw invalid(
      'INVALID_DATI_SPECIFICI_RISCOSSIONE',
      field,
      `${field} ${shown} must be a tipo contabilità (0, 1, 2 or 9), a slash and 3 to 138 characters without spaces, e.g. 9/0101100IM/`,
    );
  }
}

export const isValidDatiSpecificiRiscossione = (value: unknown): value is string => typeof value === 'string' && DSR_PATTERN.test(value);
