import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { CommandService } from '../kernel/command-service';
import type { ProjectionRunner } from '../read-store/projection-runner';
import { ProjectionSupervisor } from '../read-store/projection-supervisor';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ReconciliationProcess } from './process/reconciliation-process';

/**
 * Registers the reconciliation process with the projection supervisor, so it starts, stops, reports its health and
 * answers read-your-writes (?minPosition=) exactly like a projection does.
 */
@Injectable()
export class ReconciliationProcessHost implements OnModuleInit {
  readonly process: ReconciliationProcess;

  constructor(@Inject(EVENT_STORE) events: EventStore, @Inject(READ_STORE) store: ReadStore, commands: CommandService, private readonly supervisor: ProjectionSupervisor) {
    this.process = new ReconciliationProcess(events, store, commands);
  }

  onModuleInit() {
    // The supervisor only calls name/start/stop/status/waitFor, which the process implements with the same meaning.
    if (!this.supervisor.runnerFor(this.process.name)) this.supervisor.add(this.process as unknown as ProjectionRunner);
  }
}
