import type { Cents } from '../kernel/money';

/**
 * One receipt, whatever carried it: the SANP paSendRT / paSendRTV2 (ctReceipt / ctReceiptV2 of paForNode.xsd)
 * or a legacy RT 6.2 (PagInf_RPT_RT_6_2_0.xsd). Field names follow ctReceiptV2; RT 6.2 is mapped onto them
 * (see src/pagopa/rt62/rt62-parser.ts for the mapping) and keeps what has no SANP equivalent under `rt62`.
 *
 * Amounts are integer cents. Dates are kept as pagoPA sent them; date-times too, plus `paymentDateTimeIso`, the
 * same instant with its zone (pagoPA sends Italian local time without a zone).
 */
export type ReceiptChannel = 'paSendRT' | 'paSendRTV2' | 'RT62';

export interface ReceiptSubject {
  /** F persona fisica, G persona giuridica. Kept as sent: pagoPA's WISP converter sends other letters (e.g. M). */
  uniqueIdentifierType: string;
  /** Codice fiscale / partita IVA, or "ANONIMO". */
  uniqueIdentifierValue: string;
  fullName: string;
  streetName?: string;
  civicNumber?: string;
  postalCode?: string;
  city?: string;
  stateProvinceRegion?: string;
  country?: string;
  email?: string;
}

export interface MapEntry {
  key: string;
  value: string;
}

export interface ReceiptTransfer {
  /** 1..5, the transfer index the reporting flow (FR) refers to as indiceDatiSingoloPagamento. */
  idTransfer: number;
  amount: Cents;
  /** Fiscal code of the beneficiary ente; several values = multi-beneficiary payment. */
  fiscalCodePA: string;
  /** IUR of this transfer: the receiptId for SANP, identificativoUnivocoRiscossione for RT 6.2. */
  iur: string;
  companyName?: string;
  iban?: string;
  /** V2 only: the digital stamp (marca da bollo) document, base64, kept verbatim. */
  mbdAttachment?: string;
  remittanceInformation: string;
  /**
   * Tassonomia. Mandatory in paForNode.xsd; absent only in receipts from older Node versions (a warning is
   * recorded). For RT 6.2 it is the datiSpecificiRiscossione.
   */
  transferCategory?: string;
  /** "<tipo contabilità>/<codice>": from the metadata entry datiSpecificiRiscossione (any case) or the RT field. */
  datiSpecificiRiscossione?: string;
  metadata: MapEntry[];
  /** RT 6.2 only: esito and date of this singolo pagamento, PSP fee on it. */
  esito?: string;
  esitoDate?: string;
  fee?: Cents;
}

export interface Rt62Details {
  /** 0 eseguito, 1 non eseguito, 2 parzialmente eseguito, 3 decorrenza termini, 4 decorrenza termini parziale. */
  codiceEsitoPagamento: '0' | '1' | '2' | '3' | '4';
  codiceContestoPagamento: string;
  identificativoMessaggioRicevuta: string;
  dataOraMessaggioRicevuta: string;
  riferimentoMessaggioRichiesta: string;
  riferimentoDataRichiesta: string;
  versioneOggetto: string;
  identificativoStazioneRichiedente?: string;
  /** Type of the attestante's identifier: G fiscal code, A ABI code, B BIC. */
  istitutoAttestanteIdType: string;
}

/** The station fields of a paSendRT(V2) request: which ente, broker and station the Node addressed. */
export interface ReceiptAddressing {
  idPA: string;
  idBrokerPA: string;
  idStation: string;
}

export interface ParsedReceipt {
  channel: ReceiptChannel;
  /** IUR. For RT 6.2: the identificativoUnivocoRiscossione of the first payment, else the message id. */
  receiptId: string;
  /** 18 digits; absent for RT 6.2, which carries only the IUV. */
  noticeNumber?: string;
  /** Fiscal code of the ente (identificativoDominio for RT 6.2). */
  fiscalCode: string;
  /** OK: money was collected (RT 6.2 codes 0, 2, 4); KO otherwise. */
  outcome: 'OK' | 'KO';
  /** IUV. */
  creditorReferenceId: string;
  paymentAmount: Cents;
  description: string;
  companyName: string;
  officeName?: string;
  debtor: ReceiptSubject;
  payer?: ReceiptSubject;
  idPSP: string;
  pspCompanyName: string;
  pspFiscalCode?: string;
  pspPartitaIVA?: string;
  /** Neither paForNode.xsd receipts nor RT 6.2 carry it today; kept for channels that do. */
  idBrokerPSP?: string;
  idChannel?: string;
  channelDescription?: string;
  paymentMethod?: string;
  paymentNote?: string;
  fee?: Cents;
  primaryCiIncurredFee?: Cents;
  idBundle?: string;
  idCiBundle?: string;
  /** As sent, e.g. 2021-10-01T17:48:22. */
  paymentDateTime?: string;
  /** paymentDateTime with its zone: an instant (local times are read as Europe/Rome). */
  paymentDateTimeIso?: string;
  applicationDate?: string;
  transferDate?: string;
  transfers: ReceiptTransfer[];
  metadata: MapEntry[];
  standIn?: boolean;
  /** paSendRT(V2) only. */
  addressing?: ReceiptAddressing;
  rt62?: Rt62Details;
  /** The document exactly as received, for the archive. */
  rawXml: string;
  /** Tolerated deviations from the schema, for the log (never a reason to refuse). */
  warnings: string[];
}

/** The metadata key that carries datiSpecificiRiscossione on a SANP transfer; compared case-insensitively. */
export const DATI_SPECIFICI_RISCOSSIONE_KEY = 'datiSpecificiRiscossione';

/**
 * Problems no schema can see: the transfers must add up to the amount paid. Empty when consistent.
 * Refusals built on these are semantic (PAA_SEMANTICA), not syntactic.
 */
export function receiptConsistencyProblems(receipt: Pick<ParsedReceipt, 'paymentAmount' | 'transfers'>): string[] {
  const sum = receipt.transfers.reduce((s, t) => s + t.amount, 0);
  return sum === receipt.paymentAmount
    ? []
    : [`the transfers add up to ${sum} cents but the amount paid is ${receipt.paymentAmount} cents`];
}
