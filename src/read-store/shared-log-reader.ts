import type { EventStore, ReadTypesOptions, TypedPage } from '../event-store/event-store.port';
import type { RecordedEvent } from '../kernel/events';

/** What a projection runner needs of the event store. */
export type LogReader = Pick<EventStore, 'readTypes' | 'headPosition'>;

/** Events a window keeps at least, so that runners several batches apart still share it. */
export const SHARED_LOG_WINDOW_EVENTS = 50_000;

/**
 * Lets the runners of one process (or one projection thread) read and parse each event of the log once, and only
 * the events of the types some of them handle (`types`, the union of theirs). They rarely ask for the same pages:
 * a light projection runs ahead of a heavy one, and a runner's checkpoint is wherever its last batch ended. So the
 * reader keeps a window of the log: the events of those types in a contiguous stretch (windowAfter, windowEnd] of the
 * most recent positions it looked at (at most about `maxEvents` events), and serves any read that starts inside it,
 * keeping for each runner the types it asked for; only a read past the window's end goes to the store, and it
 * extends the window for the runners behind.
 *
 * The log is append-only and positions grow in commit order, so a kept event never changes and the window never
 * hides a newer one: a page the window cannot fill is completed from the store, and a page is short only when the
 * store had nothing more. Events are shared objects: projections must not mutate them (they are pure anyway).
 */
export class SharedLogReader implements LogReader {
  private readonly types: ReadonlySet<string>;
  private readonly typeList: readonly string[];
  /** Every event of `types` with `windowAfter` < position ≤ `windowEnd`, in order (at first an empty stretch before the log). */
  private window: RecordedEvent[] = [];
  private windowAfter = 0n;
  private windowEnd = 0n;
  /** The read that extends the window, shared by the runners that need it at the same time. */
  private extending: Promise<boolean> | undefined;

  constructor(
    private readonly inner: LogReader,
    types: Iterable<string>,
    private readonly maxEvents = SHARED_LOG_WINDOW_EVENTS,
  ) {
    this.types = new Set(types);
    this.typeList = [...this.types];
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  async readTypes(options: ReadTypesOptions): Promise<TypedPage> {
    const { maxCount, types } = options;
    // A type no runner declared is not in the window: such a reader (or an empty page) goes to the store.
    if (maxCount <= 0 || !types.every((t) => this.types.has(t))) return this.inner.readTypes(options);
    const after = options.after ?? 0n;
    if (after < this.windowAfter) {
      // Behind the window: this runner alone is there (a rebuild, a restart); the window stays with the others.
      return this.inner.readTypes(options);
    }
    if (after > this.windowEnd) await this.reset(after, maxCount);
    const wanted = types.length === this.typeList.length ? undefined : new Set(types);
    for (;;) {
      // The window may have dropped its start while this reader waited for extensions: the store has what it needs.
      if (after < this.windowAfter) return this.inner.readTypes(options);
      const events = this.pick(after, maxCount, wanted);
      if (events.length === maxCount) return { events, scannedTo: events[events.length - 1]!.position };
      if (this.extending) {
        await this.extending;
        continue;
      }
      const end = this.windowEnd;
      this.extending = this.extend(end, maxCount).finally(() => (this.extending = undefined));
      // The store had nothing after the window's end: the page is short because this is the head.
      if (!(await this.extending) && this.windowEnd === end) return { events, scannedTo: end };
    }
  }

  /** Starts the window over at `after`, for a reader ahead of it. */
  private async reset(after: bigint, count: number): Promise<void> {
    const page = await this.inner.readTypes({ after, maxCount: count, types: this.typeList });
    this.window = page.events.slice();
    this.windowAfter = after;
    this.windowEnd = page.scannedTo > after ? page.scannedTo : after;
  }

  /** Reads past the window's end; false when the store had nothing more to look at. */
  private async extend(end: bigint, count: number): Promise<boolean> {
    const page = await this.inner.readTypes({ after: end, maxCount: count, types: this.typeList });
    // Another read may have moved the window meanwhile (reset past it): keep only what continues it.
    if (this.windowEnd !== end) return true;
    for (const e of page.events) this.window.push(e);
    if (page.scannedTo > end) this.windowEnd = page.scannedTo;
    if (this.window.length > this.maxEvents * 1.25) {
      const drop = this.window.length - this.maxEvents;
      this.windowAfter = this.window[drop - 1]!.position;
      this.window = this.window.slice(drop);
    }
    return page.scannedTo > end;
  }

  /** Up to `count` kept events after `after` (inside the window), of the wanted types (all kept ones when undefined). */
  private pick(after: bigint, count: number, wanted: ReadonlySet<string> | undefined): RecordedEvent[] {
    let lo = 0;
    let hi = this.window.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.window[mid]!.position <= after) lo = mid + 1;
      else hi = mid;
    }
    if (!wanted) return this.window.slice(lo, lo + count);
    const out: RecordedEvent[] = [];
    for (let i = lo; i < this.window.length && out.length < count; i++) if (wanted.has(this.window[i]!.type)) out.push(this.window[i]!);
    return out;
  }
}
