import type { EventStore } from '../event-store/event-store.port';
import type { Projection } from './projection';
import { ProjectionRunner, type ProjectionRunnerOptions, type ProjectionStatus } from './projection-runner';
import { ProjectionThread } from './projection-thread';
import type { ProjectionThreadInit } from './projection-thread.messages';
import type { ReadStore } from './read-store.port';
import { SHARED_LOG_WINDOW_EVENTS, SharedLogReader } from './shared-log-reader';
import type { SupervisedRunner } from './supervised-runner';

export interface ThreadedOptions {
  eventStoreUrl: string;
  readStoreUrl: string;
  /** Worker threads to spread the projections over (at least 1). */
  threads: number;
  options?: ProjectionThreadInit['options'];
  reportEveryMs?: number;
  /** Runners the threads build themselves besides the projections (src/thread-runners.ts), e.g. the reconciliation. */
  others?: readonly { name: string; weight: number; background?: boolean }[];
  /** Nice value (1–19) of a thread whose runners are all background; 0 or absent: every thread at the process's priority. */
  backgroundNice?: number;
}

/** Holds one runner per projection; a projection that fails stops alone, the others go on. */
export class ProjectionSupervisor {
  private readonly runners = new Map<string, SupervisedRunner>();

  constructor(
    runners: readonly SupervisedRunner[] = [],
    private readonly threads: readonly ProjectionThread[] = [],
  ) {
    for (const r of runners) this.add(r);
  }

  /** The runners share one SharedLogReader: wherever each one is in the recent log, each event is read and parsed once. */
  static create(projections: readonly Projection[], events: EventStore, store: ReadStore, options: ProjectionRunnerOptions = {}): ProjectionSupervisor {
    const types = projections.flatMap((p) => p.handles);
    const log = new SharedLogReader(events, types, Math.max(SHARED_LOG_WINDOW_EVENTS, 10 * (options.batchSize ?? 0)));
    return new ProjectionSupervisor(projections.map((p) => new ProjectionRunner(p, log, store, options)));
  }

  /**
   * The same projections, run in `threads` worker threads of this process that open their own connections to the
   * stores (files or servers named by the URLs): projecting then never takes the event loop of the requests.
   * Projections are spread by their declared weight, heaviest first, each to the least loaded thread.
   */
  static createThreaded(projections: readonly Projection[], config: ThreadedOptions): ProjectionSupervisor {
    const all = [...projections.map((p) => ({ name: p.name, weight: p.weight ?? 1, background: p.background })), ...(config.others ?? [])];
    const groups = partitionByWeight(all, Math.max(1, Math.min(config.threads, all.length)));
    const nice = config.backgroundNice ?? 0;
    const backgroundNames = new Set(all.filter((p) => p.background).map((p) => p.name));
    const threads = groups.map((names) => {
      const background = nice > 0 && names.every((n) => backgroundNames.has(n));
      return new ProjectionThread({
        eventStoreUrl: config.eventStoreUrl,
        readStoreUrl: config.readStoreUrl,
        projections: names,
        options: config.options ?? {},
        reportEveryMs: config.reportEveryMs ?? 250,
        ...(background && { nice }),
      });
    });
    // Keep the declared order of the projections for statuses and /health.
    const byName = new Map(threads.flatMap((t) => t.runners.map((r) => [r.name, r] as const)));
    return new ProjectionSupervisor(
      all.map((p) => byName.get(p.name)!),
      threads,
    );
  }

  /** The worker threads (none when the runners share the main loop), with their projections and priority, for logs. */
  threadsInfo(): { projections: readonly string[]; nice?: number }[] {
    return this.threads.map((t) => ({ projections: t.projections, ...(t.nice !== undefined && { nice: t.nice }) }));
  }

  add(runner: SupervisedRunner): void {
    if (this.runners.has(runner.name)) throw new Error(`projection "${runner.name}" is registered twice`);
    this.runners.set(runner.name, runner);
  }

  runnerFor(name: string): SupervisedRunner | undefined {
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

/** Greedy longest-processing-time split of the runners over `bins` threads by their weight (default 1). */
export function partitionByWeight(runners: readonly { name: string; weight?: number }[], bins: number): string[][] {
  const groups = Array.from({ length: bins }, () => ({ weight: 0, names: [] as string[] }));
  const sorted = [...runners].sort((a, b) => (b.weight ?? 1) - (a.weight ?? 1));
  for (const p of sorted) {
    const lightest = groups.reduce((min, g) => (g.weight < min.weight ? g : min));
    lightest.weight += p.weight ?? 1;
    lightest.names.push(p.name);
  }
  return groups.filter((g) => g.names.length > 0).map((g) => g.names);
}
