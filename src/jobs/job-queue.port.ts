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
}

export type JobState = 'waiting' | 'active' | 'completed' | 'failed' | 'unknown';

export interface JobQueue {
  readonly kind: string;
  /** Idempotent per (queue, jobId): a second enqueue of a known id is ignored. */
  enqueue<P>(queue: string, jobId: string, payload: P, options?: EnqueueOptions): Promise<void>;
  /** Registers the worker of a queue in this process. */
  process<P>(queue: string, handler: JobHandler<P>, options?: { concurrency?: number }): void;
  state(queue: string, jobId: string): Promise<{ state: JobState; progress?: number; error?: string }>;
  /** Resolves when every job currently known to this process has settled (tests, CLI). */
  drain(queue: string): Promise<void>;
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JobQueue');
