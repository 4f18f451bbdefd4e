import type { RecordedEvent } from '../kernel/events';
import type { ReadModelDefinition } from './read-store.port';

export interface DocumentKey {
  collection: string;
  id: string;
}

/**
 * A read model builder: pure functions of (document, event). The ProjectionRunner feeds it the log in order,
 * loads the touched documents, and stores the results with the checkpoint.
 */
export interface Projection<D = any> {
  /** Stable name, e.g. 'positions'; the checkpoint and the active version are stored under it. */
  name: string;
  /** Bump it whenever evolve or the read models change: the new version rebuilds beside the old one. */
  version: number;
  readModels: ReadModelDefinition[];
  /** Relative cost of keeping it up to date (default 1): projection threads are balanced by it. */
  weight?: number;
  /**
   * Not where a write is looked for first (that is `positions`): it may fall behind while the machine is busy.
   * A projection thread running only background projections lowers its OS priority (QUADRA_BACKGROUND_NICE), so
   * under load it leaves the CPU to requests, jobs and the other projections, and catches up once the CPU is free.
   */
  background?: boolean;
  /** Event types it cares about; others just advance the checkpoint. */
  handles: readonly string[];
  /** Which documents an event touches: ids per collection (computed from the event alone). */
  keys(event: RecordedEvent): DocumentKey[];
  /**
   * Pure: current doc (or undefined) + event → new doc, or null to delete, or undefined for "unchanged".
   * Must not mutate `doc`. The returned doc carries its id in the read model's key field. `id` is the key from
   * keys(): a projection whose one event creates several new documents (statistics buckets) needs it.
   */
  evolve(collection: string, doc: D | undefined, event: RecordedEvent, id: string): D | null | undefined;
}

export type DocumentsByCollection<D = any> = Map<string, Map<string, D>>;

/**
 * Applies events to in-memory documents exactly as the runner does (same filtering by `handles`, same meaning of
 * null / undefined). For unit tests of projections and for tools; returns the documents that exist at the end.
 */
export function applyEventsInMemory<D>(
  projection: Projection<D>,
  events: readonly RecordedEvent[],
  initial: DocumentsByCollection<D> = new Map(),
): DocumentsByCollection<D> {
  const handled = new Set(projection.handles);
  const docs: DocumentsByCollection<D> = new Map([...initial].map(([c, m]) => [c, new Map(m)]));
  for (const event of events) {
    if (!handled.has(event.type)) continue;
    const seen = new Set<string>();
    for (const { collection, id } of projection.keys(event)) {
      if (seen.has(`${collection}\u0000${id}`)) continue; // one event changes one document once, as in the runner
      seen.add(`${collection}\u0000${id}`);
      let byId = docs.get(collection);
      if (!byId) docs.set(collection, (byId = new Map()));
      const next = projection.evolve(collection, byId.get(id), event, id);
      if (next === null) byId.delete(id);
      else if (next !== undefined) byId.set(id, next);
    }
  }
  return docs;
}

/** Thrown inside the runner when a projection breaks its own contract (unknown collection, wrong key in a doc). */
export class ProjectionContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectionContractError';
  }
}
