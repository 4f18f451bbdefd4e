import { DomainError } from '../../kernel/errors';
import { applySource, dependents } from './apply-source';
import { classify } from './classify-state';
import { InMemoryReconciliationState } from './in-memory-state';
import { iudKey, iuvKey, refId, type DocRef } from './keys';
import { NOT_LOADED, missingReads, type PartialStateView } from './read-planning';
import type { DocOf, ReconciliationDoc } from './reconciliation-docs';
import { ALL_OFF, ALL_ON, AMOUNT, ENTE, IUF, IUV, flowRef, given, movement, movementRef, notification, notified, payment, receipt, reportingFlow, row } from './reconciliation.test-kit';
import type { ReconciliationSource } from './sources';

const ids = (refs: readonly DocRef[]) => refs.map(refId);
const P2 = { iuv: '02000000000000155', iur: 'IUR-0002' };
const P3 = { iuv: '03000000000000166', iur: 'IUR-0003' };

describe('applying a source', () => {
  it('changes nothing the second time the same source arrives', () => {
    const state = new InMemoryReconciliationState();
    for (const s of [receipt(), notification(), reportingFlow([row()]), movement({ iuf: IUF })]) {
      expect(state.apply(s).changed.length).toBeGreaterThan(0);
      expect(state.apply(s)).toEqual({ changed: [], reclassify: [] });
    }
  });

  it('does not mutate the documents it was given', () => {
    const state = new InMemoryReconciliationState();
    state.apply(receipt());
    const before = JSON.stringify(state.get('payment', payment().key));
    applySource(state, reportingFlow([row()]));
    expect(JSON.stringify(state.get('payment', payment().key))).toBe(before);
  });

  it('ignores negative receipts altogether', () => {
    expect(applySource(new InMemoryReconciliationState(), receipt({ outcome: 'KO' }))).toEqual({ changed: [], reclassify: [] });
  });

  it('replaces the rows of an FR with those of its newer revision, and ignores an older revision arriving late', () => {
    const rev1 = reportingFlow([row(), row(P2)], { revision: 1, recordedAt: '2025-03-20T10:00:00Z' });
    const rev2 = reportingFlow([row(), row(P3)], { revision: 2, recordedAt: '2025-03-19T10:00:00Z' });
    for (const order of [
      [rev1, rev2],
      [rev2, rev1],
    ]) {
      const g = given(receipt(), ...order).with(ALL_OFF);
      g.when(payment()).then.exactly('RT_IUF');
      g.when(payment(P2)).then.exactly();
      g.when(payment(P3)).then.exactly('IUV_NO_RT');
      expect(g.state.get('flow', flowRef().key)?.flow?.data.header.revision).toBe(2);
      expect(Object.keys(g.state.get('iuv', iuvKey(ENTE, P2.iuv))?.reports ?? {})).toEqual([]);
    }
  });

  it('keeps the most recently recorded version of a resent receipt, whatever the arrival order', () => {
    const old = receipt({ amount: 100, recordedAt: '2025-03-20T10:00:00+01:00' });
    const fresh = receipt({ amount: AMOUNT, recordedAt: '2025-03-20T09:30:00Z' });
    for (const order of [
      [old, fresh],
      [fresh, old],
    ]) {
      given(...order, reportingFlow([row()])).with(ALL_OFF).when(payment()).then.exactly('RT_IUF');
    }
  });

  it('moves the IUD link when a newer version of the receipt names another IUD', () => {
    const g = given(notification(), notification({ iud: 'OTHER' }), receipt({ recordedAt: '2025-03-20T10:00:00Z' }), receipt({ iud: 'OTHER', recordedAt: '2025-03-21T10:00:00Z' }));
    expect(g.state.get('iud', iudKey(ENTE, 'OTHER'))?.paymentKeys).toEqual([payment().key]);
    expect(g.state.get('iud', notified().key)?.paymentKeys).toEqual([]);
    g.when(notified()).then.exactly('IUD_NO_RT');
    g.when(notified('OTHER')).then.exactly();
  });

  it('moves a re-recorded movement from the FR it cited to the one it cites now', () => {
    const g = given(
      reportingFlow([row()]),
      reportingFlow([row(P2)], { iuf: 'IUF-B' }),
      movement({ iuf: IUF, recordedAt: '2025-03-20T10:00:00Z' }),
      movement({ iuf: 'IUF-B', amount: AMOUNT, recordedAt: '2025-03-21T10:00:00Z' }),
    );
    g.when(flowRef()).then.exactly('IUF_NO_TES');
    g.when(flowRef('IUF-B')).then.exactly();
  });

  it('keeps enti apart: the same IUV, IUR and IUF in another ente match nothing here', () => {
    const g = given(receipt({ codIpa: 'C_OTHER' }), reportingFlow([row()]), movement({ codIpa: 'C_OTHER', iuf: IUF }));
    g.when(payment()).then.exactly('IUV_NO_RT');
    g.when(flowRef()).then.exactly('IUF_NO_TES');
    g.when(movementRef('MOV-1', 'C_OTHER')).then.exactly('TES_NO_IUF_OR_IUV');
  });

  it('refuses a source that cannot be reconciled, naming the record and the field', () => {
    const state = new InMemoryReconciliationState();
    const bad = reportingFlow([row()]);
    if (bad.type !== 'reportingFlow') throw new Error('unreachable');
    const misfiled = { ...bad, data: { ...bad.data, rows: [{ ...bad.data.rows[0], iuf: 'ANOTHER-FR' }] } };
    expect(() => state.apply(misfiled)).toThrow(expect.objectContaining({ code: 'FR_ROW_IUF_MISMATCH', field: 'rows.iuf' }));
    expect(() => state.apply(misfiled)).toThrow(/row 1 belongs to FR "ANOTHER-FR"/);
    expect(() => state.apply(receipt({ amount: 147.92 }))).toThrow(DomainError);
    expect(() => state.apply(receipt({ amount: 147.92 }))).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT', field: 'amount' }));
    expect(() => state.apply(receipt({ transferIndex: 0 }))).toThrow(expect.objectContaining({ code: 'INVALID_TRANSFER_INDEX' }));
    expect(() => state.apply(notification({ iud: ' ' }))).toThrow(expect.objectContaining({ code: 'MISSING_IDENTIFIER', field: 'iud' }));
    expect(() => state.apply(reportingFlow([row({ esito: '5' as never })]))).toThrow(expect.objectContaining({ code: 'INVALID_ESITO' }));
    expect(state.refs()).toEqual([]);
  });
});

