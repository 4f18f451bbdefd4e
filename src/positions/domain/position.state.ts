import type { Cents } from '../../kernel/money';
import type { PositionEvent } from './position.events';
import type { EsitoRendicontazione, PaymentChannel, Position } from './position.types';

export type PositionStatus = 'open' | 'payment_requested' | 'paid' | 'reported' | 'cashed' | 'reconciled' | 'assessed' | 'cancelled' | 'expired';

export interface ReceiptRef {
  readonly receiptId: string;
  readonly outcome: 'OK' | 'KO';
  readonly amount: Cents;
  readonly idPSP: string;
  readonly paymentDateTime?: string;
  readonly at: string;
  readonly amountMismatch: boolean;
}

export interface DuplicateRef {
  readonly receiptId: string;
  readonly amount: Cents;
  readonly idPSP: string;
  readonly at: string;
}

export interface ReportRef {
  readonly iuf: string;
  readonly rowIndex: number;
  readonly esito: EsitoRendicontazione;
  readonly amount: Cents;
  readonly dataRegolamento: string;
}

export interface CashRef {
  readonly movementId: string;
  readonly amount: Cents;
  readonly dataValuta: string;
}

export interface PaymentRequestRef {
  readonly channel: PaymentChannel;
  readonly paymentToken?: string;
  readonly at: string;
}

/**
 * Every fact is kept on its own (receipts, reports, cashings are separate lists and flags), and the status is
 * derived from them, so reported and cashed arriving in either order give the same state.
 */
export interface PositionState {
  /** null until PositionCreated. */
  readonly position: Position | null;
  /** 'absent' before creation. */
  readonly status: PositionStatus | 'absent';
  readonly cancelled: boolean;
  readonly cancelledAt?: string;
  readonly expired: boolean;
  /** A payment was requested and neither a receipt nor a KO has closed it. */
  readonly paymentPending: boolean;
  readonly paymentRequests: readonly PaymentRequestRef[];
  /** receiptId of the first positive receipt: the one that paid the position. */
  readonly paidBy?: string;
  readonly paid: boolean;
  /** All receipts, positive and negative, in arrival order (duplicates excluded). */
  readonly receipts: readonly ReceiptRef[];
  readonly duplicates: readonly DuplicateRef[];
  /** True when a reporting flow row other than a revoked one (esito 3) names the position. */
  readonly reported: boolean;
  /** Sorted by iuf and row, not by arrival, so the state does not depend on the order flows came in. */
  readonly reports: readonly ReportRef[];
  readonly cashed: boolean;
  /** Sorted by movementId, for the same reason. */
  readonly cashings: readonly CashRef[];
  readonly reconciled: boolean;
  readonly reconciliationCodes: readonly string[];
  readonly assessed: boolean;
  readonly accertamento?: { readonly accertamentoId: string; readonly anno: number };
}

/**
 * Every key is here from the start, the optional ones undefined: each event then replaces values in a state of the
 * same hidden class (a spread that adds a key costs 2–10 µs per state on Node 20, see withFields).
 */
export const initialPositionState: PositionState = {
  position: null,
  status: 'absent',
  cancelled: false,
  cancelledAt: undefined,
  expired: false,
  paymentPending: false,
  paymentRequests: [],
  paid: false,
  paidBy: undefined,
  receipts: [],
  duplicates: [],
  reported: false,
  reports: [],
  cashed: false,
  cashings: [],
  reconciled: false,
  reconciliationCodes: [],
  assessed: false,
  accertamento: undefined,
};

/** Money taken decides first: a position paid after its cancellation is 'paid', and its flags tell the rest. */
export function derivePositionStatus(s: Omit<PositionState, 'status'>): PositionStatus | 'absent' {
  if (s.position === null) return 'absent';
  if (s.paid) {
    if (s.assessed) return 'assessed';
    if (s.reconciled) return 'reconciled';
    if (s.cashed) return 'cashed';
    if (s.reported) return 'reported';
    return 'paid';
  }
  if (s.cancelled) return 'cancelled';
  if (s.expired) return 'expired';
  return s.paymentPending ? 'payment_requested' : 'open';
}

/** Code-unit order, not locale order: the same on every machine. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function apply(state: PositionState, event: PositionEvent): Omit<PositionState, 'status'> {
  switch (event.type) {
    case 'PositionCreated': {
      const { at: _at, ...position } = event.data;
      return { ...state, position };
    }
    case 'PositionUpdated':
      return { ...state, position: event.data.position, expired: event.data.reopened ? false : state.expired };
    case 'PositionCancelled':
      return { ...state, cancelled: true, cancelledAt: event.data.at, paymentPending: false };
    case 'PaymentRequested': {
      const { channel, paymentToken, at } = event.data;
      return { ...state, paymentPending: true, paymentRequests: [...state.paymentRequests, { channel, ...(paymentToken !== undefined && { paymentToken }), at }] };
    }
    case 'ReceiptReceived': {
      const d = event.data;
      const ref: ReceiptRef = {
        receiptId: d.receiptId,
        outcome: d.outcome,
        amount: d.amount,
        idPSP: d.idPSP,
        ...(d.paymentDateTime !== undefined && { paymentDateTime: d.paymentDateTime }),
        at: d.at,
        amountMismatch: d.amountMismatch,
      };
      const paysNow = d.outcome === 'OK' && !state.paid;
      return { ...state, receipts: [...state.receipts, ref], paymentPending: false, paid: state.paid || d.outcome === 'OK', paidBy: paysNow ? d.receiptId : state.paidBy };
    }
    case 'DuplicatePaymentReceived': {
      const d = event.data;
      return { ...state, duplicates: [...state.duplicates, { receiptId: d.receiptId, amount: d.amount, idPSP: d.idPSP, at: d.at }] };
    }
    case 'PositionReported': {
      const d = event.data;
      const reports = [...state.reports, { iuf: d.iuf, rowIndex: d.rowIndex, esito: d.esito, amount: d.amount, dataRegolamento: d.dataRegolamento }].sort(
        (a, b) => compare(a.iuf, b.iuf) || a.rowIndex - b.rowIndex,
      );
      return { ...state, reports, reported: reports.some((r) => r.esito !== '3') };
    }
    case 'PositionCashed': {
      const d = event.data;
      const cashings = [...state.cashings, { movementId: d.movementId, amount: d.amount, dataValuta: d.dataValuta }].sort((a, b) => compare(a.movementId, b.movementId));
      return { ...state, cashed: true, cashings };
    }
    case 'PositionReconciled':
      return { ...state, reconciled: true, reconciliationCodes: [...event.data.codes] };
    case 'PositionAssessed':
      return { ...state, assessed: true, accertamento: { accertamentoId: event.data.accertamentoId, anno: event.data.anno } };
    case 'PositionExpired':
      return { ...state, expired: true };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function evolvePosition(state: PositionState, event: PositionEvent): PositionState {
  const next = apply(state, event);
  return { ...next, status: derivePositionStatus(next) };
}
