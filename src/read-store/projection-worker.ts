/**
 * Entry point of a projection thread (node:worker_threads): runs a group of projections on its own connections to
 * the event and read stores, so projecting never takes the event loop that serves HTTP and SOAP requests.
 * It talks to the main thread only through messages (projection-thread.messages.ts).
 */
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { ALL_PROJECTIONS } from '../../projections';
import { THREAD_RUNNERS } from '../thread-runners';
import { openEventStore } from '../event-store/open-event-store';
import type { EventStore } from '../event-store/event-store.port';
import { openReadStore } from './open-read-store';
import { lowerThisThreadPriority } from '../kernel/thread-priority';
import { ProjectionSupervisor } from './projection-supervisor';
import type { FromThread, ProjectionThreadInit, ToThread } from './projection-thread.messages';
import type { ReadStore } from './read-store.port';

const init = workerData as ProjectionThreadInit;
const port = parentPort!;
const post = (message: FromThread) => port.postMessage(message);

let events: EventStore | undefined;
let store: ReadStore | undefined;
let supervisor: ProjectionSupervisor | undefined;
let reporter: NodeJS.Timeout | undefined;
let lastReport = 0;

function report(): void {
  if (!supervisor) return;
  lastReport = Date.now();
  post({ type: 'status', statuses: supervisor.statuses() });
}

async function start(): Promise<void> {
  try {
    const projections = ALL_PROJECTIONS.filter((p) => init.projections.includes(p.name));
    const others = THREAD_RUNNERS.filter((r) => init.projections.includes(r.name));
    const unknown = init.projections.filter((n) => !projections.some((p) => p.name === n) && !others.some((r) => r.name === n));
    if (unknown.length) throw new Error(`projection thread: unknown projection "${unknown.join('", "')}"`);
    const nice = init.nice === undefined ? undefined : lowerThisThreadPriority(init.nice);
    events = await openEventStore(init.eventStoreUrl);
    store = await openReadStore(init.readStoreUrl);
    supervisor = ProjectionSupervisor.create(projections, events, store, {
      ...init.options,
      // Every batch is news for read-your-writes waiters in the main thread; a catch-up writes many per second, so
      // those reports are thinned to one per few milliseconds unless the batch was the last one.
      onBatch: (status) => {
        if (status.state === 'live' || Date.now() - lastReport >= 20) report();
      },
    });
    for (const r of others) supervisor.add(r.create(events, store, init.eventStoreUrl));
    await supervisor.startAll();
    reporter = setInterval(report, init.reportEveryMs);
    post({ type: 'started', statuses: supervisor.statuses(), ...(nice !== undefined && { nice }) });
  } catch (e) {
    post({ type: 'started', statuses: supervisor?.statuses() ?? [], error: (e as Error)?.stack ?? String(e) });
  }
}

async function stop(): Promise<void> {
  if (reporter) clearInterval(reporter);
  await supervisor?.stopAll();
  if (supervisor) report();
  await store?.close();
  await events?.close();
  post({ type: 'stopped' });
  port.close();
}

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'start':
      void start();
      return;
    case 'stop':
      void stop();
      return;
    case 'wait': {
      const runner = supervisor?.runnerFor(message.name);
      // The runner's own waitFor wakes its loop at once; the answer reaches the main thread as a status report.
      void runner?.waitFor(message.position, 10_000).then(report);
      return;
    }
    case 'rebuild': {
      const runner = supervisor?.runnerFor(message.name);
      if (!runner?.rebuild) {
        post({ type: 'rebuilt', id: message.id, error: `projection "${message.name}" does not run in this thread` });
        return;
      }
      runner.rebuild().then(
        () => (report(), post({ type: 'rebuilt', id: message.id })),
        (e: Error) => (report(), post({ type: 'rebuilt', id: message.id, error: e.message })),
      );
      return;
    }
  }
});
