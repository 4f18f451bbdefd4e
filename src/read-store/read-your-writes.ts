import { Injectable } from '@nestjs/common';
import { DomainError, invalid } from '../kernel/errors';
import { ProjectionSupervisor } from './projection-supervisor';

/** Longest a query waits for its projection to reach ?minPosition= before answering 503. */
export const MAX_WAIT_MS = 10_000;
const DEFAULT_WAIT_MS = 5_000;

/**
 * Commands return the global position they wrote; a query given that position (?minPosition= or the
 * X-Quadra-Min-Position header) waits until its projection has applied it, so a client reads its own writes.
 */
@Injectable()
export class ReadYourWrites {
  constructor(private readonly supervisor: ProjectionSupervisor) {}

  async await(projection: string, minPosition: string | undefined, waitMs?: string): Promise<void> {
    if (minPosition === undefined || minPosition === '') return;
    if (!/^\d{1,20}$/.test(minPosition)) throw invalid('INVALID_MIN_POSITION', 'minPosition', 'minPosition must be the X-Quadra-Position returned by a command (a non-negative integer)');
    let timeout = DEFAULT_WAIT_MS;
    if (waitMs !== undefined) {
      timeout = Number(waitMs);
      if (!Number.isInteger(timeout) || timeout < 0 || timeout > MAX_WAIT_MS) throw invalid('INVALID_WAIT', 'waitMs', `waitMs must be an integer from 0 to ${MAX_WAIT_MS}`);
    }
    const reached = await this.supervisor.waitFor(BigInt(minPosition), timeout, [projection]);
    if (!reached) {
      throw new DomainError('PROJECTION_LAGGING', `the ${projection} read model has not reached position ${minPosition} within ${timeout} ms: retry shortly`, 'unavailable');
    }
  }
}
