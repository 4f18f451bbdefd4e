import type { Cents } from '../kernel/money';

/** What the simulated Node remembers of a payment it completed: what the end-of-day files are made of. */
export interface SimulatedPayment {
  noticeNumber: string;
  iuv: string;
  /** Fiscal code of the ente that issued the notice. */
  fiscalCode: string;
  companyName: string;
  receiptId: string;
  outcome: 'OK' | 'KO';
  amount: Cents;
  idPSP: string;
  /** YYYY-MM-DD, the day the PSP collected the money (Italian time). */
  paymentDate: string;
  paymentDateTime: string;
  transfers: { idTransfer: number; amount: Cents; fiscalCodePA: string; companyName?: string }[];
}

/** Station coordinates of an ente, as the Node has them configured. */
export interface EnteStation {
  cfEnte: string;
  idIntermediario: string;
  idStazione: string;
}
