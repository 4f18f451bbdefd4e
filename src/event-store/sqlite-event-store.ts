import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../kernel/clock';
import { conflict } from '../kernel/errors';
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
import { PollingSubscription } from './polling-subscription';
import { prepareDatabase } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  /** Source of `recordedAt`; the system clock by default. */
  clock?: Clock;
  /** How often a live subscription looks for events written by another process on the same file (default 200 ms). */
  pollIntervalMs?: number;
}

type Row = [position: bigint, id: string, streamId: string, revision: bigint, type: string, data: string, metadata: string, recordedAt: string];

const COLUMNS = 'position, id, stream_id, revision, type, data, metadata, recorded_at';
const MAX_REVISION = 9223372036854775807n;

const toRecorded = (r: Row): RecordedEvent => ({
  position: r[0],
  id: r[1],
  streamId: r[2],
  revision: r[3],
  type: r[4],
  data: JSON.parse(r[5]),
  metadata: JSON.parse(r[6]),
  recordedAt: r[7],
});

/** SQLite's LIMIT: -1 is "no limit". */
function limitOf(maxCount: number | undefined): number {
  if (maxCount === undefined) return -1;
  if (!Number.isSafeInteger(maxCount) || maxCount < 0) throw new RangeError(`maxCount must be a non-negative integer, got ${maxCount}`);
  return maxCount;
}

/**
 * The embedded event store: one SQLite file in WAL mode, written through better-sqlite3's synchronous API.
 * Every append (and every whole batch) is one IMMEDIATE transaction, so the revision check and the
 * insert cannot be interleaved with another writer, in this process or another one on the same file.
 */
