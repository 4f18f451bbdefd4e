import type { ReadStore } from '../../read-store/read-store.port';
import { DOC_KINDS, NOT_LOADED, perKind, missingReads, refId, type DocKind, type DocOf, type DocRef, type PartialStateView, type ReconciliationDoc, type ReconciliationStateView } from '../domain';

export const STATE_COLLECTION = 'recon_state';

type ByKind<V> = Record<DocKind, Map<string, V>>;
const byKind = <V>(): ByKind<V> => perKind(() => new Map<string, V>());

/**
 * The engine's documents as the process knows them: loaded from the read store on demand (in rounds planned by
 * missingReads), changed in memory and written back by the process (see ReconciliationProcess.flush). It lives as long
 * as the process runs, so a payment touched by its receipt, its FR and its movement is read once, not once per batch;
 * everything in it that is not `changed` is also in the store, so that part can be dropped at any time (trim). null = known not to
 * exist.
 */
export class StateCache implements PartialStateView {
  /** By kind, then key: no "kind:key" string is built for each of the many lookups the engine makes. */
  private readonly docs = byKind<ReconciliationDoc | null>();
  /** Documents changed since the last takeChanged (not yet written to the store), by kind and key. */
  private readonly changed = byKind<true>();
  private count = 0;
  private changes = 0;
  /**
   * True while every document of the store is in memory (a build from an empty store, nothing dropped since):
   * a document not here does not exist, so nothing is read.
   */
  private complete = false;

  constructor(
    private readonly store: ReadStore,
    private readonly version: number,
  ) {}

  get size(): number {
    return this.count;
  }

  get changedCount(): number {
    return this.changes;
  }

  get<K extends DocKind>(kind: K, key: string): DocOf<K> | undefined | typeof NOT_LOADED {
    const d = this.docs[kind].get(key);
    if (d === undefined) return NOT_LOADED;
    return (d ?? undefined) as DocOf<K> | undefined;
  }

  private set(kind: DocKind, key: string, doc: ReconciliationDoc | null): void {
    const m = this.docs[kind];
    if (!m.has(key)) this.count++;
    m.set(key, doc);
  }

  put(doc: ReconciliationDoc): void {
    this.set(doc.kind, doc.key, doc);
    const c = this.changed[doc.kind];
    if (!c.has(doc.key)) {
      c.set(doc.key, true);
      this.changes++;
    }
  }

  seed(doc: ReconciliationDoc): void {
    if (!this.docs[doc.kind].has(doc.key)) this.set(doc.kind, doc.key, doc);
  }

  /** Forgets everything: after a failed write (the store is the truth again) or to bound memory once nothing is changed. */
  clear(): void {
    for (const k of DOC_KINDS) {
      this.docs[k].clear();
      this.changed[k].clear();
    }
    this.count = 0;
    this.changes = 0;
    this.complete = false;
  }

  /** Drops every document that is also in the store (all but the changed ones), to bound memory. */
  trim(): void {
    for (const k of DOC_KINDS) {
      const changed = this.changed[k];
      // Nothing changed (as after a drain): millions of deletes one by one would cost seconds.
      if (changed.size === 0) this.docs[k].clear();
      else for (const key of this.docs[k].keys()) if (!changed.has(key)) this.docs[k].delete(key);
    }
    this.count = this.changes;
    this.complete = false;
  }

  /** The store holds no document of this version yet: until the next clear, what is not here does not exist. */
  startsEmpty(): void {
    if (this.count === 0) this.complete = true;
  }

  async load(refs: readonly DocRef[]): Promise<void> {
    const wanted = new Map<string, DocRef>();
    for (const r of refs) if (!this.docs[r.kind].has(r.key)) wanted.set(refId(r), r);
    if (wanted.size === 0) return;
    const found = this.complete ? undefined : await this.store.loadForUpdate<ReconciliationDoc>(STATE_COLLECTION, [...wanted.keys()], this.version);
    for (const [id, r] of wanted) this.set(r.kind, r.key, stripId(found?.get(id)?.doc));
  }

  /**
   * Loads, in one round for all works, what they read and is not loaded yet. Usually that is all they read: a work
   * that reads further once these are loaded (an FR revision whose old rows name other payments) gets the rest from
   * `run`, which is the check, so no work is run once more only to find nothing missing.
   */
  async prefetch(works: readonly ((s: ReconciliationStateView) => unknown)[]): Promise<void> {
    // Nothing to read from the store: planning would only run every work once more.
    if (this.complete) return;
    const missing = new Map<string, DocRef>();
    for (const work of works) for (const r of missingReads(this, work)) missing.set(refId(r), r);
    if (missing.size > 0) await this.load([...missing.values()]);
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
        const d = this.docs[kind].get(key);
        if (d === undefined) {
          missing.set(refId({ kind, key }), { kind, key });
          return undefined;
        }
        return (d ?? undefined) as DocOf<K> | undefined;
      },
    };
  }

  /** The documents changed and not yet taken. */
  *changedDocs(): Iterable<ReconciliationDoc> {
    for (const k of DOC_KINDS)
      for (const key of this.changed[k].keys()) {
        const doc = this.docs[k].get(key);
        if (doc) yield doc;
      }
  }

  /** The documents changed since the last call, to write; they count as stored from now on. */
  takeChanged(): { id: string; doc: ReconciliationDoc }[] {
    const out: { id: string; doc: ReconciliationDoc }[] = [];
    for (const doc of this.changedDocs()) out.push({ id: refId(doc), doc });
    for (const k of DOC_KINDS) this.changed[k].clear();
    this.changes = 0;
    return out;
  }
}

function stripId(doc: (ReconciliationDoc & { id?: string }) | undefined): ReconciliationDoc | null {
  if (!doc) return null;
  const { id: _id, ...rest } = doc;
  return rest as ReconciliationDoc;
}
