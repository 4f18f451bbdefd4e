import { conflict } from '../kernel/errors';
import { BoundedMemory } from './bounded-memory';
import type { DrainOptions, EnqueueOptions, JobContext, JobHandler, JobQueue, JobStatus } from './job-queue.port';
import {
  asJsonPayload,
  assertConcurrency,
  assertJobId,
  assertQueueName,
  DEFAULT_BACKOFF_MS,
  errorText,
  normaliseProgress,
  resolveEnqueueOptions,
  retryDelayMs,
} from './job-rules';

/**
 * The embedded JobQueue: jobs run in this process, nothing is persisted.
 *
 * Durability: inline jobs that are waiting, delayed or running are lost if the process crashes or closes.
 * That is acceptable because a job is only ever the effect of something already recorded: long work is
 * recorded as events (requested, progress, completed) and the reactors re-enqueue unfinished work from the
 * event log on restart, with the same job ids, so nothing is lost and nothing runs twice.
 *
 * Deduplication: a job id stays known while the job is pending and, once settled (completed or failed),
 * among the last `rememberSettled` settled jobs of its queue (default 100,000). An id forgotten past that
 * window would run again if re-enqueued; the reactors' checkpoints make such a late redelivery unlikely.
 */
export interface InlineJobQueueOptions {
  /** Default base of the exponential retry backoff (ms), when enqueue does not give one. Default 1000. */
  backoffMs?: number;
  /** Settled job ids remembered per queue for deduplication. Default 100,000. */
  rememberSettled?: number;
}

export const DEFAULT_REMEMBER_SETTLED = 100_000;

interface PendingJob {
  readonly id: string;
  readonly payload: unknown;
  readonly attempts: number;
  readonly backoffMs: number;
  state: 'waiting' | 'active';
  triesDone: number;
  progress?: number;
  error?: string;
  timer?: NodeJS.Timeout;
}

interface SettledJob {
  readonly state: 'completed' | 'failed';
  readonly triesDone: number;
  readonly progress?: number;
  readonly error?: string;
}

interface Lane {
  readonly pending: Map<string, PendingJob>;
  readonly settled: BoundedMemory<string, SettledJob>;
  readonly ready: PendingJob[];
  readonly running: Set<Promise<void>>;
  readonly idleWaiters: Set<() => void>;
  handler?: JobHandler<unknown>;
  concurrency: number;
  active: number;
}

export class InlineJobQueue implements JobQueue {
  readonly kind = 'inline';
  private readonly lanes = new Map<string, Lane>();
  private readonly backoffMs: number;
  private readonly rememberSettled: number;
  private closed = false;

  constructor(options: InlineJobQueueOptions = {}) {
    this.backoffMs = resolveEnqueueOptions(undefined, options.backoffMs ?? DEFAULT_BACKOFF_MS).backoffMs;
    this.rememberSettled = options.rememberSettled ?? DEFAULT_REMEMBER_SETTLED;
    if (!Number.isSafeInteger(this.rememberSettled) || this.rememberSettled < 1) {
      throw new RangeError(`rememberSettled must be a whole number of at least 1, got ${this.rememberSettled}`);
    }
  }

  async enqueue<P>(queue: string, jobId: string, payload: P, options?: EnqueueOptions): Promise<void> {
    this.assertOpen();
    assertQueueName(queue);
    assertJobId(jobId);
    const resolved = resolveEnqueueOptions(options, this.backoffMs);
    const json = asJsonPayload(payload);
    const lane = this.lane(queue);
    if (lane.pending.has(jobId) || lane.settled.has(jobId)) return;
    const job: PendingJob = { id: jobId, payload: json, attempts: resolved.attempts, backoffMs: resolved.backoffMs, state: 'waiting', triesDone: 0 };
    lane.pending.set(jobId, job);
    if (resolved.delayMs > 0) this.later(lane, job, resolved.delayMs);
    else lane.ready.push(job);
    this.pump(lane);
  }

  process<P>(queue: string, handler: JobHandler<P>, options?: { concurrency?: number }): void {
    this.assertOpen();
    assertQueueName(queue);
    const concurrency = options?.concurrency ?? 1;
    assertConcurrency(concurrency);
    const lane = this.lane(queue);
    if (lane.handler) {
      throw conflict('WORKER_ALREADY_REGISTERED', `queue "${queue}" already has a worker in this process`, 'queue');
    }
    lane.handler = handler as JobHandler<unknown>;
    lane.concurrency = concurrency;
    this.pump(lane);
  }

