import type { Cents } from '../../kernel/money';
import { movementReference } from './classify-treasury';
import { iudKey, iufKey, iuvKey, paymentKey, refId, treasuryKey, type DocKind, type DocRef } from './keys';
import {
  emptyFlow,
  emptyIud,
  emptyIuv,
  emptyMovement,
  emptyPayment,
  type DocOf,
  type FlowContent,
  type IudDoc,
  type IuvDoc,
  type ReconciliationDoc,
  type ReconciliationStateView,
} from './reconciliation-docs';
import { assertValidSource } from './source-validation';
import type { FrRow, IudNotification, Receipt, ReconciliationSource, ReportingFlow, TreasuryMovement } from './sources';
import { supersedes, type Versioned } from './versions';
import { withFields } from '../../kernel/with-fields';

export interface SourceEffect {
  /** The new version of every document the source changed (and only those); [] when it changed nothing. */
  readonly changed: readonly ReconciliationDoc[];
  /** Every document whose codes may differ now: the source's own and all that depend on it. Sorted. */
  readonly reclassify: readonly DocRef[];
}

/**
 * Folds one source into the state. Pure: reads documents through `state`, returns new versions of
 * the few it touches (no copy of anything else), never mutates. Applying a source already applied,
 * or an older version of a receipt / notification / FR / movement than the current one, changes nothing.
 */
export function applySource(state: ReconciliationStateView, source: ReconciliationSource): SourceEffect {
  assertValidSource(source);
  const c = new Changes(state);
  switch (source.type) {
    case 'receipt':
      applyReceipt(c, source.id, source.recordedAt, source.data);
      break;
    case 'notification':
      applyNotification(c, source.id, source.recordedAt, source.data);
      break;
    case 'reportingFlow':
      applyFlow(c, source.id, source.recordedAt, source.data);
      break;
    case 'treasuryMovement':
      applyMovement(c, source.id, source.recordedAt, source.data);
      break;
    default: {
      const unknown: never = source;
      throw new Error(`unknown reconciliation source ${JSON.stringify(unknown)}`);
    }
  }
  return c.effect();
}

/** The documents to re-classify when `source` arrives on top of `state` (its own included). */
export const dependents = (state: ReconciliationStateView, source: ReconciliationSource): readonly DocRef[] => applySource(state, source).reclassify;

function applyReceipt(c: Changes, sourceId: string, recordedAt: string, d: Receipt): void {
  // DESIGN: KO receipts do not take part.
  if (d.outcome !== 'OK') return;
  const key = paymentKey(d.codIpa, d.iuv, d.iur, d.transferIndex);
  const doc = c.get('payment', key) ?? emptyPayment(key, d.codIpa, d.iuv, d.iur, d.transferIndex);
  const candidate: Versioned<Receipt> = { sourceId, rank: [recordedAt], data: d };
  if (!supersedes(candidate, doc.receipt)) return;
  const previous = doc.receipt?.data;
  c.put(withFields(doc, { receipt: candidate }));
  c.reclassify('payment', key);

  // A notification reaches a payment only through the IUD of its current receipt.
  if (previous?.iud !== d.iud) {
    if (previous?.iud !== undefined) updateIud(c, d.codIpa, previous.iud, (x) => withFields(x, { paymentKeys: without(x.paymentKeys, key) }));
    if (d.iud !== undefined) updateIud(c, d.codIpa, d.iud, (x) => withFields(x, { paymentKeys: withItem(x.paymentKeys, key) }));
  }

  // A receipt for the IUV decides TES_NO_IUF_OR_IUV of the punctual movements citing it.
  const iuv = updateIuv(c, d.codIpa, d.iuv, (x) => (x.receiptKeys.includes(key) ? x : withFields(x, { receiptKeys: withItem(x.receiptKeys, key) })));
  reclassifyMovements(c, d.codIpa, iuv.movements);
}

