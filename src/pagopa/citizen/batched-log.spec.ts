import type { EventStore, ReadAllOptions } from '../../event-store/event-store.port';
import type { RecordedEvent } from '../../kernel/events';
import { SqliteEventStore } from '../../event-store/sqlite-event-store';
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

  it('given followers of one type each, then each gets only its own events and its progress reaches the head past the others', async () => {
    const store = SqliteEventStore.open(':memory:');
    const newEvent = (type: string, n: number) => ({ id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type, data: { n }, metadata: event(1).metadata });
    for (let n = 1; n <= 9; n++) await store.append(`s-${n}`, [newEvent(n % 3 === 0 ? 'ReceiptReceived' : n % 3 === 1 ? 'FlowImportCompleted' : 'PositionCreated', n)], 'no_stream');
    const head = await store.headPosition();
    const batched = withBatchedSubscriptions(store, { intervalMs: 60_000, batchSize: 2 });
    const receipts: number[] = [];
    const flows: number[] = [];
    const progress = { receipts: 0n, flows: 0n };
    const a = batched.subscribeAll({ after: 0n, types: ['ReceiptReceived'], onProgress: (p) => void (progress.receipts = p) }, (e) => void receipts.push((e.data as { n: number }).n));
    const b = batched.subscribeAll({ after: 0n, types: ['FlowImportCompleted'], onProgress: (p) => void (progress.flows = p) }, (e) => void flows.push((e.data as { n: number }).n));
    await until(() => progress.receipts === head && progress.flows === head);
    await a.stop();
    await b.stop();
    await store.close();
    expect(receipts).toEqual([3, 6, 9]);
    expect(flows).toEqual([1, 4, 7]);
  });
});
