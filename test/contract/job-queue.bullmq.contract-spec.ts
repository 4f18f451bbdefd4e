import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { BullMqJobQueue } from '../../src/jobs/bullmq-job-queue';
import type { JobQueue } from '../../src/jobs/job-queue.port';
import { jobQueueContract } from './job-queue.contract';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Jest collects suites synchronously, so reachability is asked of a short child process: PING, expect +PONG. */
function redisReachable(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe = `
    const s = require('node:net').connect(${Number(port || 6379)}, ${JSON.stringify(hostname || '127.0.0.1')});
    s.setTimeout(1000, () => process.exit(1));
    s.on('error', () => process.exit(1));
    s.on('connect', () => s.write('PING\\r\\n'));
    s.on('data', (d) => process.exit(/^(\\+PONG|-NOAUTH)/.test(String(d)) ? 0 : 1));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 3000 });
    return true;
  } catch {
    return false;
  }
}

const reachable = redisReachable(REDIS_URL);
if (!reachable) console.log(`SKIP: BullMQ contract suite: Redis not reachable at ${REDIS_URL}`);
const d = reachable ? describe : describe.skip;

// One prefix per run keeps parallel runs and leftovers apart; afterAll deletes every key under it.
const prefix = `quadra-test-${process.pid}-${randomUUID().slice(0, 8)}`;
const open = () => BullMqJobQueue.connect(REDIS_URL, { prefix, backoffMs: 5, drainPollMs: 10 });

async function deleteKeys(keyPrefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

if (reachable) afterAll(() => deleteKeys(prefix));

jobQueueContract('bullmq', { open }, d);

d('BullMQ adapter', () => {
  it('keeps a job id known across processes: a second instance ignores it after completion', async () => {
    const first = await open();
    const ran: string[] = [];
    first.process('cross', async (_payload, context) => {
      ran.push(`first:${context.jobId}`);
    });
    await first.enqueue('cross', 'mail:evt-7', {});
    await first.drain('cross');
    await first.close();

    const second: JobQueue = await open();
    try {
      second.process('cross', async (_payload, context) => {
        ran.push(`second:${context.jobId}`);
      });
      await second.enqueue('cross', 'mail:evt-7', {});
      await second.drain('cross');
      expect(ran).toEqual(['first:mail:evt-7']);
      expect((await second.state('cross', 'mail:evt-7')).state).toBe('completed');
    } finally {
      await second.close();
    }
  });

  it('refuses a URL that is not redis:// and says which Redis it could not reach', async () => {
    await expect(BullMqJobQueue.connect('http://127.0.0.1:6379')).rejects.toMatchObject({ code: 'INVALID_REDIS_URL' });
    await expect(BullMqJobQueue.connect('redis://127.0.0.1:1')).rejects.toThrow('Redis not reachable at redis://127.0.0.1:1');
  });

  it('reports itself unhealthy once closed', async () => {
    const jobs = await open();
    expect(await jobs.health()).toEqual({ ok: true, detail: 'redis PONG' });
    await jobs.close();
    expect((await jobs.health()).ok).toBe(false);
  });
});
