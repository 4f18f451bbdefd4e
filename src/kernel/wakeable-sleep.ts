/**
 * The pause of a polling loop, which can be cut short. kick() ends the pause in progress, or the next one when the
 * loop is busy, so a wake-up that comes while it works is not lost. A pause taken with `kickable: false` (a backoff
 * after an error) ignores kicks; interrupt() ends any pause, for stopping the loop.
 */
export class WakeableSleep {
  private wakeUp: ((force: boolean) => void) | undefined;
  private kicked = false;

  sleep(ms: number, options: { kickable?: boolean } = {}): Promise<void> {
    const kickable = options.kickable ?? true;
    if (kickable && this.kicked) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.kicked = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = (force) => {
        if (force || kickable) done();
      };
    });
  }

  kick(): void {
    this.kicked = true;
    this.wakeUp?.(false);
  }

  interrupt(): void {
    this.kicked = true;
    this.wakeUp?.(true);
  }
}