function applyNotification(c: Changes, sourceId: string, recordedAt: string, d: IudNotification): void {
  const key = iudKey(d.codIpa, d.iud);
  const doc = c.get('iud', key) ?? emptyIud(key, d.codIpa, d.iud);
  const candidate: Versioned<IudNotification> = { sourceId, rank: [recordedAt], data: d };
  if (!supersedes(candidate, doc.notification)) return;
  const previous = doc.notification?.data;
  c.put(withFields(doc, { notification: candidate }));
  c.reclassify('iud', key);
  for (const pk of doc.paymentKeys) c.reclassify('payment', pk);

  // A notification naming an IUV decides TES_NO_IUF_OR_IUV of the punctual movements citing it.
  if (previous?.iuv !== undefined && previous.iuv !== d.iuv) {
    const old = updateIuv(c, d.codIpa, previous.iuv, (x) => withFields(x, { notifiedIuds: without(x.notifiedIuds, d.iud) }));
    reclassifyMovements(c, d.codIpa, old.movements);
  }
  if (d.iuv !== undefined) {
    const now = updateIuv(c, d.codIpa, d.iuv, (x) => (x.notifiedIuds.includes(d.iud) ? x : withFields(x, { notifiedIuds: withItem(x.notifiedIuds, d.iud) })));
    reclassifyMovements(c, d.codIpa, now.movements);
  }
}

function applyFlow(c: Changes, sourceId: string, recordedAt: string, d: ReportingFlow): void {
  const { codIpa, header } = d;
  const fk = iufKey(codIpa, header.iuf);
  const doc = c.get('flow', fk) ?? emptyFlow(fk, codIpa, header.iuf);
  // A higher revisioneFlusso wins, then the later dataOraFlusso, then the later recording.
  const candidate: Versioned<FlowContent> = { sourceId, rank: [header.revision ?? 0, header.dataOraFlusso ?? '', recordedAt], data: { header, rows: d.rows } };
  if (!supersedes(candidate, doc.flow)) return;
  const before = participating(doc.flow?.data.rows ?? []);
  const after = participating(d.rows);
  c.put(withFields(doc, { iuf: header.iuf, flow: candidate }));
  c.reclassify('flow', fk);
  // Whether an FR with this IUF exists decides TES_NO_IUF_OR_IUV of the movements citing it.
  reclassifyMovements(c, codIpa, doc.movements);

  // A new revision replaces this FR's rows everywhere; it never adds to the old ones.
  const keyOf = (r: FrRow) => rowPaymentKey(codIpa, r);
  const byKeyBefore = groupBy(before, keyOf);
  const byKeyAfter = groupBy(after, keyOf);
  for (const pk of new Set([...byKeyBefore.keys(), ...byKeyAfter.keys()])) {
    const rows = byKeyAfter.get(pk);
    const sample = (rows ?? byKeyBefore.get(pk))![0];
    const p = c.get('payment', pk) ?? emptyPayment(pk, codIpa, sample.iuv, sample.iur, sample.transferIndex);
    c.put(withFields(p, { reported: withEntry(p.reported, fk, rows) }));
    c.reclassify('payment', pk);
  }
  const byIuvBefore = groupBy(before, (r) => r.iuv);
  const byIuvAfter = groupBy(after, (r) => r.iuv);
  for (const iuv of new Set([...byIuvBefore.keys(), ...byIuvAfter.keys()])) {
    const v = updateIuv(c, codIpa, iuv, (x) => withFields(x, { reports: withEntry(x.reports, fk, byIuvAfter.get(iuv)) }));
    // DOPPI looks at every report of the IUV, in any FR: all its keys may change.
    for (const rows of Object.values(v.reports)) for (const r of rows) c.reclassify('payment', keyOf(r));
  }
}

function applyMovement(c: Changes, sourceId: string, recordedAt: string, d: TreasuryMovement): void {
  const key = treasuryKey(d.codIpa, d.movementId);
  const doc = c.get('movement', key) ?? emptyMovement(key, d.codIpa, d.movementId);
  const candidate: Versioned<TreasuryMovement> = { sourceId, rank: [recordedAt], data: d };
  if (!supersedes(candidate, doc.movement)) return;
  const previous = doc.movement?.data;
  c.put(withFields(doc, { movement: candidate }));
  c.reclassify('movement', key);
  if (previous) cite(c, previous, undefined);
  cite(c, d, d.amount);
}

