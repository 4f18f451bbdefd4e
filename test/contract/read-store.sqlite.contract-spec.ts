import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import type { ReadStore } from '../../src/read-store/read-store.port';
import { readStoreContract } from './read-store.contract';

describe('ReadStore contract: SQLite', () => {
  const dirs = new Map<ReadStore, string>();
  readStoreContract(
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-rs-'));
      const store = SqliteReadStore.open(path.join(dir, 'read.db'));
      dirs.set(store, dir);
      return store;
    },
    async (store) => {
      await store.close();
      fs.rmSync(dirs.get(store)!, { recursive: true, force: true });
      dirs.delete(store);
    },
  );

  it('keeps documents, versions and checkpoints across a reopen of the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-rs-'));
    const file = path.join(dir, 'read.db');
    try {
      const a = SqliteReadStore.open(file);
      await a.defineVersion('things', 1, [{ collection: 'things', key: 'id', fields: { n: 'number' }, indexes: [] }]);
      await a.promote('things', 1);
      await a.applyBatch('things', { upserts: [{ collection: 'things', doc: { id: 't1', n: 1 } }], deletes: [] }, { position: 9007199254740993n });
      await a.close();
      const b = SqliteReadStore.open(file);
      expect(await b.get('things', 't1')).toEqual({ id: 't1', n: 1 });
      expect(await b.getCheckpoint('things')).toBe(9007199254740993n);
      await b.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
