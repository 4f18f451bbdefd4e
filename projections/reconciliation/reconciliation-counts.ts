/**
 * How many rows each code has per ente and hidden flag, kept by the reconciliation process in the transaction that
 * writes the rows: a view's total is then a few documents read, not a count of every matching row of a large ente.
 */
import type { ReadDocument } from '../../src/read-store/read-store.port';

export const COUNTS_COLLECTION = 'recon_counts';

export interface CodeCount extends ReadDocument {
  id: string;
  codIpa: string;
  classificazione: string;
  hidden: boolean;
  count: number;
}

export const countId = (codIpa: string, code: string, hidden: boolean): string => `${encodeURIComponent(codIpa)}|${code}|${hidden ? 1 : 0}`;
