import type { EventStore, ReadAllOptions } from '../../event-store/event-store.port';
import type { RecordedEvent } from '../../kernel/events';
import { withBatchedSubscriptions } from './batched-log';

const event = (position: number): RecordedEvent => ({
  id: `e${position}`,
  type: 'Something',
  data: { position },
  metadata: { correlationId: 'c', actor: 'a', occurredAt: '2026-01-01T00:00:00Z', schemaVersion: 1 },
  streamId: 's',
  revision: BigInt(position - 1),
  position: BigInt(position),
  recordedAt: '2026-01-01T00:00:00Z',
});

/** A log of `count` events that counts how often it is read. */
function logOf(count: number): { store: EventStore; reads: () => number } {
  const events = Array.from({ length: count }, (_, i) => event(i + 1));
  let reads = 0;
  const store = {
    readAll: async (o: ReadAllOptions = {}) => {
      reads++;
      return events.filter((e) => e.position > (o.after ?? 0n)).slice(0, o.maxCount);
    },
  } as unknown as EventStore;
  return { store, reads: () => reads };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

describe('batched log: followers of the log that need not react at once', () => {
  it('given two followers at the same position, when they catch up, then each sees every event in order and each batch is read once', async () => {
    const log = logOf(5);
    const batched = withBatchedSubscriptions(log.store, { intervalMs: 60_000, batchSize: 2 });
    const seenA: bigint[] = [];
    const seenB: bigint[] = [];

    const a = batched.subscribeAll({ after: 0n }, (e) => void seenA.push(e.position));
    const b = batched.subscribeAll({ after: 0n }, (e) => void seenB.push(e.position));
    await until(() => seenA.length === 5 && seenB.length === 5);
    await a.stop();
    await b.stop();

    expect(seenA).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(seenB).toEqual([1n, 2n, 3n, 4n, 5n]);
    // Batches [1,2], [3,4], [5]: three reads shared by both followers, not six.
    expect(log.reads()).toBe(3);
  });

  it('given followers at different positions, when they catch up, then each reads from its own position', async () => {
    const log = logOf(4);
    const batched = withBatchedSubscriptions(log.store, { intervalMs: 60_000, batchSize: 10 });
    const seenA: bigint[] = [];
    const seenB: bigint[] = [];

    const a = batched.subscribeAll({ after: 0n }, (e) => void seenA.push(e.position));
    const b = batched.subscribeAll({ after: 2n }, (e) => void seenB.push(e.position));
    await until(() => seenA.length === 4 && seenB.length === 2);
    await a.stop();
    await b.stop();

    expect(seenA).toEqual([1n, 2n, 3n, 4n]);
    expect(seenB).toEqual([3n, 4n]);
  });
});
