import type { Decider } from '../../kernel/decider';
import { invalid } from '../../kernel/errors';
import type {
  CancelPosition,
  CreatePosition,
  ExpirePosition,
  MarkAssessed,
  MarkCashed,
  MarkReconciled,
  MarkReported,
  PositionCommand,
  ReceiveReceipt,
  RequestPayment,
  UpdatePosition,
} from './position.commands';
import { positionErrors as errors } from './position.errors';
import type { PositionChanges, PositionEvent } from './position.events';
import { withFields } from '../../kernel/with-fields';
import * as rules from './position.rules';
import { isCalendarDate } from './calendar-date';
import { evolvePosition, initialPositionState, type PositionState } from './position.state';
import { ESITI_RENDICONTAZIONE, PAYMENT_CHANNELS, positionTotal, RECEIPT_CHANNELS, type Position } from './position.types';

type Existing = PositionState & { readonly position: Position };

function existing(s: PositionState): Existing {
  if (s.position === null) throw errors.notFound();
  return s as Existing;
}

const ref = (s: Existing, at: string) => ({ codIpa: s.position.codIpa, iud: s.position.iud, iuv: s.position.iuv, at });

function create(cmd: CreatePosition, s: PositionState): PositionEvent[] {
  if (s.position !== null) throw errors.iudAlreadyExists(s.position.iud);
  const { context, ...input } = cmd.data;
  const p = new rules.Problems();
  const tipo = context.tipoDovuto;
  // A context resolved for another code is as good as no context: the handler looked up the wrong tipo.
  if (tipo === undefined || tipo.code !== input.tipoDovuto) p.check(() => { throw errors.tipoUnknown(input.tipoDovuto); });
  else if (!tipo.active) p.check(() => { throw errors.tipoInactive(tipo.code); });
  const position = rules.positionFields(p, input, context.segregationCode, tipo?.datiSpecificiRiscossione);
  rules.tipoDovutoRules(p, tipo, position);
  p.throwIfAny();
  return [{ type: 'PositionCreated', data: withFields(position, { at: cmd.metadata.now }) }];
}

const OPTIONAL_FIELDS = ['dataScadenza', 'bilancio', 'commissioneCaricoPa', 'secondario'] as const;
const REQUIRED_FIELDS = ['payer', 'importo', 'causale', 'datiSpecificiRiscossione'] as const;

function update(cmd: UpdatePosition, state: PositionState): PositionEvent[] {
  const s = existing(state);
  const current = s.position;
  if (s.paid) throw errors.alreadyPaid(current.iud, 'changed');
  if (s.cancelled) throw errors.cancelled(current.iud, 'changed');
  const d = cmd.data;
  if (d.iuv !== undefined && d.iuv !== current.iuv) throw errors.iuvChange(current.iuv, d.iuv);
  if (d.tipoDovuto !== undefined && d.tipoDovuto !== current.tipoDovuto) throw errors.tipoChange(current.tipoDovuto, d.tipoDovuto);

  // Merge, then validate the whole result: a new importo must still match the bilancio it did not mention.
  const { numeroAvviso: _n, ...currentFields } = current;
  const merged: Record<string, unknown> = { ...currentFields };
  for (const k of REQUIRED_FIELDS) if (d[k] !== undefined) merged[k] = d[k];
  for (const k of OPTIONAL_FIELDS) {
    if (d[k] === null) delete merged[k];
    else if (d[k] !== undefined) merged[k] = d[k];
  }
  const p = new rules.Problems();
  const next = rules.positionFields(p, merged as unknown as Omit<Position, 'numeroAvviso'>, undefined);
  rules.tipoDovutoRules(p, d.context?.tipoDovuto, next);
  p.throwIfAny();

  const changes: Record<string, unknown> = {};
  for (const k of [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS]) {
    if (!rules.sameValue(current[k], next[k])) changes[k] = next[k] === undefined ? null : next[k];
  }
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'PositionUpdated',
      data: withFields(ref(s, cmd.metadata.now), { changes: changes as PositionChanges, position: next, reopened: s.expired && 'dataScadenza' in changes }),
    },
  ];
}

function cancel(cmd: CancelPosition, state: PositionState): PositionEvent[] {
  const s = existing(state);
  if (s.paid) throw errors.alreadyPaid(s.position.iud, 'cancelled');
  if (s.cancelled) return [];
  const reason = typeof cmd.data.reason === 'string' ? cmd.data.reason.trim() : '';
  return [{ type: 'PositionCancelled', data: withFields(ref(s, cmd.metadata.now), reason !== '' ? { reason } : {}) }];
}

