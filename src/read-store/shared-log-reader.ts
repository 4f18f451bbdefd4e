import type { EventStore, ReadAllOptions } from '../event-store/event-store.port';
import type { RecordedEvent } from '../kernel/events';

/** What a projection runner needs of the event store. */
export type LogReader = Pick<EventStore, 'readAll' | 'headPosition'>;

/**
 * Lets the runners of one process share the pages they read from the log. Runners catching up together (a
 * rebuild, a restart behind the head) ask for the same pages one after another; without sharing, every runner
 * reads and parses every event itself, and on the embedded store that read costs as much as the projecting.
 *
 * Full pages are kept, at most `maxPages` of them, oldest dropped first. A page that ends at the head grows as events
 * are appended, so it is kept only `headPageTtlMs`, and only while the head has not moved past it: the runners woken
 * by the same write share it (following the log live, each would otherwise read and parse the same new events),
 * and a runner that sees a newer head reads again. Events are shared objects: projections must not mutate them (they are pure anyway).
 */
export class SharedLogReader implements LogReader {
  private readonly pages = new Map<string, Promise<RecordedEvent[]>>();
  /** Pages that ended at the head when read: key → position of their end. */
  private readonly headPages = new Map<string, bigint>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly inner: LogReader,
    private readonly maxPages = 16,
    private readonly headPageTtlMs = 25,
  ) {}

  /** Runners ask the head before each batch: a page kept from an older head would hide the newer events. */
  async headPosition(): Promise<bigint> {
    const head = await this.inner.headPosition();
    for (const [key, end] of this.headPages)
      if (end < head) {
        this.headPages.delete(key);
        this.pages.delete(key);
      }
    return head;
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { after, maxCount } = options;
    if (maxCount === undefined) return this.inner.readAll(options);
    const key = `${after ?? ''}/${maxCount}`;
    const cached = this.pages.get(key);
    if (cached) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const page = this.inner.readAll(options);
    this.pages.set(key, page);
    while (this.pages.size > this.maxPages) this.pages.delete(this.pages.keys().next().value as string);
    page.then(
      (events) => {
        if (events.length >= maxCount) return;
        this.headPages.set(key, events.length ? events[events.length - 1]!.position : (after ?? 0n));
        const forget = () => {
          if (this.pages.get(key) !== page) return;
          this.pages.delete(key);
          this.headPages.delete(key);
        };
        if (this.headPageTtlMs > 0) setTimeout(forget, this.headPageTtlMs).unref();
        else forget();
      },
      () => {
        if (this.pages.get(key) === page) this.pages.delete(key); // the next reader tries again
      },
    );
    return page;
  }
}
