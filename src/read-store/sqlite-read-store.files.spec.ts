import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { ReadModelDefinition } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

const counters = (collection: string): ReadModelDefinition => ({ collection, key: 'id', fields: { n: 'number' }, indexes: [{ fields: [['n', 1]] }] });

let dir: string;
let closers: (() => unknown)[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-rs-files-'));
  closers = [];
});
afterEach(async () => {
  for (const c of closers.reverse()) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SQLite read store: a database file per projection', () => {
  it('given two projections, then each writes its own file, and one whose file is locked by another writer does not hold up the other', async () => {
    const file = path.join(dir, 'read.db');
    const store = SqliteReadStore.open(file);
    closers.push(() => store.close());
    await store.defineVersion('alpha', 1, [counters('alpha_counts')]);
    await store.defineVersion('beta', 1, [counters('beta_counts')]);
    await store.promote('alpha', 1);
    await store.promote('beta', 1);
    expect(fs.existsSync(path.join(dir, 'read.alpha.db'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'read.beta.db'))).toBe(true);

    // Another thread in the middle of a long batch of alpha's.
    const other = new Database(path.join(dir, 'read.alpha.db'));
    closers.push(() => other.close());
    other.exec('BEGIN IMMEDIATE');
    closers.push(() => other.exec('ROLLBACK'));

    const started = Date.now();
    await store.applyBatch('beta', { upserts: [{ collection: 'beta_counts', doc: { id: 'b1', n: 1 } }], deletes: [] }, { position: 7n });
    expect(Date.now() - started).toBeLessThan(1000); // no wait on alpha's lock (busy_timeout is 5 s)
    expect(await store.get('beta_counts', 'b1')).toEqual({ id: 'b1', n: 1 });
    expect(await store.getCheckpoint('beta')).toBe(7n);
    expect(await store.getCheckpoint('alpha')).toBeUndefined();
  });

  it('given a read store written before projections had files, when opened, then its versions are forgotten so the projections build again', async () => {
    const file = path.join(dir, 'read.db');
    const old = new Database(file);
    old.exec(`
      CREATE TABLE _rs_projections (projection TEXT PRIMARY KEY, active_version INTEGER);
      CREATE TABLE _rs_versions (projection TEXT NOT NULL, version INTEGER NOT NULL, code_version INTEGER NOT NULL, definitions TEXT NOT NULL, checkpoint INTEGER, generation TEXT NOT NULL, PRIMARY KEY (projection, version));
      CREATE TABLE _rs_collections (collection TEXT PRIMARY KEY, projection TEXT NOT NULL);
      CREATE TABLE alpha_counts_v1 (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, doc TEXT NOT NULL, n NUMERIC);
      INSERT INTO alpha_counts_v1 VALUES ('a', 3, '{"id":"a","n":1}', 1);
      INSERT INTO _rs_projections VALUES ('alpha', 1);
      INSERT INTO _rs_collections VALUES ('alpha_counts', 'alpha');`);
    old.prepare('INSERT INTO _rs_versions VALUES (?, 1, 1, ?, 3, ?)').run('alpha', JSON.stringify([counters('alpha_counts')]), 'g1');
    old.close();

    const store = SqliteReadStore.open(file);
    closers.push(() => store.close());
    expect(await store.versions('alpha')).toEqual([]);
    expect(await store.activeVersion('alpha')).toBeUndefined();
    const check = new Database(file, { readonly: true });
    closers.push(() => check.close());
    expect(check.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'alpha_counts_v1'`).pluck().get()).toBe(0);

    // and it builds again as a new store would
    await store.defineVersion('alpha', 1, [counters('alpha_counts')]);
    await store.promote('alpha', 1);
    await store.applyBatch('alpha', { upserts: [{ collection: 'alpha_counts', doc: { id: 'a', n: 2 } }], deletes: [] }, { position: 3n });
    expect(await store.get('alpha_counts', 'a')).toEqual({ id: 'a', n: 2 });
  });
});
