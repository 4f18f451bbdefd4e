import { randomFillSync } from 'node:crypto';
import { WrongExpectedRevisionError, type AppendRequest, type EventStore } from '../../event-store/event-store.port';
import type { CommandContext } from '../../kernel/command-context';
import type { CommandService } from '../../kernel/command-service';
import { DomainError } from '../../kernel/errors';
import type { PositionCommand } from '../../positions/domain/position.commands';
import type { PositionEvent } from '../../positions/domain/position.events';
import type { PositionState } from '../../positions/domain/position.state';
import { PositionAggregate } from '../../positions/position.aggregate';

/** Streams appended per appendBatch: one SQLite transaction each, small enough to keep a conflict's retry cheap. */
const APPEND_CHUNK = 5000;

/**
 * Ids of the events the process appends: UUIDs laid out as version 7 (48-bit milliseconds, then a counter, then random
 * bits), so they grow with time. The event store's unique index on ids then takes them at its end instead of at a
 * random page: with millions of effects told in one catch-up that index no longer fits in the page cache.
 */
let lastMs = 0;
let counter = 0;
// Random bits drawn 4,096 ids at a time: one call to the system's generator per id was 4% of a reconciliation.
const pool = Buffer.alloc(8 * 4096);
let poolOffset = pool.length;
function random8Hex(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += 8;
  return pool.toString('hex', poolOffset - 8, poolOffset);
}
export function timeOrderedUuid(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else counter++;
  // 2^26 ids per millisecond before the counter carries into the time part: still unique, still ordered.
  const ms = lastMs + Math.floor(counter / 0x4000000);
  const c = counter % 0x4000000;
  const r = random8Hex();
  const time = ms.toString(16).padStart(12, '0');
  const hi = (c >>> 14).toString(16).padStart(3, '0');
  const lo = (0x8000 | (c & 0x3fff)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hi}-${lo}-${r.slice(0, 12)}`;
}

/**
 * One identity per effect, so the process can tell whether a payment's effects changed since it last told the
 * position (then, and only then, it reads the position stream). MarkReconciled is identified by its codes: other
 * codes are a new classification for the decider too.
 */
export function effectKeys(commands: readonly PositionCommand[]): string[] {
  const keys = commands.map((c) => {
    switch (c.type) {
      case 'MarkReported':
        return `R|${c.data.iuf}|${c.data.rowIndex}`;
      case 'MarkCashed':
        return `C|${c.data.movementId}`;
      case 'MarkReconciled':
        return `K|${[...new Set(c.data.codes)].sort().join(',')}`;
      default:
        return `${c.type}|${JSON.stringify(c.data)}`;
    }
  });
  return [...new Set(keys)].sort();
}

/**
 * Tells many positions at once: one streamRevisions query drops the streams that do not exist, each existing stream
 * is read once and decided in memory (the decider drops what it already knows), and the events are appended in
 * batches. A concurrent writer on one of the streams fails its batch; that batch is then told stream by stream,
 * which re-reads and re-decides, so nothing is appended twice.
 */
export async function tellPositions(events: EventStore, commands: CommandService, byStream: ReadonlyMap<string, readonly PositionCommand[]>, ctx: CommandContext): Promise<number> {
  if (byStream.size === 0) return 0;
  const revisions = await events.streamRevisions([...byStream.keys()]);
  const existing = [...byStream.keys()].filter((id) => revisions.has(id));
  let appended = 0;
  for (let start = 0; start < existing.length; start += APPEND_CHUNK) {
    const chunk = existing.slice(start, start + APPEND_CHUNK);
    const requests: AppendRequest[] = [];
    for (const streamId of chunk) {
      const r = await decideOn(events, commands, streamId, byStream.get(streamId)!, ctx);
      if (r) requests.push(r);
    }
    if (requests.length === 0) continue;
    try {
      await events.appendBatch(requests);
      appended += requests.reduce((n, r) => n + r.events.length, 0);
    } catch (e) {
      if (!(e instanceof WrongExpectedRevisionError)) throw e;
      for (const streamId of chunk) appended += await tellOne(events, commands, streamId, byStream.get(streamId)!, ctx);
    }
  }
  return appended;
}

async function decideOn(events: EventStore, commands: CommandService, streamId: string, list: readonly PositionCommand[], ctx: CommandContext): Promise<AppendRequest | undefined> {
  const stored = await events.readStream(streamId);
  if (stored.length === 0) return undefined;
  const { decider } = PositionAggregate;
  let state: PositionState = decider.initialState;
  for (const e of stored) state = decider.evolve(state, { type: e.type, data: e.data } as PositionEvent);
  const decided: PositionEvent[] = [];
  for (const cmd of list) {
    try {
      const out = decider.decide(cmd, state);
      for (const e of out) state = decider.evolve(state, e);
      decided.push(...out);
    } catch (e) {
      // A position that cannot take it (e.g. cancelled and not paid): the row still shows the codes.
      if (!(e instanceof DomainError)) throw e;
    }
  }
  if (decided.length === 0) return undefined;
  const revision = stored[stored.length - 1].revision;
  return { streamId, events: commands.envelopes(PositionAggregate, streamId, decided, ctx, revision, () => timeOrderedUuid()), expectedRevision: revision };
}

async function tellOne(events: EventStore, commands: CommandService, streamId: string, list: readonly PositionCommand[], ctx: CommandContext): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const request = await decideOn(events, commands, streamId, list, ctx);
    if (!request) return 0;
    try {
      await events.append(streamId, request.events, request.expectedRevision);
      return request.events.length;
    } catch (e) {
      if (!(e instanceof WrongExpectedRevisionError) || attempt >= 5) throw e;
    }
  }
}