const REVISIONS_CHUNK = 500;

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly listeners = new Set<() => void>();
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private closed = false;

  private readonly headOfStream: Database.Statement<[string], [bigint, bigint]>;
  private readonly insertEvent: Database.Statement<[string, string, bigint, string, string, string, string]>;
  private readonly eventById: Database.Statement<[string], [string, bigint, bigint]>;
  private readonly streamForwards: Database.Statement<[string, bigint, number], Row>;
  private readonly streamBackwards: Database.Statement<[string, bigint, number], Row>;
  private readonly allAfter: Database.Statement<[bigint, number], Row>;
  private readonly typesAfter: Database.Statement<[bigint, bigint, string, number], Row>;
  private readonly typedPage: Database.Transaction<(after: bigint, limit: number, types: string) => { rows: Row[]; head: bigint }>;
  private readonly lastPosition: Database.Statement<[], bigint | null>;
  private readonly appendAll: Database.Transaction<(requests: readonly AppendRequest[], now: string) => AppendResult[]>;

  /** `filename` may be ':memory:'; a missing parent folder is created. */
  static open(filename: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
    if (filename !== ':memory:' && filename !== '' && !filename.startsWith('file:')) {
      mkdirSync(dirname(resolve(filename)), { recursive: true });
    }
    const db = new Database(filename);
    try {
      prepareDatabase(db);
      return new SqliteEventStore(db, options);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(
    private readonly db: Database.Database,
    options: SqliteEventStoreOptions,
  ) {
    this.clock = options.clock ?? { now: () => new Date().toISOString() };
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.headOfStream = db.prepare<[string], [bigint, bigint]>('SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1').raw(true);
    this.insertEvent = db.prepare(
      'INSERT INTO events (id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.eventById = db.prepare<[string], [string, bigint, bigint]>('SELECT stream_id, revision, position FROM events WHERE id = ?').raw(true);
    this.streamForwards = db
      .prepare<[string, bigint, number], Row>(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`)
      .raw(true);
    this.streamBackwards = db
      .prepare<[string, bigint, number], Row>(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`)
      .raw(true);
    this.allAfter = db.prepare<[bigint, number], Row>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`).raw(true);
    this.lastPosition = db.prepare<[], bigint | null>('SELECT max(position) FROM events').pluck(true);
    // The type test runs inside SQLite: the events passed over are never turned into JavaScript strings or parsed.
    this.typesAfter = db
      .prepare<[bigint, bigint, string, number], Row>(
        `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? AND type IN (SELECT value FROM json_each(?)) ORDER BY position ASC LIMIT ?`,
      )
      .raw(true);
    // One read transaction: the head and the page come from the same snapshot, so nothing up to the head is missed.
    this.typedPage = db.transaction((after: bigint, limit: number, types: string) => {
      const head = this.lastPosition.get() ?? 0n;
      return { rows: this.typesAfter.all(after, head, types, limit), head };
    });
    this.appendAll = db.transaction((requests: readonly AppendRequest[], now: string) =>
      requests.map((r) => this.appendInTransaction(r.streamId, r.events, r.expectedRevision, now)),
    );
  }

  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return (await this.appendBatch([{ streamId, events, expectedRevision }]))[0];
  }

  /** All requests in one transaction: a conflict or a bad event anywhere rolls back every request of the batch. */
  async appendBatch(requests: AppendRequest[]): Promise<AppendResult[]> {
    for (const r of requests) assertAppendable(r.streamId, r.events, r.expectedRevision);
    if (requests.length === 0) return [];
    const results = this.appendAll.immediate(requests, this.clock.now());
    for (const listener of this.listeners) listener();
    return results;
  }

  async streamRevisions(streamIds: readonly string[]): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    // SQLite caps bound parameters; 500 per statement keeps well under it and each chunk is one index range scan.
    for (let i = 0; i < streamIds.length; i += REVISIONS_CHUNK) {
      const chunk = streamIds.slice(i, i + REVISIONS_CHUNK);
      for (const [stream, revision] of this.revisionsOf(chunk.length).all(...chunk)) out.set(stream, revision);
    }
    return out;
  }

  private readonly revisionStatements = new Map<number, Database.Statement<string[], [string, bigint]>>();
  private revisionsOf(n: number): Database.Statement<string[], [string, bigint]> {
    let st = this.revisionStatements.get(n);
    if (!st) {
      st = this.db.prepare<string[], [string, bigint]>(`SELECT stream_id, max(revision) FROM events WHERE stream_id IN (${new Array(n).fill('?').join(',')}) GROUP BY stream_id`).raw(true);
      this.revisionStatements.set(n, st);
    }
    return st;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const limit = limitOf(options.maxCount);
    const rows =
      options.direction === 'backwards'
        ? this.streamBackwards.all(streamId, options.fromRevision ?? MAX_REVISION, limit)
        : this.streamForwards.all(streamId, options.fromRevision ?? 0n, limit);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readAfter(options.after ?? 0n, limitOf(options.maxCount));
  }

  async readTypes(options: ReadTypesOptions): Promise<TypedPage> {
    return this.readPage(options.after ?? 0n, limitOf(options.maxCount), options.types);
  }

  subscribeAll(options: SubscribeOptions, handler: (event: RecordedEvent) => Promise<void> | void): Subscription {
    if (this.closed) throw new Error('SqliteEventStore is closed');
    const subscription = new PollingSubscription(
      {
        readPage: (after, max, types) => this.readPage(after, max, types),
        onAppend: (listener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
      },
      { ...options, pollIntervalMs: this.pollIntervalMs },
      handler,
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    return this.lastPosition.get() ?? 0n;
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      this.db.prepare('SELECT 1').get();
      return { ok: true };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }

  /** Stops every subscription (waiting for a handler that is running) and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.db.close();
  }

  private readAfter(after: bigint, limit: number): RecordedEvent[] {
    return this.allAfter.all(after, limit).map(toRecorded);
  }

  private readPage(after: bigint, limit: number, types: readonly string[] | undefined): TypedPage {
    if (types === undefined) {
      const events = this.readAfter(after, limit);
      return { events, scannedTo: events.length ? events[events.length - 1].position : after };
    }
    if (limit === 0 || types.length === 0) {
      // Nothing wanted: the whole log up to the head is looked at, trivially.
      const head = this.lastPosition.get() ?? 0n;
      return { events: [], scannedTo: limit === 0 ? after : head > after ? head : after };
    }
    const { rows, head } = this.typedPage(after, limit, JSON.stringify(types));
    const events = rows.map(toRecorded);
    const full = limit > 0 && events.length === limit;
    return { events, scannedTo: full ? events[events.length - 1].position : head > after ? head : after };
  }

  /**
   * Runs inside the IMMEDIATE transaction. Ids already stored are skipped (the insert's ON CONFLICT(id)),
   * and a request whose events are all stored returns what was stored even when its expected revision
   * no longer holds: that is a retry of an append that already succeeded.
   */
  private appendInTransaction(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision, now: string): AppendResult {
    const expected = normalizeExpected(expectedRevision);
    if (expected === 'no_stream' && events.length > 0) {
      // The common import case skips the head lookup: revision 0 is free exactly when the stream does not exist,
      // and UNIQUE(stream_id, revision) refuses the first insert otherwise, before anything of this request is written.
      try {
        return this.write(streamId, events, -1n, 0n, now);
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
      }
    }
    const head = this.headOfStream.get(streamId);
    const current = head ? head[0] : 'no_stream';
    if (!matchesExpected(expected, current)) {
      const stored = this.storedResult(streamId, events);
      if (stored) return stored;
      throw new WrongExpectedRevisionError(streamId, expectedRevision, current);
    }
    return this.write(streamId, events, head ? head[0] : -1n, head ? head[1] : 0n, now);
  }

  /** Inserts after `revision`; ids already stored are skipped (ON CONFLICT(id) DO NOTHING). */
  private write(streamId: string, events: readonly NewEvent[], revision: bigint, position: bigint, now: string): AppendResult {
    let written = 0;
    for (const e of events) {
      const id = e.id.toLowerCase();
      const info = this.insertEvent.run(
        id,
        streamId,
        revision + 1n,
        e.type,
        toJson(e.data, streamId, id, 'data'),
        toJson(e.metadata, streamId, id, 'metadata'),
        now,
      );
      if (info.changes > 0) {
        revision += 1n;
        position = info.lastInsertRowid as bigint;
        written++;
      } else {
        this.storedIn(streamId, id);
      }
    }
    if (written === 0 && events.length > 0) return this.storedResult(streamId, events) as AppendResult;
    return { streamId, nextRevision: revision, position };
  }

  /** The result the original append returned, when every event of the request is stored; otherwise undefined. */
  private storedResult(streamId: string, events: readonly NewEvent[]): AppendResult | undefined {
    if (events.length === 0) return undefined;
    let nextRevision = -1n;
    let position = 0n;
    for (const e of events) {
      const stored = this.storedIn(streamId, e.id.toLowerCase());
      if (!stored) return undefined;
      if (stored[1] > nextRevision) nextRevision = stored[1];
      if (stored[2] > position) position = stored[2];
    }
    return { streamId, nextRevision, position };
  }

  /** [stream, revision, position] of a stored id; an id stored in another stream is refused, never silently skipped. */
  private storedIn(streamId: string, id: string): [string, bigint, bigint] | undefined {
    const stored = this.eventById.get(id);
    if (stored && stored[0] !== streamId) {
      throw conflict('EVENT_ID_IN_OTHER_STREAM', `event ${id} cannot be appended to stream ${streamId}: that id is already stored in stream ${stored[0]}`, 'id', {
        eventId: id,
        streamId,
        storedIn: stored[0],
      });
    }
    return stored;
  }
}
