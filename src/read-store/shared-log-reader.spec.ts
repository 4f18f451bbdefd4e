import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import type { ReadTypesOptions } from '../event-store/event-store.port';
import type { Projection } from './projection';
import { ProjectionSupervisor } from './projection-supervisor';
import { SharedLogReader } from './shared-log-reader';
import { SqliteReadStore } from './sqlite-read-store';

let dir: string;
let closers: (() => Promise<void>)[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-shared-log-'));
  closers = [];
});
afterEach(async () => {
  for (const c of closers.reverse()) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function logOf(events: number, typeOf: (n: number) => string = () => 'Counted'): Promise<SqliteEventStore> {
  const es = SqliteEventStore.open(path.join(dir, 'events.db'));
  closers.push(() => es.close());
  for (let i = 0; i < events; i++) await es.append(`item-${i % 7}`, [counted(i, typeOf(i))], 'any');
  return es;
}

const counted = (n: number, type = 'Counted') => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type,
  data: { n },
  metadata: { correlationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
});
const eventsRead = (reads: { returned: number }[]) => reads.reduce((n, r) => n + r.returned, 0);
const COUNTED = ['Counted'];

/** Counts the reads that reach the event store, how many events each returned and of which types. */
function countingEvents(es: SqliteEventStore) {
  const reads: (ReadTypesOptions & { returned: number; returnedTypes: string[] })[] = [];
  return {
    reads,
    inner: {
      headPosition: () => es.headPosition(),
      readTypes: async (o: ReadTypesOptions) => {
        const page = await es.readTypes(o);
        reads.push({ ...o, returned: page.events.length, returnedTypes: page.events.map((e) => e.type) });
        return page;
      },
    },
  };
}

/** Reads from `after` in pages, as a runner does, until a short page; also where the last page said it looked up to. */
async function walkTo(log: SharedLogReader, pageSize: number, after?: bigint, types = COUNTED): Promise<{ seen: number[]; scannedTo: bigint }> {
  const seen: number[] = [];
  for (;;) {
    const page = await log.readTypes({ after, maxCount: pageSize, types });
    seen.push(...page.events.map((e) => (e.data as { n: number }).n));
    if (page.events.length === pageSize) expect(page.scannedTo).toBe(page.events[pageSize - 1].position);
    if (page.events.length < pageSize) return { seen, scannedTo: page.scannedTo };
    after = page.scannedTo;
  }
}
const walk = async (log: SharedLogReader, pageSize: number, after?: bigint, types = COUNTED) => (await walkTo(log, pageSize, after, types)).seen;

describe('SharedLogReader', () => {
  it('given two readers walking the same log, then each event is read from the store once and both see every event in order', async () => {
    const es = await logOf(25);
    const { reads, inner } = countingEvents(es);
    const log = new SharedLogReader(inner, COUNTED);
    const [a, b] = await Promise.all([walk(log, 10), walk(log, 10)]);
    const all = Array.from({ length: 25 }, (_, i) => i);
    expect(a).toEqual(all);
    expect(b).toEqual(all);
    expect(eventsRead(reads)).toBe(25);
  });

  it('given readers at different checkpoints with different page sizes, then they share the kept events and every page is full until the head', async () => {
    const es = await logOf(40);
    const { reads, inner } = countingEvents(es);
    const log = new SharedLogReader(inner, COUNTED);
    expect(await walk(log, 7)).toHaveLength(40);
    const positions = (await es.readAll()).map((e) => e.position);
    // A runner whose last batch ended at event 12 and one at event 31, with other batch sizes.
    expect(await walk(log, 5, positions[12])).toEqual(Array.from({ length: 27 }, (_, i) => 13 + i));
    expect(await walk(log, 4, positions[31])).toEqual([32, 33, 34, 35, 36, 37, 38, 39]);
    expect(eventsRead(reads)).toBe(40);
    for (const size of [3, 6, 9]) {
      const page = await log.readTypes({ after: positions[2], maxCount: size, types: COUNTED });
      expect(page.events.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: size }, (_, i) => 3 + i));
    }
  });

  it('given events appended after a reader reached the head, then its next read gets them at once (no page is kept stale)', async () => {
    const es = await logOf(3);
    const { reads, inner } = countingEvents(es);
    const log = new SharedLogReader(inner, COUNTED);
    expect(await Promise.all([walk(log, 10), walk(log, 10)])).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
    await es.append('item-x', [counted(3)], 'any');
    expect(await walk(log, 10)).toEqual([0, 1, 2, 3]);
    const head = (await es.readAll()).at(-1)!.position;
    await es.append('item-x', [counted(4)], 'any');
    expect(await walk(log, 10, head)).toEqual([4]);
    expect(eventsRead(reads)).toBe(5);
  });

  it('keeps at most about maxEvents: a reader behind the window reads from the store itself, gets the right events, and leaves the window to the others', async () => {
    const es = await logOf(60);
    const { reads, inner } = countingEvents(es);
    const log = new SharedLogReader(inner, COUNTED, 20);
    expect(await walk(log, 5)).toHaveLength(60);
    expect(eventsRead(reads)).toBe(60);
    expect(await walk(log, 5)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // From the start again: the first ~35 events were dropped from the window and come from the store.
    expect(eventsRead(reads) - 60).toBeGreaterThanOrEqual(30);
    expect(eventsRead(reads) - 60).toBeLessThan(60);
  });

  it('given a log of several types, then the store returns only the types some reader handles, and each reader gets its own and reaches the head', async () => {
    // n % 3: 0 Counted, 1 Tallied, 2 Ignored (no reader handles it).
    const typeOf = (n: number) => ['Counted', 'Tallied', 'Ignored'][n % 3];
    const es = await logOf(30, typeOf);
    const { reads, inner } = countingEvents(es);
    const log = new SharedLogReader(inner, ['Counted', 'Tallied']);
    const head = await es.headPosition();
    const [counted, tallied, both] = await Promise.all([walkTo(log, 4, undefined, ['Counted']), walkTo(log, 3, undefined, ['Tallied']), walkTo(log, 5, undefined, ['Counted', 'Tallied'])]);
    expect(counted.seen).toEqual(Array.from({ length: 10 }, (_, i) => 3 * i));
    expect(tallied.seen).toEqual(Array.from({ length: 10 }, (_, i) => 3 * i + 1));
    expect(both.seen).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((n) => n % 3 !== 2));
    // The last event (29) is Ignored: each reader still looked up to it, so its checkpoint can move there.
    for (const r of [counted, tallied, both]) expect(r.scannedTo).toBe(head);
    expect(reads.flatMap((r) => r.returnedTypes)).not.toContain('Ignored');
    expect(eventsRead(reads)).toBe(20);
    // A type outside the window's is read from the store as asked.
    expect(await walk(log, 50, undefined, ['Ignored'])).toEqual(Array.from({ length: 10 }, (_, i) => 3 * i + 2));
  });
});

