import { InlineJobQueue } from '../../src/jobs/inline-job-queue';
import { jobQueueContract } from './job-queue.contract';

jobQueueContract('inline', { open: async () => new InlineJobQueue({ backoffMs: 5 }) });
