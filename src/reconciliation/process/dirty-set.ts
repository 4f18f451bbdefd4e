import { DOC_KINDS, perKind, refId, type DocKind, type DocRef } from '../domain';

/**
 * The documents whose codes may have changed and are not classified yet, by kind and key. A catch-up held in memory
 * marks a million or more: by key alone each costs an entry of a set, where a "kind:key" id and a reference of its
 * own each would cost several times that.
 */
export class DirtySet implements Iterable<[string, DocRef]> {
  private readonly keys: Record<DocKind, Set<string>> = perKind(() => new Set<string>());
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(r: DocRef): void {
    const keys = this.keys[r.kind];
    if (keys.has(r.key)) return;
    keys.add(r.key);
    this.count++;
  }

  clear(): void {
    for (const kind of DOC_KINDS) this.keys[kind].clear();
    this.count = 0;
  }

  /** Each document with its id (refId), kind by kind. */
  *[Symbol.iterator](): Iterator<[string, DocRef]> {
    for (const kind of DOC_KINDS) {
      for (const key of this.keys[kind]) {
        const r: DocRef = { kind, key };
        yield [refId(r), r];
      }
    }
  }
}
