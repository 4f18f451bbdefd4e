import { Injectable } from '@nestjs/common';
import { ProjectionSupervisor } from '../../read-store/projection-supervisor';
import type { AvvisiZipJob } from './avvisi-zip.reactor';
import { AvvisiZipService } from './avvisi-zip.service';

/** Longest wait for the read side before the avvisi are rendered anyway (they are read from the event log). */
export const AVVISI_READ_SIDE_WAIT_MS = 10 * 60_000;

/**
 * Builds the ZIP of avvisi of an imported flow, once the projections have caught up with the import.
 * Rendering is minutes of CPU for a large flow (about 6 ms per avviso): started at once, it took a core from the
 * projections while they were still making the flow's dovuti searchable, and the console showed them later.
 * The avvisi themselves do not need the read models, so a projection that is stopped or slow only delays them.
 */
@Injectable()
export class AvvisiZipJobHandler {
  constructor(
    private readonly zips: AvvisiZipService,
    private readonly projections: ProjectionSupervisor,
  ) {}

  async run(job: AvvisiZipJob, waitMs = AVVISI_READ_SIDE_WAIT_MS): Promise<void> {
    // Jobs queued before the position was part of the payload (BullMQ keeps them across upgrades) just start.
    if (job.afterPosition !== undefined) await this.projections.waitFor(BigInt(job.afterPosition), waitMs);
    await this.zips.get(job.codIpa, job.flowId);
  }
}
