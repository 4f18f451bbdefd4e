import type { ProjectionRunnerOptions, ProjectionStatus } from './projection-runner';

/** What a projection thread is started with: it opens its own connections to the same stores. */
export interface ProjectionThreadInit {
  eventStoreUrl: string;
  readStoreUrl: string;
  /** Names from ALL_PROJECTIONS that this thread runs. */
  projections: string[];
  options: Pick<ProjectionRunnerOptions, 'batchSize' | 'pollIntervalMs' | 'retryMinMs' | 'retryMaxMs'>;
  /** How often the thread reports every status even without a batch (head and lag for /health). */
  reportEveryMs: number;
  /** OS nice value the thread gives itself (1–19); absent: the process's own priority. */
  nice?: number;
}

export type ToThread =
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'wait'; name: string; position: bigint }
  | { type: 'rebuild'; id: number; name: string };

export type FromThread =
  | { type: 'status'; statuses: ProjectionStatus[] }
  | { type: 'started'; statuses: ProjectionStatus[]; error?: string; nice?: number }
  | { type: 'stopped' }
  | { type: 'rebuilt'; id: number; error?: string };