function requestPayment(cmd: RequestPayment, state: PositionState): PositionEvent[] {
  const s = existing(state);
  const { channel, paymentToken, idPSP } = cmd.data;
  if (!PAYMENT_CHANNELS.includes(channel)) throw invalid('INVALID_CHANNEL', 'channel', `channel "${String(channel)}" must be one of ${PAYMENT_CHANNELS.join(', ')}`);
  if (s.paid) throw errors.alreadyPaid(s.position.iud, 'paid again');
  if (s.cancelled) throw errors.cancelled(s.position.iud, 'paid');
  if (s.expired) throw errors.expired(s.position.iud, s.position.dataScadenza);
  // The Node repeats a request it got no answer to; the same token is the same request.
  if (paymentToken !== undefined && s.paymentRequests.some((r) => r.paymentToken === paymentToken)) return [];
  const at = cmd.metadata.now;
  return [
    {
      type: 'PaymentRequested',
      data: withFields(ref(s, at), { channel, ...(paymentToken !== undefined && { paymentToken }), ...(idPSP !== undefined && { idPSP }), requestedAt: at }),
    },
  ];
}

function validateReceipt(r: ReceiveReceipt['data']): void {
  const p = new rules.Problems();
  if (typeof r.receiptId !== 'string' || r.receiptId.trim() === '') p.add('INVALID_RECEIPT_ID', 'receiptId', 'receiptId (IUR) is required');
  if (r.outcome !== 'OK' && r.outcome !== 'KO') p.add('INVALID_OUTCOME', 'outcome', `outcome "${String(r.outcome)}" must be OK or KO`);
  if (!rules.isAmount(r.amount, 0)) p.add('INVALID_AMOUNT', 'amount', `amount must be a whole number of cents, zero or more, got ${String(r.amount)}`);
  if (r.fee !== undefined && !rules.isAmount(r.fee, 0)) p.add('INVALID_AMOUNT', 'fee', `fee must be a whole number of cents, zero or more, got ${String(r.fee)}`);
  if (typeof r.idPSP !== 'string' || r.idPSP.trim() === '') p.add('INVALID_ID_PSP', 'idPSP', 'idPSP is required');
  if (!RECEIPT_CHANNELS.includes(r.channel)) p.add('INVALID_CHANNEL', 'channel', `channel "${String(r.channel)}" must be one of ${RECEIPT_CHANNELS.join(', ')}`);
  if (!Array.isArray(r.transfers)) p.add('INVALID_TRANSFER', 'transfers', 'transfers must be a list');
  else
    r.transfers.forEach((t, i) => {
      if (!rules.isAmount(t?.amount, 0)) p.add('INVALID_TRANSFER', `transfers[${i}].amount`, `transfers[${i}].amount must be a whole number of cents, got ${String(t?.amount)}`);
    });
  p.throwIfAny();
}

/**
 * A receipt is a fact from the Node: the money moved whatever our state says. So it is recorded, never refused
 * for the position's state; what is odd about it (paid twice, after cancellation, another amount) is flagged.
 */
function receiveReceipt(cmd: ReceiveReceipt, state: PositionState): PositionEvent[] {
  const s = existing(state);
  const r = cmd.data;
  validateReceipt(r);
  if (s.receipts.some((x) => x.receiptId === r.receiptId) || s.duplicates.some((x) => x.receiptId === r.receiptId)) return [];
  const base = withFields(ref(s, cmd.metadata.now), r);
  if (r.outcome === 'OK' && s.paid) {
    return [{ type: 'DuplicatePaymentReceived', data: withFields(base, { firstReceiptId: s.paidBy! }) }];
  }
  const expectedAmount = positionTotal(s.position);
  const positive = r.outcome === 'OK';
  return [
    {
      type: 'ReceiptReceived',
      data: withFields(base, {
        expectedAmount,
        amountMismatch: positive && r.amount !== expectedAmount,
        paidAfterCancellation: positive && s.cancelled,
        paidAfterExpiry: positive && s.expired,
      }),
    },
  ];
}

/** Reporting flows are independent of receipts: a row may arrive first, and is recorded either way. */
function markReported(cmd: MarkReported, state: PositionState): PositionEvent[] {
  const s = existing(state);
  const d = cmd.data;
  const p = new rules.Problems();
  if (typeof d.iuf !== 'string' || d.iuf.trim() === '') p.add('INVALID_IUF', 'iuf', 'iuf (identificativo flusso) is required');
  if (typeof d.idPSP !== 'string' || d.idPSP.trim() === '') p.add('INVALID_ID_PSP', 'idPSP', 'idPSP is required');
  if (!Number.isSafeInteger(d.rowIndex) || d.rowIndex < 1) p.add('INVALID_ROW_INDEX', 'rowIndex', `rowIndex must be a whole number from 1, got ${String(d.rowIndex)}`);
  if (!ESITI_RENDICONTAZIONE.includes(d.esito)) p.add('INVALID_ESITO', 'esito', `esito "${String(d.esito)}" must be one of ${ESITI_RENDICONTAZIONE.join(', ')}`);
  if (!rules.isAmount(d.amount, 0)) p.add('INVALID_AMOUNT', 'amount', `amount must be a whole number of cents, zero or more, got ${String(d.amount)}`);
  rules.calendarDate(p, d.dataRegolamento, 'dataRegolamento', 'INVALID_DATA_REGOLAMENTO');
  p.throwIfAny();
  if (s.reports.some((r) => r.iuf === d.iuf && r.rowIndex === d.rowIndex)) return [];
  return [{ type: 'PositionReported', data: withFields(ref(s, cmd.metadata.now), d, { beforeReceipt: !s.paid }) }];
}

