import type { DomainEvent } from '../../kernel/decider';
import type { Cents } from '../../kernel/money';

/**
 * One line of the giornale di cassa. Stream: treasuryMovementStreamId(codIpa, key), so a movement loaded twice
 * (same conto, anno, numero bolletta / same file row) is recorded once: the second append finds the stream.
 */
export interface TreasuryMovementData {
  readonly codIpa: string;
  /** Stable identity of the movement (the parser's key). */
  readonly key: string;
  readonly fileId: string;
  readonly source: 'OPI' | 'XLS' | 'CSV';
  readonly esercizio?: number;
  readonly numeroBolletta?: string;
  /** YYYY-MM-DD. */
  readonly dataContabile: string;
  readonly dataValuta: string;
  /** Magnitude in cents; direction in segno. */
  readonly importo: Cents;
  readonly segno: '+' | '-';
  readonly conto?: string;
  readonly abi?: string;
  readonly cab?: string;
  readonly ordinante?: string;
  readonly causale: string;
  readonly iuf?: string;
  readonly iuv?: string;
  readonly at: string;
}

export type TreasuryMovementRecorded = DomainEvent<'TreasuryMovementRecorded', TreasuryMovementData>;

/** The import of a whole file: what was read, recorded, skipped as duplicate, ignored, refused (row, column, why). */
export type TreasuryFileImported = DomainEvent<
  'TreasuryFileImported',
  {
    readonly codIpa: string;
    readonly fileId: string;
    readonly fileName: string;
    readonly format: 'OPI' | 'XLS' | 'XLSX' | 'CSV';
    readonly version?: string;
    readonly recorded: number;
    readonly duplicates: number;
    readonly ignored: number;
    readonly errors: readonly { readonly row?: number; readonly column?: string; readonly code: string; readonly message: string }[];
    readonly at: string;
  }
>;

export const TREASURY_EVENT_VERSIONS = { TreasuryMovementRecorded: 1, TreasuryFileImported: 1 } as const;

export const treasuryMovementStreamId = (codIpa: string, key: string) => `treasury-${codIpa}-${encodeURIComponent(key)}`;
export const treasuryFileStreamId = (codIpa: string, fileId: string) => `treasury-file-${codIpa}-${fileId}`;
