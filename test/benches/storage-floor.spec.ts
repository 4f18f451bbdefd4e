import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store';
import { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import { floorWallMs, latestTable, timeCopy, timeRead, timeStringify } from '../../scripts/storage-floor';

const meta = { correlationId: 'c', actor: 'test', occurredAt: '2026-12-07T00:00:00.000Z', schemaVersion: 1 };

describe('storage floor of a bench run', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-floor-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function eventsFile(): Promise<string> {
    const file = path.join(dir, 'events.db');
    const store = SqliteEventStore.open(file);
    for (let i = 0; i < 30; i++) {
      await store.append(`s-${i}`, [
        { id: randomUUID(), type: i % 3 === 0 ? 'Kept' : 'Other', data: { i }, metadata: meta },
        { id: randomUUID(), type: 'Other', data: { i }, metadata: meta },
      ], 'no_stream');
    }
    await store.close();
    return file;
  }

  it('copies exactly the events the condition picks into a new event store, in batches, and leaves no file behind', async () => {
    const from = await eventsFile();
    const into = path.join(dir, 'floor-events.db');
    const part = timeCopy({ what: 'kept events', from, table: 'events', where: "type = 'Kept'", kind: 'events', batch: 4, into });
    expect(part).toEqual({ what: 'kept events', rows: 10, ms: expect.any(Number) });
    expect(part.ms).toBeGreaterThan(0);
    expect(fs.existsSync(into)).toBe(false);
    expect(timeCopy({ what: 'all', from, table: 'events', kind: 'events', batch: 7, into }).rows).toBe(60);
  });

  it('copies a read model table with its indexes, built during or after the rows', async () => {
    const file = path.join(dir, 'read.db');
    const reads = SqliteReadStore.open(file);
    const rm = { collection: 'things', key: 'id', fields: { codIpa: 'string' as const, n: 'number' as const }, indexes: [{ fields: [['codIpa', 1], ['n', -1]] as [string, 1 | -1][] }] };
    await reads.defineVersion('things', 1, [rm]);
    await reads.promote('things', 1);
    const upserts = Array.from({ length: 25 }, (_, n) => ({ collection: 'things', doc: { id: `t${n}`, codIpa: n % 2 ? 'a' : 'b', n } }));
    await reads.applyBatch('things', { upserts, deletes: [] }, { position: 1n, version: 1 });
    await reads.close();
    const from = path.join(dir, 'read.things.db');
    const table = latestTable(from, 'things');
    expect(table).toBe('things_v1');
    for (const indexes of ['during', 'after'] as const) {
      expect(timeCopy({ what: 'things', from, table, where: "codIpa = 'a'", kind: 'read', batch: 5, indexes, into: path.join(dir, 'floor.db') }).rows).toBe(12);
    }
  });

  it('reads the rows the condition picks, in pages', async () => {
    const from = await eventsFile();
    expect(timeRead('kept', from, 'events', "type = 'Kept'", 3)).toEqual({ what: 'kept', rows: 10, ms: expect.any(Number) });
  });

  it('pages by the table\'s own row numbers even when a field is named rowId, so no row sharing one is skipped', async () => {
    // The reconciliation's view rows: several rows per record, each carrying the record's id as rowId.
    const file = path.join(dir, 'read.db');
    const reads = SqliteReadStore.open(file);
    const rm = { collection: 'rows', key: 'id', fields: { rowId: 'string' as const }, indexes: [] };
    await reads.defineVersion('rows', 1, [rm]);
    await reads.promote('rows', 1);
    const upserts = Array.from({ length: 10 }, (_, n) => ({ collection: 'rows', doc: { id: `r${n}`, rowId: `record-${Math.floor(n / 2)}` } }));
    await reads.applyBatch('rows', { upserts, deletes: [] }, { position: 1n, version: 1 });
    await reads.close();
    const from = path.join(dir, 'read.rows.db');
    const table = latestTable(from, 'rows');
    expect(timeCopy({ what: 'rows', from, table, kind: 'read', batch: 3, into: path.join(dir, 'floor.db') }).rows).toBe(10);
    expect(timeRead('rows', from, table, '1', 3, ['doc']).rows).toBe(10);
    expect(timeStringify('rows', from, table, '1', ['doc'], 3).rows).toBe(10);
  });

  it('parses the JSON columns asked for as it reads, and writes them back as JSON text', async () => {
    const from = await eventsFile();
    expect(timeRead('kept', from, 'events', "type = 'Kept'", 3, ['data', 'metadata'])).toEqual({ what: 'kept', rows: 10, ms: expect.any(Number) });
    expect(timeStringify('kept', from, 'events', "type = 'Kept'", ['data', 'metadata'], 4)).toEqual({ what: 'kept', rows: 10, ms: expect.any(Number) });
    // type is text, not JSON: asking to parse it is a mistake in the bench, said at once.
    expect(() => timeRead('kept', from, 'events', "type = 'Kept'", 3, ['type'])).toThrow(SyntaxError);
    expect(() => timeStringify('x', from, 'events', '1', ['payload'])).toThrow(`${from}: table events has no column payload`);
  });

  it('says which file lacks the table asked for', async () => {
    const from = await eventsFile();
    expect(() => timeCopy({ what: 'x', from, table: 'nothing', kind: 'read', batch: 10, into: path.join(dir, 'f.db') })).toThrow(`${from} has no table nothing`);
    expect(() => latestTable(from, 'positions')).toThrow(`${from} has no table of positions`);
  });

  it('takes the busiest writer, or the work spread over two cores when that is longer', () => {
    expect(floorWallMs([3000, 1000])).toBe(3000);
    expect(floorWallMs([2000, 2000])).toBe(2000);
    expect(floorWallMs([1000, 1000, 1000, 1000])).toBe(2000);
  });
});
