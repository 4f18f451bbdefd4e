import type { AccertamentoPayment } from '../../src/accertamenti/domain/accertamento.events';
import type { AccertamentoStatus } from '../../src/accertamenti/domain/accertamento.state';
import type { Cents } from '../../src/kernel/money';
import type { ReadModelDefinition } from '../../src/read-store/read-store.port';

/** One document per accertamento: what the list and the detail page show. */
export const ACCERTAMENTI = 'accertamenti';
/**
 * One document per payment in an accertamento: answers "is this payment already in a closed accertamento?" by an
 * indexed lookup, and joins the positions read model for the payments that can still be added.
 */
export const ACCERTAMENTO_PAYMENTS = 'accertamento_payments';

export interface AccertamentoDoc {
  /** `${codIpa}|${accertamentoId}` */
  id: string;
  codIpa: string;
  accertamentoId: string;
  codTipoDovuto: string;
  anno: number;
  descrizione: string;
  /** Lower-case id and description: what the list's free-text filter looks in. */
  searchText: string;
  stato: Exclude<AccertamentoStatus, 'NONE'>;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  cancelledAt?: string;
  motivoAnnullamento?: string;
  numeroPagamenti: number;
  totale: Cents;
  /** In the order they were added. */
  pagamenti: AccertamentoPayment[];
  lastPosition: string;
}

export interface AccertamentoPaymentDoc {
  /** `${accertamentoId}|${paymentKey}`: accertamentoId holds no '|', so the first one splits it. */
  id: string;
  codIpa: string;
  iud: string;
  /** `${codIpa}|${iud}`, as the positions read model keys the dovuto. */
  paymentKey: string;
  accertamentoId: string;
  /** True once the accertamento is closed: the payment is then assessed and cannot go into another one. */
  chiuso: boolean;
  lastPosition: string;
}

export const accertamentoKey = (codIpa: string, accertamentoId: string): string => `${codIpa}|${accertamentoId}`;
export const accertamentoPaymentKey = (accertamentoId: string, paymentKey: string): string => `${accertamentoId}|${paymentKey}`;

export const accertamentiModel: ReadModelDefinition = {
  collection: ACCERTAMENTI,
  key: 'id',
  fields: { codIpa: 'string', accertamentoId: 'string', codTipoDovuto: 'string', anno: 'number', stato: 'string', createdAt: 'date' },
  indexes: [{ fields: [['codIpa', 1], ['createdAt', -1]] }, { fields: [['codIpa', 1], ['anno', 1], ['codTipoDovuto', 1]] }, { fields: [['codIpa', 1], ['stato', 1]] }],
};

export const accertamentoPaymentsModel: ReadModelDefinition = {
  collection: ACCERTAMENTO_PAYMENTS,
  key: 'id',
  fields: { codIpa: 'string', iud: 'string', paymentKey: 'string', accertamentoId: 'string', chiuso: 'boolean' },
  indexes: [{ fields: [['paymentKey', 1], ['chiuso', 1]] }, { fields: [['codIpa', 1], ['chiuso', 1]] }],
};
