import { Queue, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import { conflict, invalid } from '../kernel/errors';
import { fromBullJobId, toBullJobId } from './bullmq-job-id';
import type { DrainOptions, EnqueueOptions, JobHandler, JobQueue, JobState, JobStatus } from './job-queue.port';
import {
  asJsonPayload,
  assertConcurrency,
  assertJobId,
  assertQueueName,
  DEFAULT_BACKOFF_MS,
  errorText,
  normaliseProgress,
  resolveEnqueueOptions,
} from './job-rules';

/**
 * JobQueue on BullMQ (Redis): one Queue and, where this process works it, one Worker per queue name.
 *
 * Deduplication: the job id is BullMQ's custom jobId (escaped reversibly, see bullmq-job-id.ts). BullMQ ignores
 * an add whose id already exists, but only while that job is still stored: completed and failed jobs are
 * therefore kept (removeOnComplete / removeOnFail below), and that retention *is* the dedup window.
 * Defaults: completed jobs are kept 30 days, at most the newest 100,000 per queue; failed ones 90 days, at
 * most 100,000, so an operator can also read why they failed. BullMQ evicts lazily, when later jobs finish.
 * A job id re-enqueued after its job was evicted runs again; the reactors' checkpoints keep that from happening.
 */
export interface KeepJobs {
  count: number;
  ageSeconds: number;
}

export interface BullMqJobQueueOptions {
  /** Redis key prefix of every queue; tests use a unique one per run. Default "quadra". */
  prefix?: string;
  /** Default base of the exponential retry backoff (ms), when enqueue does not give one. Default 1000. */
  backoffMs?: number;
  keepCompleted?: KeepJobs;
  keepFailed?: KeepJobs;
  /** How often drain() looks at the queue counts (ms). Default 25. */
  drainPollMs?: number;
  /** Receives connection and worker errors (they do not fail a job). Default: one JSON line on stderr. */
  onError?: (error: Error, context: { queue?: string }) => void;
}

const DAY = 24 * 3600;
export const DEFAULT_KEEP_COMPLETED: KeepJobs = { count: 100_000, ageSeconds: 30 * DAY };
export const DEFAULT_KEEP_FAILED: KeepJobs = { count: 100_000, ageSeconds: 90 * DAY };
const HEALTH_TIMEOUT_MS = 2000;

// Everything that still has to run (BullMQ counts a paused queue's jobs as waiting).
const UNSETTLED = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

const logToStderr = (error: Error, context: { queue?: string }) =>
  process.stderr.write(`${JSON.stringify({ level: 'error', msg: 'job queue error', adapter: 'bullmq', ...context, error: error.message })}\n`);

export class BullMqJobQueue implements JobQueue {
  readonly kind = 'bullmq';
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, Worker>();
  private readonly prefix: string;
  private readonly backoffMs: number;
  private readonly keepCompleted: KeepJobs;
  private readonly keepFailed: KeepJobs;
  private readonly drainPollMs: number;
  private readonly onError: NonNullable<BullMqJobQueueOptions['onError']>;
  private closing?: Promise<void>;

  private constructor(
    private readonly redisUrl: string,
    private readonly client: Redis,
    options: BullMqJobQueueOptions,
  ) {
    this.prefix = options.prefix ?? 'quadra';
    this.backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.keepCompleted = options.keepCompleted ?? DEFAULT_KEEP_COMPLETED;
    this.keepFailed = options.keepFailed ?? DEFAULT_KEEP_FAILED;
    this.drainPollMs = options.drainPollMs ?? 25;
    this.onError = options.onError ?? logToStderr;
    this.client.on('error', (error: Error) => this.onError(error, {}));
  }

  /** Connects and checks Redis answers, so a wrong REDIS_URL fails at startup rather than at the first job. */
  static async connect(redisUrl: string, options: BullMqJobQueueOptions = {}): Promise<BullMqJobQueue> {
    if (!/^rediss?:\/\//.test(redisUrl)) {
      throw invalid('INVALID_REDIS_URL', 'REDIS_URL', `REDIS_URL must start with redis:// or rediss://, got "${redisUrl}"`);
    }
    const prefix = options.prefix ?? 'quadra';
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(prefix)) {
      throw invalid('INVALID_QUEUE_PREFIX', 'prefix', `queue prefix "${prefix}" must be letters, digits, ".", "_" or "-"`);
    }
    resolveEnqueueOptions(undefined, options.backoffMs ?? DEFAULT_BACKOFF_MS);
    // The producer side (add, getJob, counts) fails after a few tries instead of queueing commands forever
    // while Redis is away, so enqueue reports the outage to its caller. Workers get their own connections.
    // No reconnecting until the first connection worked: a refused first connect then ends cleanly,
    // leaving no retry timer behind (ioredis would otherwise keep trying in the background).
    let connectedOnce = false;
    const client = new Redis(redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      connectTimeout: 5000,
      retryStrategy: (times) => (connectedOnce ? Math.min(times * 200, 2000) : null),
    });
    const silence = () => undefined;
    client.on('error', silence);
    try {
      await client.connect();
      await client.ping();
      connectedOnce = true;
    } catch (error) {
      if (client.status !== 'end') client.disconnect();
      throw new Error(`Redis not reachable at ${redisUrl}: ${errorText(error)}`);
    } finally {
      client.off('error', silence);
    }
    return new BullMqJobQueue(redisUrl, client, options);
  }

  async enqueue<P>(queue: string, jobId: string, payload: P, options?: EnqueueOptions): Promise<void> {
    this.assertOpen();
    assertQueueName(queue);
    assertJobId(jobId);
    const resolved = resolveEnqueueOptions(options, this.backoffMs);
    await this.queue(queue).add(queue, asJsonPayload(payload), {
      jobId: toBullJobId(jobId),
      attempts: resolved.attempts,
      delay: resolved.delayMs,
      backoff: { type: 'exponential', delay: resolved.backoffMs },
      removeOnComplete: { count: this.keepCompleted.count, age: this.keepCompleted.ageSeconds },
      removeOnFail: { count: this.keepFailed.count, age: this.keepFailed.ageSeconds },
    });
  }

  process<P>(queue: string, handler: JobHandler<P>, options?: { concurrency?: number }): void {
    this.assertOpen();
    assertQueueName(queue);
    const concurrency = options?.concurrency ?? 1;
    assertConcurrency(concurrency);
    if (this.workers.has(queue)) {
      throw conflict('WORKER_ALREADY_REGISTERED', `queue "${queue}" already has a worker in this process`, 'queue');
    }
    const worker = new Worker(
      queue,
      async (job: Job) => {
        await handler(job.data as P, {
          jobId: fromBullJobId(job.id ?? ''),
          attempt: job.attemptsMade + 1,
          progress: (percent) => job.updateProgress(normaliseProgress(percent)),
        });
      },
      // A URL rather than our client: BullMQ then opens (and on close, closes) the worker's own blocking
      // connections with the retry settings a long-lived consumer needs.
      { connection: { url: this.redisUrl }, prefix: this.prefix, concurrency },
    );
    worker.on('error', (error) => {
      if (!this.closing) this.onError(error, { queue });
    });
    this.workers.set(queue, worker);
  }

  async state(queue: string, jobId: string): Promise<JobStatus> {
    assertQueueName(queue);
    assertJobId(jobId);
    const job = await this.queue(queue).getJob(toBullJobId(jobId));
    if (!job) return { state: 'unknown' };
    const state = toJobState(await job.getState());
    const status: JobStatus = { state, attempts: job.attemptsMade };
    if (typeof job.progress === 'number') status.progress = job.progress;
    if (job.failedReason) status.error = job.failedReason;
    return status;
  }

  /** Waits until no job of the queue is waiting, delayed or running, in any process. */
  async drain(queue: string, options?: DrainOptions): Promise<void> {
    assertQueueName(queue);
    const q = this.queue(queue);
    const deadline = options?.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
    for (;;) {
      const unsettled = await q.getJobCountByTypes(...UNSETTLED);
      if (unsettled === 0) return;
      if (deadline !== undefined && Date.now() >= deadline) {
        const why = this.workers.has(queue) ? '' : ' (no worker is registered for it in this process)';
        throw new Error(`queue "${queue}" still has ${unsettled} unsettled job(s) after ${options!.timeoutMs} ms${why}`);
      }
      await new Promise((resolve) => setTimeout(resolve, this.drainPollMs));
    }
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    if (this.closing) return { ok: false, detail: 'bullmq job queue is closed' };
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
      });
      const pong = await Promise.race([this.client.ping(), timeout]);
      return { ok: pong === 'PONG', detail: `redis ${pong}` };
    } catch (error) {
      return { ok: false, detail: `redis PING failed: ${errorText(error)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Workers first (they finish their running jobs), then queues, then our connection. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.workers.values()].map((w) => w.close()));
      await Promise.all([...this.queues.values()].map((q) => q.close()));
      try {
        await this.client.quit();
      } catch {
        this.client.disconnect();
      }
    })();
    return this.closing;
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.client, prefix: this.prefix });
      queue.on('error', (error) => {
        if (!this.closing) this.onError(error, { queue: name });
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('bullmq job queue is closed');
  }
}

function toJobState(state: string): JobState {
  switch (state) {
    case 'completed':
    case 'failed':
    case 'active':
      return state;
    case 'waiting':
    case 'delayed':
    case 'prioritized':
    case 'waiting-children':
      return 'waiting';
    default:
      return 'unknown';
  }
}
