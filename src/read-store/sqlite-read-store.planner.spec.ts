import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ReadModelDefinition, UpsertOperation } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

/**
 * Which index SQLite uses is what decides whether a lookup takes 0.1 ms or scans a whole ente: these tests read the
 * plan of the SQL that find() runs (EXPLAIN QUERY PLAN) on stores big enough for the choice to matter.
 */
const positions: ReadModelDefinition = {
  collection: 'positions',
  key: 'id',
  fields: { codIpa: 'string', iuv: 'string', payerId: 'string', createdAt: 'date', avviso: 'string' },
  indexes: [
    { fields: [['codIpa', 1], ['iuv', 1]] }, // ix0
    { fields: [['payerId', 1]] }, // ix1
    { fields: [['codIpa', 1], ['createdAt', -1]] }, // ix2: tempting, since it avoids the sort
    { fields: [['avviso', 1]], unique: true }, // ix3
  ],
};

const doc = (i: number) => ({
  id: `c_big|P-${i}`,
  codIpa: 'c_big',
  iuv: `01${String(i).padStart(15, '0')}`,
  payerId: `CF${String(i % 2000).padStart(5, '0')}`,
  createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  avviso: `3${String(i).padStart(17, '0')}`,
});

const byIuv = (i: number) => ({ filter: { codIpa: 'c_big', iuv: doc(i).iuv }, sort: [['createdAt', -1]] as [string, -1][], limit: 20, count: true });
const byCf = (i: number) => ({ filter: { codIpa: 'c_big', payerId: doc(i).payerId }, sort: [['createdAt', -1]] as [string, -1][], limit: 20, count: true });

let dir: string;
let stores: SqliteReadStore[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-planner-'));
  stores = [];
});
afterEach(async () => {
  for (const s of stores) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
const open = () => {
  const s = SqliteReadStore.open(path.join(dir, 'read.db'));
  stores.push(s);
  return s;
};

async function fill(store: SqliteReadStore, count: number, version = 1, batch = 2000): Promise<void> {
  for (let start = 0, n = 1; start < count; start += batch, n++) {
    const upserts: UpsertOperation[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) upserts.push({ collection: 'positions', doc: doc(i) });
    await store.applyBatch('p', { upserts, deletes: [] }, { position: BigInt(n), version });
  }
}

describe('SqliteReadStore query plans', () => {
  it('given a store grown to 20,000 positions of one ente, when searching by IUV or by codice fiscale sorted by creation, then it seeks the equality index instead of walking the ente by date', async () => {
    const store = open();
    await store.defineVersion('p', 1, [positions]);
    await store.promote('p', 1);
    await fill(store, 20_000);

    const iuvPlan = store.explainFind('positions', byIuv(12_345)).join('\n');
    expect(iuvPlan).toContain('USING INDEX positions_v1_ix0 (codIpa=? AND iuv=?)');
    expect(iuvPlan).not.toContain('positions_v1_ix2');
    expect(store.explainFind('positions', byCf(7)).join('\n')).toContain('USING INDEX positions_v1_ix1 (payerId=?)');
    // and the answers are the right ones
    const found = await store.find<{ id: string }>('positions', byIuv(12_345));
    expect(found).toEqual({ items: [doc(12_345)], total: 1 });
    expect((await store.find('positions', byCf(7))).total).toBe(10);
  });

  it('given a read model with a field named rowId (SQLite names ignore case, so it hides the rowid), when it grows, then it still gets statistics and seeks the equality index', async () => {
    // The reconciliation rows have such a field: the size probe used to read it instead of the rowid and never analyzed.
    const withRowId: ReadModelDefinition = { ...positions, fields: { ...positions.fields, rowId: 'string' } };
    const store = open();
    await store.defineVersion('p', 1, [withRowId]);
    await store.promote('p', 1);
    for (let start = 0, n = 1; start < 20_000; start += 2000, n++) {
      const upserts: UpsertOperation[] = [];
      for (let i = start; i < start + 2000; i++) upserts.push({ collection: 'positions', doc: { ...doc(i), rowId: `row-${String(i).padStart(6, '0')}` } });
      await store.applyBatch('p', { upserts, deletes: [] }, { position: BigInt(n), version: 1 });
    }
    expect(store.explainFind('positions', byIuv(12_345)).join('\n')).toContain('USING INDEX positions_v1_ix0 (codIpa=? AND iuv=?)');
    expect((await store.find('positions', byIuv(12_345))).total).toBe(1);
  });

  it('keeps the statistics it gathered across a reopen, so a read-only process plans the same way', async () => {
    const writer = open();
    await writer.defineVersion('p', 1, [positions]);
    await writer.promote('p', 1);
    await fill(writer, 5000);
    await writer.close();
    const reader = open();
    expect(reader.explainFind('positions', byIuv(4000)).join('\n')).toContain('(codIpa=? AND iuv=?)');
  });
});

describe('SqliteReadStore deferred indexes (a version built from empty)', () => {
  it('given a version defined with deferIndexes, then it has no secondary index until completeBuild, and uses them after', async () => {
    const store = open();
    await store.defineVersion('p', 1, [positions], { deferIndexes: true });
    await store.promote('p', 1);
    await fill(store, 3000);
    expect(store.explainFind('positions', byIuv(5)).join('\n')).not.toContain('ix0');
    expect((await store.find('positions', byIuv(5))).items).toEqual([doc(5)]); // slower, never wrong

    await store.completeBuild('p', 1);
    expect(store.explainFind('positions', byIuv(5)).join('\n')).toContain('USING INDEX positions_v1_ix0 (codIpa=? AND iuv=?)');
    await store.completeBuild('p', 1); // idempotent
    expect((await store.find('positions', byIuv(5))).items).toEqual([doc(5)]);
  });

  it('creates unique indexes at once, so a duplicate is refused by the batch that writes it, not at the end of the build', async () => {
    const store = open();
    await store.defineVersion('p', 1, [positions], { deferIndexes: true });
    await store.applyBatch('p', { upserts: [{ collection: 'positions', doc: doc(1) }], deletes: [] }, { position: 1n, version: 1 });
    const twin = { ...doc(2), avviso: doc(1).avviso };
    await expect(store.applyBatch('p', { upserts: [{ collection: 'positions', doc: twin }], deletes: [] }, { position: 2n, version: 1 })).rejects.toMatchObject({
      code: 'READ_MODEL_UNIQUE_VIOLATION',
    });
  });

  it('a build interrupted by a restart stays deferred for the builder that resumes it; anyone defining it plainly gets the indexes', async () => {
    const first = open();
    await first.defineVersion('p', 1, [positions], { deferIndexes: true });
    await first.promote('p', 1);
    await fill(first, 1500);
    await first.close();

    const resumed = open();
    await resumed.defineVersion('p', 1, [positions], { deferIndexes: true });
    expect(resumed.explainFind('positions', byIuv(5)).join('\n')).not.toContain('ix0');
    await resumed.defineVersion('p', 1, [positions]);
    expect(resumed.explainFind('positions', byIuv(5)).join('\n')).toContain('positions_v1_ix0');
    await resumed.defineVersion('p', 1, [positions], { deferIndexes: true }); // complete now: asking to defer changes nothing
    expect(resumed.explainFind('positions', byIuv(5)).join('\n')).toContain('positions_v1_ix0');
  });

  it('refuses to complete a version that does not exist', async () => {
    await expect(open().completeBuild('p', 9)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_UNKNOWN' });
  });
});
