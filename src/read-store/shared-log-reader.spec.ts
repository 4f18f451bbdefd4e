import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import type { ReadAllOptions } from '../event-store/event-store.port';
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

async function logOf(events: number): Promise<SqliteEventStore> {
  const es = SqliteEventStore.open(path.join(dir, 'events.db'));
  closers.push(() => es.close());
  for (let i = 0; i < events; i++)
    await es.append(`item-${i % 7}`, [{ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'Counted', data: { n: i }, metadata: { correlationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 } }], 'any');
  return es;
}

/** Counts the reads that reach the event store. */
function counting(es: SqliteEventStore) {
  const reads: ReadAllOptions[] = [];
  return { reads, inner: { headPosition: () => es.headPosition(), readAll: (o?: ReadAllOptions) => (reads.push(o ?? {}), es.readAll(o)) } };
}

async function drain(log: SharedLogReader, pageSize: number): Promise<number[]> {
  const seen: number[] = [];
  let after: bigint | undefined;
  for (;;) {
    const page = await log.readAll({ after, maxCount: pageSize });
    seen.push(...page.map((e) => (e.data as { n: number }).n));
    if (page.length < pageSize) return seen;
    after = page[page.length - 1].position;
  }
}

describe('SharedLogReader', () => {
  it('given two readers walking the same log, then each full page is read from the store once and both see every event in order', async () => {
    const es = await logOf(25);
    const { reads, inner } = counting(es);
    const log = new SharedLogReader(inner);
    const [a, b] = await Promise.all([drain(log, 10), drain(log, 10)]);
    const all = Array.from({ length: 25 }, (_, i) => i);
    expect(a).toEqual(all);
    expect(b).toEqual(all);
    // the full pages (events 1-10 and 11-20) came from the store once each
    expect(reads.filter((o) => o.after === undefined)).toHaveLength(1);
    expect(reads.filter((o) => o.after === 10n)).toHaveLength(1);
    expect(reads.length).toBeLessThanOrEqual(4); // and the last, partial page at most once per reader
  });

  it('keeps a page that ends at the head only for a moment and while the head has not moved: runners woken together share it, the next poll sees events appended later', async () => {
    const es = await logOf(3);
    const { reads, inner } = counting(es);
    const log = new SharedLogReader(inner, 16, 30);
    expect(await Promise.all([drain(log, 10), drain(log, 10)])).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
    expect(reads).toHaveLength(1);
    await es.append('item-x', [{ id: '00000000-0000-4000-8000-999999999999', type: 'Counted', data: { n: 3 }, metadata: { correlationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 } }], 'any');
    // A runner asks the head before reading: a newer head drops the kept page at once...
    await log.headPosition();
    expect(await drain(log, 10)).toEqual([0, 1, 2, 3]);
    // ...and without that, it is gone after its moment anyway.
    await es.append('item-x', [{ id: '00000000-0000-4000-8000-999999999998', type: 'Counted', data: { n: 4 }, metadata: { correlationId: 'c', actor: 'test', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 } }], 'any');
    await new Promise((r) => setTimeout(r, 60));
    expect(await drain(log, 10)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps at most maxPages pages: a reader far behind reads from the store again, and still gets the right events', async () => {
    const es = await logOf(30);
    const { reads, inner } = counting(es);
    const log = new SharedLogReader(inner, 2);
    expect(await drain(log, 5)).toHaveLength(30);
    const before = reads.length;
    expect(await drain(log, 5)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(reads.length - before).toBeGreaterThanOrEqual(5); // only the two newest full pages were still kept
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
