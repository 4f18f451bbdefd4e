import type { EventStore } from './event-store/event-store.port';
import { CommandService } from './kernel/command-service';
import { randomIds } from './kernel/clock';
import type { ReadStore } from './read-store/read-store.port';
import type { SupervisedRunner } from './read-store/supervised-runner';
import { ReconciliationProcess } from './reconciliation/process/reconciliation-process';
import { tellerFor } from './reconciliation/process/position-teller-thread';
import { RECONCILIATION_PROJECTION } from '../projections/reconciliation/reconciliation.read-models';

/**
 * Runners that are not plain projections but keep a read model the same way and can run in a projection thread:
 * the reconciliation process (it also appends the positions' reported / cashed / reconciled events, through its
 * own CommandService on the thread's connection to the event store).
 */
export interface ThreadRunnerKind {
  name: string;
  weight: number;
  /** `eventStoreUrl`: what `events` is connected to, for threads of the runner's own. */
  create(events: EventStore, store: ReadStore, eventStoreUrl: string): SupervisedRunner;
}

export const THREAD_RUNNERS: readonly ThreadRunnerKind[] = [
  {
    name: RECONCILIATION_PROJECTION,
    // Every source event of the back office, and the classification of each payment it touches.
    weight: 3,
    create: (events, store, eventStoreUrl) => new ReconciliationProcess(events, store, new CommandService(events, randomIds), tellerFor(eventStoreUrl)),
  },
];
