import { randomUUID } from 'node:crypto';
import { DomainError } from '../../src/kernel/errors';
import type { EventMetadata, NewEvent, RecordedEvent } from '../../src/kernel/events';
import { WrongExpectedRevisionError, type AppendRequest, type EventStore, type Subscription } from '../../src/event-store/event-store.port';

export interface EventStoreCapabilities {
  /** appendBatch stores all of its requests or none (SQLite). Without it each request stands alone (EventStoreDB). */
  atomicBatch: boolean;
}

const meta = (extra: Partial<EventMetadata> = {}): EventMetadata => ({
  correlationId: randomUUID(),
  actor: 'system:contract-test',
  occurredAt: '2025-03-14T10:15:00.000+01:00',
  schemaVersion: 1,
  ...extra,
});
const event = (data: unknown = { n: 0 }, type = 'ContractTested'): NewEvent => ({ id: randomUUID(), type, data, metadata: meta() });
const events = (n: number, type = 'ContractTested'): NewEvent[] => Array.from({ length: n }, (_, i) => event({ n: i }, type));
const idsOf = (list: readonly { id: string }[]) => list.map((e) => e.id);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function conflictOf(p: Promise<unknown>): Promise<WrongExpectedRevisionError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WrongExpectedRevisionError) return err;
    throw err;
  }
  throw new Error('expected a WrongExpectedRevisionError, but the append succeeded');
}

/** Waiting is bounded so a missing delivery fails the test instead of hanging it; nothing asserts on the time. */
async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`gave up waiting for ${what}`);
    await sleep(5);
  }
}

const expectIncreasing = (positions: bigint[]) => {
  for (let i = 1; i < positions.length; i++) expect(positions[i] > positions[i - 1]).toBe(true);
};

/**
 * The behaviour every EventStore adapter must show. Streams are named uniquely per run, and reads of the global
 * log only look at this run's streams, so the suite can run against a server other tests or users share.
 */
