import type { Cents } from '../../src/kernel/money';
import type { PositionStatus } from '../../src/positions/domain/position.state';

/**
 * How a citizen groups their dovuti. 'da_pagare' holds what is still owed, expired ones included: the debt does
 * not go away at the due date, it just cannot be paid through pagoPA until the ente sets a new one, so it is
 * shown as "scaduto" (pagabile false) rather than hidden. Cancelled dovuti are owed by no one: only in 'tutti'.
 */
export type PayerGroup = 'da_pagare' | 'pagati' | 'annullati';

/** What the citizen reads next to each dovuto. */
export type PayerStatus = 'da_pagare' | 'scaduto' | 'pagato' | 'annullato';

/** The facts derivePositionStatus reads; the payer document keeps them instead of the whole position state. */
export interface PayerFlags {
  cancelled: boolean;
  expired: boolean;
  paymentPending: boolean;
  paid: boolean;
  reported: boolean;
  cashed: boolean;
  reconciled: boolean;
  assessed: boolean;
}

export interface PayerReceipt {
  receiptId: string;
  amount: Cents;
  idPSP: string;
  pspName?: string;
  paymentDateTime?: string;
}

export interface PayerPositionDoc {
  /** `${codIpa}|${iud}` */
  id: string;
  /** Upper case; absent for an anonymous payer (ANONIMO is no one's view). */
  payerId?: string;
  codIpa: string;
  iud: string;
  iuv: string;
  numeroAvviso: string;
  tipoDovuto: string;
  causale: string;
  /** What the payer pays (the ente's importo plus any ente secondario's share), cents. */
  importo: Cents;
  dataScadenza?: string;
  /** dataScadenza, or '9999-12-31' when there is none, so "most urgent first" lists them last. */
  dueSort: string;
  stato: PositionStatus;
  gruppo: PayerGroup;
  statoPagatore: PayerStatus;
  /** Can be paid now through pagoPA. */
  pagabile: boolean;
  flags: PayerFlags;
  /** The receipt that paid it. */
  receipt?: PayerReceipt;
  /** UTC ISO of that payment. */
  paidAt?: string;
  /** Further payments of the same dovuto (the payer paid twice): owed back to them. */
  duplicates: PayerReceipt[];
  createdAt: string;
  lastPosition: string;
}

export interface PayerEnteDoc {
  codIpa: string;
  denominazione: string;
  lastPosition: string;
}
