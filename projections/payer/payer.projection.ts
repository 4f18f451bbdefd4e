import { ANONYMOUS_PAYER_ID } from '../../src/kernel/identifiers/payer-id';
import { withFields } from '../../src/kernel/with-fields';
import type { RecordedEvent } from '../../src/kernel/events';
import type { EnteRegistered, EnteUpdated } from '../../src/enti/domain/ente.events';
import type { PositionEvent } from '../../src/positions/domain/position.events';
import { derivePositionStatus, initialPositionState, type PositionStatus } from '../../src/positions/domain/position.state';
import { positionTotal, type Payer, type Position, type Receipt } from '../../src/positions/domain/position.types';
import type { Projection } from '../../src/read-store/projection';
import { asPositionEvent, isPositionEvent, POSITION_EVENT_TYPES, positionKey, positionRef } from '../common/position-events';
import { toUtcIso } from '../common/rome-time';
import { alreadyApplied } from '../common/stale';
import type { PayerEnteDoc, PayerFlags, PayerGroup, PayerPositionDoc, PayerReceipt, PayerStatus } from './payer.documents';
import { PAYER_ENTI_COLLECTION, PAYER_POSITIONS_COLLECTION, payerEntiReadModel, payerPositionsReadModel } from './payer.read-model';

type PayerDoc = PayerPositionDoc | PayerEnteDoc;

const NO_FLAGS: PayerFlags = { cancelled: false, expired: false, paymentPending: false, paid: false, reported: false, cashed: false, reconciled: false, assessed: false };

/** The flags after an event, as position.state's evolve sets them (reported: any row other than a revoked one, esito 3). */
function nextFlags(f: PayerFlags, event: PositionEvent): PayerFlags {
  switch (event.type) {
    case 'PositionCreated':
      return NO_FLAGS;
    case 'PositionUpdated':
      return event.data.reopened ? { ...f, expired: false } : f;
    case 'PositionCancelled':
      return { ...f, cancelled: true, paymentPending: false };
    case 'PaymentRequested':
      return { ...f, paymentPending: true };
    case 'ReceiptReceived':
      return { ...f, paymentPending: false, paid: f.paid || event.data.outcome === 'OK' };
    case 'DuplicatePaymentReceived':
      return f;
    case 'PositionReported':
      return { ...f, reported: f.reported || event.data.esito !== '3' };
    case 'PositionCashed':
      return { ...f, cashed: true };
    case 'PositionReconciled':
      return { ...f, reconciled: true };
    case 'PositionAssessed':
      return { ...f, assessed: true };
    case 'PositionExpired':
      return { ...f, expired: true };
  }
}

// derivePositionStatus only asks whether the position exists; the payer document does not keep the whole dovuto.
const EXISTING = {} as Position;
const statusOf = (flags: PayerFlags): PositionStatus => derivePositionStatus({ ...initialPositionState, ...flags, position: EXISTING }) as PositionStatus;

const PAID: ReadonlySet<PositionStatus> = new Set(['paid', 'reported', 'cashed', 'reconciled', 'assessed']);
function payerView(stato: PositionStatus): { gruppo: PayerGroup; statoPagatore: PayerStatus; pagabile: boolean } {
  if (PAID.has(stato)) return { gruppo: 'pagati', statoPagatore: 'pagato', pagabile: false };
  if (stato === 'cancelled') return { gruppo: 'annullati', statoPagatore: 'annullato', pagabile: false };
  if (stato === 'expired') return { gruppo: 'da_pagare', statoPagatore: 'scaduto', pagabile: false };
  return { gruppo: 'da_pagare', statoPagatore: 'da_pagare', pagabile: true };
}

const payerIdOf = (payer: Payer): string | undefined => {
  const id = payer.codiceIdentificativo.trim().toUpperCase();
  return id === ANONYMOUS_PAYER_ID ? undefined : id;
};

const receiptOf = (r: Receipt): PayerReceipt => ({
  receiptId: r.receiptId,
  amount: r.amount,
  idPSP: r.idPSP,
  ...(r.pspName !== undefined && { pspName: r.pspName }),
  ...(r.paymentDateTime !== undefined && { paymentDateTime: r.paymentDateTime }),
});

