import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../kernel/spawn-worker';
import type { ProjectionStatus } from './projection-runner';
import { PositionWaiters, reached } from './position-waiters';
import type { FromThread, ProjectionThreadInit, ToThread } from './projection-thread.messages';
import type { SupervisedRunner } from './supervised-runner';

/** A thread that dies after it had started is started again after this delay, doubled per crash in a row. */
const RESTART_MIN_MS = 1000;
const RESTART_MAX_MS = 30_000;

/**
 * A group of projections running in a worker thread of this process, seen from the main thread as one
 * SupervisedRunner per projection. The thread reports statuses after its batches; read-your-writes waiters here
 * are released by those reports. A thread that dies (a crash, running out of memory) is started again with a
 * growing delay, as a runner retries a store error; meanwhile its projections report the failure in /health.
 */
export class ProjectionThread {
  readonly runners: ThreadedRunner[];
  private worker: Worker | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private stopped: (() => void) | undefined;
  private rebuilds = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextRebuild = 1;
  private hasStarted = false;
  private crashesInARow = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Set by stop(): no restart after it. */
  private stopRequested = false;
  private appliedNice: number | undefined;

  constructor(private readonly init: ProjectionThreadInit) {
    this.runners = init.projections.map((name) => new ThreadedRunner(name, this));
  }

  /** The projections this thread runs. */
  get projections(): readonly string[] {
    return this.init.projections;
  }

  /** The nice value the running thread gave itself; undefined when it runs at the process's priority. */
  get nice(): number | undefined {
    return this.appliedNice;
  }

  start(): Promise<void> {
    if (this.starting) return this.starting;
    this.stopping = undefined;
    this.stopRequested = false;
    clearTimeout(this.restartTimer);
    this.starting = new Promise<void>((resolve, reject) => {
      const worker = spawnWorker(__dirname, 'projection-worker', this.init);
      this.worker = worker;
      worker.on('message', (m: FromThread) => {
        if (m.type === 'started') {
          this.update(m.statuses);
          this.appliedNice = m.nice;
          if (m.error) reject(new Error(`projection thread (${this.init.projections.join(', ')}) did not start: ${m.error}`));
          else {
            this.hasStarted = true;
            this.crashesInARow = 0;
            resolve();
          }
        } else if (m.type === 'status') this.update(m.statuses);
        else if (m.type === 'rebuilt') {
          const w = this.rebuilds.get(m.id);
          this.rebuilds.delete(m.id);
          if (m.error) w?.reject(new Error(m.error));
          else w?.resolve();
        } else if (m.type === 'stopped') this.stopped?.();
      });
      const died = (why: string) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.starting = undefined;
        reject(new Error(why));
        for (const w of this.rebuilds.values()) w.reject(new Error(why));
        this.rebuilds.clear();
        if (this.stopRequested || !this.hasStarted) {
          for (const r of this.runners) r.died(why, false);
          this.stopped?.();
          return;
        }
        const delay = Math.min(RESTART_MAX_MS, RESTART_MIN_MS * 2 ** this.crashesInARow++);
        for (const r of this.runners) r.died(`${why}; starting it again in ${delay} ms`, true);
        this.restartTimer = setTimeout(() => void this.start().catch(() => undefined), delay);
      };
      worker.on('error', (e) => died(`projection thread crashed: ${e.message}`));
      worker.on('exit', (code) => died(`projection thread exited (code ${code})`));
      this.post({ type: 'start' });
    });
    return this.starting;
  }

  /** Lets the thread finish its batches, close its connections and exit. */
  stop(): Promise<void> {
    this.stopRequested = true;
    clearTimeout(this.restartTimer);
    if (this.stopping) return this.stopping;
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    this.stopping = new Promise<void>((resolve) => {
      this.stopped = resolve;
      this.post({ type: 'stop' });
    }).then(async () => {
      this.worker = undefined;
      this.starting = undefined;
      await worker.terminate();
      for (const r of this.runners) r.stoppedByOwner();
    });
    return this.stopping;
  }

  rebuild(name: string): Promise<void> {
    const id = this.nextRebuild++;
    return new Promise<void>((resolve, reject) => {
      this.rebuilds.set(id, { resolve, reject });
      this.post({ type: 'rebuild', id, name });
    });
  }

  post(message: ToThread): void {
    this.worker?.postMessage(message);
  }

  private update(statuses: ProjectionStatus[]): void {
    for (const s of statuses) this.runners.find((r) => r.name === s.name)?.update(s);
  }
}

/** The main thread's view of one projection running in a ProjectionThread. */
export class ThreadedRunner implements SupervisedRunner {
  private last: ProjectionStatus;
  private readonly waiters = new PositionWaiters();

  constructor(
    readonly name: string,
    private readonly thread: ProjectionThread,
  ) {
    this.last = { name, version: undefined, codeVersion: 0, state: 'stopped', checkpoint: undefined, head: 0n, eventsBehind: 0, secondsBehind: 0 };
  }

  start(): Promise<void> {
    return this.thread.start();
  }

  stop(): Promise<void> {
    return this.thread.stop();
  }

  status(): ProjectionStatus {
    return this.last;
  }

  rebuild(): Promise<void> {
    return this.thread.rebuild(this.name);
  }

  waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (reached(this.last.checkpoint, position)) return Promise.resolve(true);
    if (this.last.state === 'failed') return Promise.resolve(false);
    const waiting = this.waiters.wait(position, timeoutMs);
    this.thread.post({ type: 'wait', name: this.name, position });
    return waiting;
  }

  update(status: ProjectionStatus): void {
    this.last = status;
    this.waiters.release(status.checkpoint);
    if (status.state === 'failed') this.waiters.abandon();
  }

  /** `restarting`: the thread is being started again (reported like a store error a runner retries). */
  died(why: string, restarting: boolean): void {
    this.update({ ...this.last, state: restarting ? 'catching_up' : 'failed', error: { message: why, at: new Date().toISOString(), retrying: restarting } });
  }

  stoppedByOwner(): void {
    this.last = { ...this.last, state: 'stopped' };
    this.waiters.abandon();
  }
}
