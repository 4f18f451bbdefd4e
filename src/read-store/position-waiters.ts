/** Whether a read model that has applied `checkpoint` includes the event at `position`. */
export const reached = (checkpoint: bigint | undefined, position: bigint): boolean => checkpoint !== undefined && checkpoint >= position;

/**
 * For a process that does not run the read model itself (an API process, a stopped runner): watches the checkpoint
 * that whoever runs it writes in the store, until it reaches `position` (true) or the time is up (false).
 */
export async function pollCheckpoint(readCheckpoint: () => Promise<bigint | undefined>, position: bigint, timeoutMs: number, intervalMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (reached(await readCheckpoint(), position)) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, left)));
  }
}

/**
 * Read-your-writes callers waiting for a read model to reach a log position: each is released with true when a
 * checkpoint at or past its position is announced, with false at its timeout or when the read model gives up.
 */
export class PositionWaiters {
  private readonly waiters = new Set<{ position: bigint; resolve: (ok: boolean) => void }>();

  wait(position: bigint, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter = {
        position,
        resolve: (ok: boolean) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(ok);
        },
      };
      const timer = setTimeout(() => waiter.resolve(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** The read model now includes everything up to `checkpoint`. */
  release(checkpoint: bigint | undefined): void {
    for (const w of [...this.waiters]) if (reached(checkpoint, w.position)) w.resolve(true);
  }

  /** It will not get there (stopped or failed): everyone still waiting hears false now. */
  abandon(): void {
    for (const w of [...this.waiters]) w.resolve(false);
  }
}
