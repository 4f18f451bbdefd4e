import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { CommandService } from '../kernel/command-service';
import { ProjectionSupervisor } from '../read-store/projection-supervisor';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import type { SupervisedRunner } from '../read-store/supervised-runner';
import { CONFIG, type QuadraConfig } from '../config/config';
import { ReconciliationProcess } from './process/reconciliation-process';
import { tellerFor } from './process/position-teller-thread';

/**
 * Registers the reconciliation process with the projection supervisor, so it starts, stops, reports its health and
 * answers read-your-writes (?minPosition=) exactly like a projection does.
 */
@Injectable()
export class ReconciliationProcessHost implements OnModuleInit {
  readonly process: ReconciliationProcess;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) store: ReadStore,
    commands: CommandService,
    private readonly supervisor: ProjectionSupervisor,
    @Inject(CONFIG) config: QuadraConfig,
  ) {
    this.process = new ReconciliationProcess(events, store, commands, tellerFor(config.eventStoreUrl));
  }

  onModuleInit() {
    // With projection threads the process runs in one of them (src/thread-runners.ts) and this instance stays idle.
    if (!this.supervisor.runnerFor(this.process.name)) this.supervisor.add(this.process);
  }

  /** The one that runs: in a projection thread, or this process's own instance. */
  get runner(): SupervisedRunner {
    return this.supervisor.runnerFor(this.process.name) ?? this.process;
  }
}
