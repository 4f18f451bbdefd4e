import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { ALL_PROJECTIONS } from '../../projections';
import { getPosition } from '../../projections/positions/positions.queries';
import { buildIuv } from '../kernel/identifiers/iuv';
import { numeroAvvisoFromIuv } from '../kernel/identifiers/numero-avviso';
import { positionStreamId } from '../positions/domain/position.streams';
import { partitionByWeight, ProjectionSupervisor } from './projection-supervisor';
import { ProjectionThread } from './projection-thread';
import { SqliteReadStore } from './sqlite-read-store';
import { lowerThisThreadPriority, threadNice } from '../kernel/thread-priority';

jest.setTimeout(60_000);

let dir: string;
let closers: (() => Promise<void>)[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-threads-'));
  closers = [];
});
afterEach(async () => {
  for (const c of closers.reverse()) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

const at = '2026-11-26T10:00:00.000Z';
async function appendPositions(es: SqliteEventStore, from: number, count: number) {
  await es.appendBatch(
    Array.from({ length: count }, (_, k) => {
      const i = from + k;
      const iuv = buildIuv('01', String(i + 1).padStart(13, '0'));
      const data = { codIpa: 'c_h501', iud: `T-${i}`, iuv, numeroAvviso: numeroAvvisoFromIuv(iuv), payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' }, importo: 1000 + i, dataScadenza: '2026-12-31', tipoDovuto: 'TARI', causale: `TARI ${i}`, datiSpecificiRiscossione: '9/0101100IM/', at };
      return { streamId: positionStreamId('c_h501', `T-${i}`), expectedRevision: 'no_stream' as const, events: [{ id: randomUUID(), type: 'PositionCreated', data, metadata: { correlationId: 'c', actor: 'test', occurredAt: at, schemaVersion: 1 } }] };
    }),
  );
}

describe('projections in worker threads', () => {
  it('given projections with weights, then the heaviest are spread first, each to the least loaded thread', () => {
    const p = (name: string, weight?: number) => ({ ...ALL_PROJECTIONS[0], name, weight });
    expect(partitionByWeight([p('a', 4), p('b', 3), p('c', 3), p('d'), p('e', 1)], 2)).toEqual([
      ['a', 'd', 'e'],
      ['b', 'c'],
    ]);
    expect(partitionByWeight([p('a'), p('b')], 5)).toEqual([['a'], ['b']]);
  });

  it('given a log on disk, when the threads catch up, then the main thread reads the documents, waits for its writes, rebuilds and stops', async () => {
    const events = path.join(dir, 'events.db');
    const reads = path.join(dir, 'read.db');
    const es = SqliteEventStore.open(events);
    closers.push(() => es.close());
    await appendPositions(es, 0, 300);
    const supervisor = ProjectionSupervisor.createThreaded(ALL_PROJECTIONS, { eventStoreUrl: `sqlite:${events}`, readStoreUrl: `sqlite:${reads}`, threads: 2, options: { pollIntervalMs: 20 }, reportEveryMs: 20 });
    closers.push(() => supervisor.stopAll());
    await supervisor.startAll();
    expect(supervisor.names()).toEqual(ALL_PROJECTIONS.map((p) => p.name));
    expect(await supervisor.waitFor(await es.headPosition(), 20_000)).toBe(true);

    const store = SqliteReadStore.open(reads);
    closers.push(() => store.close());
    expect(await getPosition(store, 'c_h501', 'T-299')).toMatchObject({ iud: 'T-299', stato: 'open' });

    // A write after the catch-up: read-your-writes is answered by the thread's reports.
    await appendPositions(es, 300, 1);
    expect(await supervisor.waitFor(await es.headPosition(), 10_000, ['positions'])).toBe(true);
    expect(await getPosition(store, 'c_h501', 'T-300')).toMatchObject({ iud: 'T-300' });

    const before = supervisor.runnerFor('positions')!.status().version!;
    await supervisor.runnerFor('positions')!.rebuild!();
    expect(supervisor.runnerFor('positions')!.status().version).toBeGreaterThan(before);
    expect(await getPosition(store, 'c_h501', 'T-0')).toMatchObject({ iud: 'T-0' });

    expect(supervisor.health()).toMatchObject({ ok: true });
    await supervisor.stopAll();
    expect(supervisor.statuses().map((s) => s.state)).toEqual(ALL_PROJECTIONS.map(() => 'stopped'));
  });

  it('given a running thread that dies, then its projections say so and the thread is started again and catches up', async () => {
    const events = path.join(dir, 'events.db');
    const es = SqliteEventStore.open(events);
    closers.push(() => es.close());
    await appendPositions(es, 0, 10);
    const thread = new ProjectionThread({ eventStoreUrl: `sqlite:${events}`, readStoreUrl: `sqlite:${path.join(dir, 'read.db')}`, projections: ['positions'], options: { pollIntervalMs: 20 }, reportEveryMs: 20 });
    closers.push(() => thread.stop());
    await thread.start();
    const [positions] = thread.runners;
    expect(await positions!.waitFor(await es.headPosition(), 10_000)).toBe(true);

    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(positions!.status()).toMatchObject({ state: 'catching_up', error: { retrying: true, message: expect.stringMatching(/projection thread exited .*starting it again in 1000 ms/) } });

    await appendPositions(es, 10, 1);
    expect(await positions!.waitFor(await es.headPosition(), 15_000)).toBe(true);
    expect(positions!.status().error).toBeUndefined();
  });

  describe('background threads', () => {
    const linux = fs.existsSync('/proc/thread-self');
    if (!linux) console.log('SKIPPED background thread priority tests: no /proc/thread-self (threads have no nice value of their own here)');
    const nices = () =>
      fs
        .readdirSync(`/proc/${process.pid}/task`)
        .map(Number)
        .map((tid) => threadNice(process.pid, tid));

    (linux ? it : it.skip)('given only background projections, then their thread lowers its own priority and the others keep the process one', async () => {
      const events = path.join(dir, 'events.db');
      const es = SqliteEventStore.open(events);
      closers.push(() => es.close());
      await appendPositions(es, 0, 20);
      const base = threadNice(process.pid, process.pid)!;
      const expected = Math.max(base, 9); // a process started with `nice` already lower keeps its own
      const before = nices().filter((n) => n === expected).length;
      const supervisor = ProjectionSupervisor.createThreaded(ALL_PROJECTIONS, { eventStoreUrl: `sqlite:${events}`, readStoreUrl: `sqlite:${path.join(dir, 'read.db')}`, threads: 2, options: { pollIntervalMs: 20 }, reportEveryMs: 20, backgroundNice: 9 });
      closers.push(() => supervisor.stopAll());
      await supervisor.startAll();
      // positions is not background: its thread keeps the process's priority; the other thread holds only background projections.
      const info = supervisor.threadsInfo();
      expect(info).toHaveLength(2);
      const [withPositions, other] = info[0].projections.includes('positions') ? info : [info[1], info[0]];
      expect(withPositions.nice).toBeUndefined();
      expect(other).toEqual({ projections: expect.arrayContaining(['audit-trail', 'payer']), nice: expected });
      expect(other.projections.every((n) => ALL_PROJECTIONS.find((p) => p.name === n)?.background)).toBe(true);
      if (base < 9) expect(nices().filter((n) => n === 9)).toHaveLength(before + 1);
      expect(threadNice(process.pid, process.pid)).toBe(base);
      // Lower priority, same work: the background projections still catch up.
      expect(await supervisor.waitFor(await es.headPosition(), 20_000)).toBe(true);
    });

    it('given no background nice, then no thread changes its priority', async () => {
      const events = path.join(dir, 'events.db');
      const es = SqliteEventStore.open(events);
      closers.push(() => es.close());
      const supervisor = ProjectionSupervisor.createThreaded(ALL_PROJECTIONS, { eventStoreUrl: `sqlite:${events}`, readStoreUrl: `sqlite:${path.join(dir, 'read.db')}`, threads: 2, options: { pollIntervalMs: 20 } });
      closers.push(() => supervisor.stopAll());
      await supervisor.startAll();
      expect(supervisor.threadsInfo().map((t) => t.nice)).toEqual([undefined, undefined]);
    });

    it('refuses a nice value outside 1..19', () => {
      expect(() => lowerThisThreadPriority(0)).toThrow(RangeError);
      expect(() => lowerThisThreadPriority(20)).toThrow(/from 1 to 19, got 20/);
    });
  });

  it('given a thread that cannot start, then start fails naming why and its projections report failed', async () => {
    const thread = new ProjectionThread({ eventStoreUrl: `sqlite:${path.join(dir, 'e.db')}`, readStoreUrl: `sqlite:${path.join(dir, 'r.db')}`, projections: ['no-such-projection'], options: {}, reportEveryMs: 50 });
    closers.push(() => thread.stop());
    await expect(thread.start()).rejects.toThrow(/unknown projection "no-such-projection"/);
  });
});
