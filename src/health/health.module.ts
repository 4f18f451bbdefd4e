import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.port';
import { MAILER, type Mailer } from '../mail/mail.port';
import { ProjectionSupervisor } from '../read-store/projection-supervisor';
import { HEALTH_CHECKS, type HealthCheck } from './health-check';
import { HealthController } from './health.controller';

const portCheck = (name: string, port: { kind: string; health(): Promise<{ ok: boolean; detail?: string }> }): HealthCheck => ({
  name,
  check: async () => ({ adapter: port.kind, ...(await port.health()) }),
});

/** Positions and checkpoints are bigint: shown as strings in JSON. */
const projectionsCheck = (supervisor: ProjectionSupervisor): HealthCheck => ({
  name: 'projections',
  check: async () => {
    const h = supervisor.health();
    return {
      ok: h.ok,
      projections: h.projections.map((p) => ({
        name: p.name,
        version: p.version,
        state: p.state,
        checkpoint: p.checkpoint?.toString() ?? null,
        head: p.head.toString(),
        eventsBehind: p.eventsBehind,
        secondsBehind: p.secondsBehind,
        rebuild: p.rebuild ? { version: p.rebuild.version, checkpoint: p.rebuild.checkpoint?.toString() ?? null } : undefined,
        error: p.error ? { ...p.error, position: p.error.position?.toString() } : undefined,
      })),
    };
  },
});

@Module({
  controllers: [HealthController],
  providers: [
    {
      provide: HEALTH_CHECKS,
      inject: [EVENT_STORE, READ_STORE, JOB_QUEUE, MAILER, ProjectionSupervisor],
      useFactory: (events: EventStore, reads: ReadStore, jobs: JobQueue, mailer: Mailer, supervisor: ProjectionSupervisor): HealthCheck[] => [
        portCheck('eventStore', events),
        portCheck('readStore', reads),
        portCheck('jobs', jobs),
        portCheck('mail', mailer),
        projectionsCheck(supervisor),
      ],
    },
  ],
})
export class HealthModule {}
