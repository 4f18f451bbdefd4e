import type { Cents } from '../../kernel/money';
import type { DocKind } from './keys';
import type { FrHeader, FrRow, IudNotification, Receipt, TreasuryMovement } from './sources';
import type { Versioned } from './versions';

/**
 * The reconciliation state: small JSON documents, one per key (see keys.ts), each holding only
 * the current version of what arrived plus the back-references needed to know who depends on whom.
 * Codes are never stored in them: classify() derives them, so they cannot depend on arrival order.
 */

/** ente + IUV + IUR + transfer index. */
export interface PaymentDoc {
  readonly kind: 'payment';
  readonly key: string;
  readonly codIpa: string;
  readonly iuv: string;
  readonly iur: string;
  readonly transferIndex: number;
  /** Current positive receipt (KO receipts are not kept). */
  readonly receipt?: Versioned<Receipt>;
  /** This key's rows (esito 3 left out) in the current revision of each FR, by flow key. */
  readonly reported: Readonly<Record<string, readonly FrRow[]>>;
}

/** ente + IUD. */
export interface IudDoc {
  readonly kind: 'iud';
  readonly key: string;
  readonly codIpa: string;
  readonly iud: string;
  readonly notification?: Versioned<IudNotification>;
  /** Payment keys whose current receipt carries this IUD, sorted. */
  readonly paymentKeys: readonly string[];
}

export interface FlowContent {
  readonly header: FrHeader;
  /** All rows, esito 3 included: the FR as received. */
  readonly rows: readonly FrRow[];
}

/** ente + IUF. Exists as soon as an FR or a movement citing the IUF does. */
export interface FlowDoc {
  readonly kind: 'flow';
  readonly key: string;
  readonly codIpa: string;
  readonly iuf: string;
  readonly flow?: Versioned<FlowContent>;
  /** Movements citing this IUF: movement id → amount. */
  readonly movements: Readonly<Record<string, Cents>>;
}

/** ente + IUV: the crossroads that DOPPI, RT_TES and TES_NO_IUF_OR_IUV need. */
export interface IuvDoc {
  readonly kind: 'iuv';
  readonly key: string;
  readonly codIpa: string;
  readonly iuv: string;
  /** Payment keys of this IUV with a positive receipt, sorted. */
  readonly receiptKeys: readonly string[];
  /** IUDs whose current notification names this IUV, sorted. */
  readonly notifiedIuds: readonly string[];
  /** Rows of this IUV (esito 3 left out) in the current revision of each FR, by flow key. */
  readonly reports: Readonly<Record<string, readonly FrRow[]>>;
  /** Punctual movements citing this IUV: movement id → amount. */
  readonly movements: Readonly<Record<string, Cents>>;
}

/** ente + movement id. */
export interface MovementDoc {
  readonly kind: 'movement';
  readonly key: string;
  readonly codIpa: string;
  readonly movementId: string;
  readonly movement?: Versioned<TreasuryMovement>;
}

export type ReconciliationDoc = PaymentDoc | IudDoc | FlowDoc | IuvDoc | MovementDoc;
export type DocOf<K extends DocKind> = Extract<ReconciliationDoc, { kind: K }>;

/**
 * Read access to the state. Synchronous on purpose: the caller loads the documents first
 * (see missingReads) and the engine stays a pure function of what it is given.
 */
export interface ReconciliationStateView {
  get<K extends DocKind>(kind: K, key: string): DocOf<K> | undefined;
}

/**
 * What every new document starts with, shared: documents are never changed in place, and a catch-up holds millions of
 * them in memory, each otherwise with empty objects and arrays of its own.
 */
const NONE: Readonly<Record<string, never>> = Object.freeze({});
const NO_KEYS: readonly string[] = Object.freeze([]);

export const emptyPayment = (key: string, codIpa: string, iuv: string, iur: string, transferIndex: number): PaymentDoc => ({
  kind: 'payment',
  key,
  codIpa,
  iuv,
  iur,
  transferIndex,
  reported: NONE,
});
export const emptyIud = (key: string, codIpa: string, iud: string): IudDoc => ({ kind: 'iud', key, codIpa, iud, paymentKeys: NO_KEYS });
export const emptyFlow = (key: string, codIpa: string, iuf: string): FlowDoc => ({ kind: 'flow', key, codIpa, iuf, movements: NONE });
export const emptyIuv = (key: string, codIpa: string, iuv: string): IuvDoc => ({
  kind: 'iuv',
  key,
  codIpa,
  iuv,
  receiptKeys: NO_KEYS,
  notifiedIuds: NO_KEYS,
  reports: NONE,
  movements: NONE,
});
export const emptyMovement = (key: string, codIpa: string, movementId: string): MovementDoc => ({ kind: 'movement', key, codIpa, movementId });
