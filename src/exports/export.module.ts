import { Inject, Logger, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.port';
import { EXPORT_QUEUE } from './domain/export.events';
import { ExportController } from './export.controller';
import { ExportService, type ExportJob } from './export.service';

/**
 * Prenota export. The job runs on the 'export' queue (BullMQ with REDIS_URL: the data folder must then be shared
 * with the api processes, which serve the file); unfinished exports are queued again at start.
 */
@Module({
  controllers: [ExportController],
  providers: [ExportService],
  exports: [ExportService],
})
export class ExportModule implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('exports');

  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    private readonly exports: ExportService,
  ) {}

  private get worker(): boolean {
    return this.config.role !== 'api' || !this.config.redisUrl;
  }

  onModuleInit() {
    if (!this.worker) return;
    this.jobs.process<ExportJob>(EXPORT_QUEUE, (job, ctx) => this.exports.run(job, ctx.attempt));
  }

  async onApplicationBootstrap() {
    if (!this.worker) return;
    try {
      await this.exports.resumeUnfinished();
    } catch (err) {
      this.logger.error({ msg: 'could not resume unfinished exports', err: String(err) });
    }
  }
}