  async state(queue: string, jobId: string): Promise<JobStatus> {
    assertQueueName(queue);
    assertJobId(jobId);
    const lane = this.lanes.get(queue);
    const job = lane?.pending.get(jobId) ?? lane?.settled.get(jobId);
    if (!job) return { state: 'unknown' };
    return withoutUndefined({ state: job.state, progress: job.progress, error: job.error, attempts: job.triesDone });
  }

  drain(queue: string, options?: DrainOptions): Promise<void> {
    assertQueueName(queue);
    const lane = this.lanes.get(queue);
    if (!lane || lane.pending.size === 0 || this.closed) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        lane.idleWaiters.delete(done);
        resolve();
      };
      lane.idleWaiters.add(done);
      if (options?.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          lane.idleWaiters.delete(done);
          const why = lane.handler ? '' : ' (no worker is registered for it in this process)';
          reject(new Error(`queue "${queue}" still has ${lane.pending.size} unsettled job(s) after ${options.timeoutMs} ms${why}`));
        }, options.timeoutMs);
      }
    });
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    if (this.closed) return { ok: false, detail: 'inline job queue is closed' };
    let pending = 0;
    for (const lane of this.lanes.values()) pending += lane.pending.size;
    return { ok: true, detail: `inline job queue, ${pending} pending job(s)` };
  }

  /** Stops taking jobs, drops the ones not started (see the durability note) and waits for the running ones. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const running: Promise<void>[] = [];
    for (const lane of this.lanes.values()) {
      for (const job of lane.pending.values()) if (job.timer) clearTimeout(job.timer);
      lane.ready.length = 0;
      running.push(...lane.running);
    }
    await Promise.all(running);
    for (const lane of this.lanes.values()) {
      lane.pending.clear();
      this.wakeIdle(lane);
    }
  }

  private lane(queue: string): Lane {
    let lane = this.lanes.get(queue);
    if (!lane) {
      lane = {
        pending: new Map(),
        settled: new BoundedMemory(this.rememberSettled),
        ready: [],
        running: new Set(),
        idleWaiters: new Set(),
        concurrency: 1,
        active: 0,
      };
      this.lanes.set(queue, lane);
    }
    return lane;
  }

  private later(lane: Lane, job: PendingJob, ms: number): void {
    job.timer = setTimeout(() => {
      job.timer = undefined;
      lane.ready.push(job);
      this.pump(lane);
    }, ms);
  }

  private pump(lane: Lane): void {
    while (!this.closed && lane.handler && lane.active < lane.concurrency && lane.ready.length > 0) {
      const job = lane.ready.shift()!;
      const run = this.runOnce(lane, lane.handler, job);
      lane.running.add(run);
      void run.finally(() => lane.running.delete(run));
    }
  }

  /** Never rejects: a failure is recorded on the job and either retried later or settled as failed. */
  private async runOnce(lane: Lane, handler: JobHandler<unknown>, job: PendingJob): Promise<void> {
    lane.active++;
    job.state = 'active';
    const attempt = job.triesDone + 1;
    const context: JobContext = {
      jobId: job.id,
      attempt,
      progress: async (percent) => {
        job.progress = normaliseProgress(percent);
      },
    };
    try {
      // Awaiting inside try also catches a handler that throws before returning its promise.
      await handler(job.payload, context);
      job.triesDone = attempt;
      this.settle(lane, job, 'completed');
    } catch (error) {
      job.triesDone = attempt;
      job.error = errorText(error);
      if (attempt < job.attempts && !this.closed) {
        job.state = 'waiting';
        this.later(lane, job, retryDelayMs(job.backoffMs, attempt));
      } else {
        this.settle(lane, job, 'failed');
      }
    } finally {
      lane.active--;
      this.pump(lane);
    }
  }

  private settle(lane: Lane, job: PendingJob, state: SettledJob['state']): void {
    lane.pending.delete(job.id);
    lane.settled.remember(job.id, withoutUndefined({ state, triesDone: job.triesDone, progress: job.progress, error: job.error }));
    if (lane.pending.size === 0) this.wakeIdle(lane);
  }

  private wakeIdle(lane: Lane): void {
    for (const wake of [...lane.idleWaiters]) wake();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('inline job queue is closed');
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
