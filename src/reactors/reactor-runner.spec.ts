import { SqliteEventStore } from '../event-store/sqlite-event-store';
import { SqliteReadStore } from '../read-store/sqlite-read-store';
import { InlineJobQueue } from '../jobs/inline-job-queue';
import type { NewEvent } from '../kernel/events';
import { randomUUID } from 'node:crypto';
import { jobIdFor, type Reactor } from './reactor';
import { ReactorRunner } from './reactor-runner';

const event = (type: string, data: unknown): NewEvent => ({ id: randomUUID(), type, data, metadata: { correlationId: 'c', actor: 'test', occurredAt: '2026-11-26T10:00:00Z', schemaVersion: 1 } });

const mailer: Reactor = {
  name: 'receipt-mail',
  handles: ['ReceiptReceived'],
  jobsFor: (e) => [{ queue: 'mail', jobId: jobIdFor('receipt-mail', e), payload: { to: (e.data as { email: string }).email } }],
};

async function setup(dir = ':memory:') {
  const events = SqliteEventStore.open(dir);
  const reads = SqliteReadStore.open(':memory:');
  const jobs = new InlineJobQueue();
  const sent: string[] = [];
  jobs.process<{ to: string }>('mail', async (p) => {
    sent.push(p.to);
  });
  return { events, reads, jobs, sent };
}

describe('a reactor turns events into jobs, once each', () => {
  it('enqueues a job for each handled event, ignores the others, and follows new events live', async () => {
    const { events, reads, jobs, sent } = await setup();
    await events.append('position-a', [event('PositionCreated', {}), event('ReceiptReceived', { email: 'a@example.it' })], 'no_stream');
    const runner = new ReactorRunner(mailer, events, reads, jobs);
    await runner.start();
    await events.append('position-b', [event('ReceiptReceived', { email: 'b@example.it' })], 'no_stream');
    await waitUntil(() => sent.length === 2);
    await jobs.drain('mail');
    expect(sent.sort()).toEqual(['a@example.it', 'b@example.it']);
    await runner.stop();
  });

  it('moves its checkpoint past the events it does not handle, so a restart does not look at them again', async () => {
    const { events, reads, jobs, sent } = await setup();
    for (let i = 0; i < 20; i++) await events.append(`position-${i}`, [event('PositionCreated', { n: i })], 'no_stream');
    const runner = new ReactorRunner(mailer, events, reads, jobs);
    await runner.start();
    await waitUntil(() => runner.status().position === String(20));
    await runner.stop();
    expect(sent).toEqual([]);
    expect(await reads.getCheckpoint('reactor.receipt-mail')).toBe(20n);
  });

  it('after a restart it resumes from its checkpoint, and a redelivered event does not run its job twice', async () => {
    const { events, reads, jobs, sent } = await setup();
    await events.append('position-a', [event('ReceiptReceived', { email: 'a@example.it' })], 'no_stream');
    const first = new ReactorRunner(mailer, events, reads, jobs);
    await first.start();
    await waitUntil(() => sent.length === 1);
    await first.stop();
    expect(await reads.getCheckpoint('reactor.receipt-mail')).toBe(await events.headPosition());
    // Redelivery: forget the checkpoint, as after a crash before it was saved.
    await reads.applyBatch('reactor.receipt-mail', { upserts: [], deletes: [] }, { position: 0n });
    const second = new ReactorRunner(mailer, events, reads, jobs);
    await second.start();
    await events.append('position-c', [event('ReceiptReceived', { email: 'c@example.it' })], 'no_stream');
    await waitUntil(() => sent.length === 2);
    await jobs.drain('mail');
    await second.stop();
    expect(sent.sort()).toEqual(['a@example.it', 'c@example.it']);
  });
});

async function waitUntil(cond: () => boolean, timeoutMs = 3000) {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
