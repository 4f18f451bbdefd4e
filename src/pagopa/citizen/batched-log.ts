import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventStore, SubscribeOptions, Subscription, TypedPage } from '../../event-store/event-store.port';
import type { RecordedEvent } from '../../kernel/events';
import { WakeableSleep } from '../../kernel/wakeable-sleep';
import { deliverPage } from '../../event-store/polling-subscription';

export interface BatchedLogOptions {
  /** How often the log is read once it has been caught up (ms). */
  intervalMs: number;
  /** Events read per batch. */
  batchSize: number;
}

/**
 * The event store as seen by a follower that need not react at once (the receipt mail reactor): its
 * subscriptions read the log in batches on a timer instead of waking on every append, and yield to pending
 * I/O between batches, so under a payment burst they cost one read per interval and never hold the event loop
 * for more than one batch. Everything else is the store itself.
 */
export function withBatchedSubscriptions(store: EventStore, options: BatchedLogOptions): EventStore {
  const tail = new SharedTail(store, options.intervalMs);
  return {
    kind: store.kind,
    append: (...a) => store.append(...a),
    appendBatch: (...a) => store.appendBatch(...a),
    streamRevisions: (...a) => store.streamRevisions(...a),
    readStream: (...a) => store.readStream(...a),
    readAll: (...a) => store.readAll(...a),
    readTypes: (...a) => store.readTypes(...a),
    headPosition: () => store.headPosition(),
    health: () => store.health(),
    close: () => store.close(),
    subscribeAll: (o, handler) => new BatchedSubscription(tail, o, handler, options),
  };
}

/**
 * The followers of one batched store usually stand at the same position (they start from checkpoints written
 * together and wake on the same interval): a batch one of them has just read is handed to the next that asks for
 * the same range, so the log is read and decoded once per batch rather than once per follower. A batch is reused
 * for at most one interval; a follower given it before the newest events were appended gets those next time.
 */
class SharedTail {
  private last: { after: bigint; maxCount: number; types: string; readAt: number; page: Promise<TypedPage> } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly maxAgeMs: number,
  ) {}

  read(after: bigint, maxCount: number, types: readonly string[] | undefined): Promise<TypedPage> {
    const l = this.last;
    const now = Date.now();
    const key = types ? JSON.stringify(types) : '';
    if (l && l.after === after && l.maxCount === maxCount && l.types === key && now - l.readAt < this.maxAgeMs) return l.page;
    const page = types
      ? this.store.readTypes({ after, maxCount, types })
      : this.store.readAll({ after, maxCount }).then((events) => ({ events, scannedTo: events.length ? events[events.length - 1].position : after }));
    this.last = { after, maxCount, types: key, readAt: now, page };
    // A failed read is not handed to anyone else.
    page.catch(() => this.last?.page === page && (this.last = undefined));
    return page;
  }
}

class BatchedSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  private readonly pause = new WakeableSleep();

  constructor(tail: SharedTail, o: SubscribeOptions, handler: (event: RecordedEvent) => Promise<void> | void, options: BatchedLogOptions) {
    this.done = this.run(tail, o, o.batchSize ?? options.batchSize, options.intervalMs, handler);
    // Whoever awaits `done` gets the error; nobody awaiting it must not crash the process.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pause.interrupt();
    await this.done.catch(() => undefined);
  }

  private async run(tail: SharedTail, o: SubscribeOptions, batchSize: number, intervalMs: number, handler: (event: RecordedEvent) => Promise<void> | void): Promise<void> {
    let after = o.after ?? 0n;
    while (!this.stopped) {
      const page = await tail.read(after, batchSize, o.types);
      const reached = await deliverPage(page, after, o, handler, () => this.stopped);
      if (reached === undefined) return;
      after = reached;
      if (page.events.length === batchSize) await nextTurn();
      else await this.pause.sleep(intervalMs);
    }
  }
}
