import type { NewEvent } from '../kernel/events';
import { invalid } from '../kernel/errors';
import type { ExpectedRevision } from './event-store.port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Both adapters accept exactly the same appends, so code that works on the embedded SQLite store
 * does not start failing on EventStoreDB: event ids are UUIDs (EventStoreDB requires them) and
 * `$`-prefixed streams and types are refused because EventStoreDB reserves them for system data
 * and the global log of that adapter leaves them out.
 */
export function assertAppendable(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw invalid('INVALID_STREAM_ID', 'streamId', 'streamId must be a non-empty string');
  }
  if (streamId.startsWith('$')) {
    throw invalid('INVALID_STREAM_ID', 'streamId', `stream "${streamId}": names starting with "$" are reserved for system streams`);
  }
  if (typeof expected === 'bigint') {
    if (expected < -1n) throw invalid('INVALID_EXPECTED_REVISION', 'expectedRevision', `stream ${streamId}: expected revision ${expected} is negative`);
  } else if (expected !== 'no_stream' && expected !== 'stream_exists' && expected !== 'any') {
    throw invalid('INVALID_EXPECTED_REVISION', 'expectedRevision', `stream ${streamId}: expected revision ${String(expected)} is not no_stream, stream_exists, any or a revision`);
  }
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (typeof e.id !== 'string' || !UUID.test(e.id)) {
      throw invalid('INVALID_EVENT_ID', 'id', `stream ${streamId}, event ${i}: id "${String(e.id)}" is not a UUID`);
    }
    if (typeof e.type !== 'string' || e.type.length === 0 || e.type.startsWith('$')) {
      throw invalid('INVALID_EVENT_TYPE', 'type', `stream ${streamId}, event ${i}: type "${String(e.type)}" must be a non-empty name not starting with "$"`);
    }
  }
}

/** -1n is what AppendResult reports for an empty stream; accepting it back as "no stream" keeps round trips simple. */
export const normalizeExpected = (expected: ExpectedRevision): ExpectedRevision => (expected === -1n ? 'no_stream' : expected);

/** `current` is the revision of the stream's last event, or 'no_stream'. */
export function matchesExpected(expected: ExpectedRevision, current: bigint | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === 'no_stream';
    case 'stream_exists':
      return current !== 'no_stream';
    default:
      return current === expected;
  }
}

/** JSON text of an event's data or metadata; refuses what JSON cannot hold instead of storing a mangled value. */
export function toJson(value: unknown, streamId: string, eventId: string, field: 'data' | 'metadata'): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw invalid('EVENT_NOT_SERIALIZABLE', field, `stream ${streamId}, event ${eventId}: ${field} cannot be written as JSON (${(err as Error).message})`);
  }
  if (text === undefined) throw invalid('EVENT_NOT_SERIALIZABLE', field, `stream ${streamId}, event ${eventId}: ${field} is missing or not a JSON value`);
  return text;
}
