import { centsToEuros, type Cents } from '../../kernel/money';
import { compareCodes, viewOf, type ClassificationCode, type ClassificationView } from './classification-codes';
import type { EsitoSingoloPagamento } from './sources';

/** A treasury movement as the matching needs it: which line, how much. */
export interface MovementAmount {
  readonly movementId: string;
  readonly amount: Cents;
}

/** The records behind a code: what an operator opens to check it. */
export interface Evidence {
  readonly notification?: { readonly iud: string; readonly iuv?: string; readonly amount: Cents };
  readonly rt?: { readonly iuv: string; readonly iur: string; readonly transferIndex: number; readonly amount: Cents; readonly totalAmount: Cents };
  /** The FR row that matched (or the one that did not). */
  readonly frRow?: FrRowEvidence;
  /** Several FR rows: rows of another amount, or the esito 0 and esito 9 reports of a double payment. */
  readonly frRows?: readonly FrRowEvidence[];
  readonly flow?: { readonly iuf: string; readonly totalAmount: Cents };
  readonly treasury?: {
    readonly by: 'IUF' | 'IUV';
    /** The IUF or IUV the movements cite. */
    readonly reference: string;
    readonly total: Cents;
    readonly movements: readonly MovementAmount[];
  };
  readonly movement?: { readonly movementId: string; readonly amount: Cents; readonly iuf?: string; readonly iuv?: string; readonly causale: string };
}

export interface FrRowEvidence {
  readonly iuf: string;
  readonly rowIndex: number;
  readonly iuv: string;
  readonly iur: string;
  readonly transferIndex: number;
  readonly amount: Cents;
  readonly esito: EsitoSingoloPagamento;
}

export interface Classification {
  readonly code: ClassificationCode;
  /** "riconciliazione" or "anomalie", as MyPivot files the code. */
  readonly view: ClassificationView;
  readonly evidence: Evidence;
  /** One English sentence with the amounts compared, e.g. "RT amount 147.92 = FR row amount 147.92 (FR X row 3)". */
  readonly reason: string;
}

export const classification = (code: ClassificationCode, evidence: Evidence, reason: string): Classification => ({
  code,
  view: viewOf(code),
  evidence,
  reason,
});

export const byCodeOrder = (list: Classification[]): Classification[] => list.sort((a, b) => compareCodes(a.code, b.code));

export const eur = (cents: Cents): string => centsToEuros(cents);

export const sumAmounts = (movements: readonly MovementAmount[]): Cents => movements.reduce((s, m) => s + m.amount, 0);

/** Movements sorted by id, so evidence never depends on the order they were loaded. */
export const sortMovements = (movements: readonly MovementAmount[]): MovementAmount[] =>
  [...movements].sort((a, b) => (a.movementId < b.movementId ? -1 : a.movementId > b.movementId ? 1 : 0));
