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
  /**
   * Keep up to this many folded states in memory (least recently used dropped first), so a command on a
   * stream seen recently neither re-reads nor re-folds it. Only for aggregates with small states and hot
   * streams (positions paid through the Node); the states must be treated as immutable, as evolve does.
   */
  cachedStates?: number;
}

/** A folded stream kept between commands: the revision it was folded up to and the idempotency keys it holds. */
interface CachedStream {
  state: unknown;
  revision: bigint;
  position: bigint;
  /** `${actor}\u0000${idempotencyKey}` of every event folded. */
  keys: Set<string>;
}

const keyOf = (actor: string, idempotencyKey: string): string => `${actor}\u0000${idempotencyKey}`;

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

  /**
   * The stream's current state, revision and position, folded from the cached state plus the events appended
   * since (one indexed read, usually of nothing) for aggregates with cachedStates; a full load otherwise.
   */
  async current<C, E extends DomainEvent, S>(type: AggregateType<C, E, S>, streamId: string): Promise<{ state: S; revision: bigint; position: bigint }> {
    if (!type.cachedStates) return this.load(type, streamId);
    const c = await this.catchUp(type, streamId, this.cached(type, streamId));
    return { state: c.state as S, revision: c.revision, position: c.position };
  }

  /**
   * With cachedStates the first attempt decides on the cached state without reading: if the stream moved
   * meanwhile (another writer, another process) the conditional append fails and the command is decided again
   * on the state caught up from the store. An answer that appends nothing (no-op, refusal) is only given
   * after checking that the cached state was current.
   */
  async execute<C, E extends DomainEvent, S>(type: AggregateType<C, E, S>, streamId: string, command: C, ctx: CommandContext): Promise<CommandResult<S>> {
    let cached = type.cachedStates && ctx.expectedRevision === undefined ? this.cached(type, streamId) : undefined;
    // A keyed request may be the retry of one another process applied: its keys must be read, not remembered.
    let verified = false;
    for (let attempt = 1; ; attempt++) {
      if (!cached || (!verified && (attempt > 1 || ctx.idempotencyKey))) {
        cached = await this.catchUp(type, streamId, cached);
        verified = true;
      }
      const loaded = cached;
      if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== loaded.revision) {
        throw new PreconditionFailedError(streamId, ctx.expectedRevision, loaded.revision);
      }
      const state = loaded.state as S;
      // A retry of a request that already wrote to this stream (same key, same caller) changes nothing.
      if (ctx.idempotencyKey && loaded.keys.has(keyOf(ctx.actor, ctx.idempotencyKey))) {
        return { streamId, events: [], revision: loaded.revision, position: loaded.position, state, replayed: true };
      }
      let decided: E[];
      try {
        decided = type.decider.decide(command, state);
      } catch (err) {
        if (!verified && (await this.moved(type, streamId, loaded))) {
          cached = undefined;
          continue;
        }
        throw err;
      }
      if (decided.length === 0) {
        if (!verified && (await this.moved(type, streamId, loaded))) {
          cached = undefined;
          continue;
        }
        return { streamId, events: [], revision: loaded.revision, position: loaded.position, state };
      }
      const envelopes = this.envelopes(type, streamId, decided, ctx, loaded.revision);
      try {
        const res = await this.store.append(streamId, envelopes, loaded.revision === -1n ? 'no_stream' : loaded.revision);
        const next = decided.reduce(type.decider.evolve, state);
        if (type.cachedStates) {
          const keys = ctx.idempotencyKey ? new Set(loaded.keys).add(keyOf(ctx.actor, ctx.idempotencyKey)) : loaded.keys;
          this.remember(type, streamId, { state: next, revision: res.nextRevision, position: res.position, keys });
        }
        return { streamId, events: envelopes, revision: res.nextRevision, position: res.position, state: next };
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw err;
        if (ctx.expectedRevision !== undefined) throw new PreconditionFailedError(streamId, ctx.expectedRevision, typeof err.actual === 'bigint' ? err.actual : -1n);
        verified = false;
      }
    }
  }

  // ---- folded-state cache (aggregates with cachedStates) --------------------------------------------------------

  private readonly states = new WeakMap<object, Map<string, CachedStream>>();

  private cached(type: AggregateType<unknown, DomainEvent, unknown>, streamId: string): CachedStream | undefined {
    const lru = this.states.get(type);
    const hit = lru?.get(streamId);
    if (hit) {
      lru!.delete(streamId);
      lru!.set(streamId, hit);
    }
    return hit;
  }

  private remember(type: AggregateType<unknown, DomainEvent, unknown>, streamId: string, entry: CachedStream): void {
    if (!type.cachedStates) return;
    let lru = this.states.get(type);
    if (!lru) this.states.set(type, (lru = new Map()));
    const known = lru.get(streamId);
    // A slower concurrent command may finish after one that saw a later revision: keep the later fold.
    if (known && known.revision > entry.revision) return;
    lru.delete(streamId);
    lru.set(streamId, entry);
    if (lru.size > type.cachedStates) lru.delete(lru.keys().next().value as string);
  }

  /** The stream folded up to its last event, starting from `from` (a cached fold) when given. */
  private async catchUp(type: AggregateType<unknown, DomainEvent, unknown>, streamId: string, from: CachedStream | undefined): Promise<CachedStream> {
    const events = await this.store.readStream(streamId, from ? { fromRevision: from.revision + 1n } : {});
    if (from && events.length === 0) return from;
    let state = from ? from.state : type.decider.initialState;
    let keys = from?.keys ?? new Set<string>();
    for (const e of events) {
      state = type.decider.evolve(state, { type: e.type, data: e.data } as DomainEvent);
      if (e.metadata.idempotencyKey) {
        if (keys === from?.keys) keys = new Set(keys);
        keys.add(keyOf(e.metadata.actor, e.metadata.idempotencyKey));
      }
    }
    const last = events[events.length - 1];
    const entry: CachedStream = last ? { state, revision: last.revision, position: last.position, keys } : { state, revision: -1n, position: 0n, keys };
    this.remember(type, streamId, entry);
    return entry;
  }

  /** True when events were appended after the cached fold (which is then dropped). */
  private async moved(type: AggregateType<unknown, DomainEvent, unknown>, streamId: string, c: CachedStream): Promise<boolean> {
    const [next] = await this.store.readStream(streamId, { fromRevision: c.revision + 1n, maxCount: 1 });
    if (next) this.states.get(type)?.delete(streamId);
    return next !== undefined;
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

  /** `eventId` lets a batch path name its events its own way (the import's row-ordered ids). */
  envelopes<E extends DomainEvent>(
    type: { eventVersions: Readonly<Record<string, number>> },
    streamId: string,
    events: E[],
    ctx: CommandContext,
    fromRevision: bigint,
    eventId?: (index: number) => string,
  ): NewEvent[] {
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
      const id = eventId
        ? eventId(i)
        : ctx.idempotencyKey
        ? deterministicUuid(ctx.actor, ctx.idempotencyKey, streamId, String(fromRevision), String(i))
        : this.ids.uuid();
      return { id, type: e.type, data: e.data, metadata };
    });
  }
}
