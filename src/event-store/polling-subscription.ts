import type { RecordedEvent } from '../kernel/events';
import { WakeableSleep } from '../kernel/wakeable-sleep';
import type { SubscribeOptions, Subscription, TypedPage } from './event-store.port';

/** What a catch-up subscription needs from a store whose log it can read by position. */
export interface PositionedLog {
  /** Events with position > after (of these types, when given), in position order, at most `max`; and how far it looked. */
  readPage(after: bigint, max: number, types: readonly string[] | undefined): TypedPage | Promise<TypedPage>;
  /** Calls `listener` whenever this process appended something; returns the function that unregisters it. */
  onAppend(listener: () => void): () => void;
}

export interface PollingOptions extends SubscribeOptions {
  /** How long to wait for an in-process notification before looking at the log anyway (writes by other processes). */
  pollIntervalMs: number;
}

const DEFAULT_BATCH = 500;

/**
 * Catch-up, then live, with one loop: read a batch after the checkpoint, hand each event to the handler
 * (awaited, so a projection never sees two at once), and when the log is exhausted wait for a
 * notification from this process or the poll timer, whichever comes first.
 * The checkpoint only moves past an event once its handler has returned, so each event is delivered
 * once and in position order; a handler that throws ends the subscription and rejects `done`.
 */
export class PollingSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;
  /** Woken by a notification; one arriving while a handler runs skips the next pause, so it is not lost. */
  private readonly pause = new WakeableSleep();

  constructor(
    log: PositionedLog,
    options: PollingOptions,
    handler: (event: RecordedEvent) => Promise<void> | void,
    onEnd: (s: PollingSubscription) => void,
  ) {
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    const unlisten = log.onAppend(() => this.pause.kick());
    this.done = this.run(log, options, batchSize, handler).finally(() => {
      unlisten();
      onEnd(this);
    });
    // A failed subscription must not take the process down as an unhandled rejection when nobody awaits `done`;
    // whoever awaits it still gets the error.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pause.interrupt();
    await this.done.catch(() => undefined);
  }

  private async run(log: PositionedLog, options: PollingOptions, batchSize: number, handler: (event: RecordedEvent) => Promise<void> | void): Promise<void> {
    let after = options.after ?? 0n;
    while (!this.stopped) {
      const page = await log.readPage(after, batchSize, options.types);
      const reached = await deliverPage(page, after, options, handler, () => this.stopped);
      if (reached === undefined) return;
      after = reached;
      if (page.events.length < batchSize && !this.stopped) {
        await this.pause.sleep(options.pollIntervalMs);
        // Not kickable: the appends that come meanwhile are what this wait gathers; stop() still ends it.
        if (options.settleMs && !this.stopped) await this.pause.sleep(options.settleMs, { kickable: false });
      }
    }
  }
}

/**
 * Hands a page's events to the handler one at a time, then moves past everything the page looked at and tells
 * onProgress: returns the position reached, or undefined when the subscription stopped on the way.
 */
export async function deliverPage(
  page: TypedPage,
  after: bigint,
  options: Pick<SubscribeOptions, 'onProgress'>,
  handler: (event: RecordedEvent) => Promise<void> | void,
  stopped: () => boolean,
): Promise<bigint | undefined> {
  let reached = after;
  for (const event of page.events) {
    if (stopped()) return undefined;
    await handler(event);
    reached = event.position;
  }
  if (stopped()) return undefined;
  if (page.scannedTo > reached) reached = page.scannedTo;
  if (reached > after) await options.onProgress?.(reached);
  return reached;
}
