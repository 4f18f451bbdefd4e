import type { RecordedEvent } from '../../src/kernel/events';

/**
 * Documents remember the log position of the last event they applied (as a string: documents hold no bigint).
 * An event at or before it is a redelivery and changes nothing, which makes evolve idempotent on its own,
 * whatever the runner guarantees.
 */
export const alreadyApplied = (doc: { lastPosition?: string } | undefined, event: RecordedEvent): boolean =>
  doc?.lastPosition !== undefined && BigInt(doc.lastPosition) >= event.position;
