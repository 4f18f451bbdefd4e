import type { AccertamentoEvent, AccertamentoPayment } from './accertamento.events';

/** APERTO → CHIUSO (final) | ANNULLATO (final). NONE: the stream is empty. */
export type AccertamentoStatus = 'NONE' | 'APERTO' | 'CHIUSO' | 'ANNULLATO';

export interface AccertamentoState {
  readonly status: AccertamentoStatus;
  readonly header: { readonly id: string; readonly codIpa: string; readonly codTipoDovuto: string; readonly anno: number; readonly descrizione: string } | null;
  /** Included payments in the order they were added. */
  readonly payments: ReadonlyMap<string, AccertamentoPayment>;
  /** Keys removed and not added again: removing one of them again is a repeat. */
  readonly removed: ReadonlySet<string>;
}

export const initialAccertamentoState: AccertamentoState = { status: 'NONE', header: null, payments: new Map(), removed: new Set() };

export function evolveAccertamento(state: AccertamentoState, event: AccertamentoEvent): AccertamentoState {
  switch (event.type) {
    case 'AccertamentoCreated': {
      const { id, codIpa, codTipoDovuto, anno, descrizione } = event.data;
      return { ...state, status: 'APERTO', header: { id, codIpa, codTipoDovuto, anno, descrizione } };
    }
    case 'AccertamentoPaymentAdded': {
      const { payment } = event.data;
      const removed = new Set(state.removed);
      removed.delete(payment.paymentKey);
      return { ...state, payments: new Map(state.payments).set(payment.paymentKey, payment), removed };
    }
    case 'AccertamentoPaymentRemoved': {
      const payments = new Map(state.payments);
      payments.delete(event.data.paymentKey);
      return { ...state, payments, removed: new Set(state.removed).add(event.data.paymentKey) };
    }
    case 'AccertamentoClosed':
      return { ...state, status: 'CHIUSO' };
    case 'AccertamentoCancelled':
      return { ...state, status: 'ANNULLATO' };
    default: {
      const unknown: never = event;
      throw new Error(`unknown accertamento event ${JSON.stringify(unknown)}`);
    }
  }
}
