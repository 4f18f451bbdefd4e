import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { randomIds } from './clock';
import { CommandService, type AggregateType } from './command-service';
import type { Decider, DomainEvent } from './decider';
import { DomainError } from './errors';

/** A counter that may never exceed 10: small enough to show what a stale cached state would get wrong. */
type Add = { type: 'Add'; n: number };
type Added = DomainEvent<'Added', { n: number }>;
const decider: Decider<Add, Added, number> = {
  initialState: 0,
  evolve: (s, e) => s + e.data.n,
  decide: (c, s) => {
    if (s + c.n > 10) throw new DomainError('OVER_LIMIT', `adding ${c.n} to ${s} would pass 10`, 'conflict');
    return c.n === 0 ? [] : [{ type: 'Added', data: { n: c.n } }];
  },
};
const Counter: AggregateType<Add, Added, number> = { decider, eventVersions: { Added: 1 }, cachedStates: 100 };
const ctx = { correlationId: 'c', actor: 'test', now: '2026-03-01T10:00:00+01:00' };

function setup() {
  const store = SqliteEventStore.open(':memory:');
  let reads = 0;
  const readStream = store.readStream.bind(store);
  store.readStream = (...a) => (reads++, readStream(...a));
  // Two services on one store: two processes, each with its own cache.
  return { store, a: new CommandService(store, randomIds), b: new CommandService(store, randomIds), reads: () => reads };
}

describe('CommandService with cached folded states', () => {
  it('given a stream it has just written, when the same process writes again, then it appends without reading the stream', async () => {
    const { a, reads } = setup();
    await a.execute(Counter, 'counter-1', { type: 'Add', n: 2 }, ctx);
    const before = reads();
    const r = await a.execute(Counter, 'counter-1', { type: 'Add', n: 3 }, ctx);
    expect(reads()).toBe(before);
    expect(r).toMatchObject({ state: 5, revision: 1n });
  });

  it('given another process appended behind the cache, when a command is decided on the stale state, then the append conflict makes it decide again on the fresh state', async () => {
    const { store, a, b } = setup();
    await a.execute(Counter, 'counter-1', { type: 'Add', n: 2 }, ctx);
    await b.execute(Counter, 'counter-1', { type: 'Add', n: 5 }, ctx);
    const r = await a.execute(Counter, 'counter-1', { type: 'Add', n: 1 }, ctx);
    expect(r).toMatchObject({ state: 8, revision: 2n });
    expect((await store.readStream('counter-1')).map((e) => (e.data as { n: number }).n)).toEqual([2, 5, 1]);
  });

  it('given a stale cached state that would refuse the command, when the stream has moved, then the refusal is checked against the store and the command succeeds', async () => {
    const { a, b } = setup();
    await a.execute(Counter, 'counter-1', { type: 'Add', n: 8 }, ctx);
    await b.execute(Counter, 'counter-1', { type: 'Add', n: -5 }, ctx);
    await expect(a.execute(Counter, 'counter-1', { type: 'Add', n: 4 }, ctx)).resolves.toMatchObject({ state: 7 });
    // a refusal on a current state stays a refusal
    await expect(a.execute(Counter, 'counter-1', { type: 'Add', n: 4 }, ctx)).rejects.toMatchObject({ code: 'OVER_LIMIT' });
  });

  it('given a request already applied by another process, when it is retried with the same idempotency key, then it is a replay and appends nothing', async () => {
    const { store, a, b } = setup();
    await a.execute(Counter, 'counter-1', { type: 'Add', n: 1 }, ctx);
    await b.execute(Counter, 'counter-1', { type: 'Add', n: 2 }, { ...ctx, idempotencyKey: 'k-1' });
    const again = await a.execute(Counter, 'counter-1', { type: 'Add', n: 2 }, { ...ctx, idempotencyKey: 'k-1' });
    expect(again.replayed).toBe(true);
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('current() catches up with events appended by another process', async () => {
    const { a, b } = setup();
    await a.execute(Counter, 'counter-1', { type: 'Add', n: 1 }, ctx);
    await b.execute(Counter, 'counter-1', { type: 'Add', n: 4 }, ctx);
    await expect(a.current(Counter, 'counter-1')).resolves.toMatchObject({ state: 5, revision: 1n });
  });
});
