import { BullMqJobQueue, type BullMqJobQueueOptions } from './bullmq-job-queue';
import { InlineJobQueue } from './inline-job-queue';
import type { JobQueue } from './job-queue.port';

/** REDIS_URL picks the adapter: unset means the in-process runner, redis://... means BullMQ. */
export async function openJobQueue(redisUrl: string | undefined, options: BullMqJobQueueOptions = {}): Promise<JobQueue> {
  if (!redisUrl) return new InlineJobQueue({ backoffMs: options.backoffMs });
  return BullMqJobQueue.connect(redisUrl, options);
}
