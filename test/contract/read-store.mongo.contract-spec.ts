import { randomUUID } from 'node:crypto';
import { MongoReadStore } from '../../src/read-store/mongo-read-store';
import type { ReadStore } from '../../src/read-store/read-store.port';
import { readStoreContract } from './read-store.contract';

const url = process.env.MONGO_URL;
if (!url) console.log('SKIP: MongoDB read-store contract suite: MONGO_URL not set');
const d = url ? describe : describe.skip;

/** Each test gets its own database, dropped afterwards. */
function databaseUrl(base: string): string {
  const u = new URL(base);
  u.pathname = `/quadra_rs_${randomUUID().slice(0, 8)}`;
  return u.toString();
}

d('ReadStore contract: MongoDB', () => {
  jest.setTimeout(30_000);
  readStoreContract(
    async () => MongoReadStore.connect(databaseUrl(url!)),
    async (store: ReadStore) => {
      await (store as MongoReadStore).dropDatabase();
      await store.close();
    },
  );

  it('a crashed batch (documents and tombstones written, checkpoint not) is finished by replaying it', async () => {
    const store = await MongoReadStore.connect(databaseUrl(url!));
    try {
      await store.defineVersion('things', 1, [{ collection: 'things', key: 'id', fields: { n: 'number' }, indexes: [] }]);
      await store.promote('things', 1);
      await store.applyBatch('things', { upserts: [{ collection: 'things', doc: { id: 'a', n: 1 } }, { collection: 'things', doc: { id: 'b', n: 1 } }], deletes: [] }, { position: 5n });
      // What a crash leaves: the delete of "b" and the new "a" landed with position 9, the checkpoint still says 5.
      await store.applyBatch('things', { upserts: [{ collection: 'things', doc: { id: 'a', n: 2 }, position: 9n }], deletes: [{ collection: 'things', id: 'b', position: 9n }] }, { position: 5n });
      const loaded = await store.loadForUpdate('things', ['a', 'b'], 1);
      expect(loaded.get('a')).toEqual({ doc: { id: 'a', n: 2 }, position: 9n });
      expect(loaded.get('b')?.doc).toBeUndefined();
      expect(await store.getCheckpoint('things')).toBe(5n);
      await store.applyBatch('things', { upserts: [{ collection: 'things', doc: { id: 'a', n: 2 } }], deletes: [{ collection: 'things', id: 'b' }] }, { position: 9n });
      expect((await store.find('things')).items).toEqual([{ id: 'a', n: 2 }]);
      expect(await store.getCheckpoint('things')).toBe(9n);
    } finally {
      await store.dropDatabase();
      await store.close();
    }
  });
});
