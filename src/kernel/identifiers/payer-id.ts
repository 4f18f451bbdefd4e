import { invalid } from '../errors';
import { normaliseCodiceFiscale, validateCodiceFiscale } from './codice-fiscale';
import { validatePartitaIva } from './partita-iva';

/** pagoPA's entityUniqueIdentifierType: F = persona fisica, G = persona giuridica. */
export type PayerType = 'F' | 'G';

/** pagoPA lets a persona fisica stay anonymous (e.g. spontaneous payments at a PSP counter). */
export const ANONYMOUS_PAYER_ID = 'ANONIMO';

export const normalisePayerId = (id: string): string => normaliseCodiceFiscale(id);

/**
 * F: a 16-character codice fiscale, or ANONIMO. G: an 11-digit partita IVA / numeric CF, or a 16-character
 * codice fiscale (sole traders invoice under their personal code). Case-insensitive; store normalisePayerId(id).
 */
export function validatePayerId(type: unknown, id: unknown, field = 'codiceIdentificativo', typeField = 'tipo'): void {
  if (type !== 'F' && type !== 'G') {
    throw invalid('INVALID_PAYER_TYPE', typeField, `${typeField} "${String(type)}" must be F (persona fisica) or G (persona giuridica)`);
  }
  if (typeof id !== 'string' || id.trim() === '') {
    throw invalid('PAYER_ID_REQUIRED', field, `${field} is required: the payer's codice fiscale or partita IVA`);
  }
  const value = normalisePayerId(id);
  if (type === 'F') {
    if (value === ANONYMOUS_PAYER_ID) return;
    if (/^\d{11}$/.test(value)) {
      throw invalid('INVALID_CODICE_FISCALE', field, `${field} "${id}" is 11 digits, a partita IVA: use tipo G for a persona giuridica`);
    }
    validateCodiceFiscale(value, field);
    return;
  }
  if (value.length === 16) validateCodiceFiscale(value, field);
  else if (value.length === 11) validatePartitaIva(value, field);
  else throw invalid('INVALID_PARTITA_IVA', field, `${field} "${id}" must be an 11-digit partita IVA or a 16-character codice fiscale`);
}
