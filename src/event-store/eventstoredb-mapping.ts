import { ANY, NO_STREAM, START, STREAM_EXISTS } from '@eventstore/db-client';
import type { AppendExpectedRevision, CurrentRevision, EventData, Position, ReadPosition } from '@eventstore/db-client';
import type { EventMetadata, NewEvent, RecordedEvent } from '../kernel/events';
import type { ExpectedRevision } from './event-store.port';

/**
 * Translation between the port and @eventstore/db-client, kept free of I/O so it can be tested without a server.
 *
 * Positions: an EventStoreDB global position is a pair (commit, prepare) of byte offsets in its transaction log.
 * The port's `position` is the commit position alone. Every append through the gRPC API (all that Quadra writes)
 * is committed record by record, so each of its events has commit = prepare and a commit position of its own;
 * only events of a legacy explicit transaction (the old TCP API) share one commit position, and the commit-only
 * view treats those as a single step of the log.
 * `after` (exclusive) is resolved to the log position (after, after): an event position, since checkpoints are
 * always positions of delivered events; reads start there and drop every event whose commit position is <= after.
 */

/** Offsets from 2^63 up are how the server says "no position" (-1 as an unsigned 64-bit number). */
const NO_POSITION_FROM = 1n << 63n;

export function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return expected === -1n ? NO_STREAM : expected;
  }
}

export const fromEsdbCurrent = (current: CurrentRevision): bigint | 'no_stream' => (current === NO_STREAM ? 'no_stream' : current);

/** Where a read of $all starts for an exclusive `after`; START for "from the beginning". */
export const readPositionAfter = (after: bigint | undefined): ReadPosition =>
  after === undefined || after <= 0n ? START : { commit: after, prepare: after };

/** The port's position of an event: its commit position, or -1n where the server did not send one. */
export const commitPositionOf = (position: Position | undefined): bigint =>
  position === undefined || position.commit < 0n || position.commit >= NO_POSITION_FROM ? -1n : position.commit;

export const isValidPosition = (position: Position | undefined): position is Position => commitPositionOf(position) >= 0n;

/** True when `p` comes after `q` in the transaction log. */
export const isAfter = (p: Position, q: Position): boolean => p.commit > q.commit || (p.commit === q.commit && p.prepare > q.prepare);

/** EventStoreDB's own events ($metadata, $>, $statsCollected...) and system streams are not part of Quadra's log. */
export const isSystemEvent = (e: { type: string; streamId: string }): boolean => e.type.startsWith('$') || e.streamId.startsWith('$');

export function toEventData(event: NewEvent): EventData {
  return {
    id: event.id.toLowerCase(),
    contentType: 'application/json',
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: event.metadata as Record<string, unknown>,
  } as EventData;
}

/** The fields of a client RecordedEvent that we read (both the stream and the $all flavour have them). */
export interface EsdbRecord {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
  created: Date;
  position?: Position;
}

/** JSON written by another producer as binary still reads as JSON; anything else is returned as it came. */
function decodeJson(value: unknown): unknown {
  if (!(value instanceof Uint8Array)) return value;
  const text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return value;
  }
}

export function fromEsdbRecord(e: EsdbRecord): RecordedEvent {
  const metadata = decodeJson(e.metadata);
  return {
    id: e.id,
    streamId: e.streamId,
    revision: e.revision,
    type: e.type,
    data: decodeJson(e.data),
    metadata: (metadata && typeof metadata === 'object' && !(metadata instanceof Uint8Array) ? metadata : {}) as EventMetadata,
    position: commitPositionOf(e.position),
    recordedAt: e.created.toISOString(),
  };
}
