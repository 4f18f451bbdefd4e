import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ALL_PROJECTIONS } from '../../projections';
import { THREAD_RUNNERS } from '../thread-runners';
import { ProjectionSupervisor } from './projection-supervisor';
import { READ_STORE, type ReadStore } from './read-store.port';
import { openReadStore } from './open-read-store';
import { ReadYourWrites } from './read-your-writes';

/**
 * The read side: the read store chosen by READ_STORE_URL and one runner per projection. Runners run in the
 * `all` and `worker` roles, in QUADRA_PROJECTION_THREADS worker threads (on the main loop when 0); an `api`
 * process only reads (waitFor then polls the stored checkpoint).
 */
@Global()
@Module({
  providers: [
    { provide: READ_STORE, inject: [CONFIG], useFactory: (c: QuadraConfig) => openReadStore(c.readStoreUrl) },
    {
      provide: ProjectionSupervisor,
      inject: [CONFIG, EVENT_STORE, READ_STORE],
      useFactory: (config: QuadraConfig, events: EventStore, store: ReadStore) =>
        config.projectionThreads > 0 && config.role !== 'api'
          ? ProjectionSupervisor.createThreaded(ALL_PROJECTIONS, {
              eventStoreUrl: config.eventStoreUrl,
              readStoreUrl: config.readStoreUrl,
              threads: config.projectionThreads,
              others: THREAD_RUNNERS,
              backgroundNice: config.backgroundNice,
            })
          : ProjectionSupervisor.create(ALL_PROJECTIONS, events, store),
    },
    ReadYourWrites,
  ],
  exports: [READ_STORE, ProjectionSupervisor, ReadYourWrites],
})
export class ReadStoreModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('projections');
  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Inject(READ_STORE) private readonly store: ReadStore,
    private readonly supervisor: ProjectionSupervisor,
  ) {}

  async onApplicationBootstrap() {
    if (this.config.role === 'api') return;
    await this.supervisor.startAll();
    this.logger.log({ msg: 'projections started', projections: this.supervisor.names(), threads: this.supervisor.threadsInfo() });
  }

  // Runners stop before any store closes, so no batch is cut off by a closed connection.
  async beforeApplicationShutdown() {
    await this.supervisor.stopAll();
  }

  async onApplicationShutdown() {
    await this.store.close();
  }
}
