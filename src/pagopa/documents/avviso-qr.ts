import { invalid } from '../../kernel/errors';
import type { Cents } from '../../kernel/money';
import { validateNumeroAvviso } from '../../kernel/identifiers/numero-avviso';
import { validatePartitaIva } from '../../kernel/identifiers/partita-iva';

/**
 * The string inside the QR code of a pagoPA payment notice, as specified by PagoPA S.p.A. in "Avviso di pagamento",
 * Allegato 2 › Specifiche tecniche › Dati per il pagamento › Codice QR
 * (https://docs.pagopa.it/avviso-pagamento/allegato-2/specifiche-tecniche/dati-per-il-pagamento/codice-qr, same text
 * in the avvisi-3.0.0 version; the older SANP 2.5.1 §6.1 defines the same "PAGOPA|002" string):
 *
 *   <CODICE IDENTIFICATIVO>|<VERSIONE>|<CODICE AVVISO>|<CODICE FISCALE ENTE CREDITORE>|<IMPORTO>
 *   PAGOPA                 |002       |18 digits      |11 digits                      |cents, 2 to 11 characters
 *
 * e.g. "PAGOPA|002|301000000000000144|80016350821|14792". The importo is in cents without separators; the spec's
 * minimum length of 2 means amounts under 10 cents are written with one leading zero ("05"): readers such as
 * pagopa/mil-payment-notice validate the field as \d{2,11}, so "5" would be refused at the PSP.
 *
 * The same page fixes the symbol: version 4 (33×33 modules), error correction M, UTF-8 (byte mode).
 * The Poste Italiane data matrix (for enti with a postal account) is not produced here.
 */
export const AVVISO_QR_IDENTIFIER = 'PAGOPA';
export const AVVISO_QR_VERSION = '002';
export const AVVISO_QR_SYMBOL = { version: 4, errorCorrectionLevel: 'M' } as const;
/** 11 characters of cents: 999.999.999,99 €, which is also the largest amount paForNode.xsd accepts. */
export const MAX_AVVISO_CENTS = 99_999_999_999;

export interface AvvisoQrInput {
  numeroAvviso: string;
  cfEnte: string;
  importoCents: Cents;
}

export function validateImportoAvviso(importoCents: unknown, field = 'importoCents'): asserts importoCents is Cents {
  if (typeof importoCents !== 'number' || !Number.isSafeInteger(importoCents)) {
    throw invalid('INVALID_AMOUNT', field, `${field} ${String(importoCents)} must be a whole number of euro cents, e.g. 14792 for 147,92 €`);
  }
  if (importoCents <= 0) throw invalid('INVALID_AMOUNT', field, `${field} ${importoCents} must be greater than zero: a notice asks for a payment`);
  if (importoCents > MAX_AVVISO_CENTS) {
    throw invalid('INVALID_AMOUNT', field, `${field} ${importoCents} exceeds ${MAX_AVVISO_CENTS} cents, the largest amount a pagoPA notice can carry`);
  }
}

/** The QR payload; refuses a notice number with wrong mod-93 digits, a CF ente with a wrong check digit, or no amount. */
export function avvisoQrPayload({ numeroAvviso, cfEnte, importoCents }: AvvisoQrInput): string {
  validateNumeroAvviso(numeroAvviso, undefined, 'numeroAvviso');
  validatePartitaIva(cfEnte, 'cfEnte');
  validateImportoAvviso(importoCents);
  return [AVVISO_QR_IDENTIFIER, AVVISO_QR_VERSION, numeroAvviso, cfEnte, String(importoCents).padStart(2, '0')].join('|');
}
