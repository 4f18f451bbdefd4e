import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type Position,
} from '@eventstore/db-client';
import type { NewEvent, RecordedEvent } from '../kernel/events';
import { assertAppendable, matchesExpected, normalizeExpected, toJson } from './append-validation';
import {
  WrongExpectedRevisionError,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ReadTypesOptions,
  type SubscribeOptions,
  type Subscription,
  type TypedPage,
} from './event-store.port';
import {
  commitPositionOf,
  fromEsdbCurrent,
  fromEsdbRecord,
  isAfter,
  isSystemEvent,
  isValidPosition,
  readPositionAfter,
  toEsdbExpected,
  toEventData,
} from './eventstoredb-mapping';
import { runPerKey } from './keyed-concurrency';

export interface EventStoreDbOptions {
  /** Streams appended to at once by appendBatch (default 32). */
  batchConcurrency?: number;
  /** How many of a stream's latest events are searched for ids already stored (default 1024). */
  dedupWindow?: number;
  /** Deadline of health() in ms (default 2000). */
  healthDeadlineMs?: number;
}

const PAGE = 256;

/**
 * The production event store on EventStoreDB (gRPC client). Positions are commit positions: see eventstoredb-mapping.ts.
 *
 * Idempotency: EventStoreDB itself only recognises a retry whose expected revision is the one of the first
 * attempt. To give the port's guarantee (ids already stored are skipped; a request whose ids are all stored
 * returns the stored result whatever its expected revision), an append with an expected revision other than
 * no_stream first reads the stream's latest `dedupWindow` events; a no_stream append (the import case) does not,
 * since a stream that does not exist holds nothing, and falls back to that read only if the server refuses it.
 * With `any`, two concurrent first attempts carrying the same new id can both be written, as on the server itself.
 * Ids are deduplicated per stream (an id stored in another stream is not seen).
 *
 * appendBatch is NOT atomic across streams: requests run concurrently (per stream in order), each with its own
 * expected-revision guarantee; after a failure no further request starts, and requests already written stay
 * written. Retrying the whole batch is safe because re-appended ids are no-ops.
 *
 * Reading $all needs a user allowed to (an admin on a secure server): put credentials in the connection string.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb';
  private readonly subscriptions = new Set<EventStoreDbSubscription>();
  private readonly batchConcurrency: number;
  private readonly dedupWindow: number;
  private readonly healthDeadlineMs: number;

  /** `url`: an EventStoreDB connection string, e.g. esdb://localhost:2113?tls=false. Connects lazily. */
  static connect(url: string, options: EventStoreDbOptions = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(url), options);
  }

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbOptions = {},
  ) {
    this.batchConcurrency = options.batchConcurrency ?? 32;
    this.dedupWindow = options.dedupWindow ?? 1024;
    this.healthDeadlineMs = options.healthDeadlineMs ?? 2000;
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events, expectedRevision);
    for (const e of events) {
      toJson(e.data, streamId, e.id, 'data');
      toJson(e.metadata, streamId, e.id, 'metadata');
    }
    const expected = normalizeExpected(expectedRevision);
    if (events.length === 0) return this.appendNothing(streamId, expected, expectedRevision);

    let fresh = uniqueById(events);
    if (expected !== 'no_stream') {
      const stored = await this.storedIds(streamId);
      const result = storedResult(streamId, events, stored);
      if (result) return result;
      fresh = fresh.filter((e) => !stored.has(e.id.toLowerCase()));
    }
    try {
      const written = await this.client.appendToStream(streamId, fresh.map(toEventData), { expectedRevision: toEsdbExpected(expected) });
      if (expected === 'no_stream' && (written.nextExpectedRevision !== BigInt(fresh.length - 1) || !isValidPosition(written.position))) {
        // The server answers a retry it recognises (same ids after the same expected revision) with success and the
        // revisions of the original write, but older servers send no position with it: then what was stored is read back.
        const result = storedResult(streamId, events, await this.storedIds(streamId));
        if (result) return result;
      }
      const position = isValidPosition(written.position)
        ? written.position.commit
        : await this.positionOf(streamId, written.nextExpectedRevision);
      return { streamId, nextRevision: written.nextExpectedRevision, position };
    } catch (err) {
      if (!(err instanceof WrongExpectedVersionError)) throw err;
      // A retry of an append that went through (or a concurrent twin of it) is not a conflict.
      const result = storedResult(streamId, events, await this.storedIds(streamId));
      if (result) return result;
      throw new WrongExpectedRevisionError(streamId, expectedRevision, fromEsdbCurrent(err.actualVersion));
    }
  }

  async appendBatch(requests: AppendRequest[]): Promise<AppendResult[]> {
    for (const r of requests) assertAppendable(r.streamId, r.events, r.expectedRevision);
    return runPerKey(requests, (r) => r.streamId, this.batchConcurrency, (r) => this.append(r.streamId, r.events, r.expectedRevision));
  }

  /** One backwards read of the last event per stream, at most batchConcurrency in flight. */
  async streamRevisions(streamIds: readonly string[]): Promise<Map<string, bigint>> {
    const unique = [...new Set(streamIds)];
    const heads = await runPerKey(unique, (id) => id, this.batchConcurrency, async (id) => (await this.readStream(id, { direction: 'backwards', maxCount: 1 }))[0]);
    const out = new Map<string, bigint>();
    heads.forEach((e, i) => {
      if (e) out.set(unique[i], e.revision);
    });
    return out;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined) checkMaxCount(options.maxCount);
    if (options.maxCount === 0) return [];
    const backwards = options.direction === 'backwards';
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      });
      for await (const resolved of read) {
        if (resolved.event) out.push(fromEsdbRecord(resolved.event));
      }
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw err;
    }
    return out;
  }

  /** Pages through $all from (after, after), dropping system events and events at or before `after`. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined) checkMaxCount(options.maxCount);
    return (await this.scan(options.after ?? 0n, options.maxCount ?? Number.POSITIVE_INFINITY, undefined)).events;
  }

  /** The types are tested here, not on the server: $all is read as by readAll, only the wanted events are decoded. */
  async readTypes(options: ReadTypesOptions): Promise<TypedPage> {
    checkMaxCount(options.maxCount);
    return this.scan(options.after ?? 0n, options.maxCount, new Set(options.types));
  }

  private async scan(after: bigint, max: number, types: ReadonlySet<string> | undefined): Promise<TypedPage> {
    const out: RecordedEvent[] = [];
    let scannedTo = after;
    if (max === 0) return { events: out, scannedTo };
    let cursor: Position | undefined;
    for (;;) {
      let seen = 0;
      for await (const resolved of this.client.readAll({ fromPosition: cursor ?? readPositionAfter(after), maxCount: PAGE, direction: FORWARDS })) {
        seen++;
        const e = resolved.event;
        if (!e) continue;
        if (cursor && !isAfter(e.position, cursor)) continue;
        cursor = e.position;
        if (e.position.commit <= after || isSystemEvent(e)) continue;
        scannedTo = e.position.commit;
        if (types && !types.has(e.type)) continue;
        out.push(fromEsdbRecord(e));
        if (out.length >= max) return { events: out, scannedTo };
      }
      if (seen < PAGE) return { events: out, scannedTo };
    }
  }

  subscribeAll(options: SubscribeOptions, handler: (event: RecordedEvent) => Promise<void> | void): Subscription {
    const after = options.after ?? 0n;
    const source = this.client.subscribeToAll({ fromPosition: readPositionAfter(after), filter: excludeSystemEvents() });
    const subscription = new EventStoreDbSubscription(source, after, options, handler, (s) => this.subscriptions.delete(s));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    let from: Position | typeof END = END;
    for (;;) {
      let seen = 0;
      const page: AsyncIterable<AllStreamResolvedEvent> = this.client.readAll({ fromPosition: from, maxCount: PAGE, direction: BACKWARDS });
      for await (const resolved of page) {
        seen++;
        const e = resolved.event;
        if (!e) continue;
        if (from !== END && !isAfter(from, e.position)) continue;
        from = e.position;
        if (!isSystemEvent(e)) return e.position.commit;
      }
      if (seen < PAGE) return 0n;
    }
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      for await (const _ of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, deadline: this.healthDeadlineMs })) {
        // One record (or none, on an empty log) proves the server answers.
      }
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  private async appendNothing(streamId: string, expected: ExpectedRevision, asGiven: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    const current = last ? last.revision : 'no_stream';
    if (!matchesExpected(expected, current)) throw new WrongExpectedRevisionError(streamId, asGiven, current);
    return { streamId, nextRevision: last ? last.revision : -1n, position: last ? last.position : 0n };
  }

  /** id → where it is stored, over the stream's latest `dedupWindow` events. */
  private async storedIds(streamId: string): Promise<Map<string, { revision: bigint; position: bigint }>> {
    const events = await this.readStream(streamId, { direction: 'backwards', maxCount: this.dedupWindow });
    return new Map(events.map((e) => [e.id.toLowerCase(), { revision: e.revision, position: e.position }]));
  }

  private async positionOf(streamId: string, revision: bigint): Promise<bigint> {
    const [event] = await this.readStream(streamId, { direction: 'backwards', fromRevision: revision, maxCount: 1 });
    return event ? event.position : -1n;
  }
}

