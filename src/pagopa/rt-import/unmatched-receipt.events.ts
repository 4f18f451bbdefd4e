import type { DomainEvent } from '../../kernel/decider';
import type { Receipt } from '../../positions/domain/position.types';

/**
 * A receipt (an RT 6.2 from an ente's archive) whose IUV names no position of the ente. Money was collected,
 * so it is kept, never dropped: an operator sees it in the list of unmatched receipts and can create the
 * position and import the RT again. One stream per receipt, so importing the same file twice records it once.
 */
export type UnmatchedReceiptRecorded = DomainEvent<
  'UnmatchedReceiptRecorded',
  {
    readonly codIpa: string;
    readonly iuv: string;
    /** receiptId / identificativoUnivocoRiscossione. */
    readonly iur: string;
    /** identificativoDominio as written on the RT. */
    readonly fiscalCode: string;
    /** The file it came in (the entry name inside a ZIP). */
    readonly fileName: string;
    readonly receipt: Receipt;
    readonly at: string;
  }
>;

export const UNMATCHED_RECEIPT_EVENT_VERSIONS = { UnmatchedReceiptRecorded: 1 } as const;

export const unmatchedReceiptStreamId = (codIpa: string, iuv: string, iur: string): string => `unmatched-receipt-${codIpa}-${encodeURIComponent(iuv)}-${encodeURIComponent(iur)}`;
