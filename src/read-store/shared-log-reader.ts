import type { EventStore, ReadAllOptions } from '../event-store/event-store.port';
import type { RecordedEvent } from '../kernel/events';

/** What a projection runner needs of the event store. */
export type LogReader = Pick<EventStore, 'readAll' | 'headPosition'>;

/**
 * Lets the runners of one process share the pages they read from the log. Runners catching up together (a
 * rebuild, a restart behind the head) ask for the same pages one after another; without sharing, every runner
 * reads and parses every event itself, and on the embedded store that read costs as much as the projecting.
 *
 * Only full pages are kept (a page that ends at the head grows as events are appended), at most `maxPages` of
 * them, oldest dropped first. Events are shared objects: projections must not mutate them (they are pure anyway).
 */
export class SharedLogReader implements LogReader {
  private readonly pages = new Map<string, Promise<RecordedEvent[]>>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly inner: LogReader,
    private readonly maxPages = 16,
  ) {}

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
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
        if (events.length < maxCount && this.pages.get(key) === page) this.pages.delete(key);
      },
      () => {
        if (this.pages.get(key) === page) this.pages.delete(key); // the next reader tries again
      },
    );
    return page;
  }
}
