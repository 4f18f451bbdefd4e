import type {
  AccertamentoCancelled,
  AccertamentoClosed,
  AccertamentoCreated,
  AccertamentoPaymentAdded,
  AccertamentoPaymentRemoved,
} from '../../src/accertamenti/domain/accertamento.events';
import type { RecordedEvent } from '../../src/kernel/events';
import type { DocumentKey, Projection } from '../../src/read-store/projection';
import {
  ACCERTAMENTI,
  ACCERTAMENTO_PAYMENTS,
  accertamentiModel,
  accertamentoKey,
  accertamentoPaymentKey,
  accertamentoPaymentsModel,
  type AccertamentoDoc,
  type AccertamentoPaymentDoc,
} from './accertamenti.read-model';

/**
 * The `accertamenti` read model. Every payment document is created by the one event that names it
 * (AccertamentoPaymentAdded), so evolve always knows which document it builds; closing only updates documents that
 * exist. A cancelled accertamento's payment documents stay with chiuso false: they never block anything.
 * Each document keeps the log position of the last event applied and ignores an event at or before it.
 */
type Doc = AccertamentoDoc | AccertamentoPaymentDoc;

export const ACCERTAMENTI_EVENTS = ['AccertamentoCreated', 'AccertamentoPaymentAdded', 'AccertamentoPaymentRemoved', 'AccertamentoClosed', 'AccertamentoCancelled'] as const;

const header = (event: RecordedEvent) => {
  const d = event.data as { accertamentoId?: string; id?: string; codIpa: string };
  return accertamentoKey(d.codIpa, d.accertamentoId ?? d.id ?? '');
};

function keys(event: RecordedEvent): DocumentKey[] {
  const out: DocumentKey[] = [{ collection: ACCERTAMENTI, id: header(event) }];
  switch (event.type) {
    case 'AccertamentoPaymentAdded': {
      const d = event.data as AccertamentoPaymentAdded['data'];
      out.push({ collection: ACCERTAMENTO_PAYMENTS, id: accertamentoPaymentKey(d.accertamentoId, d.payment.paymentKey) });
      break;
    }
    case 'AccertamentoPaymentRemoved': {
      const d = event.data as AccertamentoPaymentRemoved['data'];
      out.push({ collection: ACCERTAMENTO_PAYMENTS, id: accertamentoPaymentKey(d.accertamentoId, d.paymentKey) });
      break;
    }
    case 'AccertamentoClosed': {
      const d = event.data as AccertamentoClosed['data'];
      for (const k of d.paymentKeys) out.push({ collection: ACCERTAMENTO_PAYMENTS, id: accertamentoPaymentKey(d.accertamentoId, k) });
      break;
    }
  }
  return out;
}

function evolveHeader(doc: AccertamentoDoc | undefined, event: RecordedEvent): AccertamentoDoc | undefined {
  const lastPosition = event.position.toString();
  if (event.type === 'AccertamentoCreated') {
    if (doc) return undefined;
    const d = event.data as AccertamentoCreated['data'];
    return {
      id: accertamentoKey(d.codIpa, d.id),
      codIpa: d.codIpa,
      accertamentoId: d.id,
      codTipoDovuto: d.codTipoDovuto,
      anno: d.anno,
      descrizione: d.descrizione,
      searchText: `${d.id} ${d.descrizione}`.toLowerCase(),
      stato: 'APERTO',
      createdAt: d.at,
      updatedAt: d.at,
      numeroPagamenti: 0,
      totale: 0,
      pagamenti: [],
      lastPosition,
    };
  }
  if (!doc) return undefined;
  const totals = (pagamenti: AccertamentoDoc['pagamenti']) => ({ pagamenti, numeroPagamenti: pagamenti.length, totale: pagamenti.reduce((s, p) => s + p.importo, 0) });
  switch (event.type) {
    case 'AccertamentoPaymentAdded': {
      const d = event.data as AccertamentoPaymentAdded['data'];
      const others = doc.pagamenti.filter((p) => p.paymentKey !== d.payment.paymentKey);
      return { ...doc, ...totals([...others, d.payment]), updatedAt: d.at, lastPosition };
    }
    case 'AccertamentoPaymentRemoved': {
      const d = event.data as AccertamentoPaymentRemoved['data'];
      return { ...doc, ...totals(doc.pagamenti.filter((p) => p.paymentKey !== d.paymentKey)), updatedAt: d.at, lastPosition };
    }
    case 'AccertamentoClosed': {
      const d = event.data as AccertamentoClosed['data'];
      // The closing event lists the final payments: the document ends exactly as the write side decided.
      return { ...doc, ...totals([...d.payments]), stato: 'CHIUSO', closedAt: d.at, updatedAt: d.at, lastPosition };
    }
    case 'AccertamentoCancelled': {
      const d = event.data as AccertamentoCancelled['data'];
      return { ...doc, stato: 'ANNULLATO', cancelledAt: d.at, ...(d.reason !== undefined && { motivoAnnullamento: d.reason }), updatedAt: d.at, lastPosition };
    }
    default:
      return undefined;
  }
}

function evolvePayment(doc: AccertamentoPaymentDoc | undefined, event: RecordedEvent): AccertamentoPaymentDoc | null | undefined {
  const lastPosition = event.position.toString();
  switch (event.type) {
    case 'AccertamentoPaymentAdded': {
      const d = event.data as AccertamentoPaymentAdded['data'];
      const p = d.payment;
      return { id: accertamentoPaymentKey(d.accertamentoId, p.paymentKey), codIpa: d.codIpa, iud: p.iud, paymentKey: p.paymentKey, accertamentoId: d.accertamentoId, chiuso: false, lastPosition };
    }
    case 'AccertamentoPaymentRemoved':
      return doc ? null : undefined;
    case 'AccertamentoClosed':
      return doc ? { ...doc, chiuso: true, lastPosition } : undefined;
    default:
      return undefined;
  }
}

export const accertamentiProjection: Projection<Doc> = {
  name: 'accertamenti',
  version: 1,
  background: true,
  readModels: [accertamentiModel, accertamentoPaymentsModel],
  handles: ACCERTAMENTI_EVENTS,
  keys,
  evolve(collection, doc, event) {
    if (doc !== undefined && BigInt(doc.lastPosition) >= event.position) return undefined;
    if (collection === ACCERTAMENTI) return evolveHeader(doc as AccertamentoDoc | undefined, event);
    if (collection === ACCERTAMENTO_PAYMENTS) return evolvePayment(doc as AccertamentoPaymentDoc | undefined, event);
    return undefined;
  },
};
