import { Inject, Logger, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { CONFIG, type QuadraConfig } from '../config/config';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.port';
import { PositionsModule } from '../positions/positions.module';
import { FLOW_IMPORT_QUEUE, type FlowImportJob } from './flow-import.aggregate';
import { FlowImporter, SimulatedCrash } from './flow-importer';
import { flowUploadMaxBytes } from './flow-upload.interceptor';
import { FlowsController } from './flows.controller';
import { FlowsService } from './flows.service';

/**
 * Modalità per flussi. Uploads are held in memory by multer up to an explicit cap (413 beyond it); the import runs
 * on the 'flow-import' queue (BullMQ with REDIS_URL: the data folder must then be shared with the workers).
 */
@Module({
  imports: [PositionsModule, MulterModule.registerAsync({ useFactory: () => ({ limits: { fileSize: flowUploadMaxBytes(), files: 1 } }) })],
  controllers: [FlowsController],
  providers: [FlowsService, FlowImporter],
  exports: [FlowsService, FlowImporter],
})
export class FlowsModule implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('flows');

  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    private readonly importer: FlowImporter,
    private readonly flows: FlowsService,
  ) {}

  private get worker(): boolean {
    // An 'api' process imports nothing when workers exist (BullMQ); with the inline queue it must do the work itself.
    return this.config.role !== 'api' || !this.config.redisUrl;
  }

  onModuleInit() {
    if (!this.worker) return;
    this.jobs.process<FlowImportJob>(FLOW_IMPORT_QUEUE, async (job) => {
      try {
        await this.importer.run(job.codIpa, job.flowId);
      } catch (err) {
        // The test hook imitates a dead process: the job just ends, the flow stays unfinished for the next start.
        if (err instanceof SimulatedCrash) return;
        this.logger.error({ msg: 'flow import failed, will retry', codIpa: job.codIpa, flowId: job.flowId, err: String(err) });
        throw err;
      }
    });
  }

  async onApplicationBootstrap() {
    if (this.worker) await this.flows.resumeUnfinished();
  }
}