describe('ProjectionSupervisor over a fresh SQLite read store', () => {
  const model = { collection: 'by_stream', key: 'id', fields: { count: 'number' as const }, indexes: [{ fields: [['count', -1]] as [string, -1][] }] };
  const counts = (name: string, collection: string): Projection => ({
    name,
    version: 1,
    readModels: [{ ...model, collection }],
    handles: ['Counted'],
    keys: (e) => [{ collection, id: e.streamId }],
    evolve: (_c, doc, e) => ({ id: e.streamId, count: ((doc as { count?: number } | undefined)?.count ?? 0) + 1 }),
  });

  it('builds every projection from one shared read of the log, and once caught up their deferred indexes exist and serve the sorts', async () => {
    const es = await logOf(120);
    const store = SqliteReadStore.open(path.join(dir, 'read.db'));
    closers.push(() => store.close());
    const supervisor = ProjectionSupervisor.create([counts('one', 'one_counts'), counts('two', 'two_counts')], es, store, { batchSize: 10, pollIntervalMs: 5 });
    closers.push(() => supervisor.stopAll());
    await supervisor.startAll();
    expect(await supervisor.waitFor(await es.headPosition(), 10_000)).toBe(true);
    for (const c of ['one_counts', 'two_counts']) {
      const { items } = await store.find<{ id: string; count: number }>(c, { sort: [['count', -1]] });
      expect(items.reduce((n, d) => n + d.count, 0)).toBe(120);
      expect(store.explainFind(c, { sort: [['count', -1]] }).join('\n')).toMatch(new RegExp(`USING INDEX ${c}_v1_ix0`));
    }
  });
});
