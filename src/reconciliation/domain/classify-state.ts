import type { Cents } from '../../kernel/money';
import type { ReconciliationContext } from './classification-codes';
import type { Classification, MovementAmount } from './classification';
import { classifyFlow, flowTreasuryFact, type FlowTreasuryFact } from './classify-flow';
import { classifyPayment, type PaymentInput, type ReportedRow } from './classify-payment';
import { classifyTreasury } from './classify-treasury';
import { iudKey, iufKey, iuvKey, type DocRef } from './keys';
import type { FlowDoc, IudDoc, MovementDoc, PaymentDoc, ReconciliationStateView } from './reconciliation-docs';

/**
 * The codes of one document, derived from the state alone (never stored, never incremental), so
 * they cannot depend on the order the sources arrived in. Documents of kind "iuv" have no codes of
 * their own: they only connect the others.
 */
export function classify(state: ReconciliationStateView, target: DocRef, ctx: ReconciliationContext): Classification[] {
  switch (target.kind) {
    case 'payment': {
      const doc = state.get('payment', target.key);
      return doc ? classifyPayment(paymentInput(state, doc), ctx) : [];
    }
    case 'iud': {
      const doc = state.get('iud', target.key);
      return doc ? classifyUnmatchedNotification(doc, ctx) : [];
    }
    case 'flow': {
      const doc = state.get('flow', target.key);
      return doc ? classifyFlowDoc(state, doc, ctx) : [];
    }
    case 'movement': {
      const doc = state.get('movement', target.key);
      return doc ? classifyMovementDoc(state, doc, ctx) : [];
    }
    case 'iuv':
      return [];
  }
}

/** What classifyPayment needs about one payment key, gathered from its neighbours. */
export function paymentInput(state: ReconciliationStateView, doc: PaymentDoc): PaymentInput {
  const rt = doc.receipt?.data;
  const notification = rt?.iud !== undefined ? state.get('iud', iudKey(doc.codIpa, rt.iud))?.notification?.data : undefined;
  const frRows: ReportedRow[] = [];
  for (const [flowKey, rows] of Object.entries(doc.reported)) {
    const flow = state.get('flow', flowKey);
    const fact: FlowTreasuryFact = flow?.flow
      ? flowTreasuryFact(flow.flow.data.header, movementsOf(flow.movements))
      : // The FR document was not loaded: keep the rows, claim nothing about the riversamento.
        { iuf: rows[0]?.iuf ?? '', frTotal: 0, treasuryTotal: 0, movements: [], matches: false };
    for (const row of rows) frRows.push({ row, flow: fact });
  }
  const iuv = state.get('iuv', iuvKey(doc.codIpa, doc.iuv));
  return {
    rt,
    notification,
    frRows,
    treasuryByIuv: movementsOf(iuv?.movements ?? {}),
    iuvReports: Object.values(iuv?.reports ?? {}).flat(),
  };
}

/**
 * A notification whose IUD no receipt carries: classified on its own (IUD_NO_RT). Once a receipt
 * carries the IUD, its codes live on that payment key instead, so nothing is counted twice.
 */
function classifyUnmatchedNotification(doc: IudDoc, ctx: ReconciliationContext): Classification[] {
  const notification = doc.notification?.data;
  if (!notification || doc.paymentKeys.length > 0) return [];
  return classifyPayment({ notification, frRows: [] }, ctx);
}

function classifyFlowDoc(state: ReconciliationStateView, doc: FlowDoc, ctx: ReconciliationContext): Classification[] {
  if (!doc.flow) return [];
  const { header, rows } = doc.flow.data;
  const punctual: MovementAmount[] = [];
  const iuvs = new Set(rows.filter((r) => r.esito !== '3').map((r) => r.iuv));
  for (const iuv of iuvs) punctual.push(...movementsOf(state.get('iuv', iuvKey(doc.codIpa, iuv))?.movements ?? {}));
  return classifyFlow({ header, rows, treasuryByIuf: movementsOf(doc.movements), treasuryByIuv: punctual }, ctx);
}

function classifyMovementDoc(state: ReconciliationStateView, doc: MovementDoc, ctx: ReconciliationContext): Classification[] {
  if (!doc.movement) return [];
  const codIpa = doc.codIpa;
  return classifyTreasury(doc.movement.data, ctx, {
    frExists: (iuf) => state.get('flow', iufKey(codIpa, iuf))?.flow !== undefined,
    rtOrNotificationExistsForIuv: (iuv) => {
      const v = state.get('iuv', iuvKey(codIpa, iuv));
      return v !== undefined && (v.receiptKeys.length > 0 || v.notifiedIuds.length > 0);
    },
  });
}

const movementsOf = (movements: Readonly<Record<string, Cents>>): MovementAmount[] =>
  Object.entries(movements).map(([movementId, amount]) => ({ movementId, amount }));
