import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventMetadata, NewEvent, RecordedEvent } from '../../src/kernel/events';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store';
import { eventStoreContract } from './event-store.contract';

const dir = mkdtempSync(join(tmpdir(), 'quadra-es-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

eventStoreContract('sqlite :memory:', async () => SqliteEventStore.open(':memory:'), undefined, { atomicBatch: true });
eventStoreContract('sqlite file (WAL)', async () => SqliteEventStore.open(join(dir, 'contract', 'events.db')), undefined, { atomicBatch: true });

const meta: EventMetadata = { correlationId: 'c-1', actor: 'system:test', occurredAt: '2025-03-14T10:15:00.000+01:00', schemaVersion: 1 };
const event = (data: unknown = { n: 1 }): NewEvent => ({ id: randomUUID(), type: 'Tested', data, metadata: meta });

describe('SqliteEventStore specifics', () => {
  it('creates the missing parent folder and a WAL-mode file that a reopen reads back', async () => {
    const file = join(dir, 'a', 'b', 'events.db');
    const store = SqliteEventStore.open(file);
    await store.append('s-1', [event()], 'no_stream');
    await store.close();
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = SqliteEventStore.open(file);
    expect(await again.readStream('s-1')).toHaveLength(1);
    await again.close();
  });

  it('starts with an empty log: headPosition 0n, readAll []', async () => {
    const store = SqliteEventStore.open(':memory:');
    expect(await store.headPosition()).toBe(0n);
    expect(await store.readAll()).toEqual([]);
    await store.close();
  });

  it('stamps recordedAt from the clock it is given', async () => {
    const store = SqliteEventStore.open(':memory:', { clock: { now: () => '2025-03-14T09:15:00.000Z' } });
    await store.append('s-clock', [event()], 'no_stream');
    expect((await store.readStream('s-clock'))[0].recordedAt).toBe('2025-03-14T09:15:00.000Z');
    await store.close();
  });

  it('rolls back the whole batch when an event half-way cannot be serialised', async () => {
    const store = SqliteEventStore.open(':memory:');
    const requests = Array.from({ length: 10 }, (_, i) => ({ streamId: `half-${i}`, events: [event({ i })], expectedRevision: 'no_stream' as const }));
    requests[5].events = [event({ amount: 10n })];
    await expect(store.appendBatch(requests)).rejects.toMatchObject({ code: 'EVENT_NOT_SERIALIZABLE', field: 'data' });
    expect(await store.headPosition()).toBe(0n);
    expect(await store.readAll()).toEqual([]);
    await store.close();
  });

  it('refuses an id already stored in another stream instead of skipping it', async () => {
    const store = SqliteEventStore.open(':memory:');
    const e = event();
    await store.append('s-a', [e], 'no_stream');
    await expect(store.append('s-b', [e], 'no_stream')).rejects.toMatchObject({ code: 'EVENT_ID_IN_OTHER_STREAM', kind: 'conflict' });
    expect(await store.readStream('s-b')).toEqual([]);
    await store.close();
  });

  it('treats an id in upper case as the same event (UUIDs are case-insensitive)', async () => {
    const store = SqliteEventStore.open(':memory:');
    const e = event();
    const first = await store.append('s-case', [e], 'no_stream');
    await expect(store.append('s-case', [{ ...e, id: e.id.toUpperCase() }], 'any')).resolves.toEqual(first);
    expect(await store.readStream('s-case')).toHaveLength(1);
    await store.close();
  });

  it('a live subscription sees events appended through another connection to the same file', async () => {
    const file = join(dir, 'shared', 'events.db');
    const reader = SqliteEventStore.open(file, { pollIntervalMs: 20 });
    const writer = SqliteEventStore.open(file);
    const got: RecordedEvent[] = [];
    const sub = reader.subscribeAll({}, (e) => {
      got.push(e);
    });
    const written = [event(), event(), event()];
    await writer.append('s-other', written.slice(0, 2), 'no_stream');
    await writer.append('s-other', written.slice(2), 1n);
    for (let i = 0; got.length < 3 && i < 1000; i++) await new Promise((r) => setTimeout(r, 5));
    expect(got.map((e) => e.id)).toEqual(written.map((e) => e.id));
    await sub.stop();
    await writer.close();
    await reader.close();
  });

  it('close() stops running subscriptions and resolves their done', async () => {
    const store = SqliteEventStore.open(':memory:');
    const sub = store.subscribeAll({}, () => undefined);
    await store.close();
    await expect(sub.done).resolves.toBeUndefined();
    await expect(store.health()).resolves.toMatchObject({ ok: false });
  });

  it('refuses a maxCount that is not a non-negative integer', async () => {
    const store = SqliteEventStore.open(':memory:');
    await expect(store.readAll({ maxCount: -1 })).rejects.toThrow(RangeError);
    await expect(store.readStream('s', { maxCount: 1.5 })).rejects.toThrow(RangeError);
    await store.close();
  });
});
