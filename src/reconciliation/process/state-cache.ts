import type { ReadStore } from '../../read-store/read-store.port';
import { NOT_LOADED, missingReads, refId, type DocKind, type DocOf, type DocRef, type PartialStateView, type ReconciliationDoc, type ReconciliationStateView } from '../domain';

export const STATE_COLLECTION = 'recon_state';

/**
 * The engine's documents for one batch: loaded from the read store on demand (in rounds planned by missingReads),
 * changed in memory, written back with the batch. null = known not to exist.
 */
export class StateCache implements PartialStateView {
  private readonly docs = new Map<string, ReconciliationDoc | null>();
  readonly dirty = new Set<string>();

  constructor(
    private readonly store: ReadStore,
    private readonly version: number,
  ) {}

  get<K extends DocKind>(kind: K, key: string): DocOf<K> | undefined | typeof NOT_LOADED {
    const d = this.docs.get(refId({ kind, key }));
    if (d === undefined) return NOT_LOADED;
    return (d ?? undefined) as DocOf<K> | undefined;
  }

  /** A view for the engine once every read is loaded; a read still missing is a bug in planning, so it fails loudly. */
  readonly loaded: ReconciliationStateView = {
    get: <K extends DocKind>(kind: K, key: string): DocOf<K> | undefined => {
      const d = this.docs.get(refId({ kind, key }));
      if (d === undefined) throw new Error(`reconciliation: document ${kind}:${key} read before it was loaded`);
      return (d ?? undefined) as DocOf<K> | undefined;
    },
  };

  put(doc: ReconciliationDoc): void {
    const id = refId(doc);
    this.docs.set(id, doc);
    this.dirty.add(id);
  }

  seed(doc: ReconciliationDoc): void {
    const id = refId(doc);
    if (!this.docs.has(id)) this.docs.set(id, doc);
  }

  async load(refs: readonly DocRef[]): Promise<void> {
    const ids = [...new Set(refs.map(refId))].filter((id) => !this.docs.has(id));
    if (ids.length === 0) return;
    const found = await this.store.loadForUpdate<ReconciliationDoc>(STATE_COLLECTION, ids, this.version);
    for (const id of ids) this.docs.set(id, stripId(found.get(id)?.doc));
  }

  /** Runs `work` until everything it reads is loaded; each round loads what the previous one found missing. */
  async ensure(works: readonly ((s: ReconciliationStateView) => unknown)[]): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const missing = new Map<string, DocRef>();
      for (const work of works) for (const r of missingReads(this, work)) missing.set(refId(r), r);
      if (missing.size === 0) return;
      await this.load([...missing.values()]);
    }
    throw new Error('reconciliation: reads did not converge in 10 rounds');
  }

  /**
   * Runs each work until everything it reads is loaded and returns what its last run returned: the run that found
   * nothing missing is the real one, so a work is not run once more on a complete view just for its result.
   */
  async runAll<T>(works: readonly ((s: ReconciliationStateView) => T)[]): Promise<T[]> {
    const results = new Array<T>(works.length);
    let pending = works.map((_, i) => i);
    for (let round = 0; round < 10; round++) {
      const missing = new Map<string, DocRef>();
      const next: number[] = [];
      for (const i of pending) {
        const found = new Map<string, DocRef>();
        const result = works[i](this.recording(found));
        if (found.size === 0) results[i] = result;
        else {
          next.push(i);
          for (const [id, r] of found) missing.set(id, r);
        }
      }
      if (next.length === 0) return results;
      await this.load([...missing.values()]);
      pending = next;
    }
    throw new Error('reconciliation: reads did not converge in 10 rounds');
  }

  /** runAll for one work. */
  async run<T>(work: (s: ReconciliationStateView) => T): Promise<T> {
    return (await this.runAll([work]))[0];
  }

  private recording(missing: Map<string, DocRef>): ReconciliationStateView {
    return {
      get: <K extends DocKind>(kind: K, key: string): DocOf<K> | undefined => {
        const id = refId({ kind, key });
        const d = this.docs.get(id);
        if (d === undefined) {
          missing.set(id, { kind, key });
          return undefined;
        }
        return (d ?? undefined) as DocOf<K> | undefined;
      },
    };
  }

  dirtyDocs(): { id: string; doc: ReconciliationDoc }[] {
    return [...this.dirty].map((id) => ({ id, doc: this.docs.get(id)! })).filter((d) => d.doc !== null);
  }
}

function stripId(doc: (ReconciliationDoc & { id?: string }) | undefined): ReconciliationDoc | null {
  if (!doc) return null;
  const { id: _id, ...rest } = doc;
  return rest as ReconciliationDoc;
}
