import { centsToEuros } from '../../src/kernel/money';
import type { PositionStatus } from '../../src/positions/domain/position.state';
import type { Capitolo, EnteSecondario, EsitoRendicontazione, Payer, PaymentChannel } from '../../src/positions/domain/position.types';
import type { PositionDoc } from './positions.document';

/** Amounts as pagoPA and the API write them: euro strings with two decimals ("147.92"), never floats. */
export type Euros = string;

/** A dovuto as queries return it. */
export interface PositionView {
  id: string;
  codIpa: string;
  iud: string;
  iuv: string;
  numeroAvviso: string;
  payerId: string;
  payer: Payer;
  stato: PositionStatus;
  tipoDovuto: string;
  dataScadenza?: string;
  causale: string;
  datiSpecificiRiscossione: string;
  importo: Euros;
  importoTotale: Euros;
  bilancio?: { capitoli: (Omit<Capitolo, 'importo'> & { importo: Euros })[] };
  commissioneCaricoPa?: Euros;
  secondario?: Omit<EnteSecondario, 'importo'> & { importo: Euros };
  createdAt: string;
  updatedAt: string;
  paidAt?: string;
  cancelled: boolean;
  cancelledAt?: string;
  cancelReason?: string;
  expired: boolean;
  paymentPending: boolean;
  paymentRequests: { channel: PaymentChannel; paymentToken?: string; at: string }[];
  paid: boolean;
  paidBy?: string;
  reported: boolean;
  cashed: boolean;
  reconciled: boolean;
  assessed: boolean;
  receipts: { receiptId: string; outcome: 'OK' | 'KO'; amount: Euros; idPSP: string; paymentDateTime?: string; at: string; amountMismatch: boolean }[];
  duplicates: { receiptId: string; amount: Euros; idPSP: string; at: string }[];
  reports: { iuf: string; rowIndex: number; esito: EsitoRendicontazione; amount: Euros; dataRegolamento: string }[];
  cashings: { movementId: string; amount: Euros; dataValuta: string }[];
  reconciliationCodes: string[];
  accertamento?: { accertamentoId: string; anno: number };
  revision: number;
  lastPosition: string;
}

export function toPositionView(doc: PositionDoc): PositionView {
  // payerName is a search aid of the document, not something a client reads.
  const { payerName: _n, bilancio: _b, commissioneCaricoPa: _cp, secondario: _s, ...rest } = doc;
  return {
    ...rest,
    importo: centsToEuros(doc.importo),
    importoTotale: centsToEuros(doc.importoTotale),
    ...(doc.bilancio && { bilancio: { capitoli: doc.bilancio.capitoli.map((c) => ({ ...c, importo: centsToEuros(c.importo) })) } }),
    ...(doc.commissioneCaricoPa !== undefined && { commissioneCaricoPa: centsToEuros(doc.commissioneCaricoPa) }),
    ...(doc.secondario && { secondario: { ...doc.secondario, importo: centsToEuros(doc.secondario.importo) } }),
    paymentRequests: doc.paymentRequests.map((r) => ({ ...r })),
    receipts: doc.receipts.map((r) => ({ ...r, amount: centsToEuros(r.amount) })),
    duplicates: doc.duplicates.map((d) => ({ ...d, amount: centsToEuros(d.amount) })),
    reports: doc.reports.map((r) => ({ ...r, amount: centsToEuros(r.amount) })),
    cashings: doc.cashings.map((c) => ({ ...c, amount: centsToEuros(c.amount) })),
    reconciliationCodes: [...doc.reconciliationCodes],
  };
}
