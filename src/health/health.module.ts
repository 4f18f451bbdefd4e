import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { HEALTH_CHECKS, type HealthCheck } from './health-check';
import { HealthController } from './health.controller';

const portCheck = (name: string, port: { kind: string; health(): Promise<{ ok: boolean; detail?: string }> }): HealthCheck => ({
  name,
  check: async () => ({ adapter: port.kind, ...(await port.health()) }),
});

@Module({
  controllers: [HealthController],
  providers: [
    {
      provide: HEALTH_CHECKS,
      inject: [EVENT_STORE],
      useFactory: (events: EventStore): HealthCheck[] => [portCheck('eventStore', events)],
    },
  ],
})
export class HealthModule {}
