import type { AccertamentoClosed } from './domain/accertamento.events';
import { jobIdFor, type Reactor } from '../reactors/reactor';

/** The queue of the process manager that marks the payments of a closed accertamento as assessed. */
export const ASSESSMENT_QUEUE = 'accertamento-assessment';

export interface AssessmentJob {
  codIpa: string;
  accertamentoId: string;
  anno: number;
  paymentKeys: string[];
  /** The AccertamentoClosed event: causation of every PositionAssessed. */
  eventId: string;
  correlationId: string;
  /** When the accertamento was closed: the time of every PositionAssessed. */
  at: string;
}

/**
 * AccertamentoClosed → one job that appends PositionAssessed to every included position. One job per event (not
 * per payment): MarkAssessed is idempotent on the position, so a retried job skips what is already done.
 */
export const assessmentReactor: Reactor = {
  name: 'accertamento-assessment',
  handles: ['AccertamentoClosed'],
  jobsFor(event) {
    const d = event.data as AccertamentoClosed['data'];
    const job: AssessmentJob = {
      codIpa: d.codIpa,
      accertamentoId: d.accertamentoId,
      anno: d.anno,
      paymentKeys: [...d.paymentKeys],
      eventId: event.id,
      correlationId: event.metadata.correlationId,
      at: d.at,
    };
    return [{ queue: ASSESSMENT_QUEUE, jobId: jobIdFor('accertamento-assessment', event), payload: job }];
  },
};
