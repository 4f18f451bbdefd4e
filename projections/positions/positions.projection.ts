import type { RecordedEvent } from '../../src/kernel/events';
import { withFields } from '../../src/kernel/with-fields';
import { evolvePosition, initialPositionState } from '../../src/positions/domain/position.state';
import type { Projection } from '../../src/read-store/projection';
import { asPositionEvent, POSITION_EVENT_TYPES, positionKey, positionRef } from '../common/position-events';
import { toUtcIso } from '../common/rome-time';
import { alreadyApplied } from '../common/stale';
import { docOfState, stateOfDoc, type PositionDoc } from './positions.document';
import { POSITIONS_COLLECTION, positionsReadModel } from './positions.read-model';

/** paymentDateTime of the receipt that paid, or when it was recorded if the receipt gives none (some RT 6.2 do not). */
function paidAtOf(doc: Pick<PositionDoc, 'paidBy' | 'receipts'>): string | undefined {
  if (doc.paidBy === undefined) return undefined;
  const receipt = doc.receipts.find((r) => r.receiptId === doc.paidBy);
  return receipt && toUtcIso(receipt.paymentDateTime ?? receipt.at);
}

export const positionsProjection: Projection<PositionDoc> = {
  name: 'positions',
  version: 2, // 2: the stato + due-date index also holds the sort fields
  weight: 4, // twelve indexes and the whole dovuto per event
  readModels: [positionsReadModel],
  handles: POSITION_EVENT_TYPES,
  keys(event) {
    const { codIpa, iud } = positionRef(event);
    return [{ collection: POSITIONS_COLLECTION, id: positionKey(codIpa, iud) }];
  },
  evolve(_collection, doc, recorded: RecordedEvent) {
    if (alreadyApplied(doc, recorded)) return undefined;
    const event = asPositionEvent(recorded);
    // A stream starts with PositionCreated; anything else without a document is not a position we know.
    if (doc === undefined && event.type !== 'PositionCreated') return undefined;
    const state = evolvePosition(doc ? stateOfDoc(doc) : initialPositionState, event);
    const at = toUtcIso(event.data.at);
    const cancelReason = event.type === 'PositionCancelled' ? event.data.reason : doc?.cancelReason;
    const next = docOfState(state, {
      createdAt: doc?.createdAt ?? at,
      updatedAt: at,
      revision: Number(recorded.revision),
      lastPosition: recorded.position.toString(),
      ...(cancelReason !== undefined && { cancelReason }),
    });
    const paidAt = paidAtOf(next);
    return paidAt === undefined ? next : withFields(next, { paidAt });
  },
};
