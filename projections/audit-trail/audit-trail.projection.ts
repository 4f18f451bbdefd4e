import type { RecordedEvent } from '../../src/kernel/events';
import type { Projection } from '../../src/read-store/projection';
import { asPositionEvent, POSITION_EVENT_TYPES, positionKey, positionRef } from '../common/position-events';
import { toUtcIso } from '../common/rome-time';
import type { AuditEntry } from './audit-trail.entry';
import { channelOfActor, describePositionEvent } from './audit-trail.describe';
import { AUDIT_TRAIL_COLLECTION, auditTrailReadModel } from './audit-trail.read-model';

const entryId = (event: RecordedEvent): string => {
  const { codIpa, iud } = positionRef(event);
  return `${positionKey(codIpa, iud)}|${event.revision}`;
};

/**
 * Each entry is a function of its event alone, so a redelivered event writes the same entry again; an entry
 * that already exists is left alone all the same, which spares the write.
 */
export const auditTrailProjection: Projection<AuditEntry> = {
  name: 'audit-trail',
  version: 1,
  weight: 3, // one document per event
  background: true,
  readModels: [auditTrailReadModel],
  handles: POSITION_EVENT_TYPES,
  keys: (event) => [{ collection: AUDIT_TRAIL_COLLECTION, id: entryId(event) }],
  evolve(_collection, doc, recorded) {
    if (doc !== undefined) return undefined;
    const event = asPositionEvent(recorded);
    const { codIpa, iud } = positionRef(recorded);
    const actor = typeof recorded.metadata.actor === 'string' ? recorded.metadata.actor : 'sconosciuto';
    const { channel, ...words } = describePositionEvent(event, actor);
    const metaChannel = typeof recorded.metadata.channel === 'string' ? recorded.metadata.channel : undefined;
    const via = channel ?? metaChannel ?? channelOfActor(actor);
    return {
      id: entryId(recorded),
      codIpa,
      iud,
      positionKey: positionKey(codIpa, iud),
      revision: Number(recorded.revision),
      at: toUtcIso(event.data.at ?? recorded.metadata.occurredAt),
      ...words,
      actor,
      ...(via !== undefined && { channel: via }),
      eventId: recorded.id,
      eventType: recorded.type,
      eventPosition: recorded.position.toString(),
      correlationId: recorded.metadata.correlationId,
    };
  },
};
