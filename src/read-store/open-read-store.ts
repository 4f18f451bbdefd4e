import { sqlitePath } from '../config/config';
import type { ReadStore } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';
import { MongoReadStore } from './mongo-read-store';

/** READ_STORE_URL picks the adapter: sqlite:<file> (embedded) or mongodb://... (MongoDB via mongoose). */
export async function openReadStore(url: string): Promise<ReadStore> {
  const file = sqlitePath(url);
  if (file !== undefined) return SqliteReadStore.open(file);
  if (/^mongodb(\+srv)?:\/\//.test(url)) return MongoReadStore.connect(url);
  throw new Error(`READ_STORE_URL "${url}" is neither sqlite:<file> nor mongodb://<host>`);
}
