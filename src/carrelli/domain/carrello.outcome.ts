import type { PositionStatus } from '../../positions/domain/position.state';
import type { CarrelloOutcomeRecorded } from './carrello.events';

export type CarrelloEsito = 'OK' | 'KO' | 'IN_CORSO';

const PAID: readonly string[] = ['paid', 'reported', 'cashed', 'reconciled', 'assessed'];
export const isPaidStatus = (s: PositionStatus | 'absent'): boolean => PAID.includes(s);

/**
 * The recorded outcome when the checkout sent one; otherwise what the items say: all paid is OK, an item that can
 * no longer be paid (cancelled, expired, gone) is KO, anything else is still in progress.
 */
export function carrelloOutcome(recorded: CarrelloOutcomeRecorded['data'] | undefined, itemStatuses: readonly (PositionStatus | 'absent')[]): { esito: CarrelloEsito; registrato: boolean } {
  if (recorded) return { esito: recorded.outcome, registrato: true };
  if (itemStatuses.length > 0 && itemStatuses.every(isPaidStatus)) return { esito: 'OK', registrato: false };
  if (itemStatuses.some((s) => s === 'cancelled' || s === 'expired' || s === 'absent')) return { esito: 'KO', registrato: false };
  return { esito: 'IN_CORSO', registrato: false };
}
