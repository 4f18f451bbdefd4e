import { runPerKey } from './keyed-concurrency';

/** A promise the test settles by hand, so ordering is proven without timers. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('runPerKey', () => {
  it('returns results in input order, whatever order tasks finish in', async () => {
    const items = ['a:1', 'b:1', 'c:1', 'a:2'];
    const gates = new Map(items.map((i) => [i, deferred()]));
    const run = runPerKey(items, (i) => i.split(':')[0], 4, async (i) => {
      await gates.get(i)!.promise;
      return i.toUpperCase();
    });
    for (const i of ['c:1', 'b:1', 'a:1', 'a:2']) {
      gates.get(i)!.resolve();
      await flush();
    }
    await expect(run).resolves.toEqual(['A:1', 'B:1', 'C:1', 'A:2']);
  });

  it('runs the items of one key one after another, in input order', async () => {
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred<void>>>();
    const items = ['s:1', 's:2', 's:3'];
    items.forEach((i) => gates.set(i, deferred()));
    const run = runPerKey(items, () => 's', 8, async (i) => {
      started.push(i);
      await gates.get(i)!.promise;
    });
    await flush();
    expect(started).toEqual(['s:1']);
    gates.get('s:1')!.resolve();
    await flush();
    expect(started).toEqual(['s:1', 's:2']);
    gates.get('s:2')!.resolve();
    gates.get('s:3')!.resolve();
    await run;
    expect(started).toEqual(items);
  });

  it('never runs more than `limit` keys at once', async () => {
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 20 }, (_, i) => `k${i}`);
    await runPerKey(items, (i) => i, 3, async () => {
      running++;
      peak = Math.max(peak, running);
      await flush();
      running--;
    });
    expect(peak).toBe(3);
  });

  it('after a failure starts nothing new, lets running tasks finish, then throws the first error', async () => {
    const started: string[] = [];
    const finished: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred<void>>>();
    const items = ['a', 'b', 'c', 'd'];
    items.forEach((i) => gates.set(i, deferred()));
    const run = runPerKey(items, (i) => i, 2, async (i) => {
      started.push(i);
      await gates.get(i)!.promise;
      finished.push(i);
    });
    const outcome = run.catch((e: Error) => e);
    await flush();
    expect(started).toEqual(['a', 'b']);
    gates.get('a')!.reject(new Error('conflict on a'));
    await flush();
    expect(started).toEqual(['a', 'b']);
    gates.get('b')!.resolve();
    expect(await outcome).toEqual(new Error('conflict on a'));
    expect(finished).toEqual(['b']);
  });
});
