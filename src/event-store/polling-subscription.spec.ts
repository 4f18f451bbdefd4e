import type { RecordedEvent } from '../kernel/events';
import type { TypedPage } from './event-store.port';
import { PollingSubscription, type PositionedLog } from './polling-subscription';

/** A log in memory that counts how often it is read. */
class CountingLog implements PositionedLog {
  readonly events: RecordedEvent[] = [];
  reads = 0;
  private readonly listeners = new Set<() => void>();

  readPage(after: bigint, max: number): TypedPage {
    this.reads++;
    const events = this.events.filter((e) => e.position > after).slice(0, max);
    return { events, scannedTo: events.length ? events[events.length - 1].position : after };
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(): void {
    const position = BigInt(this.events.length + 1);
    this.events.push({ position, id: `e${position}`, streamId: 's', revision: position - 1n, type: 'T', data: {}, metadata: { correlationId: 'c', actor: 'test', occurredAt: '2026-12-07T00:00:00.000Z', schemaVersion: 1 }, recordedAt: '2026-12-07T00:00:00.000Z' });
    for (const l of this.listeners) l();
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function burst(log: CountingLog, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    log.append();
    await nextTurn();
  }
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const running: PollingSubscription[] = [];
const follow = (log: CountingLog, options: { pollIntervalMs: number; settleMs?: number }, handler: (e: RecordedEvent) => void = () => undefined) => {
  const sub = new PollingSubscription(log, options, handler, () => undefined);
  running.push(sub);
  return sub;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('PollingSubscription', () => {
  it('given no settle time, when 20 events are appended one turn after another, then it reads the log after each of them', async () => {
    const log = new CountingLog();
    const seen: bigint[] = [];
    follow(log, { pollIntervalMs: 10_000 }, (e) => void seen.push(e.position));
    await nextTurn();
    await burst(log, 20);
    await until(() => seen.length === 20);
    expect(log.reads).toBeGreaterThan(10);
  });

  it('given a settle time, when 20 events are appended one turn after another, then they are read in a few pages, all of them, in order', async () => {
    const log = new CountingLog();
    const seen: bigint[] = [];
    follow(log, { pollIntervalMs: 10_000, settleMs: 300 }, (e) => void seen.push(e.position));
    await nextTurn();
    const before = log.reads;
    await burst(log, 20);
    await until(() => seen.length === 20);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i + 1)));
    expect(log.reads - before).toBeLessThanOrEqual(2);
  });

  it('given a settle time, when stopped while it waits for more appends, then it stops at once', async () => {
    const log = new CountingLog();
    const sub = follow(log, { pollIntervalMs: 10_000, settleMs: 60_000 });
    await nextTurn();
    log.append();
    const started = Date.now();
    await sub.stop();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
