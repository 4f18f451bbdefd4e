import type { DomainEvent } from '../../kernel/decider';
import type { Cents } from '../../kernel/money';

/**
 * A cart of dovuti (possibly of several enti) that a gestionale hands to a citizen to pay in one go
 * ("iniziato presso ente"). Stream: carrelloStreamId(id). The citizen is sent to checkoutUrl; when the Node
 * (or the simulator) has sent the receipts, the outcome is recorded and the citizen goes back to returnUrl.
 */
export interface CarrelloItem {
  readonly codIpa: string;
  readonly iud: string;
  readonly iuv: string;
  readonly numeroAvviso: string;
  readonly importo: Cents;
  readonly causale: string;
}

export type CarrelloCreated = DomainEvent<
  'CarrelloCreated',
  {
    readonly id: string;
    /** The ente whose key created it. */
    readonly codIpa: string;
    readonly items: readonly CarrelloItem[];
    readonly total: Cents;
    readonly checkoutUrl: string;
    readonly returnUrl: string;
    readonly payerEmail?: string;
    readonly at: string;
  }
>;

/** Every item has a positive receipt (OK), or the citizen gave up / a negative receipt arrived (KO). */
export type CarrelloOutcomeRecorded = DomainEvent<
  'CarrelloOutcomeRecorded',
  { readonly id: string; readonly outcome: 'OK' | 'KO'; readonly receipts: readonly { readonly codIpa: string; readonly iuv: string; readonly receiptId?: string; readonly outcome: 'OK' | 'KO' }[]; readonly at: string }
>;

export type CarrelloEvent = CarrelloCreated | CarrelloOutcomeRecorded;

export const CARRELLO_EVENT_VERSIONS = { CarrelloCreated: 1, CarrelloOutcomeRecorded: 1 } as const;

export const carrelloStreamId = (id: string) => `carrello-${id}`;

/** The checkout page of the built-in Node/PSP simulator (embedded mode). */
export const simulatorCheckoutPath = (carrelloId: string) => `/simulator/checkout/${encodeURIComponent(carrelloId)}`;
