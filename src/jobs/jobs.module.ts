import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { JOB_QUEUE, type JobQueue } from './job-queue.port';
import { openJobQueue } from './open-job-queue';

@Global()
@Module({
  providers: [{ provide: JOB_QUEUE, inject: [CONFIG], useFactory: (c: QuadraConfig) => openJobQueue(c.redisUrl) }],
  exports: [JOB_QUEUE],
})
export class JobsModule implements OnApplicationShutdown {
  constructor(@Inject(JOB_QUEUE) private readonly jobs: JobQueue) {}
  async onApplicationShutdown() {
    await this.jobs.close();
  }
}
