import type { Decider } from '../../kernel/decider';
import { DomainError, invalid } from '../../kernel/errors';
import { positionTotal } from '../../positions/domain/position.types';
import type { CarrelloCandidate, CarrelloCommand } from './carrello.commands';
import type { CarrelloCreated, CarrelloEvent, CarrelloOutcomeRecorded } from './carrello.events';

export interface CarrelloState {
  readonly created?: CarrelloCreated['data'];
  readonly outcome?: CarrelloOutcomeRecorded['data'];
}

export const initialCarrelloState: CarrelloState = {};

/** pagoPA Checkout takes at most five payment notices in one cart. */
export const MAX_CARRELLO_ITEMS = 5;

export interface UnpayableItem {
  readonly codIpa: string;
  readonly iud: string;
  readonly code: string;
  readonly reason: string;
}

/** Why a dovuto cannot go in a cart, or undefined when it can be paid. A payment already requested may be retried. */
export function unpayableReason(item: CarrelloCandidate): UnpayableItem | undefined {
  const { codIpa, iud, state } = item;
  const at = `dovuto "${iud}" of ente ${codIpa}`;
  switch (state.status) {
    case 'absent':
      return { codIpa, iud, code: 'DOVUTO_NOT_FOUND', reason: `${at} does not exist` };
    case 'open':
    case 'payment_requested':
      return undefined;
    case 'cancelled':
      return { codIpa, iud, code: 'DOVUTO_CANCELLED', reason: `${at} was cancelled by the ente` };
    case 'expired':
      return { codIpa, iud, code: 'DOVUTO_EXPIRED', reason: `${at} expired on ${state.position?.dataScadenza ?? 'its due date'}` };
    default:
      return { codIpa, iud, code: 'DOVUTO_ALREADY_PAID', reason: `${at} is already paid (receipt ${state.paidBy ?? 'on file'})` };
  }
}

function checkUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('INVALID_RETURN_URL', 'returnUrl', `returnUrl "${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('INVALID_RETURN_URL', 'returnUrl', `returnUrl must be an http or https URL, got ${url.protocol}`);
}

function decide(command: CarrelloCommand, state: CarrelloState): CarrelloEvent[] {
  switch (command.type) {
    case 'CreateCarrello': {
      // Same id again (a retried request with the same Idempotency-Key): the cart already stands.
      if (state.created) return [];
      const { id, codIpa, items, checkoutUrl, returnUrl, payerEmail } = command.data;
      if (items.length === 0) throw invalid('CARRELLO_EMPTY', 'dovuti', 'a carrello needs at least one dovuto');
      if (items.length > MAX_CARRELLO_ITEMS)
        throw invalid('CARRELLO_TOO_MANY_ITEMS', 'dovuti', `a carrello holds at most ${MAX_CARRELLO_ITEMS} dovuti (pagoPA Checkout's limit), got ${items.length}: split it`);
      const seen = new Set<string>();
      for (const [i, item] of items.entries()) {
        const key = `${item.codIpa}|${item.iud}`;
        if (seen.has(key)) throw invalid('CARRELLO_DUPLICATE_ITEM', `dovuti[${i}]`, `dovuto "${item.iud}" of ente ${item.codIpa} is in the carrello twice`);
        seen.add(key);
      }
      if (!items.some((i) => i.codIpa === codIpa))
        throw new DomainError('CARRELLO_NOT_OWNED', `none of the dovuti belongs to ente ${codIpa}: a carrello must hold at least one dovuto of the ente that creates it`, 'forbidden', 'dovuti');
      checkUrl(returnUrl);
      const unpayable = items.map(unpayableReason).filter((u): u is UnpayableItem => u !== undefined);
      if (unpayable.length > 0) {
        // An unknown dovuto is a mistake in the request (400); a paid, cancelled or expired one a state conflict (409).
        const missing = unpayable.some((u) => u.code === 'DOVUTO_NOT_FOUND');
        const first = unpayable.find((u) => u.code === 'DOVUTO_NOT_FOUND') ?? unpayable[0]!;
        throw new DomainError(first.code, `the carrello cannot be paid: ${unpayable.map((u) => u.reason).join('; ')}`, missing ? 'invalid' : 'conflict', 'dovuti', {
          items: unpayable,
        });
      }
      const cartItems = items.map((i) => {
        const p = i.state.position!;
        return { codIpa: p.codIpa, iud: p.iud, iuv: p.iuv, numeroAvviso: p.numeroAvviso, importo: positionTotal(p), causale: p.causale };
      });
      return [
        {
          type: 'CarrelloCreated',
          data: {
            id,
            codIpa,
            items: cartItems,
            total: cartItems.reduce((s, i) => s + i.importo, 0),
            checkoutUrl,
            returnUrl,
            ...(payerEmail !== undefined && { payerEmail }),
            at: command.metadata.now,
          },
        },
      ];
    }
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown carrello command ${String(unknown)}`);
    }
  }
}

function evolve(state: CarrelloState, event: CarrelloEvent): CarrelloState {
  switch (event.type) {
    case 'CarrelloCreated':
      return { ...state, created: event.data };
    case 'CarrelloOutcomeRecorded':
      // The first outcome stands (the checkout records one; a second click changes nothing).
      return state.outcome ? state : { ...state, outcome: event.data };
    default:
      return state;
  }
}

export const carrelloDecider: Decider<CarrelloCommand, CarrelloEvent, CarrelloState> = { initialState: initialCarrelloState, evolve, decide };
