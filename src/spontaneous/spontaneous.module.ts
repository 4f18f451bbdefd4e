import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.port';
import { PositionsModule } from '../positions/positions.module';
import { SpontaneousController } from './spontaneous.controller';
import { SPONTANEOUS_MAIL_QUEUE, SpontaneousService, type SpontaneousMailJob } from './spontaneous.service';

@Module({
  imports: [PositionsModule],
  controllers: [SpontaneousController],
  providers: [SpontaneousService],
})
export class SpontaneousModule implements OnModuleInit {
  constructor(
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    private readonly spontaneous: SpontaneousService,
  ) {}

  onModuleInit() {
    this.jobs.process<SpontaneousMailJob>(SPONTANEOUS_MAIL_QUEUE, (job, ctx) => this.spontaneous.sendMail(job, ctx.jobId));
  }
}
