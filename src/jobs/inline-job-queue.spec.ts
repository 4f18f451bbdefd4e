import { InlineJobQueue } from './inline-job-queue';
import { retryDelayMs } from './job-rules';

describe('InlineJobQueue', () => {
  let jobs: InlineJobQueue;
  afterEach(() => jobs.close());

  it('forgets settled ids past its window, so only the newest ones are deduplicated', async () => {
    jobs = new InlineJobQueue({ rememberSettled: 2 });
    const runs: string[] = [];
    jobs.process('mail', async (_p, c) => {
      runs.push(c.jobId);
    });
    for (const id of ['a', 'b', 'c']) await jobs.enqueue('mail', id, {});
    await jobs.drain('mail');

    expect((await jobs.state('mail', 'a')).state).toBe('unknown');
    await jobs.enqueue('mail', 'a', {});
    await jobs.enqueue('mail', 'c', {});
    await jobs.drain('mail');
    expect(runs).toEqual(['a', 'b', 'c', 'a']);
  });

  it('treats a handler that throws before returning a promise like any failed try', async () => {
    jobs = new InlineJobQueue({ backoffMs: 0 });
    jobs.process('mail', (_p, c) => {
      if (c.attempt < 2) throw new Error('thrown synchronously');
      return Promise.resolve();
    });
    await jobs.enqueue('mail', 'x', {});
    await jobs.drain('mail');
    expect(await jobs.state('mail', 'x')).toEqual({ state: 'completed', attempts: 2, error: 'thrown synchronously' });
  });

  it('clamps reported progress to 0..100', async () => {
    jobs = new InlineJobQueue();
    jobs.process('export', async (_p, c) => {
      await c.progress(140);
    });
    await jobs.enqueue('export', 'e', {});
    await jobs.drain('export');
    expect((await jobs.state('export', 'e')).progress).toBe(100);
  });

  it('drops jobs not yet started when closed, and takes no more', async () => {
    jobs = new InlineJobQueue();
    await jobs.enqueue('mail', 'never-run', {}, { delayMs: 60_000 });
    await jobs.close();

    expect((await jobs.state('mail', 'never-run')).state).toBe('unknown');
    await expect(jobs.enqueue('mail', 'late', {})).rejects.toThrow('inline job queue is closed');
    expect(await jobs.health()).toEqual({ ok: false, detail: 'inline job queue is closed' });
  });

  it('spaces retries exponentially from the backoff base, like BullMQ', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(1000, n))).toEqual([1000, 2000, 4000, 8000]);
  });
});