/** The dovuto's own fields, from the event that defines it (creation or update). */
function dovutoFields(p: Position): Pick<PayerPositionDoc, 'payerId' | 'iuv' | 'numeroAvviso' | 'tipoDovuto' | 'causale' | 'importo' | 'dataScadenza' | 'dueSort'> {
  const payerId = payerIdOf(p.payer);
  return {
    ...(payerId !== undefined && { payerId }),
    iuv: p.iuv,
    numeroAvviso: p.numeroAvviso,
    tipoDovuto: p.tipoDovuto,
    causale: p.causale,
    importo: positionTotal(p),
    ...(p.dataScadenza !== undefined && { dataScadenza: p.dataScadenza }),
    dueSort: p.dataScadenza ?? '9999-12-31',
  };
}

function evolvePayerPosition(doc: PayerPositionDoc | undefined, recorded: RecordedEvent): PayerPositionDoc | undefined {
  const event = asPositionEvent(recorded);
  if (doc === undefined && event.type !== 'PositionCreated') return undefined;
  const flags = nextFlags(doc?.flags ?? NO_FLAGS, event);
  const stato = statusOf(flags);
  const { codIpa, iud } = positionRef(recorded);
  let next: PayerPositionDoc;
  if (event.type === 'PositionCreated') {
    const { at, ...position } = event.data;
    next = { id: positionKey(codIpa, iud), codIpa, iud, ...dovutoFields(position), stato, ...payerView(stato), flags, duplicates: [], createdAt: toUtcIso(at), lastPosition: '' };
  } else {
    const base = doc as PayerPositionDoc;
    next = { ...base, stato, ...payerView(stato), flags };
    if (event.type === 'PositionUpdated') {
      // Rebuilt from the whole dovuto the update carries: a removed due date goes, and a new payer takes the dovuto away from the old one.
      const { payerId: _p, dataScadenza: _d, ...rest } = next;
      next = { ...rest, ...dovutoFields(event.data.position) };
    }
    if (event.type === 'ReceiptReceived' && event.data.outcome === 'OK' && !base.flags.paid)
      next = withFields(next, { receipt: receiptOf(event.data), paidAt: toUtcIso(event.data.paymentDateTime ?? event.data.at) });
    if (event.type === 'DuplicatePaymentReceived') next = { ...next, duplicates: [...base.duplicates, receiptOf(event.data)] };
  }
  return withFields(next, { lastPosition: recorded.position.toString() });
}

function evolvePayerEnte(doc: PayerEnteDoc | undefined, recorded: RecordedEvent): PayerEnteDoc | undefined {
  if (recorded.type === 'EnteRegistered') {
    const d = recorded.data as EnteRegistered['data'];
    return { codIpa: d.codIpa, denominazione: d.denominazione, lastPosition: recorded.position.toString() };
  }
  const d = recorded.data as EnteUpdated['data'];
  if (doc === undefined || d.changes.denominazione === undefined) return undefined;
  return { ...doc, denominazione: d.changes.denominazione, lastPosition: recorded.position.toString() };
}

export const payerProjection: Projection<PayerDoc> = {
  name: 'payer',
  version: 1,
  weight: 3, // one document per position and its own indexes
  background: true,
  readModels: [payerPositionsReadModel, payerEntiReadModel],
  handles: [...POSITION_EVENT_TYPES, 'EnteRegistered', 'EnteUpdated'],
  keys(event) {
    if (isPositionEvent(event)) {
      const { codIpa, iud } = positionRef(event);
      return [{ collection: PAYER_POSITIONS_COLLECTION, id: positionKey(codIpa, iud) }];
    }
    return [{ collection: PAYER_ENTI_COLLECTION, id: (event.data as { codIpa: string }).codIpa }];
  },
  evolve(collection, doc, event) {
    if (alreadyApplied(doc, event)) return undefined;
    return collection === PAYER_ENTI_COLLECTION
      ? evolvePayerEnte(doc as PayerEnteDoc | undefined, event)
      : evolvePayerPosition(doc as PayerPositionDoc | undefined, event);
  },
};
