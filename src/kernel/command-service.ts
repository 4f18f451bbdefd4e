import type { EventStore, AppendRequest } from '../event-store/event-store.port';
import { WrongExpectedRevisionError } from '../event-store/event-store.port';
import type { Decider, DomainEvent } from './decider';
import type { CommandContext } from './command-context';
import type { EventMetadata, NewEvent, RecordedEvent } from './events';
import type { IdGenerator } from './clock';
import { DomainError } from './errors';
import { deterministicUuid } from './ids';

export interface AggregateType<C, E extends DomainEvent, S> {
  decider: Decider<C, E, S>;
  /** schemaVersion per event type: written into the metadata of every event. */
  eventVersions: Readonly<Record<string, number>>;
}

export interface CommandResult<S> {
  streamId: string;
  /** The events this command appended ([] when it changed nothing). */
  events: NewEvent[];
  /** Revision of the stream after the command (-1n: the stream is still empty). */
  revision: bigint;
  /** Global position of the last event written, or of the stream's last event if nothing was written. */
  position: bigint;
  state: S;
  /** True when the command was a retry of one already applied (Idempotency-Key). */
  replayed?: boolean;
}

export interface LoadedStream<S> {
  state: S;
  revision: bigint;
  position: bigint;
  events: RecordedEvent[];
}

export class PreconditionFailedError extends DomainError {
  constructor(streamId: string, expected: bigint, actual: bigint) {
    super('REVISION_MISMATCH', `${streamId} is at revision ${actual}, the request expected ${expected} (If-Match): reload and retry`, 'precondition', undefined, {
      expected: expected.toString(),
      actual: actual.toString(),
    });
  }
}

const MAX_ATTEMPTS = 5;

/**
 * The one way state changes: read the stream, fold it, decide, append with the revision that was read.
 * A concurrent writer makes the append fail; then the command is decided again on the fresh state,
 * unless the client pinned a revision with If-Match, which is refused instead.
 */
export class CommandService {
  constructor(
    private readonly store: EventStore,
    private readonly ids: IdGenerator,
  ) {}

  async load<C, E extends DomainEvent, S>(type: AggregateType<C, E, S>, streamId: string): Promise<LoadedStream<S>> {
    const events = await this.store.readStream(streamId);
    let state = type.decider.initialState;
    for (const e of events) state = type.decider.evolve(state, { type: e.type, data: e.data } as E);
    const last = events[events.length - 1];
    return { state, events, revision: last ? last.revision : -1n, position: last ? last.position : 0n };
  }

  async execute<C, E extends DomainEvent, S>(type: AggregateType<C, E, S>, streamId: string, command: C, ctx: CommandContext): Promise<CommandResult<S>> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(type, streamId);
      if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== loaded.revision) {
        throw new PreconditionFailedError(streamId, ctx.expectedRevision, loaded.revision);
      }
      // A retry of a request that already wrote to this stream (same key, same caller) changes nothing.
      if (ctx.idempotencyKey && loaded.events.some((e) => e.metadata.idempotencyKey === ctx.idempotencyKey && e.metadata.actor === ctx.actor)) {
        return { streamId, events: [], revision: loaded.revision, position: loaded.position, state: loaded.state, replayed: true };
      }
      const decided = type.decider.decide(command, loaded.state);
      if (decided.length === 0) {
        return { streamId, events: [], revision: loaded.revision, position: loaded.position, state: loaded.state };
      }
      const envelopes = this.envelopes(type, streamId, decided, ctx, loaded.revision);
      try {
        const res = await this.store.append(streamId, envelopes, loaded.revision === -1n ? 'no_stream' : loaded.revision);
        const state = decided.reduce(type.decider.evolve, loaded.state);
        return { streamId, events: envelopes, revision: res.nextRevision, position: res.position, state };
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw err;
        if (ctx.expectedRevision !== undefined) throw new PreconditionFailedError(streamId, ctx.expectedRevision, typeof err.actual === 'bigint' ? err.actual : -1n);
      }
    }
  }

  /**
   * Import path: decide many commands on streams the caller has already loaded, append them in one batch.
   * The caller owns conflict handling (an import decides row by row and retries the batch on conflict).
   */
  async appendDecided(requests: { streamId: string; events: NewEvent[]; expectedRevision: bigint }[]): Promise<bigint> {
    const batch: AppendRequest[] = requests
      .filter((r) => r.events.length > 0)
      .map((r) => ({ streamId: r.streamId, events: r.events, expectedRevision: r.expectedRevision === -1n ? 'no_stream' : r.expectedRevision }));
    if (batch.length === 0) return this.store.headPosition();
    const results = await this.store.appendBatch(batch);
    return results.reduce((max, r) => (r.position > max ? r.position : max), 0n);
  }

  envelopes<E extends DomainEvent>(type: { eventVersions: Readonly<Record<string, number>> }, streamId: string, events: E[], ctx: CommandContext, fromRevision: bigint): NewEvent[] {
    return events.map((e, i) => {
      const metadata: EventMetadata = {
        correlationId: ctx.correlationId,
        actor: ctx.actor,
        occurredAt: ctx.now,
        schemaVersion: type.eventVersions[e.type] ?? 1,
      };
      if (ctx.causationId) metadata.causationId = ctx.causationId;
      if (ctx.idempotencyKey) metadata.idempotencyKey = ctx.idempotencyKey;
      // With an idempotency key the ids are derived from it, so a concurrent retry re-appends the same ids (a no-op).
      const id = ctx.idempotencyKey
        ? deterministicUuid(ctx.actor, ctx.idempotencyKey, streamId, String(fromRevision), String(i))
        : this.ids.uuid();
      return { id, type: e.type, data: e.data, metadata };
    });
  }
}
