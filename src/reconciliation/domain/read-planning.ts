import { refId, type DocKind, type DocRef } from './keys';
import type { DocOf, ReconciliationStateView } from './reconciliation-docs';

/** Marks a document the caller has not fetched yet, as opposed to one known not to exist. */
export const NOT_LOADED: unique symbol = Symbol('reconciliation document not loaded');

export interface PartialStateView {
  get<K extends DocKind>(kind: K, key: string): DocOf<K> | undefined | typeof NOT_LOADED;
}

/**
 * The engine reads synchronously; a read model is asynchronous. So the caller fetches in rounds:
 * run the work against what it has, fetch what the work asked for and did not have, repeat until
 * nothing is missing (two or three rounds: an FR revision must be read before its old rows are known).
 *
 *   let missing; while ((missing = missingReads(cache, (s) => applySource(s, source))).length) await cache.load(missing);
 */
export function missingReads(view: PartialStateView, work: (state: ReconciliationStateView) => unknown): DocRef[] {
  const missing = new Map<string, DocRef>();
  const recording: ReconciliationStateView = {
    get<K extends DocKind>(kind: K, key: string): DocOf<K> | undefined {
      const doc = view.get(kind, key);
      if (doc !== NOT_LOADED) return doc;
      const r = { kind, key };
      missing.set(refId(r), r);
      return undefined;
    },
  };
  work(recording);
  return [...missing.values()];
}
