import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../src/event-store/event-store.port';
import type { NewEvent, RecordedEvent } from '../../src/kernel/events';
import type { Projection } from '../../src/read-store/projection';
import type { ReadModelDefinition } from '../../src/read-store/read-store.port';

/**
 * Toy projections for the runner's tests. `streamCounts` is deliberately naive (count + 1, no guard of its own):
 * if the runner ever applied an event twice, its counts would show it.
 */
export interface StreamCount {
  id: string;
  count: number;
  lastType: string;
  lastPosition: string;
}

export const streamCountsModel: ReadModelDefinition = {
  collection: 'stream_counts',
  key: 'id',
  fields: { count: 'number', lastType: 'string' },
  indexes: [{ fields: [['count', -1]] }],
};

export const streamCounts: Projection<StreamCount> = {
  name: 'stream-counts',
  version: 1,
  readModels: [streamCountsModel],
  handles: ['Counted', 'Removed', 'Boom'],
  keys: (e) => [{ collection: 'stream_counts', id: e.streamId }],
  evolve(_collection, doc, e) {
    switch (e.type) {
      case 'Counted':
        return { id: e.streamId, count: (doc?.count ?? 0) + 1, lastType: e.type, lastPosition: e.position.toString() };
      case 'Removed':
        return null;
      case 'Boom':
        if ((e.data as { explode?: boolean }).explode) throw new Error(`cannot count stream ${e.streamId}: it exploded`);
        return undefined;
    }
    return undefined;
  },
};

/** The same counts, guarded by the last position it applied: a redelivered event changes nothing. */
export const guardedStreamCounts: Projection<StreamCount> = {
  ...streamCounts,
  name: 'guarded-stream-counts',
  readModels: [{ ...streamCountsModel, collection: 'guarded_stream_counts' }],
  keys: (e) => [{ collection: 'guarded_stream_counts', id: e.streamId }],
  evolve(collection, doc, e, id) {
    if (doc && BigInt(doc.lastPosition) >= e.position) return undefined;
    return streamCounts.evolve(collection, doc, e, id);
  },
};

export interface TypeCount {
  type: string;
  count: number;
}

export const typeCounts: Projection<TypeCount> = {
  name: 'type-counts',
  version: 1,
  readModels: [{ collection: 'type_counts', key: 'type', fields: { count: 'number' }, indexes: [] }],
  handles: ['Counted', 'Removed', 'Boom', 'Ignored'],
  keys: (e) => [{ collection: 'type_counts', id: e.type }],
  evolve: (_c, doc, e) => ({ type: e.type, count: (doc?.count ?? 0) + 1 }),
};

export const newEvent = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  metadata: { correlationId: randomUUID(), actor: 'system:test', occurredAt: '2024-05-01T10:00:00.000Z', schemaVersion: 1 },
});

/**
 * A deterministic log: `n` events over `streams` streams, mostly Counted, every 17th a Removed, a few Ignored.
 * Returns the last position written.
 */
export async function appendLog(es: EventStore, n: number, streams = 7, seed = 0): Promise<bigint> {
  const requests = [];
  for (let i = 0; i < n; i++) {
    const k = i + seed;
    const type = k % 17 === 16 ? 'Removed' : k % 11 === 10 ? 'Ignored' : 'Counted';
    requests.push({ streamId: `s-${k % streams}`, events: [newEvent(type, { i: k })], expectedRevision: 'any' as const });
  }
  const results = await es.appendBatch(requests);
  return results[results.length - 1].position;
}

/** What the naive counter should hold after these events: the reference the runner is checked against. */
export function expectedCounts(events: readonly RecordedEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of events) {
    if (e.type === 'Counted') counts[e.streamId] = (counts[e.streamId] ?? 0) + 1;
    if (e.type === 'Removed') delete counts[e.streamId];
  }
  return counts;
}
