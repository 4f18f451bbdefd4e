import type { FlowImportCompleted } from '../../flows/domain/flow-import.events';
import { jobIdFor, type Reactor } from '../../reactors/reactor';

/** The queue that renders the avvisi of an imported flow into `<name>_AVVISI_PDF.zip`. */
export const AVVISI_ZIP_QUEUE = 'avvisi-zip';

export interface AvvisiZipJob {
  codIpa: string;
  flowId: string;
  /** Log position of the FlowImportCompleted event: the build waits for the read side to get there first. */
  afterPosition?: string;
}

/** Every completed flow import asks for its ZIP of avvisi, once per completion event. */
export const avvisiZipReactor: Reactor = {
  name: 'avvisi-zip',
  handles: ['FlowImportCompleted'],
  jobsFor(event) {
    const d = event.data as FlowImportCompleted['data'];
    if (d.accepted === 0) return [];
    const job: AvvisiZipJob = { codIpa: d.codIpa, flowId: d.flowId, afterPosition: String(event.position) };
    return [{ queue: AVVISI_ZIP_QUEUE, jobId: jobIdFor('avvisi-zip', event), payload: job }];
  },
};
