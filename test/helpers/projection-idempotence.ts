import type { EventMetadata, RecordedEvent } from '../../src/kernel/events';
import { applyEventsInMemory, type DocumentsByCollection, type Projection } from '../../src/read-store/projection';
import { checkDocumentFields, documentId } from '../../src/read-store/read-model';

/**
 * A recorded event for projection tests. Positions and revisions default to a counter so a list of
 * `recorded(...)` calls reads as a log in order.
 */
let counter = 0n;
export function recorded<D>(type: string, data: D, at: Partial<Omit<RecordedEvent, 'type' | 'data'>> & { metadata?: Partial<EventMetadata> } = {}): RecordedEvent<string, D> {
  counter += 1n;
  const position = at.position ?? counter;
  return {
    id: at.id ?? `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
    type,
    data,
    streamId: at.streamId ?? 'test-1',
    revision: at.revision ?? position - 1n,
    position,
    recordedAt: at.recordedAt ?? '2024-05-01T10:00:00.000Z',
    metadata: { correlationId: 'test', actor: 'system:test', occurredAt: '2024-05-01T10:00:00.000Z', schemaVersion: 1, ...at.metadata },
  };
}

const plain = (docs: DocumentsByCollection) =>
  Object.fromEntries([...docs].map(([c, byId]) => [c, Object.fromEntries([...byId].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))]));

/**
 * Proves what the runner relies on, for any projection and a log of events:
 * - each event applied twice in a row (a redelivery) gives the same documents as applying it once;
 * - evolve never mutates the document it is given, and gives the same result for the same input;
 * - every document carries its id in the key field, holds the declared types, and survives JSON unchanged
 *   (what the stores keep: no Date objects, no bigint, no undefined in arrays).
 * Returns the documents after the events, for further assertions.
 */
export function expectIdempotent<D>(projection: Projection<D>, events: readonly RecordedEvent[]): Record<string, Record<string, D>> {
  const watched: Projection<D> = {
    ...projection,
    evolve(collection, doc, event, id) {
      const before = doc === undefined ? undefined : structuredClone(doc);
      const first = projection.evolve(collection, doc, event, id);
      if (doc !== undefined && !isEqual(doc, before))
        throw new Error(`evolve("${collection}", ${event.type}) mutated the document it was given; return a new one instead`);
      const second = projection.evolve(collection, before, event, id);
      if (!isEqual(first, second)) throw new Error(`evolve("${collection}", ${event.type}) gave two different results for the same document and event`);
      return first;
    },
  };
  const once = applyEventsInMemory(watched, events);

  for (const [collection, byId] of once) {
    const rm = projection.readModels.find((r) => r.collection === collection);
    if (!rm) throw new Error(`keys() returned collection "${collection}", which the projection does not declare`);
    for (const [id, doc] of byId) {
      expect(documentId(rm, doc as Record<string, unknown>)).toBe(id);
      checkDocumentFields(rm, doc as Record<string, unknown>, id);
      expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    }
  }
  const twice = applyEventsInMemory(
    watched,
    events.flatMap((e) => [e, e]),
  );
  expect(plain(twice)).toEqual(plain(once));
  return plain(once) as Record<string, Record<string, D>>;
}

function isEqual(a: unknown, b: unknown): boolean {
  try {
    expect(a).toEqual(b);
    return true;
  } catch {
    return false;
  }
}
