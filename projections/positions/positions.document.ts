import type { Cents } from '../../src/kernel/money';
import type { PositionState, PositionStatus } from '../../src/positions/domain/position.state';
import type { Bilancio, EnteSecondario, Payer, Position } from '../../src/positions/domain/position.types';

/**
 * A dovuto in the `positions` read model. It holds everything PositionState holds, so the projection can rebuild
 * the state, fold the next event with the write side's own evolvePosition, and never restate the status rules;
 * plus the flat fields queries filter on. Amounts are integer cents; the queries turn them into euro strings.
 */
export interface PositionDoc {
  /** `${codIpa}|${iud}` */
  id: string;
  codIpa: string;
  iud: string;
  iuv: string;
  numeroAvviso: string;
  /** codiceIdentificativo of the payer, upper case. */
  payerId: string;
  /** anagrafica in lower case, for prefix search. */
  payerName: string;
  payer: Payer;
  stato: PositionStatus;
  tipoDovuto: string;
  dataScadenza?: string;
  causale: string;
  datiSpecificiRiscossione: string;
  /** The ente's share, cents. */
  importo: Cents;
  /** What the payer pays: importo + the ente secondario's share. */
  importoTotale: Cents;
  bilancio?: Bilancio;
  commissioneCaricoPa?: Cents;
  secondario?: EnteSecondario;
  /** UTC ISO instants. */
  createdAt: string;
  updatedAt: string;
  /** paymentDateTime of the receipt that paid the position (its recording time if the receipt has none). */
  paidAt?: string;
  cancelled: boolean;
  cancelledAt?: string;
  cancelReason?: string;
  expired: boolean;
  paymentPending: boolean;
  paymentRequests: PositionState['paymentRequests'];
  paid: boolean;
  paidBy?: string;
  receipts: PositionState['receipts'];
  duplicates: PositionState['duplicates'];
  reported: boolean;
  reports: PositionState['reports'];
  cashed: boolean;
  cashings: PositionState['cashings'];
  reconciled: boolean;
  reconciliationCodes: PositionState['reconciliationCodes'];
  assessed: boolean;
  accertamento?: { accertamentoId: string; anno: number };
  /** Revision of the last event of the position stream applied (an If-Match value for the gestionale). */
  revision: number;
  /** Global log position of that event, as text. */
  lastPosition: string;
}

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));

/** Every key of the state, the optional ones undefined, in initialPositionState's order: one hidden class for all. */
export function stateOfDoc(doc: PositionDoc): PositionState {
  const position: Position = {
    codIpa: doc.codIpa,
    iud: doc.iud,
    iuv: doc.iuv,
    numeroAvviso: doc.numeroAvviso,
    payer: doc.payer,
    importo: doc.importo,
    ...optional('dataScadenza', doc.dataScadenza),
    tipoDovuto: doc.tipoDovuto,
    causale: doc.causale,
    datiSpecificiRiscossione: doc.datiSpecificiRiscossione,
    ...optional('bilancio', doc.bilancio),
    ...optional('commissioneCaricoPa', doc.commissioneCaricoPa),
    ...optional('secondario', doc.secondario),
  };
  return {
    position,
    status: doc.stato,
    cancelled: doc.cancelled,
    cancelledAt: doc.cancelledAt,
    expired: doc.expired,
    paymentPending: doc.paymentPending,
    paymentRequests: doc.paymentRequests,
    paid: doc.paid,
    paidBy: doc.paidBy,
    receipts: doc.receipts,
    duplicates: doc.duplicates,
    reported: doc.reported,
    reports: doc.reports,
    cashed: doc.cashed,
    cashings: doc.cashings,
    reconciled: doc.reconciled,
    reconciliationCodes: doc.reconciliationCodes,
    assessed: doc.assessed,
    accertamento: doc.accertamento,
  };
}

/** The state after an event, with what the state does not keep: times, the cancellation reason, the log position. */
export interface DocExtras {
  createdAt: string;
  updatedAt: string;
  paidAt?: string;
  cancelReason?: string;
  revision: number;
  lastPosition: string;
}

export function docOfState(s: PositionState, extras: DocExtras): PositionDoc {
  const p = s.position;
  if (p === null || s.status === 'absent') throw new Error('a position document needs a created position');
  return {
    id: `${p.codIpa}|${p.iud}`,
    codIpa: p.codIpa,
    iud: p.iud,
    iuv: p.iuv,
    numeroAvviso: p.numeroAvviso,
    payerId: p.payer.codiceIdentificativo.trim().toUpperCase(),
    payerName: p.payer.anagrafica.trim().toLowerCase(),
    payer: p.payer,
    stato: s.status,
    tipoDovuto: p.tipoDovuto,
    ...optional('dataScadenza', p.dataScadenza),
    causale: p.causale,
    datiSpecificiRiscossione: p.datiSpecificiRiscossione,
    importo: p.importo,
    importoTotale: p.importo + (p.secondario?.importo ?? 0),
    ...optional('bilancio', p.bilancio),
    ...optional('commissioneCaricoPa', p.commissioneCaricoPa),
    ...optional('secondario', p.secondario),
    createdAt: extras.createdAt,
    updatedAt: extras.updatedAt,
    ...optional('paidAt', extras.paidAt),
    cancelled: s.cancelled,
    ...optional('cancelledAt', s.cancelledAt),
    ...optional('cancelReason', extras.cancelReason),
    expired: s.expired,
    paymentPending: s.paymentPending,
    paymentRequests: s.paymentRequests,
    paid: s.paid,
    ...optional('paidBy', s.paidBy),
    receipts: s.receipts,
    duplicates: s.duplicates,
    reported: s.reported,
    reports: s.reports,
    cashed: s.cashed,
    cashings: s.cashings,
    reconciled: s.reconciled,
    reconciliationCodes: s.reconciliationCodes,
    assessed: s.assessed,
    ...optional('accertamento', s.accertamento),
    revision: extras.revision,
    lastPosition: extras.lastPosition,
  };
}
