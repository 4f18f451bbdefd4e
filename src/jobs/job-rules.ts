import { invalid } from '../kernel/errors';

/**
 * Rules both adapters apply, so a queue name or job id that BullMQ would refuse in production
 * is refused the same way by the embedded runner on a laptop.
 */

// BullMQ builds Redis keys as <prefix>:<queue>:<id>, so ':' is not allowed in a queue name.
const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MAX_JOB_ID_LENGTH = 512;

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_MS = 1000;

export function assertQueueName(queue: unknown): asserts queue is string {
  if (typeof queue !== 'string' || !QUEUE_NAME.test(queue)) {
    throw invalid(
      'INVALID_QUEUE_NAME',
      'queue',
      `queue name ${JSON.stringify(queue)} must be 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
}

export function assertJobId(jobId: unknown): asserts jobId is string {
  if (typeof jobId !== 'string' || jobId.length === 0 || jobId.length > MAX_JOB_ID_LENGTH) {
    throw invalid('INVALID_JOB_ID', 'jobId', `job id must be a non-empty string of at most ${MAX_JOB_ID_LENGTH} characters`);
  }
}

export interface ResolvedEnqueueOptions {
  attempts: number;
  delayMs: number;
  backoffMs: number;
}

export function resolveEnqueueOptions(
  options: { attempts?: number; delayMs?: number; backoffMs?: number } | undefined,
  defaultBackoffMs: number,
): ResolvedEnqueueOptions {
  const attempts = options?.attempts ?? DEFAULT_ATTEMPTS;
  const delayMs = options?.delayMs ?? 0;
  const backoffMs = options?.backoffMs ?? defaultBackoffMs;
  if (!Number.isSafeInteger(attempts) || attempts < 1) {
    throw invalid('INVALID_JOB_OPTIONS', 'attempts', `attempts must be a whole number of at least 1, got ${attempts}`);
  }
  if (!Number.isSafeInteger(delayMs) || delayMs < 0) {
    throw invalid('INVALID_JOB_OPTIONS', 'delayMs', `delayMs must be a whole number of milliseconds, 0 or more, got ${delayMs}`);
  }
  if (!Number.isSafeInteger(backoffMs) || backoffMs < 0) {
    throw invalid('INVALID_JOB_OPTIONS', 'backoffMs', `backoffMs must be a whole number of milliseconds, 0 or more, got ${backoffMs}`);
  }
  return { attempts, delayMs, backoffMs };
}

export function assertConcurrency(concurrency: number): void {
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw invalid('INVALID_JOB_OPTIONS', 'concurrency', `concurrency must be a whole number of at least 1, got ${concurrency}`);
  }
}

/** Same formula as BullMQ's built-in 'exponential' backoff, so both adapters space retries alike. */
export const retryDelayMs = (backoffMs: number, failedAttempts: number): number => backoffMs * 2 ** (failedAttempts - 1);

/** Progress is a percentage; anything outside 0..100 is clamped rather than failing the job that reported it. */
export function normaliseProgress(percent: number): number {
  if (typeof percent !== 'number' || Number.isNaN(percent)) {
    throw invalid('INVALID_PROGRESS', 'progress', `progress must be a number between 0 and 100, got ${String(percent)}`);
  }
  return Math.min(100, Math.max(0, percent));
}

/** Payloads travel as JSON in BullMQ; the inline runner does the same so embedded mode hides no serialisation bug. */
export function asJsonPayload<P>(payload: P): unknown {
  if (payload === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch (e) {
    throw invalid('INVALID_JOB_PAYLOAD', 'payload', `job payload must be JSON-serialisable data: ${errorText(e)}`);
  }
  if (text === undefined) {
    throw invalid('INVALID_JOB_PAYLOAD', 'payload', 'job payload must be JSON-serialisable data');
  }
  return JSON.parse(text);
}

export const errorText = (error: unknown): string =>
  error instanceof Error ? error.message || error.name : typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
