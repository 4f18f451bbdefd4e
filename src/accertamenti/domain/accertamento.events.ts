import type { DomainEvent } from '../../kernel/decider';
import type { Cents } from '../../kernel/money';
import type { PaymentSplit } from './accertamento.commands';

/** A payment as the accertamento holds it: what the statistics of closed accertamenti are built from. */
export interface AccertamentoPayment {
  readonly paymentKey: string;
  readonly iud: string;
  readonly iuv: string;
  readonly iur?: string;
  readonly importo: Cents;
  /** YYYY-MM-DD. */
  readonly dataEsito: string;
  /** Present when the payment was reported. */
  readonly dataRegolamento?: string;
  /** Present when the payment was cashed. */
  readonly dataValuta?: string;
  /** Sum exactly to importo. */
  readonly splits: readonly PaymentSplit[];
}

interface Ref {
  readonly accertamentoId: string;
  readonly codIpa: string;
  /** metadata.now of the command. */
  readonly at: string;
}

export type AccertamentoCreated = DomainEvent<
  'AccertamentoCreated',
  { readonly id: string; readonly codIpa: string; readonly codTipoDovuto: string; readonly anno: number; readonly descrizione: string; readonly at: string }
>;
export type AccertamentoPaymentAdded = DomainEvent<'AccertamentoPaymentAdded', Ref & { readonly payment: AccertamentoPayment }>;
export type AccertamentoPaymentRemoved = DomainEvent<'AccertamentoPaymentRemoved', Ref & { readonly paymentKey: string }>;
/**
 * The accertamento is final. paymentKeys is what the process manager needs (it appends PositionAssessed to each
 * position); payments carries splits and dates so the statistics need no other stream.
 */
export type AccertamentoClosed = DomainEvent<
  'AccertamentoClosed',
  Ref & {
    readonly codTipoDovuto: string;
    readonly anno: number;
    readonly paymentKeys: readonly string[];
    readonly payments: readonly AccertamentoPayment[];
    readonly totalImporto: Cents;
  }
>;
export type AccertamentoCancelled = DomainEvent<'AccertamentoCancelled', Ref & { readonly reason?: string }>;

export type AccertamentoEvent = AccertamentoCreated | AccertamentoPaymentAdded | AccertamentoPaymentRemoved | AccertamentoClosed | AccertamentoCancelled;

/** Schema version of each event type, written to metadata.schemaVersion; bump it when a payload changes shape. */
export const ACCERTAMENTO_EVENT_VERSIONS = {
  AccertamentoCreated: 1,
  AccertamentoPaymentAdded: 1,
  AccertamentoPaymentRemoved: 1,
  AccertamentoClosed: 1,
  AccertamentoCancelled: 1,
} as const satisfies Record<AccertamentoEvent['type'], number>;

export const accertamentoStreamId = (codIpa: string, id: string): string => `accertamento-${codIpa}-${id}`;
