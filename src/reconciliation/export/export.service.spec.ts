import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { QuadraConfig } from '../../config/config';
import { openEventStore } from '../../event-store/open-event-store';
import type { EventStore } from '../../event-store/event-store.port';
import { randomIds } from '../../kernel/clock';
import { CommandService } from '../../kernel/command-service';
import type { JobHandler, JobQueue } from '../../jobs/job-queue.port';
import { openReadStore } from '../../read-store/open-read-store';
import type { ReadStore } from '../../read-store/read-store.port';
import { RECONCILIATION_PROJECTION, RECONCILIATION_READ_MODELS, RECONCILIATION_VERSION } from '../../../projections/reconciliation/reconciliation.read-models';
import { ExportService, exportStreamId } from './export.service';

const ENTE = 'c_h501';
const ctx = { correlationId: 't', actor: 'operator:test', now: '2030-03-05T10:00:00Z' };

/** A queue that only records what is enqueued: the test runs the jobs itself, as a worker would. */
function recordingQueue() {
  const handlers = new Map<string, JobHandler<any>>();
  const enqueued: { queue: string; id: string; payload: unknown }[] = [];
  const queue = {
    kind: 'test',
    process: (q: string, h: JobHandler<any>) => void handlers.set(q, h),
    enqueue: async (q: string, id: string, payload: unknown) => void enqueued.push({ queue: q, id, payload }),
  } as unknown as JobQueue;
  const runAll = async () => {
    for (const j of enqueued.splice(0)) await handlers.get(j.queue)!(j.payload, { jobId: j.id, attempt: 1, progress: async () => undefined });
  };
  return { queue, enqueued, runAll };
}

describe('reconciliation export: progress and resume after a restart', () => {
  let dir: string;
  let events: EventStore;
  let reads: ReadStore;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-export-'));
    events = await openEventStore(`sqlite:${path.join(dir, 'events.db')}`);
    reads = await openReadStore(`sqlite:${path.join(dir, 'read.db')}`);
    await reads.defineVersion(RECONCILIATION_PROJECTION, RECONCILIATION_VERSION, RECONCILIATION_READ_MODELS);
    await reads.promote(RECONCILIATION_PROJECTION, RECONCILIATION_VERSION);
    const row = (n: number, view: string, code: string) => ({
      collection: 'reconciliation',
      doc: { id: `payment-${n}.${code}`, rowId: `payment-${n}`, codIpa: ENTE, kind: 'payment', view, classificazione: code, hidden: false, iuv: `0100000000000${String(n).padStart(4, '0')}`, importoRt: 1000 + n, dataEsito: '2030-03-05' },
    });
    await reads.applyBatch(RECONCILIATION_PROJECTION, { upserts: [1, 2, 3, 4, 5].map((n) => row(n, 'riconciliazione', 'RT_IUF')).concat([row(6, 'anomalie', 'RT_NO_IUF')]), deletes: [] }, { position: 1n });
  });

  afterEach(async () => {
    await reads.close();
    await events.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const service = (store: ReadStore, jobs: JobQueue) => {
    const s = new ExportService(events, store, jobs, { dataDir: dir } as QuadraConfig, new CommandService(events, randomIds));
    s.pageSize = 2;
    s.onModuleInit();
    return s;
  };

  it('given a process that dies after two pages, when the app restarts, then the export resumes and every row is in the file once', async () => {
    // The first process: the read store fails on the third page, as if the process were killed there.
    let pages = 0;
    const dying = new Proxy(reads, {
      get: (target, prop, receiver) =>
        prop === 'find'
          ? async (...args: Parameters<ReadStore['find']>) => {
              if (++pages === 3) throw new Error('killed');
              return target.find(...args);
            }
          : Reflect.get(target, prop, receiver),
    });
    const first = recordingQueue();
    const before = service(dying, first.queue);
    const { id } = await before.request(ENTE, {}, ctx);
    await expect(first.runAll()).rejects.toThrow('killed');
    expect((await before.status(ENTE, id)).stato).toBe('in_corso');
    expect((await before.status(ENTE, id)).righe).toBe(4);

    // The restart: a new service on the same stores finds the open export at boot and finishes it.
    const second = recordingQueue();
    const after = service(reads, second.queue);
    expect(await after.onApplicationBootstrap()).toBe(1);
    expect(second.enqueued.map((j) => j.id)).toEqual([id]);
    await second.runAll();

    const status = await after.status(ENTE, id);
    expect(status).toMatchObject({ stato: 'completato', righe: 6 });
    const zip = unzipSync(new Uint8Array(fs.readFileSync(after.filePath(ENTE, id))));
    const lines = strFromU8(Object.values(zip)[0]).trim().split('\r\n');
    expect(lines).toHaveLength(7); // header + 6 rows, none twice
    expect(lines.slice(1).map((l) => l.split(';')[0])).toEqual(['RT_IUF', 'RT_IUF', 'RT_IUF', 'RT_IUF', 'RT_IUF', 'RT_NO_IUF']);
    expect(new Set(lines.slice(1).map((l) => l.split(';')[2])).size).toBe(6);
    const types = (await events.readStream(exportStreamId(ENTE, id))).map((e) => e.type);
    expect(types[0]).toBe('ReconciliationExportRequested');
    expect(types.filter((t) => t === 'ReconciliationExportProgressed').length).toBeGreaterThanOrEqual(4);
    expect(types[types.length - 1]).toBe('ReconciliationExportCompleted');

    // A later boot finds nothing open.
    const third = recordingQueue();
    expect(await service(reads, third.queue).onApplicationBootstrap()).toBe(0);
  });
});