describe('dependents: what to re-classify when a source arrives', () => {
  const frX = reportingFlow([row(), row(P2)]);

  it('a movement for IUF X: the movement, FR X and every payment key of FR X', () => {
    const state = new InMemoryReconciliationState();
    [frX, receipt(), reportingFlow([row(P3)], { iuf: 'IUF-Y' })].forEach((s) => state.apply(s));
    expect(ids(dependents(state, movement({ iuf: IUF })))).toEqual(ids([flowRef(), movementRef(), payment(), payment(P2)]).sort());
  });

  it('an FR: the FR, its payment keys, the keys of its IUVs in other FRs, and the movements citing its IUF', () => {
    const state = new InMemoryReconciliationState();
    [movement({ iuf: IUF }), movement({ movementId: 'MOV-2', iuf: 'IUF-Y' }), reportingFlow([row({ iur: 'STANDIN', esito: '9' })], { iuf: 'IUF-Y' })].forEach((s) => state.apply(s));
    expect(ids(dependents(state, frX))).toEqual(ids([flowRef(), movementRef(), payment(), payment(P2), payment({ iur: 'STANDIN' })]).sort());
  });

  it('an RT: its key, its IUD and the movements citing its IUV', () => {
    const state = new InMemoryReconciliationState();
    [movement({ iuv: IUV }), movement({ movementId: 'MOV-9', iuv: P2.iuv }), frX].forEach((s) => state.apply(s));
    expect(ids(dependents(state, receipt()))).toEqual(ids([notified(), movementRef(), payment()]).sort());
  });

  it('a notification: its IUD, the payments whose RT carries it, the movements citing its IUV', () => {
    const state = new InMemoryReconciliationState();
    [receipt(), receipt({ ...P2, iud: 'ANOTHER-IUD' }), movement({ iuv: IUV })].forEach((s) => state.apply(s));
    expect(ids(dependents(state, notification()))).toEqual(ids([notified(), movementRef(), payment()]).sort());
  });

  it('is enough: re-classifying only the dependents after each source gives what a full re-classification gives', () => {
    const sources: ReconciliationSource[] = [
      movement({ iuv: P3.iuv, movementId: 'P' }),
      notification(),
      frX,
      movement({ iuf: IUF }),
      receipt(),
      reportingFlow([row({ ...P3, esito: '9' })], { iuf: 'IUF-Y' }),
      receipt(P3),
      reportingFlow([row(P2)], { revision: 2 }),
    ];
    const state = new InMemoryReconciliationState();
    const cache = new Map<string, string[]>();
    for (const s of sources) {
      for (const r of state.apply(s).reclassify) cache.set(refId(r), state.classify(r, ALL_ON).map((c) => c.code));
    }
    const full = new Map([...state.classifyAll(ALL_ON)].map(([k, v]) => [k, v.map((c) => c.code)]));
    expect(new Map([...cache].filter(([, v]) => v.length > 0))).toEqual(full);
  });
});

describe('missingReads: loading documents in rounds for an asynchronous read model', () => {
  it('finds every document applySource and classify need, so a cache-backed run equals an in-memory one', () => {
    const history = [receipt(), receipt(P2), reportingFlow([row(), row(P2)], { revision: 1 }), movement({ iuf: IUF }), notification()];
    const source = reportingFlow([row(), row(P3)], { revision: 2 });
    const full = new InMemoryReconciliationState();
    history.forEach((s) => full.apply(s));

    // A cache that starts empty and is filled from `full` only with what missingReads asks for.
    const cache = new Map<string, ReconciliationDoc | undefined>();
    const partial: PartialStateView = {
      get<K extends ReconciliationDoc['kind']>(kind: K, key: string) {
        const id = refId({ kind, key });
        return cache.has(id) ? (cache.get(id) as DocOf<K> | undefined) : NOT_LOADED;
      },
    };
    const loaded = { get: <K extends ReconciliationDoc['kind']>(kind: K, key: string) => partial.get(kind, key) as DocOf<K> | undefined };
    const loadFor = (work: (s: typeof loaded) => unknown): number => {
      let rounds = 0;
      for (let missing = missingReads(partial, work); missing.length > 0; missing = missingReads(partial, work), rounds++) {
        for (const r of missing) cache.set(refId(r), full.get(r.kind, r.key));
      }
      return rounds;
    };

    // The FR document must be read before the rows of its previous revision are known.
    expect(loadFor((s) => applySource(s, source))).toBeGreaterThanOrEqual(2);
    const effect = applySource(loaded, source);
    expect(effect).toEqual(applySource(full, source));

    full.apply(source);
    for (const d of effect.changed) cache.set(refId(d), d);
    for (const r of effect.reclassify) {
      loadFor((s) => classify(s, r, ALL_ON));
      expect(classify(loaded, r, ALL_ON)).toEqual(full.classify(r, ALL_ON));
    }
    expect(effect.reclassify.length).toBeGreaterThan(3);
  });
});