export function eventStoreContract(
  name: string,
  open: () => Promise<EventStore>,
  close: (store: EventStore) => Promise<void> = (s) => s.close(),
  capabilities: EventStoreCapabilities = { atomicBatch: false },
): void {
  describe(`EventStore contract: ${name}`, () => {
    const run = `ct${randomUUID().slice(0, 8)}`;
    let counter = 0;
    const stream = (label: string) => `${run}_${label}-${++counter}`;
    const ours = (e: RecordedEvent) => e.streamId.startsWith(`${run}_`);
    let store: EventStore;
    const subscriptions: Subscription[] = [];

    const subscribe = (after: bigint, sink: RecordedEvent[], options: { batchSize?: number } = {}) => {
      const s = store.subscribeAll({ after, ...options }, (e) => {
        if (ours(e)) sink.push(e);
      });
      subscriptions.push(s);
      return s;
    };

    beforeAll(async () => {
      store = await open();
    });
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    });
    afterAll(async () => {
      await close(store);
    });

    it('reports its kind and a healthy connection', async () => {
      expect(typeof store.kind).toBe('string');
      expect(store.kind.length).toBeGreaterThan(0);
      await expect(store.health()).resolves.toMatchObject({ ok: true });
    });

    describe('append with an expected revision', () => {
      it('no_stream creates the stream with revisions from 0 and returns the last revision and position', async () => {
        const s = stream('created');
        const batch = events(3);
        const result = await store.append(s, batch, 'no_stream');
        const read = await store.readStream(s);
        expect(idsOf(read)).toEqual(idsOf(batch));
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(result).toEqual({ streamId: s, nextRevision: 2n, position: read[2].position });
        expect(typeof result.position).toBe('bigint');
        expectIncreasing(read.map((e) => e.position));
      });

      it('keeps id, type, data and metadata exactly, and stamps recordedAt as ISO-8601', async () => {
        const s = stream('roundtrip');
        const e: NewEvent = {
          id: randomUUID(),
          type: 'PositionCreated',
          data: { iud: 'TARI-2025-000147', importo: 14792, causale: 'Città di Bolzano – rata 1 €', rate: [1, 2], pagato: false, note: null },
          metadata: meta({ causationId: randomUUID(), idempotencyKey: 'k-1', codIpa: 'c_a952' }),
        };
        await store.append(s, [e], 'no_stream');
        const [read] = await store.readStream(s);
        expect(read).toMatchObject({ id: e.id, type: e.type, streamId: s, revision: 0n });
        expect(read.data).toEqual(e.data);
        expect(read.metadata).toEqual(e.metadata);
        expect(read.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
      });

      it('no_stream on an existing stream is a conflict naming stream, expected and actual, and writes nothing', async () => {
        const s = stream('exists');
        await store.append(s, events(2), 'no_stream');
        const err = await conflictOf(store.append(s, events(1), 'no_stream'));
        expect(err).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: s, expected: 'no_stream', actual: 1n });
        expect(err.message).toContain(s);
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('stream_exists is refused on a missing stream and accepted on an existing one', async () => {
        const s = stream('must-exist');
        const err = await conflictOf(store.append(s, events(1), 'stream_exists'));
        expect(err).toMatchObject({ streamId: s, expected: 'stream_exists', actual: 'no_stream' });
        expect(await store.readStream(s)).toEqual([]);
        await store.append(s, events(1), 'no_stream');
        await expect(store.append(s, events(1), 'stream_exists')).resolves.toMatchObject({ nextRevision: 1n });
      });

      it('an exact revision is accepted when it is the last one and refused when stale, with the actual revision', async () => {
        const s = stream('exact');
        const first = await store.append(s, events(2), 'no_stream');
        const second = await store.append(s, events(1), first.nextRevision);
        expect(second.nextRevision).toBe(2n);
        expect(second.position > first.position).toBe(true);
        const err = await conflictOf(store.append(s, events(1), 1n));
        expect(err).toMatchObject({ streamId: s, expected: 1n, actual: 2n });
        expect(await store.readStream(s)).toHaveLength(3);
      });

      it('an exact revision on a missing stream is a conflict with actual no_stream', async () => {
        const s = stream('missing');
        const err = await conflictOf(store.append(s, events(1), 0n));
        expect(err).toMatchObject({ streamId: s, expected: 0n, actual: 'no_stream' });
      });

      it('any appends whether or not the stream exists', async () => {
        const s = stream('any');
        await expect(store.append(s, events(1), 'any')).resolves.toMatchObject({ nextRevision: 0n });
        await expect(store.append(s, events(2), 'any')).resolves.toMatchObject({ nextRevision: 2n });
        expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it('refuses an event id that is not a UUID and writes nothing', async () => {
        const s = stream('bad-id');
        const bad = { ...event(), id: 'not-a-uuid' };
        const err = await store.append(s, [event(), bad], 'no_stream').catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DomainError);
        expect(err).toMatchObject({ code: 'INVALID_EVENT_ID', field: 'id' });
        expect(await store.readStream(s)).toEqual([]);
      });
    });

    describe('re-appending stored event ids', () => {
      it('a retried request returns the stored result and writes nothing, even after the stream moved on', async () => {
        const s = stream('retry');
        const batch = events(2);
        const first = await store.append(s, batch, 'no_stream');
        const later = await store.append(s, events(1), first.nextRevision);
        const retried = await store.append(s, batch, 'no_stream');
        expect(retried).toEqual(first);
        const read = await store.readStream(s);
        expect(read).toHaveLength(3);
        expect(new Set(idsOf(read)).size).toBe(3);
        expect((await store.readAll({ after: later.position })).filter((e) => e.streamId === s)).toEqual([]);
      });

      it('a retry with the exact revision of its first attempt, or with any, returns the stored result', async () => {
        const s = stream('retry-exact');
        await store.append(s, events(1), 'no_stream');
        const batch = events(2);
        const first = await store.append(s, batch, 0n);
        await store.append(s, events(1), 'any');
        await expect(store.append(s, batch, 0n)).resolves.toEqual(first);
        await expect(store.append(s, batch, 'any')).resolves.toEqual(first);
        expect(await store.readStream(s)).toHaveLength(4);
      });

      it('a mixed request skips the stored ids and appends only the new ones after checking the revision', async () => {
        const s = stream('mixed');
        const [a, b, c] = events(3);
        await store.append(s, [a, b], 'no_stream');
        const result = await store.append(s, [b, c], 1n);
        expect(result.nextRevision).toBe(2n);
        const read = await store.readStream(s);
        expect(idsOf(read)).toEqual([a.id, b.id, c.id]);
        expect(result.position).toBe(read[2].position);
      });

      it('a mixed request with a stale revision is a conflict and writes nothing', async () => {
        const s = stream('mixed-stale');
        const [a, b, c] = events(3);
        await store.append(s, [a, b], 'no_stream');
        const err = await conflictOf(store.append(s, [b, c], 0n));
        expect(err).toMatchObject({ streamId: s, expected: 0n, actual: 1n });
        expect(idsOf(await store.readStream(s))).toEqual([a.id, b.id]);
      });
    });

    describe('streamRevisions', () => {
      it('gives the current revision of each existing stream and leaves out the missing ones', async () => {
        const a = stream('rev-a');
        const b = stream('rev-b');
        const missing = stream('rev-missing');
        await store.append(a, events(3), 'no_stream');
        await store.append(b, events(1), 'no_stream');
        const revisions = await store.streamRevisions([a, missing, b, a]);
        expect([...revisions.entries()].sort()).toEqual([
          [a, 2n],
          [b, 0n],
        ].sort());
        expect(await store.streamRevisions([])).toEqual(new Map());
      });

      it('answers for more streams than one query can bind', async () => {
        const many = Array.from({ length: 1200 }, (_, i) => stream(`rev-many-${i}`));
        await store.appendBatch(many.filter((_, i) => i % 2 === 0).map((id) => ({ streamId: id, events: events(1), expectedRevision: 'no_stream' as const })));
        const revisions = await store.streamRevisions(many);
        expect(revisions.size).toBe(600);
        expect(revisions.get(many[0])).toBe(0n);
        expect(revisions.has(many[1])).toBe(false);
      });
    });

    describe('readStream', () => {
      let s: string;
      let written: NewEvent[];
      beforeAll(async () => {
        s = stream('read');
        written = events(5);
        await store.append(s, written, 'no_stream');
      });
      const revisions = (list: RecordedEvent[]) => list.map((e) => e.revision);

      it('reads forwards from the first event', async () => {
        const read = await store.readStream(s);
        expect(idsOf(read)).toEqual(idsOf(written));
        expect(revisions(read)).toEqual([0n, 1n, 2n, 3n, 4n]);
      });

      it('reads backwards from the last event', async () => {
        const read = await store.readStream(s, { direction: 'backwards' });
        expect(idsOf(read)).toEqual(idsOf(written).reverse());
      });

      it('starts at fromRevision, inclusive, in either direction', async () => {
        expect(revisions(await store.readStream(s, { fromRevision: 2n }))).toEqual([2n, 3n, 4n]);
        expect(revisions(await store.readStream(s, { direction: 'backwards', fromRevision: 2n }))).toEqual([2n, 1n, 0n]);
      });

      it('returns at most maxCount events', async () => {
        expect(revisions(await store.readStream(s, { maxCount: 2 }))).toEqual([0n, 1n]);
        expect(revisions(await store.readStream(s, { direction: 'backwards', maxCount: 2 }))).toEqual([4n, 3n]);
        expect(revisions(await store.readStream(s, { fromRevision: 1n, maxCount: 2 }))).toEqual([1n, 2n]);
      });

      it('returns [] for a stream that does not exist, or past its end', async () => {
        expect(await store.readStream(stream('nothing-here'))).toEqual([]);
        expect(await store.readStream(stream('nothing-here'), { direction: 'backwards' })).toEqual([]);
        expect(await store.readStream(s, { fromRevision: 5n })).toEqual([]);
      });
    });

    describe('readAll and headPosition', () => {
      it('returns the events after a position in log order, with strictly increasing bigint positions', async () => {
        const head = await store.headPosition();
        const [x, y] = [stream('all-x'), stream('all-y')];
        const [x1, x2, y1, x3] = events(4);
        await store.append(x, [x1, x2], 'no_stream');
        await store.append(y, [y1], 'no_stream');
        await store.append(x, [x3], 1n);
        const read = (await store.readAll({ after: head })).filter(ours);
        expect(idsOf(read)).toEqual([x1.id, x2.id, y1.id, x3.id]);
        expect(read.map((e) => e.streamId)).toEqual([x, x, y, x]);
        read.forEach((e) => expect(typeof e.position === 'bigint' && e.position > head).toBe(true));
        expectIncreasing(read.map((e) => e.position));
      });

      it('treats after as exclusive and maxCount as a page size', async () => {
        const head = await store.headPosition();
        const s = stream('all-page');
        const written = events(4);
        await store.append(s, written, 'no_stream');
        const mine = (await store.readAll({ after: head })).filter(ours);
        expect(idsOf(mine)).toEqual(idsOf(written));
        const rest = (await store.readAll({ after: mine[1].position })).filter(ours);
        expect(idsOf(rest)).toEqual(idsOf(written.slice(2)));
        const page = await store.readAll({ after: head, maxCount: 2 });
        expect(page).toHaveLength(2);
        page.forEach((e) => expect(e.position > head).toBe(true));
        expect(await store.readAll({ after: head, maxCount: 0 })).toEqual([]);
      });

      it('reads from the beginning of the log when no position is given', async () => {
        const r = await store.append(stream('all-begin'), events(1), 'no_stream');
        const [first] = await store.readAll({ maxCount: 1 });
        expect(first).toBeDefined();
        expect(first.position > 0n && first.position <= r.position).toBe(true);
      });

      it('headPosition is at or after the last append, and nothing of ours lies beyond it', async () => {
        const r = await store.append(stream('head'), events(2), 'no_stream');
        const head = await store.headPosition();
        expect(head >= r.position).toBe(true);
        expect((await store.readAll({ after: head })).filter(ours)).toEqual([]);
      });
    });

    describe('readTypes', () => {
      // Types named after this run: nothing another user of a shared server writes can match them.
      const wanted = () => `${run}Wanted`;
      const other = () => `${run}Other`;

      it('returns only the events of the wanted types, in log order, and says it looked up to the head', async () => {
        const head = await store.headPosition();
        const s = stream('types');
        const written = [event({ n: 1 }, wanted()), event({ n: 2 }, other()), event({ n: 3 }, wanted()), event({ n: 4 }, other())];
        const r = await store.append(s, written, 'no_stream');
        const page = await store.readTypes({ after: head, maxCount: 100, types: [wanted()] });
        expect(idsOf(page.events)).toEqual([written[0].id, written[2].id]);
        expect(page.events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 3 }]);
        expectIncreasing(page.events.map((e) => e.position));
        // Short page: everything up to the head was looked at, the trailing event of another type included.
        expect(page.scannedTo >= r.position).toBe(true);
        const both = await store.readTypes({ after: head, maxCount: 100, types: [wanted(), other()] });
        expect(idsOf(both.events)).toEqual(idsOf(written));
      });

      it('a full page stops at its last event, and the next read goes on from there without gaps or repeats', async () => {
        const head = await store.headPosition();
        const s = stream('types-page');
        const written = Array.from({ length: 7 }, (_, i) => event({ n: i }, i % 2 === 0 ? wanted() : other()));
        await store.append(s, written, 'no_stream');
        const first = await store.readTypes({ after: head, maxCount: 2, types: [wanted()] });
        expect(idsOf(first.events)).toEqual([written[0].id, written[2].id]);
        expect(first.scannedTo).toBe(first.events[1].position);
        const second = await store.readTypes({ after: first.scannedTo, maxCount: 2, types: [wanted()] });
        expect(idsOf(second.events)).toEqual([written[4].id, written[6].id]);
        const third = await store.readTypes({ after: second.scannedTo, maxCount: 2, types: [wanted()] });
        expect(third.events.filter(ours)).toEqual([]);
      });

      it('asks for nothing with no types or a maxCount of 0, and refuses a negative maxCount', async () => {
        const head = await store.headPosition();
        await store.append(stream('types-none'), [event({}, wanted())], 'no_stream');
        expect((await store.readTypes({ after: head, maxCount: 10, types: [] })).events).toEqual([]);
        const zero = await store.readTypes({ after: head, maxCount: 0, types: [wanted()] });
        expect(zero).toEqual({ events: [], scannedTo: head });
        await expect(store.readTypes({ after: head, maxCount: -1, types: [wanted()] })).rejects.toThrow(RangeError);
      });
    });

    describe('subscribeAll', () => {
      it('delivers caught-up and live events once each, in log order', async () => {
        const head = await store.headPosition();
        const [a, b] = [stream('sub-a'), stream('sub-b')];
        const before = [event(), event(), event()];
        await store.append(a, before.slice(0, 2), 'no_stream');
        await store.append(b, before.slice(2), 'no_stream');
        const got: RecordedEvent[] = [];
        subscribe(head, got);
        await waitUntil(() => got.length >= 3, 'the caught-up events');
        const live = [event(), event()];
        await store.append(a, [live[0]], 1n);
        await store.append(b, [live[1]], 0n);
        await waitUntil(() => got.length >= 5, 'the live events');
        await sleep(50);
        expect(idsOf(got)).toEqual(idsOf([...before, ...live]));
        expectIncreasing(got.map((e) => e.position));
      });

      it('resumes after a checkpoint without redelivering it or anything before it', async () => {
        const s = stream('sub-resume');
        const written = events(4);
        await store.append(s, written, 'no_stream');
        const [, second] = await store.readStream(s);
        const got: RecordedEvent[] = [];
        subscribe(second.position, got);
        await waitUntil(() => got.length >= 2, 'the events after the checkpoint');
        const fifth = event();
        await store.append(s, [fifth], 3n);
        await waitUntil(() => got.length >= 3, 'the live event');
        await sleep(50);
        expect(idsOf(got)).toEqual([written[2].id, written[3].id, fifth.id]);
      });

      it('awaits the handler before delivering the next event, also across small catch-up batches', async () => {
        const head = await store.headPosition();
        const s = stream('sub-await');
        const written = events(7);
        await store.append(s, written, 'no_stream');
        const got: string[] = [];
        let running = 0;
        let maxRunning = 0;
        const sub = store.subscribeAll({ after: head, batchSize: 2 }, async (e) => {
          if (!ours(e)) return;
          running++;
          maxRunning = Math.max(maxRunning, running);
          await sleep(2);
          got.push(e.id);
          running--;
        });
        subscriptions.push(sub);
        await waitUntil(() => got.length >= 7, 'all seven events');
        expect(got).toEqual(idsOf(written));
        expect(maxRunning).toBe(1);
      });

      it('stops and rejects done when the handler throws, delivering nothing after the failing event', async () => {
        const head = await store.headPosition();
        const s = stream('sub-fail');
        const written = events(3);
        await store.append(s, written, 'no_stream');
        const seen: string[] = [];
        const sub = store.subscribeAll({ after: head }, (e) => {
          if (!ours(e)) return;
          seen.push(e.id);
          if (e.id === written[1].id) throw new Error('projection failed on purpose');
        });
        subscriptions.push(sub);
        await expect(sub.done).rejects.toThrow('projection failed on purpose');
        expect(seen).toEqual([written[0].id, written[1].id]);
        await expect(sub.stop()).resolves.toBeUndefined();
      });

      it('with types, hands over only those and reports progress past the events of other types', async () => {
        const head = await store.headPosition();
        const s = stream('sub-types');
        const wanted = `${run}SubWanted`;
        const written = [event({ n: 1 }, wanted), event({ n: 2 }), event({ n: 3 }, wanted), event({ n: 4 })];
        const r = await store.append(s, written, 'no_stream');
        const got: RecordedEvent[] = [];
        let progress = head;
        const sub = store.subscribeAll(
          {
            after: head,
            batchSize: 2,
            types: [wanted],
            onProgress: (p) => {
              expect(p > progress).toBe(true);
              progress = p;
            },
          },
          (e) => {
            got.push(e);
          },
        );
        subscriptions.push(sub);
        await waitUntil(() => progress >= r.position, 'progress past the last event');
        expect(idsOf(got)).toEqual([written[0].id, written[2].id]);
        const live = event({ n: 5 }, wanted);
        const r2 = await store.append(s, [event({ n: 6 }), live], 3n);
        await waitUntil(() => progress >= r2.position, 'progress past the live events');
        expect(idsOf(got)).toEqual([written[0].id, written[2].id, live.id]);
      });

      it('stop() ends the subscription cleanly: done resolves and later events are not delivered', async () => {
        const head = await store.headPosition();
        const s = stream('sub-stop');
        const first = event();
        await store.append(s, [first], 'no_stream');
        const got: RecordedEvent[] = [];
        const sub = subscribe(head, got);
        await waitUntil(() => got.length >= 1, 'the first event');
        await sub.stop();
        await expect(sub.done).resolves.toBeUndefined();
        await store.append(s, events(1), 0n);
        await sleep(300);
        expect(idsOf(got)).toEqual([first.id]);
      });
    });

    describe('appendBatch', () => {
      it('stores every request and returns one result per request, in request order', async () => {
        const requests: AppendRequest[] = Array.from({ length: 40 }, (_, i) => ({
          streamId: stream(`batch-${i}`),
          events: events((i % 3) + 1),
          expectedRevision: 'no_stream',
        }));
        const results = await store.appendBatch(requests);
        expect(results.map((r) => r.streamId)).toEqual(requests.map((r) => r.streamId));
        expect(results.map((r) => r.nextRevision)).toEqual(requests.map((r) => BigInt(r.events.length - 1)));
        for (const [i, r] of requests.entries()) {
          const read = await store.readStream(r.streamId);
          expect(idsOf(read)).toEqual(idsOf(r.events));
          expect(results[i].position).toBe(read[read.length - 1].position);
        }
      });

      it('applies several requests to one stream in order, each against the revision the previous left', async () => {
        const s = stream('batch-same');
        const [a, b, c] = events(3);
        const results = await store.appendBatch([
          { streamId: s, events: [a], expectedRevision: 'no_stream' },
          { streamId: s, events: [b], expectedRevision: 0n },
          { streamId: s, events: [c], expectedRevision: 1n },
        ]);
        expect(results.map((r) => r.nextRevision)).toEqual([0n, 1n, 2n]);
        expect(idsOf(await store.readStream(s))).toEqual([a.id, b.id, c.id]);
      });

      it('a retried batch returns the stored results and writes nothing', async () => {
        const requests: AppendRequest[] = [0, 1, 2].map((i) => ({ streamId: stream(`batch-retry-${i}`), events: events(2), expectedRevision: 'no_stream' }));
        const first = await store.appendBatch(requests);
        await expect(store.appendBatch(requests)).resolves.toEqual(first);
        for (const r of requests) expect(await store.readStream(r.streamId)).toHaveLength(2);
      });

      it('a request with an invalid event fails the batch before anything is written', async () => {
        const requests: AppendRequest[] = [0, 1, 2].map((i) => ({ streamId: stream(`batch-invalid-${i}`), events: events(1), expectedRevision: 'no_stream' }));
        requests[2].events.push({ ...event(), id: 'row-17' });
        await expect(store.appendBatch(requests)).rejects.toMatchObject({ code: 'INVALID_EVENT_ID' });
        for (const r of requests) expect(await store.readStream(r.streamId)).toEqual([]);
      });

      it(
        capabilities.atomicBatch
          ? 'a conflict in one request fails the whole batch with the typed error, and nothing of the batch is stored'
          : 'a conflict in one request fails the batch with the typed error; retrying the corrected batch stores each event once',
        async () => {
          const existing = stream('batch-conflict');
          await store.append(existing, events(2), 'no_stream');
          const head = await store.headPosition();
          const requests: AppendRequest[] = Array.from({ length: 12 }, (_, i) => ({
            streamId: stream(`batch-conflict-${i}`),
            events: events(2),
            expectedRevision: 'no_stream' as const,
          }));
          const conflicting: AppendRequest = { streamId: existing, events: events(1), expectedRevision: 0n };
          requests.splice(6, 0, conflicting);
          const err = await conflictOf(store.appendBatch(requests));
          expect(err).toMatchObject({ streamId: existing, expected: 0n, actual: 1n });
          expect(await store.readStream(existing)).toHaveLength(2);
          if (capabilities.atomicBatch) {
            for (const r of requests) if (r !== conflicting) expect(await store.readStream(r.streamId)).toEqual([]);
            expect((await store.readAll({ after: head })).filter(ours)).toEqual([]);
          } else {
            conflicting.expectedRevision = 1n;
            await store.appendBatch(requests);
            for (const r of requests) {
              const read = await store.readStream(r.streamId);
              expect(idsOf(read.slice(-r.events.length))).toEqual(idsOf(r.events));
              expect(new Set(idsOf(read)).size).toBe(read.length);
            }
          }
        },
      );
    });

    describe('concurrent writers', () => {
      it('of the appends racing with the same exact revision, exactly one wins', async () => {
        const s = stream('race');
        await store.append(s, events(1), 'no_stream');
        const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => store.append(s, events(1), 0n)));
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        lost.forEach((o) => expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError));
        lost.forEach((o) => expect(o.reason).toMatchObject({ streamId: s, expected: 0n, actual: 1n }));
        expect(await store.readStream(s)).toHaveLength(2);
      });

      it('of the appends racing to create a stream with no_stream, exactly one wins', async () => {
        const s = stream('race-create');
        const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => store.append(s, events(2), 'no_stream')));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(s)).toHaveLength(2);
      });
    });
  });
}
