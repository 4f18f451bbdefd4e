/**
 * A map that forgets its oldest entries past a limit. The inline runner keeps settled jobs here so a
 * re-enqueued id is still recognised after completion, without growing forever in a long-lived process.
 */
export class BoundedMemory<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number of at least 1, got ${limit}`);
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Adds or refreshes an entry as the newest one, then forgets the oldest beyond the limit. */
  remember(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
  }
}
