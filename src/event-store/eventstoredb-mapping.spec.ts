import { randomUUID } from 'node:crypto';
import { ANY, NO_STREAM, START, STREAM_EXISTS } from '@eventstore/db-client';
import {
  commitPositionOf,
  fromEsdbCurrent,
  fromEsdbRecord,
  isAfter,
  isSystemEvent,
  readPositionAfter,
  toEsdbExpected,
  toEventData,
} from './eventstoredb-mapping';

const metadata = { correlationId: 'c-1', actor: 'operator:anna', occurredAt: '2025-03-14T10:15:00.000+01:00', schemaVersion: 1 };

describe('EventStoreDB mapping', () => {
  it('maps our expected revisions to the client constants, -1n meaning "no stream"', () => {
    expect(toEsdbExpected('no_stream')).toBe(NO_STREAM);
    expect(toEsdbExpected('stream_exists')).toBe(STREAM_EXISTS);
    expect(toEsdbExpected('any')).toBe(ANY);
    expect(toEsdbExpected(7n)).toBe(7n);
    expect(toEsdbExpected(-1n)).toBe(NO_STREAM);
  });

  it('maps the server current revision of a conflict to ours', () => {
    expect(fromEsdbCurrent(NO_STREAM)).toBe('no_stream');
    expect(fromEsdbCurrent(3n)).toBe(3n);
  });

  it('resolves an exclusive `after` to the log position (after, after), and none to the start', () => {
    expect(readPositionAfter(undefined)).toBe(START);
    expect(readPositionAfter(0n)).toBe(START);
    expect(readPositionAfter(4242n)).toEqual({ commit: 4242n, prepare: 4242n });
  });

  it('uses the commit position as our position, and -1n where the server sent none', () => {
    expect(commitPositionOf({ commit: 1024n, prepare: 1024n })).toBe(1024n);
    expect(commitPositionOf(undefined)).toBe(-1n);
    expect(commitPositionOf({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n })).toBe(-1n);
  });

  it('orders log positions by commit, then prepare', () => {
    expect(isAfter({ commit: 20n, prepare: 20n }, { commit: 10n, prepare: 10n })).toBe(true);
    expect(isAfter({ commit: 10n, prepare: 12n }, { commit: 10n, prepare: 11n })).toBe(true);
    expect(isAfter({ commit: 10n, prepare: 10n }, { commit: 10n, prepare: 10n })).toBe(false);
    expect(isAfter({ commit: 9n, prepare: 30n }, { commit: 10n, prepare: 10n })).toBe(false);
  });

  it('recognises system events by type or stream', () => {
    expect(isSystemEvent({ type: '$metadata', streamId: '$$position-1' })).toBe(true);
    expect(isSystemEvent({ type: 'PositionCreated', streamId: '$ce-position' })).toBe(true);
    expect(isSystemEvent({ type: 'PositionCreated', streamId: 'position-1' })).toBe(false);
  });

  it('writes our event as a JSON event with a lower-case UUID', () => {
    const id = randomUUID().toUpperCase();
    expect(toEventData({ id, type: 'PositionCreated', data: { importo: 14792 }, metadata })).toEqual({
      id: id.toLowerCase(),
      contentType: 'application/json',
      type: 'PositionCreated',
      data: { importo: 14792 },
      metadata,
    });
  });

  it('reads a recorded JSON event back as ours', () => {
    const id = randomUUID();
    const created = new Date('2025-03-14T09:15:00.123Z');
    expect(
      fromEsdbRecord({ id, streamId: 'position-1', revision: 4n, type: 'ReceiptReceived', data: { iur: 'IUR1' }, metadata, created, position: { commit: 9000n, prepare: 9000n } }),
    ).toEqual({ id, streamId: 'position-1', revision: 4n, type: 'ReceiptReceived', data: { iur: 'IUR1' }, metadata, position: 9000n, recordedAt: '2025-03-14T09:15:00.123Z' });
  });

  it('decodes JSON stored as binary, keeps other binary data as it is, and gives missing metadata as {}', () => {
    const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
    const raw = new Uint8Array([0xff, 0x00, 0x01]);
    const base = { id: randomUUID(), streamId: 's', revision: 0n, type: 'T', created: new Date(0) };
    expect(fromEsdbRecord({ ...base, data: bytes('{"a":1}'), metadata: bytes(JSON.stringify(metadata)) })).toMatchObject({ data: { a: 1 }, metadata, position: -1n });
    expect(fromEsdbRecord({ ...base, data: raw }).data).toBe(raw);
    expect(fromEsdbRecord({ ...base, data: {} }).metadata).toEqual({});
  });
});