function markCashed(cmd: MarkCashed, state: PositionState): PositionEvent[] {
  const s = existing(state);
  const d = cmd.data;
  const p = new rules.Problems();
  if (typeof d.movementId !== 'string' || d.movementId.trim() === '') p.add('INVALID_MOVEMENT_ID', 'movementId', 'movementId is required');
  if (!rules.isAmount(d.amount, 1)) p.add('INVALID_AMOUNT', 'amount', `amount must be a whole number of cents greater than zero, got ${String(d.amount)}`);
  rules.calendarDate(p, d.dataValuta, 'dataValuta', 'INVALID_DATA_VALUTA');
  rules.calendarDate(p, d.dataContabile, 'dataContabile', 'INVALID_DATA_CONTABILE');
  p.throwIfAny();
  if (s.cashings.some((c) => c.movementId === d.movementId)) return [];
  if (!s.paid) throw errors.notPaid(s.position.iud, 'marked as cashed');
  return [{ type: 'PositionCashed', data: withFields(ref(s, cmd.metadata.now), d) }];
}

const CODE = /^[A-Z][A-Z0-9_]*$/;

function markReconciled(cmd: MarkReconciled, state: PositionState): PositionEvent[] {
  const s = existing(state);
  const { codes, reconciliationId } = cmd.data;
  if (!Array.isArray(codes) || codes.length === 0 || !codes.every((c) => typeof c === 'string' && CODE.test(c))) {
    throw invalid('INVALID_CLASSIFICATION', 'codes', `codes must be a non-empty list of classification codes such as RT_IUF_TES, got ${JSON.stringify(codes)}`);
  }
  if (!s.paid) throw errors.notPaid(s.position.iud, 'reconciled');
  const sorted = [...new Set(codes)].sort();
  // Reclassification with the same codes is a redelivery; other codes are a new classification.
  if (s.reconciled && rules.sameValue(sorted, s.reconciliationCodes)) return [];
  return [{ type: 'PositionReconciled', data: withFields(ref(s, cmd.metadata.now), { codes: sorted, ...(reconciliationId !== undefined && { reconciliationId }) }) }];
}

function markAssessed(cmd: MarkAssessed, state: PositionState): PositionEvent[] {
  const s = existing(state);
  const { accertamentoId, anno } = cmd.data;
  if (typeof accertamentoId !== 'string' || accertamentoId.trim() === '') throw invalid('INVALID_ACCERTAMENTO_ID', 'accertamentoId', 'accertamentoId is required');
  if (!Number.isInteger(anno) || anno < 1000 || anno > 9999) throw invalid('INVALID_ANNO', 'anno', `anno must be a four-digit budget year, got ${String(anno)}`);
  if (!s.paid) throw errors.notPaid(s.position.iud, 'assessed');
  if (s.accertamento?.accertamentoId === accertamentoId) return [];
  if (s.accertamento) throw errors.alreadyAssessed(s.position.iud, s.accertamento.accertamentoId);
  return [{ type: 'PositionAssessed', data: withFields(ref(s, cmd.metadata.now), { accertamentoId, anno }) }];
}

function expire(cmd: ExpirePosition, state: PositionState): PositionEvent[] {
  const s = existing(state);
  const { today } = cmd.data;
  if (!isCalendarDate(today)) throw invalid('INVALID_DATE', 'today', `today "${String(today)}" must be a calendar date written YYYY-MM-DD`);
  if (s.paid) throw errors.alreadyPaid(s.position.iud, 'expired');
  if (s.cancelled) throw errors.cancelled(s.position.iud, 'expired');
  // The daily job may run twice; an expired position stays expired.
  if (s.expired) return [];
  const due = s.position.dataScadenza;
  if (due === undefined) throw errors.noDueDate(s.position.iud);
  // YYYY-MM-DD strings order like the dates they write.
  if (due >= today) throw errors.notYetDue(s.position.iud, due, today);
  return [{ type: 'PositionExpired', data: withFields(ref(s, cmd.metadata.now), { dataScadenza: due, today }) }];
}

export function decidePosition(command: PositionCommand, state: PositionState): PositionEvent[] {
  switch (command.type) {
    case 'CreatePosition':
      return create(command, state);
    case 'UpdatePosition':
      return update(command, state);
    case 'CancelPosition':
      return cancel(command, state);
    case 'RequestPayment':
      return requestPayment(command, state);
    case 'ReceiveReceipt':
      return receiveReceipt(command, state);
    case 'MarkReported':
      return markReported(command, state);
    case 'MarkCashed':
      return markCashed(command, state);
    case 'MarkReconciled':
      return markReconciled(command, state);
    case 'MarkAssessed':
      return markAssessed(command, state);
    case 'ExpirePosition':
      return expire(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown position command ${JSON.stringify(unknown)}`);
    }
  }
}

export const positionDecider: Decider<PositionCommand, PositionEvent, PositionState> = {
  initialState: initialPositionState,
  evolve: evolvePosition,
  decide: decidePosition,
};
