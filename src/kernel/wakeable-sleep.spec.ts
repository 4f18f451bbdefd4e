import { WakeableSleep } from './wakeable-sleep';

const elapsed = async (p: Promise<void>) => {
  const t = Date.now();
  await p;
  return Date.now() - t;
};

describe('WakeableSleep', () => {
  it('given a pause, when kicked, then it ends at once', async () => {
    const s = new WakeableSleep();
    const pause = s.sleep(5_000);
    s.kick();
    expect(await elapsed(pause)).toBeLessThan(1_000);
  });

  it('given a kick while the loop was busy, then the next pause is skipped, and only that one', async () => {
    const s = new WakeableSleep();
    s.kick();
    expect(await elapsed(s.sleep(5_000))).toBeLessThan(1_000);
    const next = s.sleep(50);
    expect(await elapsed(next)).toBeGreaterThanOrEqual(40);
  });

  it('given a backoff that kicks must not shorten, then a kick leaves it and interrupt ends it', async () => {
    const s = new WakeableSleep();
    let over = false;
    const backoff = s.sleep(5_000, { kickable: false }).then(() => (over = true));
    s.kick();
    await new Promise((r) => setTimeout(r, 30));
    expect(over).toBe(false);
    s.interrupt();
    await backoff;
    expect(over).toBe(true);
  });
});
