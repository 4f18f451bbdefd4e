import type { Cents } from '../kernel/money';
import type { PositionState } from '../positions/domain/position.state';
import type { Bilancio } from '../positions/domain/position.types';
import { italianDay } from '../../projections/statistics/statistics.contributions';

/**
 * What an accertamento needs to know about a payment, read from its position stream (the write side, so a payment
 * just cashed can be added at once). Dates follow the statistics' rules, so a closed accertamento's amounts fall
 * on the same days as the ente's totals: data esito is the Italian day of the paying receipt, data regolamento
 * the earliest FR row that is not a revocation (esito 3), data valuta the earliest treasury movement.
 */
export interface PaymentFacts {
  readonly iud: string;
  readonly iuv: string;
  readonly iur?: string;
  readonly tipoDovuto: string;
  /**
   * The ente's own share of what was paid: the paying receipt's amount less what goes to an ente secondario.
   * That is what the ente's capitoli receive; the bilancio of a position sums to it too. Unpaid: what it is owed.
   */
  readonly importo: Cents;
  readonly paid: boolean;
  readonly reported: boolean;
  readonly cashed: boolean;
  readonly dataEsito?: string;
  readonly dataRegolamento?: string;
  readonly dataValuta?: string;
  readonly bilancio?: Bilancio;
  /** The closed accertamento the position was already assessed in, if any. */
  readonly assessedIn?: string;
}

const earliest = (dates: readonly string[]): string | undefined => (dates.length === 0 ? undefined : [...dates].sort()[0]);

export function paymentFacts(s: PositionState): PaymentFacts | undefined {
  const p = s.position;
  if (p === null) return undefined;
  const paying = s.receipts.find((r) => r.receiptId === s.paidBy);
  const dataEsito = paying ? (italianDay(paying.paymentDateTime) ?? italianDay(paying.at)) : undefined;
  const dataRegolamento = earliest(s.reports.filter((r) => r.esito !== '3').map((r) => r.dataRegolamento));
  const dataValuta = earliest(s.cashings.map((c) => c.dataValuta));
  const share = paying ? paying.amount - (p.secondario?.importo ?? 0) : p.importo;
  return {
    iud: p.iud,
    iuv: p.iuv,
    ...(s.paidBy !== undefined && { iur: s.paidBy }),
    tipoDovuto: p.tipoDovuto,
    importo: share,
    paid: s.paid,
    reported: s.reported,
    cashed: s.cashed,
    ...(dataEsito !== undefined && { dataEsito }),
    ...(dataRegolamento !== undefined && { dataRegolamento }),
    ...(dataValuta !== undefined && { dataValuta }),
    ...(p.bilancio && { bilancio: p.bilancio }),
    ...(s.accertamento && { assessedIn: s.accertamento.accertamentoId }),
  };
}
