import type { EventStore, ReadAllOptions } from '../event-store/event-store.port';
import type { RecordedEvent } from '../kernel/events';

/** What a projection runner needs of the event store. */
export type LogReader = Pick<EventStore, 'readAll' | 'headPosition'>;

/** Events a window keeps at least, so that runners several batches apart still share it. */
export const SHARED_LOG_WINDOW_EVENTS = 50_000;

/** Before every position: `after` of a read from the beginning. */
const START = -1n;

/**
 * Lets the runners of one process (or one projection thread) read and parse each event of the log once. They
 * rarely ask for the same pages: a light projection runs ahead of a heavy one, and a runner's checkpoint is wherever
 * its last batch ended. So the reader keeps a window of the log, a contiguous stretch of the most recent events it
 * read (at most `maxEvents`), and serves any read that starts inside it; only a read past the window's end goes to
 * the store, and it extends the window for the runners behind.
 *
 * The log is append-only and positions grow in commit order, so a kept event never changes and the window never
 * hides a newer one: a page the window cannot fill is completed from the store, and a page is short only when the
 * store had nothing more. Events are shared objects: projections must not mutate them (they are pure anyway).
 */
export class SharedLogReader implements LogReader {
  /** Every event with `windowAfter` < position ≤ the last one's, in order. */
  private window: RecordedEvent[] = [];
  private windowAfter = START;
  /** The read that extends the window, shared by the runners that need it at the same time. */
  private extending: Promise<number> | undefined;

  constructor(
    private readonly inner: LogReader,
    private readonly maxEvents = SHARED_LOG_WINDOW_EVENTS,
  ) {}

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { maxCount } = options;
    if (maxCount === undefined || maxCount <= 0) return this.inner.readAll(options);
    const after = options.after ?? START;
    if (after < this.windowAfter) {
      // Behind the window: this runner alone is there (a rebuild, a restart); the window stays with the others.
      return this.inner.readAll(options);
    }
    if (after > this.windowEnd()) {
      const page = await this.inner.readAll(options);
      this.window = page.slice();
      this.windowAfter = after;
      return page;
    }
    let extended = false;
    for (;;) {
      const page = this.slice(after, maxCount);
      if (page.length === maxCount) return page;
      if (this.extending) {
        await this.extending;
        continue;
      }
      if (extended) return page; // the store had nothing more: this is the head
      extended = true;
      const end = this.windowEnd();
      this.extending = this.extend(end, maxCount - page.length).finally(() => (this.extending = undefined));
      await this.extending;
    }
  }

  private windowEnd(): bigint {
    return this.window.length ? this.window[this.window.length - 1]!.position : this.windowAfter;
  }

  private async extend(end: bigint, count: number): Promise<number> {
    const more = await this.inner.readAll({ ...(end !== START && { after: end }), maxCount: count });
    // Another read may have moved the window meanwhile (reset past it): keep only what continues it.
    if (this.windowEnd() !== end) return more.length;
    for (const e of more) this.window.push(e);
    if (this.window.length > this.maxEvents * 1.25) {
      const drop = this.window.length - this.maxEvents;
      this.windowAfter = this.window[drop - 1]!.position;
      this.window = this.window.slice(drop);
    }
    return more.length;
  }

  /** Up to `count` kept events after `after`, which lies inside the window. */
  private slice(after: bigint, count: number): RecordedEvent[] {
    let lo = 0;
    let hi = this.window.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.window[mid]!.position <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.window.slice(lo, lo + count);
  }
}
