import { fold } from '../../kernel/decider';
import { given } from '../../../test/helpers/given-when-then';
import { initialPositionState, evolvePosition, type PositionState } from '../../positions/domain/position.state';
import type { PositionEvent } from '../../positions/domain/position.events';
import { cancelled, created, expired, paymentRequested, receiptReceived, reported } from '../../positions/domain/position.test-kit';
import type { CarrelloCandidate, CreateCarrello } from './carrello.commands';
import { carrelloDecider } from './carrello.decider';
import type { CarrelloEvent } from './carrello.events';
import { carrelloOutcome } from './carrello.outcome';

const NOW = '2024-03-10T09:00:00+01:00';
const stateOf = (...events: PositionEvent[]): PositionState => fold({ initialState: initialPositionState, evolve: evolvePosition }, events);
const item = (iud: string, ...events: PositionEvent[]): CarrelloCandidate => ({ codIpa: 'c_a562', iud, state: stateOf(...events.map((e) => ({ ...e, data: { ...e.data, iud } }) as PositionEvent)) });
const other = (iud: string, ...events: PositionEvent[]): CarrelloCandidate => ({ ...item(iud, ...events), codIpa: 'c_f205' });

const create = (items: CarrelloCandidate[], over: Partial<CreateCarrello['data']> = {}): CreateCarrello => ({
  type: 'CreateCarrello',
  data: { id: 'cart-1', codIpa: 'c_a562', items, checkoutUrl: 'http://localhost:3000/simulator/checkout/cart-1', returnUrl: 'https://gestionale.example.it/ritorno', ...over },
  metadata: { now: NOW },
});

const spec = given(carrelloDecider);

describe('carrello decider', () => {
  it('given open dovuti, when a cart is created, then it lists each with what the payer pays and the total', () => {
    const { events } = spec().when(create([item('A', created({ importo: 1000 })), item('B', created({ importo: 2550 }), paymentRequested())], { payerEmail: 'mario@example.it' })).thenState();
    expect(events).toEqual([
      {
        type: 'CarrelloCreated',
        data: expect.objectContaining({
          id: 'cart-1',
          codIpa: 'c_a562',
          total: 3550,
          payerEmail: 'mario@example.it',
          at: NOW,
          items: [expect.objectContaining({ iud: 'A', importo: 1000, numeroAvviso: '348000000001234539' }), expect.objectContaining({ iud: 'B', importo: 2550 })],
        }),
      },
    ]);
  });

  it('given a cart already created with that id, when created again, then nothing new is recorded', () => {
    const first = carrelloDecider.decide(create([item('A', created())]), carrelloDecider.initialState) as CarrelloEvent[];
    spec(...first).when(create([item('A', created())])).thenNothing();
  });

  it('refuses a paid item with its IUD and the reason, as a conflict', () => {
    const e = spec().when(create([item('A', created()), item('PAID-1', created(), receiptReceived(), reported())])).thenThrows('DOVUTO_ALREADY_PAID', { kind: 'conflict' });
    expect(e.message).toContain('"PAID-1"');
    expect(e.details).toEqual({ items: [expect.objectContaining({ iud: 'PAID-1', code: 'DOVUTO_ALREADY_PAID' })] });
  });

  it('refuses cancelled and expired items, naming all of them', () => {
    const e = spec().when(create([item('A', created()), item('C', created(), cancelled()), item('E', created(), expired())])).thenThrows('DOVUTO_CANCELLED', { kind: 'conflict' });
    expect(e.message).toMatch(/"C".*cancelled.*"E".*expired/);
  });

  it('refuses an unknown dovuto as a bad request, even next to a paid one', () => {
    spec().when(create([item('A', created(), receiptReceived()), item('NOPE')])).thenThrows('DOVUTO_NOT_FOUND', { kind: 'invalid', message: /"NOPE"/ });
  });

  it('accepts items of another ente but needs one of the calling ente', () => {
    spec().when(create([item('A', created()), other('B', created())])).thenMatches([{ type: 'CarrelloCreated' }]);
    spec().when(create([other('B', created())])).thenThrows('CARRELLO_NOT_OWNED', { kind: 'forbidden' });
  });

  it('refuses an empty cart, more than five items, the same dovuto twice and a non-web return URL', () => {
    spec().when(create([])).thenThrows('CARRELLO_EMPTY');
    spec().when(create(['1', '2', '3', '4', '5', '6'].map((i) => item(i, created())))).thenThrows('CARRELLO_TOO_MANY_ITEMS');
    spec().when(create([item('A', created()), item('A', created())])).thenThrows('CARRELLO_DUPLICATE_ITEM');
    spec().when(create([item('A', created())], { returnUrl: 'javascript:alert(1)' })).thenThrows('INVALID_RETURN_URL', { field: 'returnUrl' });
  });
});

describe('carrello outcome', () => {
  it('is the recorded one when the checkout sent it', () => {
    expect(carrelloOutcome({ id: 'x', outcome: 'KO', receipts: [], at: NOW }, ['paid'])).toEqual({ esito: 'KO', registrato: true });
  });
  it('is derived from the items otherwise: all paid OK, one cancelled KO, else in progress', () => {
    expect(carrelloOutcome(undefined, ['paid', 'reconciled'])).toEqual({ esito: 'OK', registrato: false });
    expect(carrelloOutcome(undefined, ['paid', 'cancelled'])).toEqual({ esito: 'KO', registrato: false });
    expect(carrelloOutcome(undefined, ['paid', 'payment_requested'])).toEqual({ esito: 'IN_CORSO', registrato: false });
  });
});
