/**
 * codiceEsitoSingoloPagamento of a FlussoRiversamento row. The pagoPA XSD 1.0.4 allows 0, 3 and 9; the copy used by
 * the Piattaforma Unitaria (p4pa) adds 4 and 8 for payments collected by the Node in stand-in.
 */
export type EsitoPagamentoCode = '0' | '3' | '4' | '8' | '9';

export interface EsitoPagamento {
  code: EsitoPagamentoCode;
  /** The wording pagoPA uses. */
  label: string;
  /** True when money was collected and is being transferred to the ente (every code but 3). */
  collected: boolean;
  /** True when the PSP never received an RPT / the Node had no payment request: the ente may hold no receipt. */
  withoutRpt: boolean;
}

export const ESITI_PAGAMENTO: Readonly<Record<EsitoPagamentoCode, EsitoPagamento>> = {
  '0': { code: '0', label: 'Pagamento eseguito', collected: true, withoutRpt: false },
  '3': { code: '3', label: 'Pagamento revocato', collected: false, withoutRpt: false },
  '4': { code: '4', label: 'Pagamento eseguito in stand-in', collected: true, withoutRpt: false },
  '8': { code: '8', label: 'Pagamento eseguito in stand-in in assenza di RPT', collected: true, withoutRpt: true },
  '9': { code: '9', label: 'Pagamento eseguito in assenza di RPT', collected: true, withoutRpt: true },
};

export const isKnownEsito = (code: string): code is EsitoPagamentoCode => Object.prototype.hasOwnProperty.call(ESITI_PAGAMENTO, code);
