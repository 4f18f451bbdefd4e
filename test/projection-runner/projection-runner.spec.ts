import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../../src/read-store/projection-runner';
import { ProjectionSupervisor } from '../../src/read-store/projection-supervisor';
import type { Projection } from '../../src/read-store/projection';
import type { ProjectionBatch, BatchCheckpoint, ReadStore } from '../../src/read-store/read-store.port';
import { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import { appendLog, expectedCounts, newEvent, streamCounts, typeCounts, type StreamCount } from './toy-projections';

const FAST: ProjectionRunnerOptions = { batchSize: 50, pollIntervalMs: 10, retryMinMs: 5, retryMaxMs: 20 };

let dir: string;
let opened: { close(): Promise<void> }[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-runner-'));
  opened = [];
});
afterEach(async () => {
  for (const s of opened.reverse()) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function openEvents(): SqliteEventStore {
  const es = SqliteEventStore.open(path.join(dir, 'events.db'));
  opened.push(es);
  return es;
}
/** Every runner is stopped after its test, even a failed one, so no loop outlives the test. */
function track(runner: ProjectionRunner): ProjectionRunner {
  opened.push({ close: () => runner.stop() });
  return runner;
}
function openRead(file = 'read.db'): SqliteReadStore {
  const rs = SqliteReadStore.open(path.join(dir, file));
  opened.push(rs);
  return rs;
}

async function counts(store: ReadStore, collection = 'stream_counts', options?: { version?: number }): Promise<Record<string, number>> {
  const { items } = await store.find<StreamCount>(collection, {}, options);
  return Object.fromEntries(items.map((d) => [d.id, d.count]));
}

/** The same projection run once, uninterrupted, into a fresh read store: the reference result. */
async function referenceRun(es: SqliteEventStore, projection: Projection = streamCounts): Promise<Record<string, number>> {
  const store = openRead(`reference-${Math.random()}.db`);
  const runner = track(new ProjectionRunner(projection, es, store, { ...FAST, batchSize: 5000 }));
  await runner.start();
  expect(await runner.waitFor(await es.headPosition(), 10_000)).toBe(true);
  await runner.stop();
  return counts(store);
}

/** Delegates everything; lets a test fail or hold applyBatch. */
class FaultyStore implements ReadStore {
  readonly kind = 'faulty';
  calls = 0;
  beforeApply: (call: number, projection: string, batch: ProjectionBatch, cp: BatchCheckpoint) => Promise<void> | void = () => undefined;
  constructor(private readonly inner: ReadStore) {}
  defineVersion: ReadStore['defineVersion'] = (...a) => this.inner.defineVersion(...a);
  promote: ReadStore['promote'] = (...a) => this.inner.promote(...a);
  dropVersion: ReadStore['dropVersion'] = (...a) => this.inner.dropVersion(...a);
  activeVersion: ReadStore['activeVersion'] = (...a) => this.inner.activeVersion(...a);
  versions: ReadStore['versions'] = (...a) => this.inner.versions(...a);
  find: ReadStore['find'] = (...a) => this.inner.find(...a);
  get: ReadStore['get'] = (...a) => this.inner.get(...a);
  getMany: ReadStore['getMany'] = (...a) => this.inner.getMany(...a);
  loadForUpdate: ReadStore['loadForUpdate'] = (...a) => this.inner.loadForUpdate(...a);
  getCheckpoint: ReadStore['getCheckpoint'] = (...a) => this.inner.getCheckpoint(...a);
  health: ReadStore['health'] = () => this.inner.health();
  close: ReadStore['close'] = async () => undefined;
  async applyBatch(projection: string, batch: ProjectionBatch, cp: BatchCheckpoint): Promise<void> {
    await this.beforeApply(++this.calls, projection, batch, cp);
    return this.inner.applyBatch(projection, batch, cp);
  }
}

/** The events the projection reads (its handled types), in log order: batches are counted in these. */
async function handledEvents(es: SqliteEventStore, projection: Projection = streamCounts, after = 0n) {
  return (await es.readAll({ after })).filter((e) => projection.handles.includes(e.type));
}

/** Where the runner's checkpoint stands after `n` full batches of `size`: the position of the last event it read. */
async function afterBatches(es: SqliteEventStore, n: number, size = FAST.batchSize!): Promise<bigint> {
  return (await handledEvents(es))[n * size - 1].position;
}

describe('ProjectionRunner', () => {
  it('catches up from zero in batches and then reports itself live at the head', async () => {
    const es = openEvents();
    const head = await appendLog(es, 230);
    const store = openRead();
    const batches: number[] = [];
    const runner = track(new ProjectionRunner(streamCounts, es, store, { ...FAST, onBatch: (_s, n) => batches.push(n) }));
    await runner.start();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    expect(await counts(store)).toEqual(expectedCounts(await es.readAll()));
    // The log's Ignored events are not read: batches hold 50 of the events the projection handles.
    const handled = (await handledEvents(es)).length;
    expect(handled).toBeLessThan(230);
    expect(batches).toEqual([50, 50, 50, 50, handled - 200]);
    const status = runner.status();
    expect(status).toMatchObject({ name: 'stream-counts', version: 1, state: 'live', checkpoint: head, head, eventsBehind: 0, secondsBehind: 0 });
    expect(status.error).toBeUndefined();
    await runner.stop();
    expect(runner.status().state).toBe('stopped');
  });

  it('applies an event once to a document that keys() names twice, and fails on a collection it does not declare', async () => {
    const es = openEvents();
    const head = await appendLog(es, 60);
    const store = openRead();
    const twice: Projection<StreamCount> = { ...streamCounts, keys: (e) => [...streamCounts.keys(e), ...streamCounts.keys(e)] };
    const runner = track(new ProjectionRunner(twice, es, store, FAST));
    await runner.start();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    expect(await counts(store)).toEqual(expectedCounts(await es.readAll()));
    await runner.stop();

    const stray: Projection<StreamCount> = { ...streamCounts, name: 'stray-counts', keys: (e) => [{ collection: 'elsewhere', id: e.streamId }] };
    const failing = track(new ProjectionRunner(stray, es, openRead('stray.db'), FAST));
    await failing.start();
    expect(await failing.waitFor(head, 2_000)).toBe(false);
    expect(failing.status()).toMatchObject({ state: 'failed', error: { position: 1n, message: expect.stringContaining('"elsewhere"') } });
  });

  it('resumes after a restart from its checkpoint without counting anything twice', async () => {
    const es = openEvents();
    await appendLog(es, 120);
    const first = track(new ProjectionRunner(streamCounts, es, openRead(), FAST));
    await first.start();
    expect(await first.waitFor(await es.headPosition(), 10_000)).toBe(true);
    await first.stop();

    const previousHead = await es.headPosition();
    const head = await appendLog(es, 80, 7, 120);
    const reopened = openRead();
    const seen: number[] = [];
    const second = track(new ProjectionRunner(streamCounts, es, reopened, { ...FAST, onBatch: (_s, n) => seen.push(n) }));
    await second.start();
    expect(second.status().checkpoint).toBeGreaterThanOrEqual(120n);
    expect(await second.waitFor(head, 10_000)).toBe(true);
    expect(seen.reduce((a, b) => a + b, 0)).toBe((await handledEvents(es, streamCounts, previousHead)).length);
    expect(await counts(reopened)).toEqual(expectedCounts(await es.readAll()));
    await second.stop();
  });

  it('follows events appended while it runs, and advances over events it does not handle', async () => {
    const es = openEvents();
    const store = openRead();
    const runner = track(new ProjectionRunner(streamCounts, es, store, FAST));
    await runner.start();
    const a = await es.append('s-x', [newEvent('Counted'), newEvent('Counted')], 'no_stream');
    expect(await runner.waitFor(a.position, 5_000)).toBe(true);
    expect(await store.get('stream_counts', 's-x')).toMatchObject({ count: 2 });
    const b = await es.append('other', [newEvent('Ignored'), newEvent('SomethingElse')], 'any');
    expect(await runner.waitFor(b.position, 5_000)).toBe(true);
    expect(runner.status().checkpoint).toBe(b.position);
    expect((await store.find('stream_counts', { count: true })).total).toBe(1);
    await runner.stop();
  });

  it('reads only the types it handles, and stores its checkpoint past a stretch of other events for the next start', async () => {
    const es = openEvents();
    const store = openRead();
    const returned: string[] = [];
    const log = {
      headPosition: () => es.headPosition(),
      readTypes: async (o: Parameters<SqliteEventStore['readTypes']>[0]) => {
        const page = await es.readTypes(o);
        returned.push(...page.events.map((e) => e.type));
        return page;
      },
    };
    await es.append('s-y', [newEvent('Counted')], 'no_stream');
    const other = await es.append('other', Array.from({ length: 120 }, () => newEvent('Ignored')), 'any');
    const runner = track(new ProjectionRunner(streamCounts, log, store, FAST));
    await runner.start();
    expect(await runner.waitFor(other.position, 5_000)).toBe(true);
    await runner.stop();
    expect(returned).toEqual(['Counted']);
    expect(await store.getCheckpoint('stream-counts')).toBe(other.position);
    expect(await counts(store)).toEqual({ 's-y': 1 });
  });

  it('waitFor returns false when the position is not reached in time', async () => {
    const es = openEvents();
    const head = await appendLog(es, 10);
    const runner = track(new ProjectionRunner(streamCounts, es, openRead(), FAST));
    await runner.start();
    expect(await runner.waitFor(head + 1000n, 50)).toBe(false);
    expect(await runner.waitFor(head, 5_000)).toBe(true);
    await runner.stop();
  });

  it('waitFor in a process that does not run the projection watches the checkpoint the worker writes', async () => {
    const es = openEvents();
    const worker = track(new ProjectionRunner(streamCounts, es, openRead(), FAST));
    const api = track(new ProjectionRunner(streamCounts, es, openRead(), FAST));
    await worker.start();
    const { position } = await es.append('s-api', [newEvent('Counted')], 'any');
    expect(await api.waitFor(position, 5_000)).toBe(true);
    expect(await api.waitFor(position + 10n, 30)).toBe(false);
    await worker.stop();
  });

  describe('a crash in the middle of a batch', () => {
    it('a batch that fails before its checkpoint is written is retried and ends as an uninterrupted run', async () => {
      const es = openEvents();
      const head = await appendLog(es, 400);
      const inner = openRead();
      const store = new FaultyStore(inner);
      // The third batch "crashes" after half of its documents reached the store (as a MongoDB bulk write can):
      // they carry the batch position, the checkpoint still says the previous batch.
      store.beforeApply = async (call, projection, batch, cp) => {
        if (call !== 3) return;
        const previous = await inner.getCheckpoint(projection, cp.version);
        const half = batch.upserts.slice(0, Math.ceil(batch.upserts.length / 2)).map((u) => ({ ...u, position: cp.position }));
        await inner.applyBatch(projection, { upserts: half, deletes: batch.deletes.map((d) => ({ ...d, position: cp.position })) }, { position: previous!, version: cp.version });
        throw new Error('simulated crash between documents and checkpoint');
      };
      const runner = track(new ProjectionRunner(streamCounts, es, store, FAST));
      await runner.start();
      expect(await runner.waitFor(head, 10_000)).toBe(true);
      await runner.stop();
      expect(store.calls).toBeGreaterThan(8);
      expect(await counts(inner)).toEqual(await referenceRun(es));
    });

    it('a process restarted after the crash finishes the batch without counting twice', async () => {
      const es = openEvents();
      const head = await appendLog(es, 300);
      const inner = openRead();
      const store = new FaultyStore(inner);
      let crashed!: () => void;
      const crash = new Promise<void>((r) => (crashed = r));
      store.beforeApply = async (call, projection, batch, cp) => {
        if (call < 2) return;
        const previous = await inner.getCheckpoint(projection, cp.version);
        await inner.applyBatch(projection, { upserts: batch.upserts.filter((_, i) => i % 2 === 0).map((u) => ({ ...u, position: cp.position })), deletes: [] }, { position: previous!, version: cp.version });
        crashed();
        throw new Error('the process dies here');
      };
      const dying = track(new ProjectionRunner(streamCounts, es, store, FAST));
      await dying.start();
      await crash;
      await dying.stop();
      expect(await inner.getCheckpoint('stream-counts')).toBe(await afterBatches(es, 1));

      const restarted = track(new ProjectionRunner(streamCounts, es, inner, FAST));
      await restarted.start();
      expect(await restarted.waitFor(head, 10_000)).toBe(true);
      await restarted.stop();
      expect(await counts(inner)).toEqual(await referenceRun(es));
    });

    it('a process killed with SIGKILL during batches restarts to the same result', async () => {
      const { spawn } = await import('node:child_process');
      const es = openEvents();
      const head = await appendLog(es, 6000, 13);
      const readFile = path.join(dir, 'killed.db');
      const hook = `
        const swc = require('@swc/core'); const fs = require('fs');
        require.extensions['.ts'] = (m, f) => m._compile(swc.transformSync(fs.readFileSync(f, 'utf8'),
          { filename: f, jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' }, module: { type: 'commonjs' } }).code, f);
        require(process.argv[1]);`;
      const child = spawn(process.execPath, ['-e', hook, path.join(__dirname, 'run-projection.child.ts'), path.join(dir, 'events.db'), readFile], {
        cwd: path.resolve(__dirname, '../..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      const safety = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', () => {
          clearTimeout(safety);
          resolve();
        });
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if ((out.match(/batch/g) ?? []).length >= 3) child.kill('SIGKILL');
        });
      });
      expect(out).toMatch(/batch/);
      const store = openRead('killed.db');
      const atKill = await store.getCheckpoint('stream-counts');
      expect(atKill).toBeDefined();
      expect(atKill! < head).toBe(true);

      const restarted = track(new ProjectionRunner(streamCounts, es, store, { ...FAST, batchSize: 500 }));
      await restarted.start();
      expect(await restarted.waitFor(head, 20_000)).toBe(true);
      await restarted.stop();
      expect(await counts(store)).toEqual(await referenceRun(es));
    }, 30_000);
  });

  describe('failures', () => {
    it('an event whose evolve throws stops that projection at that event; nothing of its batch is written; others go on', async () => {
      const es = openEvents();
      await appendLog(es, 60);
      const boom = await es.append('s-1', [newEvent('Boom', { explode: true })], 'any');
      const head = await appendLog(es, 30, 7, 60);
      const store = openRead();
      const supervisor = ProjectionSupervisor.create([streamCounts, typeCounts], es, store, FAST);
      opened.push({ close: () => supervisor.stopAll() });
      await supervisor.startAll();
      expect(await supervisor.runnerFor('type-counts')!.waitFor(head, 10_000)).toBe(true);
      const failing = supervisor.runnerFor('stream-counts')!;
      expect(await failing.waitFor(head, 2_000)).toBe(false);

      const status = failing.status();
      expect(status.state).toBe('failed');
      const checkpoint = await afterBatches(es, 1);
      expect(status.checkpoint).toBe(checkpoint);
      expect(status.error).toMatchObject({ position: boom.position, eventType: 'Boom', streamId: 's-1', retrying: false });
      expect(status.error!.message).toContain('exploded');
      // Documents as of the last checkpoint: the first batch, not the events before the Boom in the failed batch.
      expect(await counts(store)).toEqual(expectedCounts((await es.readAll()).filter((e) => e.position <= checkpoint)));
      expect(supervisor.health().ok).toBe(false);
      expect(await supervisor.waitFor(head, 1_000)).toBe(false);
      expect(await supervisor.waitFor(head, 1_000, ['type-counts'])).toBe(true);
      expect(supervisor.statuses().map((s) => [s.name, s.state])).toEqual([
        ['stream-counts', 'failed'],
        ['type-counts', 'live'],
      ]);
      await supervisor.stopAll();
    });

    it('a document of the wrong shape fails the projection at the event that built it', async () => {
      const es = openEvents();
      const { position } = await es.append('s-1', [newEvent('Counted')], 'any');
      const wrongType: Projection = { ...streamCounts, evolve: () => ({ id: 's-1', count: 'one' }) };
      const wrongKey: Projection = { ...streamCounts, name: 'k', readModels: [{ ...streamCounts.readModels[0], collection: 'k_counts' }], keys: () => [{ collection: 'k_counts', id: 's-1' }], evolve: () => ({ id: 's-2', count: 1 }) };
      const store = openRead();
      for (const [p, message] of [
        [wrongType, /count.*declared number/],
        [wrongKey, /id "s-2" for key "s-1"/],
      ] as const) {
        const runner = track(new ProjectionRunner(p, es, store, FAST));
        await runner.start();
        expect(await runner.waitFor(position, 1_000)).toBe(false);
        expect(runner.status()).toMatchObject({ state: 'failed', error: { position, eventType: 'Counted' } });
        expect(runner.status().error!.message).toMatch(message);
      }
    });

    it('a store error is retried with the error shown, and the run completes once the store is back', async () => {
      const es = openEvents();
      const head = await appendLog(es, 120);
      const inner = openRead();
      const store = new FaultyStore(inner);
      let failures = 0;
      const errorsSeen: string[] = [];
      let runner!: ProjectionRunner;
      store.beforeApply = (call) => {
        if (call >= 2 && call <= 4) {
          failures++;
          if (failures > 1) errorsSeen.push(runner.status().error?.message ?? 'none');
          throw new Error('database is locked');
        }
      };
      runner = track(new ProjectionRunner(streamCounts, es, store, FAST));
      await runner.start();
      expect(await runner.waitFor(head, 10_000)).toBe(true);
      expect(errorsSeen).toEqual(['database is locked', 'database is locked']);
      expect(runner.status().error).toBeUndefined();
      await runner.stop();
    });

    it('a failed projection starts again from its checkpoint once fixed', async () => {
      const es = openEvents();
      await es.append('s-1', [newEvent('Counted'), newEvent('Boom', { explode: true }), newEvent('Counted')], 'any');
      const store = openRead();
      const broken = track(new ProjectionRunner(streamCounts, es, store, FAST));
      await broken.start();
      await broken.waitFor(3n, 500);
      expect(broken.status().state).toBe('failed');
      const fixed: Projection = { ...streamCounts, evolve: (c, d, e, id) => (e.type === 'Boom' ? undefined : streamCounts.evolve(c, d, e, id)) };
      const runner = track(new ProjectionRunner(fixed, es, store, FAST));
      await runner.start();
      expect(await runner.waitFor(3n, 5_000)).toBe(true);
      expect(await counts(store)).toEqual({ 's-1': 2 });
      await runner.stop();
    });
  });

  describe('versions and rebuilds', () => {
    it('a forced rebuild builds a new version beside the live one, equals the incremental result, then replaces it', async () => {
      const es = openEvents();
      await appendLog(es, 150);
      const store = openRead();
      const runner = track(new ProjectionRunner(streamCounts, es, store, FAST));
      await runner.start();
      await appendLog(es, 70, 7, 150); // incremental: some caught up, some live
      expect(await runner.waitFor(await es.headPosition(), 10_000)).toBe(true);
      const incremental = await counts(store);

      await runner.rebuild();
      expect(runner.status()).toMatchObject({ version: 2, state: 'live' });
      expect((await store.versions('stream-counts')).map((v) => [v.version, v.codeVersion, v.active])).toEqual([[2, 1, true]]);
      expect(await counts(store)).toEqual(incremental);
      expect(await counts(store)).toEqual(expectedCounts(await es.readAll()));
      await runner.stop();
    });

    it('new code rebuilds beside the old version, which keeps serving until the new one has caught up', async () => {
      const es = openEvents();
      const head = await appendLog(es, 200);
      const plain = openRead();
      const v1 = track(new ProjectionRunner(streamCounts, es, plain, FAST));
      await v1.start();
      expect(await v1.waitFor(head, 10_000)).toBe(true);
      await v1.stop();
      const before = await counts(plain);

      // Version 2 counts double: visibly different documents.
      const v2: Projection<StreamCount> = {
        ...streamCounts,
        version: 2,
        evolve: (c, d, e, id) => {
          const next = streamCounts.evolve(c, d ? { ...d, count: d.count / 2 } : d, e, id);
          return next ? { ...next, count: next.count * 2 } : next;
        },
      };
      const store = new FaultyStore(plain);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let held!: () => void;
      const holding = new Promise<void>((r) => (held = r));
      store.beforeApply = async (call) => {
        if (call === 2) {
          held();
          await gate;
        }
      };
      const runner = track(new ProjectionRunner(v2, es, store, FAST));
      const rebuilt = runner.rebuild();
      await holding;
      expect(runner.status()).toMatchObject({ state: 'rebuilding', version: 1, checkpoint: head, rebuild: { version: 2, checkpoint: await afterBatches(es, 1) } });
      expect(await counts(plain)).toEqual(before);
      release();
      await rebuilt;
      expect(runner.status()).toMatchObject({ state: 'live', version: 2, checkpoint: head });
      expect(await counts(plain)).toEqual(Object.fromEntries(Object.entries(before).map(([k, n]) => [k, n * 2])));
      expect((await plain.versions('stream-counts')).map((v) => v.version)).toEqual([2]);

      const old = track(new ProjectionRunner(streamCounts, es, plain, FAST));
      await old.start();
      expect(old.status()).toMatchObject({ state: 'failed', error: { message: expect.stringContaining('newer than this process') } });
      await runner.stop();
    });

    it('a rebuild interrupted by a restart resumes from its own checkpoint', async () => {
      const es = openEvents();
      const head = await appendLog(es, 200);
      const plain = openRead();
      const v1 = track(new ProjectionRunner(streamCounts, es, plain, FAST));
      await v1.start();
      await v1.waitFor(head, 10_000);
      await v1.stop();

      const store = new FaultyStore(plain);
      let stopped!: () => void;
      const atSecond = new Promise<void>((r) => (stopped = r));
      store.beforeApply = (call) => {
        if (call === 2) {
          stopped();
          throw new Error('killed');
        }
      };
      const v2 = { ...streamCounts, version: 2 };
      const first = track(new ProjectionRunner(v2, es, store, FAST));
      void first.rebuild().catch(() => undefined);
      await atSecond;
      await first.stop();
      expect(await plain.getCheckpoint('stream-counts', 2)).toBe(await afterBatches(es, 1));

      const seen: number[] = [];
      const second = track(new ProjectionRunner(v2, es, plain, { ...FAST, onBatch: (_s, n) => seen.push(n) }));
      await second.start();
      expect(second.status().state).toBe('rebuilding');
      // The frozen version 1 had already reached the head: waitFor is no signal here, the rebuild itself is.
      await second.rebuild();
      expect(second.status()).toMatchObject({ state: 'live', version: 2, checkpoint: head });
      expect(seen.reduce((a, b) => a + b, 0)).toBe((await handledEvents(es)).length - 50);
      expect(await counts(plain)).toEqual(expectedCounts(await es.readAll()));
      await second.stop();
    });
  });
});