/** Catch-up subscription on $all; the client's stream applies back-pressure while the handler runs. */
class EventStoreDbSubscription implements Subscription {
  readonly done: Promise<void>;
  private stopped = false;

  constructor(
    private readonly source: AllStreamSubscription,
    after: bigint,
    options: SubscribeOptions,
    handler: (event: RecordedEvent) => Promise<void> | void,
    onEnd: (s: EventStoreDbSubscription) => void,
  ) {
    this.done = this.run(after, options, handler).finally(() => onEnd(this));
    // Nobody awaiting `done` must not turn a failed handler into an unhandled rejection; awaiting it still throws.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      await this.source.unsubscribe().catch(() => undefined);
      // A cancelled gRPC call does not always end the piped stream; destroying it ends the loop below.
      this.source.destroy();
    }
    await this.done.catch(() => undefined);
  }

  private async run(after: bigint, options: SubscribeOptions, handler: (event: RecordedEvent) => Promise<void> | void): Promise<void> {
    const types = options.types ? new Set(options.types) : undefined;
    try {
      for await (const resolved of this.source) {
        if (this.stopped) return;
        const e = resolved.event;
        if (!e || commitPositionOf(e.position) <= after || isSystemEvent(e)) continue;
        if (!types || types.has(e.type)) await handler(fromEsdbRecord(e));
        if (this.stopped) return;
        await options.onProgress?.(commitPositionOf(e.position));
      }
    } catch (err) {
      if (!this.stopped) {
        this.stopped = true;
        await this.source.unsubscribe().catch(() => undefined);
        throw err;
      }
    }
  }
}

function checkMaxCount(maxCount: number): void {
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
}

/** A request naming the same id twice stores it once, as the SQLite store does. */
function uniqueById(events: readonly NewEvent[]): NewEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const id = e.id.toLowerCase();
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function storedResult(streamId: string, events: readonly NewEvent[], stored: Map<string, { revision: bigint; position: bigint }>): AppendResult | undefined {
  let nextRevision = -1n;
  let position = 0n;
  for (const e of events) {
    const s = stored.get(e.id.toLowerCase());
    if (!s) return undefined;
    if (s.revision > nextRevision) nextRevision = s.revision;
    if (s.position > position) position = s.position;
  }
  return events.length > 0 ? { streamId, nextRevision, position } : undefined;
}
