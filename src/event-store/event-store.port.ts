import type { NewEvent, RecordedEvent } from '../kernel/events';

/** no_stream: the stream must not exist; stream_exists: it must; any: no check; bigint: the revision of its last event. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface AppendResult {
  streamId: string;
  /** Revision of the stream's last event after the append (-1n if the stream is still empty). */
  nextRevision: bigint;
  /** Global position of the last event written or, for a pure no-op re-append, of the stored event. */
  position: bigint;
}

export interface AppendRequest {
  streamId: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > after. Omitted = from the beginning. */
  after?: bigint;
  maxCount?: number;
}

export interface ReadTypesOptions {
  /** Exclusive: events with position > after. Omitted = from the beginning. */
  after?: bigint;
  /** At most this many events of the given types. */
  maxCount: number;
  /** The event types wanted; the others are passed over without being decoded. */
  types: readonly string[];
}

export interface TypedPage {
  /** Events of the wanted types, in log order. */
  events: RecordedEvent[];
  /**
   * How far the log was looked at: every event up to here that is not in `events` is of another type, so the next
   * read starts after it. The last event's position when the page is full; else the head the read saw (≥ after).
   */
  scannedTo: bigint;
}

export interface Subscription {
  stop(): Promise<void>;
  /** Resolves when the subscription stops (or rejects with the handler's error). */
  readonly done: Promise<void>;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts after this position. */
  after?: bigint;
  /** Batch size used while catching up. */
  batchSize?: number;
  /** Only events of these types reach the handler (every event when omitted); the store skips the rest unread where it can. */
  types?: readonly string[];
  /**
   * Told the position the subscription has read up to, handled events or not (awaited, like the handler): a follower
   * of rare events moves its checkpoint past the others. Never before the handler has returned for what it covers.
   */
  onProgress?: (position: bigint) => Promise<void> | void;
  /**
   * For a follower that can wait a little (reactors queueing jobs): after each pause (woken by an append or by its poll
   * timer) a polling store waits this long before reading again, so the appends that follow closely come in one read
   * instead of one read each. A store that pushes events (EventStoreDB) has nothing to gather and ignores it.
   */
  settleMs?: number;
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export interface EventStore {
  /** Adapter name shown in /health, e.g. "sqlite" or "eventstoredb". */
  readonly kind: string;
  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /**
   * Import path. SQLite: one transaction, all requests or none.
   * EventStoreDB: requests run concurrently; each stream keeps its own expected-revision guarantee.
   */
  appendBatch(requests: AppendRequest[]): Promise<AppendResult[]>;
  /**
   * Current revision of each of the given streams that exists (absent from the map: no such stream).
   * The import path asks this once per batch instead of reading thousands of streams one by one.
   */
  streamRevisions(streamIds: readonly string[]): Promise<Map<string, bigint>>;
  /** [] when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Like readAll for a follower that handles a few event types: only those are returned, and how far the log was looked at. */
  readTypes(options: ReadTypesOptions): Promise<TypedPage>;
  /** Catch-up then live: every event after `after`, once, in log order; the handler is awaited before the next. */
  subscribeAll(options: SubscribeOptions, handler: (event: RecordedEvent) => Promise<void> | void): Subscription;
  /** Position of the last event in the log (0n when empty). */
  headPosition(): Promise<bigint>;
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
