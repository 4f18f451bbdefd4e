import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { ID_GENERATOR, type IdGenerator } from '../kernel/clock';
import { CommandService } from '../kernel/command-service';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { openEventStore } from './open-event-store';

@Global()
@Module({
  providers: [
    { provide: EVENT_STORE, inject: [CONFIG], useFactory: (c: QuadraConfig) => openEventStore(c.eventStoreUrl) },
    { provide: CommandService, inject: [EVENT_STORE, ID_GENERATOR], useFactory: (s: EventStore, ids: IdGenerator) => new CommandService(s, ids) },
  ],
  exports: [EVENT_STORE, CommandService],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown() {
    await this.store.close();
  }
}
