import type { EventStore } from '../event-store/event-store.port';
import type { Projection } from './projection';
import { ProjectionRunner, type ProjectionRunnerOptions, type ProjectionStatus } from './projection-runner';
import type { ReadStore } from './read-store.port';
import { SharedLogReader } from './shared-log-reader';

/** Holds one runner per projection; a projection that fails stops alone, the others go on. */
export class ProjectionSupervisor {
  private readonly runners = new Map<string, ProjectionRunner>();

  constructor(runners: readonly ProjectionRunner[] = []) {
    for (const r of runners) this.add(r);
  }

  /** The runners share one SharedLogReader: catching up together, they read and parse each page of the log once. */
  static create(projections: readonly Projection[], events: EventStore, store: ReadStore, options: ProjectionRunnerOptions = {}): ProjectionSupervisor {
    const log = new SharedLogReader(events, Math.max(16, 4 * projections.length));
    return new ProjectionSupervisor(projections.map((p) => new ProjectionRunner(p, log, store, options)));
  }

  add(runner: ProjectionRunner): void {
    if (this.runners.has(runner.name)) throw new Error(`projection "${runner.name}" is registered twice`);
    this.runners.set(runner.name, runner);
  }

  runnerFor(name: string): ProjectionRunner | undefined {
    return this.runners.get(name);
  }

  names(): string[] {
    return [...this.runners.keys()];
  }

  async startAll(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.start()));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
  }

  statuses(): ProjectionStatus[] {
    return [...this.runners.values()].map((r) => r.status());
  }

  /** Read-your-writes across projections: true when every named projection (default: all) has applied `position`. */
  async waitFor(position: bigint, timeoutMs: number, names: readonly string[] = this.names()): Promise<boolean> {
    const results = await Promise.all(
      names.map((n) => {
        const r = this.runners.get(n);
        if (!r) throw new Error(`unknown projection "${n}"`);
        return r.waitFor(position, timeoutMs);
      }),
    );
    return results.every(Boolean);
  }

  /** For /health: ok unless a projection has stopped on an error. */
  health(): { ok: boolean; projections: ProjectionStatus[] } {
    const projections = this.statuses();
    return { ok: projections.every((p) => p.state !== 'failed'), projections };
  }
}
