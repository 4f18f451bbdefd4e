import type { Cents } from '../../kernel/money';
import type { PayerType } from '../../kernel/identifiers/payer-id';

/** The debtor of a dovuto (soggetto pagatore), with MyPay's field names. */
export interface Payer {
  readonly tipo: PayerType;
  /** Codice fiscale / partita IVA, upper case, or ANONIMO. */
  readonly codiceIdentificativo: string;
  readonly anagrafica: string;
  readonly indirizzo?: string;
  readonly civico?: string;
  readonly cap?: string;
  readonly localita?: string;
  readonly provincia?: string;
  /** ISO 3166 alpha-2, e.g. IT. */
  readonly nazione?: string;
  readonly email?: string;
}

/** One line of the budget split: an amount assigned to a capitolo (and, when known, ufficio and accertamento). */
export interface Capitolo {
  readonly codCapitolo: string;
  readonly codUfficio?: string;
  readonly codAccertamento?: string;
  readonly importo: Cents;
}

/** Sums exactly to the position's importo (the ente's own share when there is an ente secondario). */
export interface Bilancio {
  readonly capitoli: readonly Capitolo[];
}

/** Multi-beneficiary dovuto (MyPay flow 1_4): part of the payment is credited to a second ente. */
export interface EnteSecondario {
  /** 11-digit CF of the ente, or a 16-character codice fiscale. */
  readonly codiceFiscale: string;
  readonly denominazione: string;
  readonly iban: string;
  readonly datiSpecificiRiscossione: string;
  readonly importo: Cents;
  readonly causale?: string;
  readonly indirizzo?: string;
  readonly civico?: string;
  readonly cap?: string;
  readonly localita?: string;
  readonly provincia?: string;
  readonly nazione?: string;
}

/** A dovuto as the ente defined it: what PositionCreated records and PositionUpdated replaces. */
export interface Position {
  readonly codIpa: string;
  readonly iud: string;
  /** 17-digit aux-3 IUV. */
  readonly iuv: string;
  /** '3' + IUV. */
  readonly numeroAvviso: string;
  readonly payer: Payer;
  /** The ente's share, cents > 0. */
  readonly importo: Cents;
  /** YYYY-MM-DD; optional unless the tipo dovuto makes it mandatory. */
  readonly dataScadenza?: string;
  /** codTipo of the ente's tipo dovuto. */
  readonly tipoDovuto: string;
  /** ≤ 140 characters: pagoPA's remittance information limit. */
  readonly causale: string;
  readonly datiSpecificiRiscossione: string;
  readonly bilancio?: Bilancio;
  readonly commissioneCaricoPa?: Cents;
  readonly secondario?: EnteSecondario;
}

/** What the payer pays: the ente's importo plus the share of the ente secondario, if any. */
export const positionTotal = (p: Pick<Position, 'importo' | 'secondario'>): Cents => p.importo + (p.secondario?.importo ?? 0);

/** codiceEsitoSingoloPagamento of a reporting flow row: 0 paid, 3 revoked, 4 stand-in, 8 stand-in without RPT, 9 paid without RPT. */
export type EsitoRendicontazione = '0' | '3' | '4' | '8' | '9';
export const ESITI_RENDICONTAZIONE: readonly EsitoRendicontazione[] = ['0', '3', '4', '8', '9'];

export type PaymentChannel = 'paGetPayment' | 'paGetPaymentV2' | 'RPT';
export const PAYMENT_CHANNELS: readonly PaymentChannel[] = ['paGetPayment', 'paGetPaymentV2', 'RPT'];

export type ReceiptChannel = 'paSendRT' | 'paSendRTV2' | 'RT62' | 'simulator';
export const RECEIPT_CHANNELS: readonly ReceiptChannel[] = ['paSendRT', 'paSendRTV2', 'RT62', 'simulator'];

/** A person as a receipt names them. tipo is kept as sent: the WISP converter sends letters other than F/G. */
export interface ReceiptSubject {
  readonly tipo: string;
  readonly codiceIdentificativo: string;
  readonly anagrafica?: string;
  readonly indirizzo?: string;
  readonly civico?: string;
  readonly cap?: string;
  readonly localita?: string;
  readonly provincia?: string;
  readonly nazione?: string;
  readonly email?: string;
}

export interface ReceiptTransfer {
  /** 1-based position in the receipt. */
  readonly index: number;
  /** idTransfer as sent (1..5); the FR refers to it as indiceDatiSingoloPagamento. */
  readonly idTransfer: number;
  readonly amount: Cents;
  /** Absent for marca da bollo transfers. */
  readonly iban?: string;
  /** Fiscal code of the beneficiary ente (fiscalCodePA). */
  readonly cfEnte: string;
  readonly remittanceInformation: string;
  /** transferCategory (tassonomia). */
  readonly category?: string;
  readonly datiSpecificiRiscossione?: string;
  /** IUR of this transfer when the receipt gives one per transfer (RT 6.2). */
  readonly iur?: string;
}

/** A telematic receipt, whatever carried it (paSendRT, paSendRTV2, RT 6.2, the simulator). */
export interface Receipt {
  /** IUR / receiptId: what makes a receipt the same receipt. */
  readonly receiptId: string;
  readonly outcome: 'OK' | 'KO';
  /** Amount paid (all transfers), cents. */
  readonly amount: Cents;
  readonly fee?: Cents;
  readonly idPSP: string;
  readonly pspName?: string;
  readonly pspBic?: string;
  /** The attestante of an RT 6.2 (identificativoUnivocoAttestante). */
  readonly attestante?: string;
  /** The debtor as written on the receipt. */
  readonly debtor?: ReceiptSubject;
  /** The versante: who actually paid. */
  readonly payer?: ReceiptSubject;
  /** ISO-8601; absent on some KO receipts. */
  readonly paymentDateTime?: string;
  readonly applicationDate?: string;
  readonly transferDate?: string;
  readonly paymentToken?: string;
  readonly transfers: readonly ReceiptTransfer[];
  readonly channel: ReceiptChannel;
  /** Where the raw XML is archived. */
  readonly rawReceiptRef?: string;
}
