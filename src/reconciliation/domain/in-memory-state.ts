import type { ReconciliationContext } from './classification-codes';
import type { Classification } from './classification';
import { applySource, type SourceEffect } from './apply-source';
import { classify } from './classify-state';
import { refId, type DocKind, type DocRef } from './keys';
import type { DocOf, ReconciliationDoc, ReconciliationStateView } from './reconciliation-docs';
import type { ReconciliationSource } from './sources';

/**
 * The whole state in one Map: for tests, the CLI's one-shot "reconcile" and small enti. Each apply
 * stores only the documents the source changed, so n sources cost O(total changes), not O(n²).
 */
export class InMemoryReconciliationState implements ReconciliationStateView {
  private readonly docs = new Map<string, ReconciliationDoc>();

  get<K extends DocKind>(kind: K, key: string): DocOf<K> | undefined {
    return this.docs.get(refId({ kind, key })) as DocOf<K> | undefined;
  }

  apply(source: ReconciliationSource): SourceEffect {
    const effect = applySource(this, source);
    for (const doc of effect.changed) this.docs.set(refId(doc), doc);
    return effect;
  }

  refs(): DocRef[] {
    return [...this.docs.values()].map((d) => ({ kind: d.kind, key: d.key }));
  }

  classify(target: DocRef, ctx: ReconciliationContext): Classification[] {
    return classify(this, target, ctx);
  }

  /** Every document that carries at least one code, by refId. */
  classifyAll(ctx: ReconciliationContext): Map<string, Classification[]> {
    const out = new Map<string, Classification[]>();
    for (const r of this.refs()) {
      const codes = classify(this, r, ctx);
      if (codes.length > 0) out.set(refId(r), codes);
    }
    return out;
  }
}
