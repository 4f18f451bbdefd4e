import type { Decider, DomainEvent } from '../../src/kernel/decider';
import { invalid } from '../../src/kernel/errors';
import { given as givenFor } from './given-when-then';

// A counter that refuses to go above 2: enough to prove the helper can both pass and fail.
type Added = DomainEvent<'Added', { n: number }>;
type Add = { type: 'Add'; n: number };
const counter: Decider<Add, Added, number> = {
  initialState: 0,
  evolve: (s, e) => s + e.data.n,
  decide: (c, s) => {
    if (c.n === 0) return [];
    if (s + c.n > 2) throw invalid('TOO_MANY', 'n', `cannot go above 2 (now ${s})`);
    return [{ type: 'Added', data: { n: c.n } }];
  },
};
const given = givenFor(counter);
const added = (n: number): Added => ({ type: 'Added', data: { n } });

describe('given/when/then helper', () => {
  it('passes when the decided events are the expected ones, folding the history first', () => {
    given(added(1)).when({ type: 'Add', n: 1 }).then([added(1)]);
    expect(given(added(1)).when({ type: 'Add', n: 1 }).thenState().state).toBe(2);
  });

  it('fails when the events differ', () => {
    expect(() => given().when({ type: 'Add', n: 1 }).then([added(2)])).toThrow();
  });

  it('fails thenThrows when the command is accepted', () => {
    expect(() => given().when({ type: 'Add', n: 1 }).thenThrows('TOO_MANY')).toThrow(/expected the command to be refused with TOO_MANY/);
  });

  it('checks the code, field and message of a refusal', () => {
    given(added(2)).when({ type: 'Add', n: 1 }).thenThrows('TOO_MANY', { field: 'n', kind: 'invalid', message: /above 2/ });
    expect(() => given(added(2)).when({ type: 'Add', n: 1 }).thenThrows('OTHER')).toThrow();
    expect(() => given(added(2)).when({ type: 'Add', n: 1 }).thenThrows('TOO_MANY', { field: 'x' })).toThrow();
  });

  it('thenNothing fails when events are produced', () => {
    given().when({ type: 'Add', n: 0 }).thenNothing();
    expect(() => given().when({ type: 'Add', n: 1 }).thenNothing()).toThrow();
  });

  it('thenMatches compares partial shapes and the number of events', () => {
    given().when({ type: 'Add', n: 1 }).thenMatches([{ type: 'Added' }]);
    expect(() => given().when({ type: 'Add', n: 1 }).thenMatches([])).toThrow();
  });
});
