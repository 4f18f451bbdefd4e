import type { PositionState } from '../../positions/domain/position.state';

/** A dovuto the gestionale put in the cart, with the state of its position as read from its stream. */
export interface CarrelloCandidate {
  readonly codIpa: string;
  readonly iud: string;
  /** initialPositionState (status 'absent') when the ente has no such dovuto. */
  readonly state: PositionState;
}

export interface CreateCarrello {
  readonly type: 'CreateCarrello';
  readonly data: {
    readonly id: string;
    /** The ente whose key asks: it must own at least one item. */
    readonly codIpa: string;
    readonly items: readonly CarrelloCandidate[];
    readonly checkoutUrl: string;
    readonly returnUrl: string;
    readonly payerEmail?: string;
  };
  readonly metadata: { readonly now: string };
}

export type CarrelloCommand = CreateCarrello;
