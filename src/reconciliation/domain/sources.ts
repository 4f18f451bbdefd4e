import type { Cents } from '../../kernel/money';

/**
 * The four sources MyPivot reconciles (DESIGN "Reconciliation classes"), as the reconciliation engine
 * needs them: identifiers and amounts in integer cents. Parsers and position streams produce them;
 * nothing here knows about XML, CSV or events.
 */

/** codiceEsitoSingoloPagamento of an FR row: 0 paid, 3 revoked, 4 stand-in, 8 stand-in without RPT, 9 paid without RPT. */
export type EsitoSingoloPagamento = '0' | '3' | '4' | '8' | '9';
export const ESITI_SINGOLO_PAGAMENTO: readonly EsitoSingoloPagamento[] = ['0', '3', '4', '8', '9'];

/** "Pagati notificati": the ente's own gestionale says this dovuto was paid. Only enti that switch notifications on send them. */
export interface IudNotification {
  readonly codIpa: string;
  readonly iud: string;
  readonly iuv?: string;
  readonly amount: Cents;
  /** YYYY-MM-DD as the gestionale sends it. */
  readonly dataPagamento?: string;
}

/** One transfer (datiSingoloPagamento / transfer) of a telematic receipt. */
export interface Receipt {
  readonly codIpa: string;
  readonly iuv: string;
  readonly iur: string;
  /** 1-based indiceDatiSingoloPagamento. */
  readonly transferIndex: number;
  /** The amount of this transfer. */
  readonly amount: Cents;
  /** The whole RT; a punctual riversamento moves this, not the transfer. */
  readonly totalAmount: Cents;
  /** The IUD of the position the RT pays, when known: the only link to a notification. */
  readonly iud?: string;
  /** KO receipts take no part in reconciliation. */
  readonly outcome: 'OK' | 'KO';
  readonly dataEsito: string;
  readonly attestante?: string;
}

export interface FrHeader {
  readonly iuf: string;
  readonly idPSP: string;
  /** importoTotalePagamenti. */
  readonly totalAmount: Cents;
  readonly dataRegolamento: string;
  readonly identificativoUnivocoRegolamento: string;
  readonly dataOraFlusso?: string;
  /** revisioneFlusso (p4pa FR schema); a higher revision of the same IUF replaces the lower one. */
  readonly revision?: number;
}

export interface FrRow {
  readonly iuf: string;
  /** Position of the datiSingoliPagamenti block in the FR, 1-based. */
  readonly rowIndex: number;
  readonly iuv: string;
  readonly iur: string;
  readonly transferIndex: number;
  readonly amount: Cents;
  readonly esito: EsitoSingoloPagamento;
  readonly dataEsito: string;
}

/** An FR as received for one ente (the importer knows the ente; the XML names it only by fiscal code). */
export interface ReportingFlow {
  readonly codIpa: string;
  readonly header: FrHeader;
  readonly rows: readonly FrRow[];
}

/** A line of the giornale di cassa. The treasury parser extracts iuf (cumulative riversamento) or iuv (punctual) from the causale. */
export interface TreasuryMovement {
  readonly codIpa: string;
  readonly movementId: string;
  readonly amount: Cents;
  readonly iuf?: string;
  readonly iuv?: string;
  readonly dataValuta: string;
  readonly dataContabile: string;
  readonly conto?: string;
  readonly causale: string;
}

/**
 * A source as the reconciliation projection receives it. `id` makes a redelivery a no-op;
 * `recordedAt` (ISO-8601 with zone, from the event) decides which of two versions of the same
 * receipt / notification / FR / movement is current, so the arrival order never matters.
 */
export type ReconciliationSource =
  | { readonly type: 'notification'; readonly id: string; readonly recordedAt: string; readonly data: IudNotification }
  | { readonly type: 'receipt'; readonly id: string; readonly recordedAt: string; readonly data: Receipt }
  | { readonly type: 'reportingFlow'; readonly id: string; readonly recordedAt: string; readonly data: ReportingFlow }
  | { readonly type: 'treasuryMovement'; readonly id: string; readonly recordedAt: string; readonly data: TreasuryMovement };

export type ReconciliationSourceType = ReconciliationSource['type'];
