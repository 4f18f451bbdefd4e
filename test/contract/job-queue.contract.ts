import type { JobContext, JobQueue } from '../../src/jobs/job-queue.port';

/**
 * The one contract every JobQueue adapter passes (inline and BullMQ). Each test opens a fresh adapter
 * and uses its own queue names, so tests never see each other's jobs.
 */
export interface JobQueueContractTarget {
  /** A fresh adapter whose default retry backoff is a few milliseconds. */
  open(): Promise<JobQueue>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, limitMs = 5000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`gave up waiting for: ${what}`);
    await sleep(5);
  }
}

/** Resolves when `promise` does or after `ms`, whichever comes first, leaving no timer behind. */
async function atMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

export function jobQueueContract(label: string, target: JobQueueContractTarget, d: jest.Describe = describe): void {
  d(`JobQueue contract: ${label}`, () => {
    let jobs: JobQueue;
    let n = 0;
    const queueName = (what: string) => `${what}-${++n}`;

    beforeEach(async () => {
      jobs = await target.open();
    });
    afterEach(async () => {
      await jobs.close();
    });

    it('runs a job once with its payload, which travels as JSON', async () => {
      const q = queueName('run');
      const seen: { payload: unknown; context: Pick<JobContext, 'jobId' | 'attempt'> }[] = [];
      jobs.process(q, async (payload, context) => {
        seen.push({ payload, context: { jobId: context.jobId, attempt: context.attempt } });
      });

      await jobs.enqueue(q, 'receipt-mail-1', { iuv: '01234567890123456', cents: 14792, at: new Date('2024-05-01T10:00:00Z'), rows: [1, 2] });
      await jobs.drain(q);

      expect(seen).toEqual([
        {
          payload: { iuv: '01234567890123456', cents: 14792, at: '2024-05-01T10:00:00.000Z', rows: [1, 2] },
          context: { jobId: 'receipt-mail-1', attempt: 1 },
        },
      ]);
      expect(await jobs.state(q, 'receipt-mail-1')).toMatchObject({ state: 'completed', attempts: 1 });
    });

    it('runs the same job id once, even when it is enqueued again after completing', async () => {
      const q = queueName('dedup');
      await jobs.enqueue(q, 'evt-42', { n: 1 });
      await jobs.enqueue(q, 'evt-42', { n: 2 });
      const payloads: unknown[] = [];
      jobs.process(q, async (payload) => {
        payloads.push(payload);
      });
      await jobs.drain(q);

      await jobs.enqueue(q, 'evt-42', { n: 3 });
      await jobs.drain(q);

      expect(payloads).toEqual([{ n: 1 }]);
      expect((await jobs.state(q, 'evt-42')).state).toBe('completed');
    });

    it('keeps ids with ":" or that look like numbers exactly as given', async () => {
      const q = queueName('ids');
      const ids = ['mail:3f2a9c1e-0b7d-4e7a-9d51-6c1f0e2b8a44', '12345', '50%:off'];
      const seen: string[] = [];
      jobs.process(q, async (_payload, context) => {
        seen.push(context.jobId);
      });
      for (const id of ids) await jobs.enqueue(q, id, {});
      await jobs.enqueue(q, '12345', {});
      await jobs.drain(q);

      expect(seen.sort()).toEqual([...ids].sort());
      for (const id of ids) expect((await jobs.state(q, id)).state).toBe('completed');
      expect((await jobs.state(q, 'mail%3A3f2a9c1e-0b7d-4e7a-9d51-6c1f0e2b8a44')).state).toBe('unknown');
    });

    it('retries a failing job, then marks it failed with the error of the last try', async () => {
      const q = queueName('fail');
      const tries: number[] = [];
      jobs.process(q, async (_payload, context) => {
        tries.push(context.attempt);
        throw new Error(`SMTP server refused the message (try ${context.attempt})`);
      });

      await jobs.enqueue(q, 'mail-1', {}, { attempts: 3 });
      await jobs.drain(q);

      expect(tries).toEqual([1, 2, 3]);
      expect(await jobs.state(q, 'mail-1')).toMatchObject({
        state: 'failed',
        attempts: 3,
        error: 'SMTP server refused the message (try 3)',
      });
    });

    it('completes a job whose retry succeeds, and runs a job with attempts 1 only once', async () => {
      const q = queueName('retry');
      const tries: Record<string, number> = {};
      jobs.process(q, async (_payload, context) => {
        tries[context.jobId] = context.attempt;
        if (context.attempt === 1) throw new Error('temporary outage');
      });

      await jobs.enqueue(q, 'flaky', {});
      await jobs.enqueue(q, 'no-retry', {}, { attempts: 1 });
      await jobs.drain(q);

      expect(tries).toEqual({ flaky: 2, 'no-retry': 1 });
      expect(await jobs.state(q, 'flaky')).toMatchObject({ state: 'completed', attempts: 2 });
      expect(await jobs.state(q, 'no-retry')).toMatchObject({ state: 'failed', attempts: 1, error: 'temporary outage' });
    });

    it('shows the progress a running job reports', async () => {
      const q = queueName('progress');
      const started = gate();
      const release = gate();
      jobs.process(q, async (_payload, context) => {
        await context.progress(40);
        started.open();
        await release.opened;
        await context.progress(100);
      });

      await jobs.enqueue(q, 'export-1', {});
      await started.opened;
      await waitFor('progress 40 visible', async () => (await jobs.state(q, 'export-1')).progress === 40);
      expect(await jobs.state(q, 'export-1')).toMatchObject({ state: 'active', progress: 40 });

      release.open();
      await jobs.drain(q);
      expect(await jobs.state(q, 'export-1')).toMatchObject({ state: 'completed', progress: 100 });
    });

    it('never runs more jobs of a queue at once than its concurrency', async () => {
      const q = queueName('concurrency');
      let active = 0;
      let most = 0;
      let ran = 0;
      const twoRunning = gate();
      jobs.process(
        q,
        async () => {
          active++;
          most = Math.max(most, active);
          if (active >= 2) twoRunning.open();
          // Holds the first job until a second one runs beside it (or gives up, and the test then fails).
          await atMost(twoRunning.opened, 3000);
          await sleep(5);
          active--;
          ran++;
        },
        { concurrency: 2 },
      );

      for (let i = 0; i < 6; i++) await jobs.enqueue(q, `job-${i}`, { i });
      await jobs.drain(q);

      expect(ran).toBe(6);
      expect(most).toBe(2);
    });

    it('drain waits for every job, including delayed ones and pending retries', async () => {
      const q = queueName('drain');
      const done: string[] = [];
      jobs.process(
        q,
        async (_payload, context) => {
          await sleep(10);
          if (context.jobId === 'flaky' && context.attempt === 1) throw new Error('first try fails');
          done.push(context.jobId);
        },
        { concurrency: 2 },
      );

      for (let i = 0; i < 4; i++) await jobs.enqueue(q, `job-${i}`, {});
      await jobs.enqueue(q, 'later', {}, { delayMs: 60 });
      await jobs.enqueue(q, 'flaky', {}, { backoffMs: 40 });
      expect((await jobs.state(q, 'later')).state).toBe('waiting');
      await jobs.drain(q);

      expect(done.sort()).toEqual(['flaky', 'job-0', 'job-1', 'job-2', 'job-3', 'later']);
    });

    it('runs jobs enqueued before a worker is registered once it is', async () => {
      const q = queueName('early');
      for (const id of ['a', 'b', 'c']) await jobs.enqueue(q, id, { id });
      expect(await jobs.state(q, 'a')).toMatchObject({ state: 'waiting' });

      const seen: unknown[] = [];
      jobs.process(q, async (payload) => {
        seen.push(payload);
      });
      await jobs.drain(q);

      expect(seen).toHaveLength(3);
      expect(seen).toEqual(expect.arrayContaining([{ id: 'a' }, { id: 'b' }, { id: 'c' }]));
    });

    it('keeps queues apart: a worker only runs the jobs of its own queue', async () => {
      const mail = queueName('mail');
      const exports = queueName('exports');
      const ran: string[] = [];
      jobs.process(mail, async (_payload, context) => {
        ran.push(`mail/${context.jobId}`);
      });
      await jobs.enqueue(mail, 'same-id', {});
      await jobs.enqueue(exports, 'same-id', {});
      await jobs.drain(mail);

      expect(ran).toEqual(['mail/same-id']);
      expect((await jobs.state(exports, 'same-id')).state).toBe('waiting');
    });

    it('drain with a timeout reports a queue that nobody works', async () => {
      const q = queueName('orphan');
      await jobs.enqueue(q, 'stuck', {});
      await expect(jobs.drain(q, { timeoutMs: 50 })).rejects.toThrow(`queue "${q}" still has 1 unsettled job(s) after 50 ms`);
    });

    it('close waits for the jobs that are running', async () => {
      const q = queueName('close');
      const started = gate();
      let finished = false;
      jobs.process(q, async () => {
        started.open();
        await sleep(30);
        finished = true;
      });
      await jobs.enqueue(q, 'long', {});
      await started.opened;

      await jobs.close();
      expect(finished).toBe(true);
    });

    it('answers unknown for a job it never saw, and is healthy while open', async () => {
      expect(await jobs.state(queueName('none'), 'never-enqueued')).toEqual({ state: 'unknown' });
      expect(await jobs.health()).toMatchObject({ ok: true });
    });

    it('refuses bad queue names, empty job ids, bad options and a second worker for a queue', async () => {
      await expect(jobs.enqueue('mail:urgent', 'x', {})).rejects.toMatchObject({ code: 'INVALID_QUEUE_NAME', field: 'queue' });
      await expect(jobs.enqueue('mail', '', {})).rejects.toMatchObject({ code: 'INVALID_JOB_ID', field: 'jobId' });
      await expect(jobs.enqueue('mail', 'x', {}, { attempts: 0 })).rejects.toMatchObject({ code: 'INVALID_JOB_OPTIONS', field: 'attempts' });
      await expect(jobs.enqueue('mail', 'x', { n: 1n })).rejects.toMatchObject({ code: 'INVALID_JOB_PAYLOAD' });
      const q = queueName('twice');
      jobs.process(q, async () => undefined);
      expect(() => jobs.process(q, async () => undefined)).toThrow(expect.objectContaining({ code: 'WORKER_ALREADY_REGISTERED' }));
      expect((await jobs.state('mail', 'x')).state).toBe('unknown');
    });
  });
}
