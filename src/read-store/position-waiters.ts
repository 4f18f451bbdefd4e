/** Whether a read model that has applied `checkpoint` includes the event at `position`. */
export const reached = (checkpoint: bigint | undefined, position: bigint): boolean => checkpoint !== undefined && checkpoint >= position;

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
