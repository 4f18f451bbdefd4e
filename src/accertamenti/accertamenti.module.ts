import { BeforeApplicationShutdown, Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.port';
import { ReactorRunner } from '../reactors/reactor-runner';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { AccertamentiController } from './accertamenti.controller';
import { AccertamentiService } from './accertamenti.service';
import { AnagraficaController } from './anagrafica.controller';
import { AnagraficaService } from './anagrafica.service';
import { AssessmentJobHandler } from './assessment.job';
import { ASSESSMENT_QUEUE, assessmentReactor, type AssessmentJob } from './assessment.reactor';
import { EnteScope } from './enti-scope';
import { StatisticsModule } from '../statistics/statistics.module';

/**
 * Issue 7: anagrafica (uffici, capitoli, accertamenti contabili), accertamenti, and the process manager that
 * marks the payments of a closed accertamento as assessed (a reactor, run like the receipt-mail one).
 */
@Module({
  imports: [StatisticsModule],
  controllers: [AnagraficaController, AccertamentiController],
  providers: [AnagraficaService, AccertamentiService, EnteScope, AssessmentJobHandler],
  exports: [AnagraficaService, AccertamentiService],
})
export class AccertamentiModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runners: ReactorRunner[];

  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) reads: ReadStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    private readonly assessment: AssessmentJobHandler,
  ) {
    this.runners = [new ReactorRunner(assessmentReactor, events, reads, jobs)];
  }

  /** Workers (and the all-in-one process) run the process manager; an api process only serves requests. */
  onModuleInit() {
    if (this.config.role === 'api') return;
    this.jobs.process<AssessmentJob>(ASSESSMENT_QUEUE, async (job) => {
      await this.assessment.run(job);
    });
  }

  async onApplicationBootstrap() {
    if (this.config.role === 'api') return;
    for (const r of this.runners) await r.start();
  }

  async beforeApplicationShutdown() {
    for (const r of this.runners) await r.stop();
  }
}
