import { POSITIONS_COLLECTION } from '../../../projections/positions/positions.read-model';
import type { PositionDoc } from '../../../projections/positions/positions.document';
import { centsToEuros } from '../../kernel/money';
import type { ReadStore } from '../../read-store/read-store.port';

const PAID_STATES = ['paid', 'reported', 'cashed', 'reconciled', 'assessed'];
const PAGE = 1000;

export interface PaymentAnomaly {
  iud: string;
  iuv: string;
  numeroAvviso: string;
  anomalia: 'PAGAMENTO_DOPPIO';
  importoDovuto: string;
  /** The receipt that paid the position. */
  ricevutaPagamento: string | undefined;
  pagamentiDoppi: { receiptId: string; importo: string; idPSP: string; ricevutoIl: string }[];
}

/**
 * Dovuti paid twice, read from the positions read model. The model has no indexed "duplicates" field, so the
 * ente's paid dovuti are scanned page by page (an index on a duplicate count in that projection would make this
 * a direct query; asked of its owner).
 */
export async function listPaymentAnomalies(store: ReadStore, codIpa: string): Promise<{ items: PaymentAnomaly[]; total: number }> {
  const items: PaymentAnomaly[] = [];
  for (let skip = 0; ; skip += PAGE) {
    const page = await store.find<PositionDoc>(POSITIONS_COLLECTION, { filter: { codIpa, stato: { $in: PAID_STATES } }, sort: [['iud', 1]], skip, limit: PAGE });
    for (const d of page.items) {
      if (!d.duplicates || d.duplicates.length === 0) continue;
      items.push({
        iud: d.iud,
        iuv: d.iuv,
        numeroAvviso: d.numeroAvviso,
        anomalia: 'PAGAMENTO_DOPPIO',
        importoDovuto: centsToEuros(d.importoTotale),
        ricevutaPagamento: d.paidBy,
        pagamentiDoppi: d.duplicates.map((x) => ({ receiptId: x.receiptId, importo: centsToEuros(x.amount), idPSP: x.idPSP, ricevutoIl: x.at })),
      });
    }
    if (page.items.length < PAGE) break;
  }
  return { items, total: items.length };
}
