import type { ProjectionStatus } from './projection-runner';

/**
 * What the ProjectionSupervisor drives: a ProjectionRunner in this thread, a proxy for one running in a projection
 * thread, or a process (reconciliation) that keeps a read model the same way.
 */
export interface SupervisedRunner {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): ProjectionStatus;
  /** true once the version queries read has applied `position`; false after timeoutMs or when it has failed. */
  waitFor(position: bigint, timeoutMs: number): Promise<boolean>;
  /** Builds a new version from the first event beside the active one and switches to it. */
  rebuild?(): Promise<void>;
}
