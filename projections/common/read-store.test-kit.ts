/**
 * For query specs: a SQLite read store in memory holding exactly the documents a projection builds from a log,
 * written through the same defineVersion / applyBatch a runner uses (so declared types and indexes are enforced).
 */
import type { RecordedEvent } from '../../src/kernel/events';
import { applyEventsInMemory, type Projection } from '../../src/read-store/projection';
import { SqliteReadStore } from '../../src/read-store/sqlite-read-store';

export async function readStoreWith(projections: readonly Projection[], events: readonly RecordedEvent[]): Promise<SqliteReadStore> {
  const store = SqliteReadStore.open(':memory:');
  const last = events.reduce((max, e) => (e.position > max ? e.position : max), 0n);
  for (const projection of projections) {
    await store.defineVersion(projection.name, projection.version, projection.readModels);
    await store.promote(projection.name, projection.version);
    const docs = applyEventsInMemory(projection, events);
    const upserts = [...docs].flatMap(([collection, byId]) => [...byId.values()].map((doc) => ({ collection, doc: doc as Record<string, unknown> })));
    await store.applyBatch(projection.name, { upserts, deletes: [] }, { position: last === 0n ? 1n : last });
  }
  return store;
}
