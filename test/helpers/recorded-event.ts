import { ENTE_EVENT_VERSIONS, enteStreamId } from '../../src/enti/domain/ente.events';
import type { DomainEvent } from '../../src/kernel/decider';
import type { EventMetadata, RecordedEvent } from '../../src/kernel/events';
import { POSITION_EVENT_VERSIONS } from '../../src/positions/domain/position.events';
import { positionStreamId } from '../../src/positions/domain/position.streams';

const positionTypes: ReadonlySet<string> = new Set(Object.keys(POSITION_EVENT_VERSIONS));
const enteTypes: ReadonlySet<string> = new Set(Object.keys(ENTE_EVENT_VERSIONS));

/** The stream a domain event belongs to, as the write side names it. */
export function streamIdOf(event: DomainEvent): string {
  const d = event.data as { codIpa?: string; iud?: string };
  if (positionTypes.has(event.type) && d.codIpa !== undefined && d.iud !== undefined) return positionStreamId(d.codIpa, d.iud);
  if (enteTypes.has(event.type) && d.codIpa !== undefined) return enteStreamId(d.codIpa);
  return `test-${event.type}`;
}

/**
 * A global log for projection tests: each appended domain event gets the next log position and the next
 * revision of its own stream, so several positions and enti interleave as they would in the store.
 * occurredAt defaults to the event's `at` (what the command's clock said).
 */
export class TestEventLog {
  readonly events: RecordedEvent[] = [];
  private position: bigint;
  private readonly revisions = new Map<string, bigint>();

  constructor(firstPosition = 1n) {
    this.position = firstPosition - 1n;
  }

  append(event: DomainEvent, metadata: Partial<EventMetadata> = {}): RecordedEvent {
    this.position += 1n;
    const streamId = streamIdOf(event);
    const revision = this.revisions.get(streamId) ?? 0n;
    this.revisions.set(streamId, revision + 1n);
    const at = (event.data as { at?: string }).at ?? '2024-05-01T10:00:00.000Z';
    const recorded: RecordedEvent = {
      id: `00000000-0000-4000-8000-${this.position.toString().padStart(12, '0')}`,
      type: event.type,
      data: event.data,
      streamId,
      revision,
      position: this.position,
      recordedAt: at,
      metadata: { correlationId: `corr-${this.position}`, actor: 'system:test', occurredAt: at, schemaVersion: 1, ...metadata },
    };
    this.events.push(recorded);
    return recorded;
  }

  appendAll(events: readonly DomainEvent[], metadata: Partial<EventMetadata> = {}): RecordedEvent[] {
    return events.map((e) => this.append(e, metadata));
  }
}

/** A log of these events, in order. */
export const recordAll = (events: readonly DomainEvent[], metadata: Partial<EventMetadata> = {}): RecordedEvent[] => new TestEventLog().appendAll(events, metadata);
