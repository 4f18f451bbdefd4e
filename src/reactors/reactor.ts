import type { RecordedEvent } from '../kernel/events';

/** A job a reactor asks for. Its id is derived from the event, so a redelivered event never runs it twice. */
export interface ReactorJob {
  queue: string;
  jobId: string;
  payload: unknown;
}

/**
 * Turns facts into side effects (mail, imports, exports, follow-up commands) by enqueuing jobs. Pure: which
 * jobs an event calls for depends on the event alone; the job handlers do the work.
 */
export interface Reactor {
  name: string;
  handles: readonly string[];
  jobsFor(event: RecordedEvent): ReactorJob[];
}

export const jobIdFor = (reactor: string, event: RecordedEvent, suffix = ''): string => `${reactor}-${event.id}${suffix ? `-${suffix}` : ''}`;
