/**
 * Runs `task` for every item: items with the same key one after another, in input order (two appends to one
 * stream must not race each other's expected revision), items of different keys concurrently, at most `limit`
 * keys at a time. Results come back in input order. After the first failure no new item starts; the ones
 * already running are allowed to finish, then that first error is thrown.
 */
export async function runPerKey<T, R>(items: readonly T[], keyOf: (item: T) => string, limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const queue = [...groups.values()];
  const results = new Array<R>(items.length);
  let failure: { error: unknown } | undefined;

  const worker = async () => {
    for (let group = queue.shift(); group && !failure; group = queue.shift()) {
      for (const i of group) {
        if (failure) return;
        try {
          results[i] = await task(items[i]);
        } catch (error) {
          failure ??= { error };
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
