import type { DomainEvent } from '../../kernel/decider';
import type { Cents } from '../../kernel/money';

/** A reporting flow (FR) as received for one ente: header, every row and the flow-level anomalies found on arrival. */
export interface ReportingFlowData {
  readonly codIpa: string;
  readonly iuf: string;
  readonly idPSP: string;
  readonly pspName?: string;
  readonly dataOraFlusso: string;
  /** revisioneFlusso when the flow carries one; a higher revision of the same IUF + PSP replaces the lower. */
  readonly revision?: number;
  readonly identificativoUnivocoRegolamento: string;
  /** YYYY-MM-DD. */
  readonly dataRegolamento: string;
  readonly bicRiversamento?: string;
  /** istitutoRicevente as written in the flow (CF ente). */
  readonly cfEnteRicevente: string;
  readonly totalAmount: Cents;
  readonly totalCount: number;
  readonly rows: readonly {
    readonly index: number;
    readonly iuv: string;
    readonly iur: string;
    readonly transferIndex: number;
    readonly amount: Cents;
    readonly esito: '0' | '3' | '4' | '8' | '9';
    readonly dataEsito: string;
  }[];
  /** checkFr() anomalies: TOTAL_AMOUNT_MISMATCH, TOTAL_COUNT_MISMATCH, DUPLICATE_ROW, UNKNOWN_ESITO, WRONG_RECEIVER, ... and IUV_UNKNOWN. */
  readonly anomalies: readonly { readonly code: string; readonly message: string; readonly [k: string]: unknown }[];
  readonly source: 'upload' | 'cli' | 'node';
  readonly fileName?: string;
  readonly at: string;
}

/** Stream: reportingFlowStreamId(codIpa, iuf, idPSP). The same flow twice appends nothing; a new revision appends again. */
export type ReportingFlowReceived = DomainEvent<'ReportingFlowReceived', ReportingFlowData>;

export const REPORTING_EVENT_VERSIONS = { ReportingFlowReceived: 1 } as const;

export const reportingFlowStreamId = (codIpa: string, iuf: string, idPSP: string) => `reporting-${codIpa}-${encodeURIComponent(iuf)}-${encodeURIComponent(idPSP)}`;
