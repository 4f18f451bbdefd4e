import type { DomainEvent } from '../../kernel/decider';
import type { Cents } from '../../kernel/money';
import type { Bilancio, EnteSecondario, EsitoRendicontazione, Payer, PaymentChannel, Position, Receipt } from './position.types';

/** Every position event names its position, so a projection never needs the stream id to find it. */
interface PositionRef {
  readonly codIpa: string;
  readonly iud: string;
  readonly iuv: string;
  /** metadata.now of the command: when the fact was recorded. */
  readonly at: string;
}

/** Changed fields of an update; null = the optional value was removed. */
export interface PositionChanges {
  readonly payer?: Payer;
  readonly importo?: Cents;
  readonly dataScadenza?: string | null;
  readonly causale?: string;
  readonly datiSpecificiRiscossione?: string;
  readonly bilancio?: Bilancio | null;
  readonly commissioneCaricoPa?: Cents | null;
  readonly secondario?: EnteSecondario | null;
}

export type PositionCreated = DomainEvent<'PositionCreated', Position & { readonly at: string }>;

export type PositionUpdated = DomainEvent<
  'PositionUpdated',
  PositionRef & {
    readonly changes: PositionChanges;
    /** The whole dovuto after the change. */
    readonly position: Position;
    /** An expired position given a new due date is payable again. */
    readonly reopened: boolean;
  }
>;

export type PositionCancelled = DomainEvent<'PositionCancelled', PositionRef & { readonly reason?: string }>;

export type PaymentRequested = DomainEvent<
  'PaymentRequested',
  PositionRef & { readonly channel: PaymentChannel; readonly paymentToken?: string; readonly idPSP?: string; readonly requestedAt: string }
>;

export type ReceiptReceived = DomainEvent<
  'ReceiptReceived',
  PositionRef &
    Receipt & {
      /** What the payer owed (importo + secondario) when the receipt arrived. */
      readonly expectedAmount: Cents;
      /** A positive receipt whose amount differs from expectedAmount: recorded, never refused. */
      readonly amountMismatch: boolean;
      /** Money taken for a position the ente had cancelled: it must be refunded or re-assigned. */
      readonly paidAfterCancellation: boolean;
      readonly paidAfterExpiry: boolean;
    }
>;

/** A second positive receipt (another receiptId) for a position already paid: the payer paid twice. */
export type DuplicatePaymentReceived = DomainEvent<'DuplicatePaymentReceived', PositionRef & Receipt & { readonly firstReceiptId: string }>;

export type PositionReported = DomainEvent<
  'PositionReported',
  PositionRef & {
    readonly iuf: string;
    readonly idPSP: string;
    readonly rowIndex: number;
    readonly esito: EsitoRendicontazione;
    readonly amount: Cents;
    readonly dataRegolamento: string;
    readonly iur?: string;
    readonly transferIndex?: number;
    readonly dataEsito?: string;
    /** The FR arrived before any positive receipt (reporting flows are independent of receipts). */
    readonly beforeReceipt: boolean;
  }
>;

export type PositionCashed = DomainEvent<
  'PositionCashed',
  PositionRef & { readonly movementId: string; readonly amount: Cents; readonly dataValuta: string; readonly dataContabile: string; readonly iuf?: string }
>;

export type PositionReconciled = DomainEvent<'PositionReconciled', PositionRef & { readonly codes: readonly string[]; readonly reconciliationId?: string }>;

export type PositionAssessed = DomainEvent<'PositionAssessed', PositionRef & { readonly accertamentoId: string; readonly anno: number }>;

export type PositionExpired = DomainEvent<'PositionExpired', PositionRef & { readonly dataScadenza: string; readonly today: string }>;

export type PositionEvent =
  | PositionCreated
  | PositionUpdated
  | PositionCancelled
  | PaymentRequested
  | ReceiptReceived
  | DuplicatePaymentReceived
  | PositionReported
  | PositionCashed
  | PositionReconciled
  | PositionAssessed
  | PositionExpired;

/** Schema version of each event type, written to metadata.schemaVersion; bump it when a payload changes shape. */
export const POSITION_EVENT_VERSIONS = {
  PositionCreated: 1,
  PositionUpdated: 1,
  PositionCancelled: 1,
  PaymentRequested: 1,
  ReceiptReceived: 1,
  DuplicatePaymentReceived: 1,
  PositionReported: 1,
  PositionCashed: 1,
  PositionReconciled: 1,
  PositionAssessed: 1,
  PositionExpired: 1,
} as const satisfies Record<PositionEvent['type'], number>;
