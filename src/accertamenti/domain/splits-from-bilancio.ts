import type { Bilancio } from '../../positions/domain/position.types';
import type { PaymentSplit } from './accertamento.commands';

/**
 * The assignment the reconciliation view proposes when an operator adds a payment: the position's own bilancio,
 * line by line. A line without ufficio keeps an empty codUfficio for the operator to fill (AddPayment refuses it
 * as it is); a position without bilancio proposes nothing. The operator may change any line before adding.
 */
export function splitsFromBilancio(bilancio: Bilancio | undefined): PaymentSplit[] {
  return (bilancio?.capitoli ?? []).map((c) => ({
    codUfficio: c.codUfficio ?? '',
    codCapitolo: c.codCapitolo,
    ...(c.codAccertamento !== undefined && { codAccertamento: c.codAccertamento }),
    importo: c.importo,
  }));
}