/** Records (amount) or withdraws (undefined) the movement on the FR or IUV its causale cites. */
function cite(c: Changes, m: TreasuryMovement, amount: Cents | undefined): void {
  const reference = movementReference(m);
  if (reference.by === 'IUF') {
    const fk = iufKey(m.codIpa, reference.iuf);
    const f = c.get('flow', fk) ?? emptyFlow(fk, m.codIpa, reference.iuf);
    c.put(withFields(f, { movements: withEntry(f.movements, m.movementId, amount) }));
    c.reclassify('flow', fk);
    // "FR total = treasury by IUF" is a fact every payment of the FR uses.
    for (const r of participating(f.flow?.data.rows ?? [])) c.reclassify('payment', rowPaymentKey(m.codIpa, r));
  } else if (reference.by === 'IUV') {
    const v = updateIuv(c, m.codIpa, reference.iuv, (x) => withFields(x, { movements: withEntry(x.movements, m.movementId, amount) }));
    // Treasury by IUV feeds RT_TES, RT_NO_IUF and IUD_RT_IUF_TES (all need a receipt) and IUF_NO_TES of FRs reporting the IUV.
    for (const pk of v.receiptKeys) c.reclassify('payment', pk);
    for (const fk of Object.keys(v.reports)) c.reclassify('flow', fk);
  }
}

/**
 * The payment key of an FR row, remembered per row object: every movement citing an FR re-classifies all its rows,
 * and rows are immutable and belong to one ente's FR, so the key is built once per row instead of once per movement.
 */
const rowKeys = new WeakMap<FrRow, string>();
function rowPaymentKey(codIpa: string, r: FrRow): string {
  let key = rowKeys.get(r);
  if (key === undefined) {
    key = paymentKey(codIpa, r.iuv, r.iur, r.transferIndex);
    rowKeys.set(r, key);
  }
  return key;
}

// DESIGN: FR rows with esito 3 take no part.
const participating = (rows: readonly FrRow[]): FrRow[] => rows.filter((r) => r.esito !== '3');

function updateIud(c: Changes, codIpa: string, iud: string, change: (doc: IudDoc) => IudDoc): void {
  const key = iudKey(codIpa, iud);
  const doc = c.get('iud', key) ?? emptyIud(key, codIpa, iud);
  const next = change(doc);
  if (next !== doc) c.put(next);
  c.reclassify('iud', key);
}

function updateIuv(c: Changes, codIpa: string, iuv: string, change: (doc: IuvDoc) => IuvDoc): IuvDoc {
  const key = iuvKey(codIpa, iuv);
  const doc = c.get('iuv', key) ?? emptyIuv(key, codIpa, iuv);
  const next = change(doc);
  if (next !== doc) c.put(next);
  return next;
}

function reclassifyMovements(c: Changes, codIpa: string, movements: Readonly<Record<string, Cents>>): void {
  for (const id of Object.keys(movements)) c.reclassify('movement', treasuryKey(codIpa, id));
}

/** The documents one source touches, layered over the state it reads. */
class Changes {
  private readonly docs = new Map<string, ReconciliationDoc>();
  private readonly dirty = new Map<string, DocRef>();

  constructor(private readonly state: ReconciliationStateView) {}

  get<K extends DocKind>(kind: K, key: string): DocOf<K> | undefined {
    return (this.docs.get(refId({ kind, key })) as DocOf<K> | undefined) ?? this.state.get(kind, key);
  }

  put(doc: ReconciliationDoc): void {
    this.docs.set(refId(doc), doc);
  }

  reclassify(kind: DocKind, key: string): void {
    const r = { kind, key };
    this.dirty.set(refId(r), r);
  }

  effect(): SourceEffect {
    const sorted = <T extends DocRef>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
    return { changed: sorted(this.docs), reclassify: sorted(this.dirty) };
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function withEntry<V>(record: Readonly<Record<string, V>>, key: string, value: V | undefined): Record<string, V> {
  // Object.assign onto {} rather than a spread, before a key the record may not have: see withFields.
  const next: Record<string, V> = Object.assign({}, record);
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

// concat and slice allocate the exact length, where a spread or a filter leaves room to grow: these lists are held by
// the million, mostly of one key.
const withItem = (list: readonly string[], item: string): string[] => (list.includes(item) ? list.slice() : list.concat(item).sort());
const without = (list: readonly string[], item: string): string[] => {
  const i = list.indexOf(item);
  return i < 0 ? list.slice() : list.slice(0, i).concat(list.slice(i + 1));
};
