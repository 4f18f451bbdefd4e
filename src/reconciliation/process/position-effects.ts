import type { MarkCashed, MarkReconciled, MarkReported, PositionCommand } from '../../positions/domain/position.commands';
import { positionStreamId } from '../../positions/domain/position.streams';
import { closesPayment, iufKey, treasuryKey, isPositive, type ReconciliationContext, type ReconciliationStateView, type PaymentDoc } from '../domain';
import type { RecordDoc } from '../../../projections/reconciliation/reconciliation-row';
import type { ReceiptWithColumns } from './sources-from-events';

/**
 * What the reconciliation tells the position a payment key belongs to (the IUD comes from its receipt):
 * reported by each FR row, cashed by each movement that moved its money under a positive code, reconciled with its
 * codes once every source the ente uses agrees (`closesPayment`): a payment whose money is in the treasury but
 * whose notification is missing rests in 'cashed'. The decider drops what it already knows, so deciding these
 * again appends nothing.
 */
export function positionCommandsFor(
  state: ReconciliationStateView,
  doc: PaymentDoc,
  record: RecordDoc | undefined,
  ctx: ReconciliationContext,
  now: string,
): { streamId: string; commands: PositionCommand[] } | undefined {
  const rt = doc.receipt?.data as ReceiptWithColumns | undefined;
  if (!rt || rt.iud === undefined) return undefined;
  const metadata = { now };
  const commands: PositionCommand[] = [];
  for (const rows of Object.values(doc.reported)) {
    for (const r of rows) {
      const header = state.get('flow', iufKey(doc.codIpa, r.iuf))?.flow?.data.header;
      if (!header) continue;
      const cmd: MarkReported = {
        type: 'MarkReported',
        data: { iuf: r.iuf, idPSP: header.idPSP, rowIndex: r.rowIndex, esito: r.esito, amount: r.amount, dataRegolamento: header.dataRegolamento, iur: r.iur, transferIndex: r.transferIndex, dataEsito: r.dataEsito },
        metadata,
      };
      commands.push(cmd);
    }
  }
  const codes = record?.classifications.map((c) => c.code) ?? [];
  for (const c of record?.classifications ?? []) {
    const tes = c.evidence.treasury;
    if (!tes || !isPositive(c.code)) continue;
    for (const m of tes.movements) {
      const movement = state.get('movement', treasuryKey(doc.codIpa, m.movementId))?.movement?.data;
      if (!movement) continue;
      const cmd: MarkCashed = {
        type: 'MarkCashed',
        // The share of the movement that is this payment's: its transfer (a cumulative movement carries a whole FR).
        // iuf always present (undefined when not cumulative), not spread in: a trailing conditional spread gives each
        // object a hidden class of its own (see withFields).
        data: { movementId: m.movementId, amount: rt.amount, dataValuta: movement.dataValuta, dataContabile: movement.dataContabile, iuf: tes.by === 'IUF' ? tes.reference : undefined },
        metadata,
      };
      commands.push(cmd);
    }
  }
  if (closesPayment(codes, ctx)) {
    const cmd: MarkReconciled = { type: 'MarkReconciled', data: { codes: [...new Set(codes)] }, metadata };
    commands.push(cmd);
  }
  return commands.length ? { streamId: positionStreamId(doc.codIpa, rt.iud), commands } : undefined;
}
