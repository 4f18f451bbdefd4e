import { Test } from '@nestjs/testing';
import * as os from 'node:os';
import { ConfigModule } from '../config/config.module';
import { loadConfig } from '../config/config';
import { MAILER, type Mailer } from '../mail/mail.port';
import { MailModule } from '../mail/mail.module';
import { JOB_QUEUE, type JobQueue } from './job-queue.port';
import { JobsModule } from './jobs.module';
import { openJobQueue } from './open-job-queue';

describe('JobsModule and MailModule', () => {
  it('give the embedded adapters when no REDIS_URL or SMTP_URL is set, and close them on shutdown', async () => {
    const app = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(loadConfig({ DATA_DIR: os.tmpdir() })), JobsModule, MailModule],
    }).compile();
    const jobs = app.get<JobQueue>(JOB_QUEUE);
    const mailer = app.get<Mailer>(MAILER);
    expect([jobs.kind, mailer.kind]).toEqual(['inline', 'eml']);

    await app.close();
    expect((await jobs.health()).ok).toBe(false);
  });
});

describe('openJobQueue', () => {
  it('refuses a REDIS_URL that is not a Redis URL', async () => {
    await expect(openJobQueue('localhost:6379')).rejects.toMatchObject({ code: 'INVALID_REDIS_URL', field: 'REDIS_URL' });
  });
});
