/**
 * Side effects and long work run as jobs. The job id is derived from the event (or request) that caused it,
 * so enqueuing the same id twice runs the job once: a redelivered event never sends a second mail.
 */
export interface JobContext {
  jobId: string;
  attempt: number;
  /** Reports progress (0..100) where the adapter can show it (BullMQ job progress, inline: kept in memory). */
  progress(percent: number): Promise<void>;
}

export type JobHandler<P = unknown> = (payload: P, context: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** Total tries before the job is marked failed (default 3). */
  attempts?: number;
  /** Earliest start, ms from now. */
  delayMs?: number;
  /**
   * Base of the exponential backoff between tries: try n+1 starts backoffMs * 2^(n-1) after try n failed.
   * Default: the adapter's (1000 ms unless configured).
   */
  backoffMs?: number;
}

export type JobState = 'waiting' | 'active' | 'completed' | 'failed' | 'unknown';

export interface JobStatus {
  state: JobState;
  progress?: number;
  /** The error of the last failed try: final when state is 'failed', the reason of the pending retry when 'waiting'. */
  error?: string;
  /** Tries that have finished (failed or completed) so far. */
  attempts?: number;
}

export interface DrainOptions {
  /** Rejects after this long instead of waiting forever (e.g. no worker is registered anywhere). */
  timeoutMs?: number;
}

export interface JobQueue {
  readonly kind: string;
  /**
   * Idempotent per (queue, jobId): a second enqueue of a known id is ignored.
   * The payload travels as JSON (a Date arrives as its ISO string), whatever the adapter.
   */
  enqueue<P>(queue: string, jobId: string, payload: P, options?: EnqueueOptions): Promise<void>;
  /** Registers the worker of a queue in this process. */
  process<P>(queue: string, handler: JobHandler<P>, options?: { concurrency?: number }): void;
  state(queue: string, jobId: string): Promise<JobStatus>;
  /** Resolves when every job currently known to this process has settled (tests, CLI). */
  drain(queue: string, options?: DrainOptions): Promise<void>;
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JobQueue');
