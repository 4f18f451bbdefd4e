import { systemClock, type Clock } from '../kernel/clock';
import { DomainError } from '../kernel/errors';
import type { RecordedEvent } from '../kernel/events';
import { ProjectionContractError, type Projection } from './projection';
import { checkDocumentFields, documentId } from './read-model';
import { WakeableSleep } from '../kernel/wakeable-sleep';
import { pollCheckpoint, PositionWaiters, reached } from './position-waiters';
import type { LogReader } from './shared-log-reader';
import type { DeleteOperation, ProjectionBatch, ReadDocument, ReadModelDefinition, ReadStore, UpsertOperation } from './read-store.port';

export type ProjectionState = 'catching_up' | 'live' | 'failed' | 'stopped' | 'rebuilding';

export interface ProjectionFailure {
  message: string;
  /** The event whose keys/evolve threw or built a bad document; absent for store errors. */
  position?: bigint;
  eventId?: string;
  eventType?: string;
  streamId?: string;
  /** When it happened (ISO-8601). */
  at: string;
  /** true: a store or log error the runner keeps retrying (with backoff); false: the projection stopped. */
  retrying: boolean;
}

export interface ProjectionStatus {
  name: string;
  /** Physical version queries read (undefined before the first start). */
  version: number | undefined;
  /** Projection.version of the running code. */
  codeVersion: number;
  state: ProjectionState;
  /** Last log position applied to the version queries read. */
  checkpoint: bigint | undefined;
  /** Last log position seen in the event store. */
  head: bigint;
  /** head − checkpoint: events for the SQLite store (positions are consecutive), position units for EventStoreDB. */
  eventsBehind: number;
  /** 0 when caught up; otherwise how old the last applied event is. */
  secondsBehind: number;
  /** A version being built beside the active one. */
  rebuild?: { version: number; checkpoint: bigint | undefined };
  error?: ProjectionFailure;
}

export interface ProjectionRunnerOptions {
  /** Events read and written per batch (default 5000). */
  batchSize?: number;
  /** How often a live runner looks at the log (default 100 ms); waitFor() also wakes it at once. */
  pollIntervalMs?: number;
  clock?: Clock;
  /** Backoff after a store error: first and longest delay (defaults 100 ms and 30 s). */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Called after every batch written (progress bars, logs). */
  onBatch?: (status: ProjectionStatus, events: number) => void;
}

interface Target {
  version: number;
  checkpoint: bigint | undefined;
  /** completeBuild() done in this process (indexes deferred during the build exist, statistics are fresh). */
  complete?: boolean;
}

/** Raised while building a batch: the projection's own code failed on one event. */
class EventFailure extends Error {
  constructor(
    readonly event: RecordedEvent,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

interface WorkingDoc {
  doc: ReadDocument | undefined;
  position: bigint;
  dirty: boolean;
}

const NOTHING = -1n;

/**
 * Runs one projection: reads the log from the checkpoint in batches, loads the touched documents once per batch,
 * applies the pure evolve in order in memory, and writes documents + checkpoint in one applyBatch.
 * Live following polls the log (batching needs pull, and polling works the same on every EventStore adapter);
 * waitFor() wakes it at once, which is what read-your-writes needs.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly clock: Clock;
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;
  private readonly onBatch: ProjectionRunnerOptions['onBatch'];
  private readonly handled: Set<string>;
  private readonly readModels: Map<string, ReadModelDefinition>;

  private running = false;
  private loop: Promise<void> | undefined;
  private prepared: { promise: Promise<void>; resolve: () => void } | undefined;
  private needsPrepare = true;
  private live: Target | undefined;
  private building: Target | undefined;
  private activeVersion: number | undefined;
  private activeCheckpoint: bigint | undefined;
  private reachedEnd = false;
  private head = 0n;
  private lastAppliedAt: string | undefined;
  private error: ProjectionFailure | undefined;
  private failedForGood = false;
  private readonly pause = new WakeableSleep();
  private readonly waiters = new PositionWaiters();
  private rebuildWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(
    readonly projection: Projection,
    private readonly events: LogReader,
    private readonly store: ReadStore,
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5000;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.clock = options.clock ?? systemClock;
    this.retryMinMs = options.retryMinMs ?? 100;
    this.retryMaxMs = options.retryMaxMs ?? 30_000;
    this.onBatch = options.onBatch;
    this.handled = new Set(projection.handles);
    this.readModels = new Map(projection.readModels.map((rm) => [rm.collection, rm]));
  }

  get name(): string {
    return this.projection.name;
  }

  /** Starts catching up and then following the log; resolves once the versions are settled (or the start failed). */
  async start(): Promise<void> {
    if (this.running) return this.prepared?.promise;
    this.running = true;
    this.failedForGood = false;
    this.error = undefined;
    this.needsPrepare = true;
    let resolve!: () => void;
    this.prepared = { promise: new Promise<void>((r) => (resolve = r)), resolve };
    this.loop = this.run().finally(() => resolve());
    await this.prepared.promise;
  }

  /** Finishes the batch in progress, then stops. A rebuild in progress resumes on the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.pause.interrupt();
    await this.loop;
    this.loop = undefined;
    this.waiters.abandon();
    this.settleRebuild(new Error(`projection "${this.name}" was stopped before its rebuild finished; the rebuild resumes on the next start`));
  }

  /**
   * Builds the projection again from position 0 into a new physical version beside the active one (which keeps
   * serving and, when the code is the same, keeps following the log); when the new version has caught up it is
   * promoted and the old one dropped. Resolves then; rejects if the projection fails meanwhile.
   * Starts the runner if it was not running.
   */
  async rebuild(): Promise<void> {
    const waiter = { resolve: () => undefined as void, reject: (_: Error) => undefined as void };
    const done = new Promise<void>((resolve, reject) => Object.assign(waiter, { resolve, reject }));
    this.rebuildWaiters.push(waiter);
    if (!this.running) await this.start();
    if (!this.rebuildWaiters.includes(waiter)) return done; // the start itself ran a rebuild (new code) to its end
    if (this.failedForGood) this.settleRebuild(new Error(this.error?.message ?? 'projection failed'));
    else if (!this.building) {
      try {
        const existing = await this.store.versions(this.name);
        const version = Math.max(this.projection.version, ...existing.map((v) => v.version + 1));
        await this.store.defineVersion(this.name, version, this.projection.readModels, { codeVersion: this.projection.version, deferIndexes: this.defersIndexes });
        this.building = { version, checkpoint: undefined };
        this.kick();
      } catch (e) {
        this.settleRebuild(e as Error);
      }
    }
    return done;
  }

  /**
   * Read-your-writes: true once the version queries read has applied `position`; false after timeoutMs,
   * or at once when this runner has failed. A runner that was never started here (an API process) watches the
   * checkpoint in the store, which the worker running the projection writes.
   */
  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (reached(this.activeCheckpoint, position)) return true;
    if (this.failedForGood) return false; // it cannot get there until someone fixes and restarts it
    if (!this.running) return pollCheckpoint(() => this.store.getCheckpoint(this.name), position, timeoutMs, this.pollIntervalMs);
    const waiting = this.waiters.wait(position, timeoutMs);
    this.kick();
    return waiting;
  }

  status(): ProjectionStatus {
    const behind = this.activeCheckpoint === undefined ? this.head : this.head - this.activeCheckpoint;
    const eventsBehind = behind > 0n ? Number(behind) : 0;
    let secondsBehind = 0;
    if (eventsBehind > 0 && this.lastAppliedAt) secondsBehind = Math.max(0, (Date.parse(this.clock.now()) - Date.parse(this.lastAppliedAt)) / 1000);
    const state: ProjectionState = this.failedForGood
      ? 'failed'
      : !this.running
        ? 'stopped'
        : this.building
          ? 'rebuilding'
          : this.reachedEnd
            ? 'live'
            : 'catching_up';
    return {
      name: this.name,
      version: this.activeVersion,
      codeVersion: this.projection.version,
      state,
      checkpoint: this.activeCheckpoint,
      head: this.head,
      eventsBehind,
      secondsBehind,
      ...(this.building ? { rebuild: { version: this.building.version, checkpoint: this.building.checkpoint } } : {}),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  // ---- the loop -------------------------------------------------------------------------------------------------

  private async run(): Promise<void> {
    let attempt = 0;
    while (this.running) {
      try {
        if (this.needsPrepare) {
          await this.prepare();
          this.needsPrepare = false;
          this.prepared?.resolve();
        }
        this.head = await this.events.headPosition();
        let more = false;
        if (this.live) more = (await this.step(this.live)) || more;
        if (this.building) {
          const buildingMore = await this.step(this.building);
          if (!buildingMore) await this.finishRebuild();
          more = buildingMore || more;
        }
        attempt = 0;
        if (this.error?.retrying) this.error = undefined;
        if (!more) await this.pause.sleep(this.pollIntervalMs);
        // Between two batches, let waiting requests run: in one process the runners share the event loop with HTTP.
        else await new Promise<void>((resolve) => setImmediate(resolve));
      } catch (e) {
        if (e instanceof EventFailure || e instanceof DomainError || e instanceof ProjectionContractError) {
          this.fail(e);
          return;
        }
        this.error = { message: (e as Error)?.message ?? String(e), at: this.clock.now(), retrying: true };
        await this.pause.sleep(Math.min(this.retryMaxMs, this.retryMinMs * 2 ** attempt++), { kickable: false });
      }
    }
  }

  /** Decides which physical versions to follow and to build, from what the store holds and the code's version. */
  private async prepare(): Promise<void> {
    const { name, version: code, readModels } = this.projection;
    const versions = await this.store.versions(name);
    const active = versions.find((v) => v.active);
    this.live = undefined;
    this.building = undefined;
    if (active && active.codeVersion > code)
      throw new DomainError(
        'PROJECTION_CODE_OUTDATED',
        `projection "${name}": the active version was built by code version ${active.codeVersion}, newer than this process's ${code}; stop this process or deploy the new code`,
        'conflict',
      );
    for (const v of versions) {
      // Leftovers: versions older than the active one (a drop that did not happen) and half-built versions of older code.
      if (v.active || v.codeVersion > code) continue;
      if ((active && v.version < active.version) || v.codeVersion < code) await this.store.dropVersion(name, v.version);
    }
    if (!active) {
      // First build: nothing is served yet, so the version being built is the one queries read.
      const pending = versions.find((v) => !v.active && v.codeVersion === code);
      const version = pending?.version ?? Math.max(code, ...versions.filter((v) => v.codeVersion > code).map((v) => v.version + 1));
      // Nothing to serve until the build reaches the head anyway: the indexes are built once, then.
      await this.store.defineVersion(name, version, readModels, { codeVersion: code, deferIndexes: this.defersIndexes });
      await this.store.promote(name, version);
      this.live = { version, checkpoint: await this.store.getCheckpoint(name, version) };
      this.setActive(version, this.live.checkpoint);
      return;
    }
    this.setActive(active.version, active.checkpoint);
    const pending = versions.find((v) => !v.active && v.version > active.version && v.codeVersion === code);
    if (active.codeVersion === code) {
      await this.store.defineVersion(name, active.version, readModels, { codeVersion: code, deferIndexes: this.defersIndexes });
      this.live = { version: active.version, checkpoint: active.checkpoint };
      if (pending) await this.resumeBuilding(pending.version); // a forced rebuild interrupted by a restart
      return;
    }
    // New code: the old version keeps serving (frozen: its code is gone) while the new one builds.
    await this.resumeBuilding(pending?.version ?? Math.max(code, ...versions.map((v) => v.version + 1)));
  }

  private async resumeBuilding(version: number): Promise<void> {
    await this.store.defineVersion(this.name, version, this.projection.readModels, { codeVersion: this.projection.version, deferIndexes: this.defersIndexes });
    this.building = { version, checkpoint: await this.store.getCheckpoint(this.name, version) };
  }

  /** One batch for one target; true when the batch was full (more may be waiting). */
  private async step(target: Target): Promise<boolean> {
    // Only the handled types are read; the checkpoint still moves past the others (scannedTo), so a waiter for
    // a position written by an event this projection ignores is released too.
    const { events, scannedTo } = await this.events.readTypes({ after: target.checkpoint, maxCount: this.batchSize, types: this.projection.handles });
    const reached = target.checkpoint === undefined || scannedTo > target.checkpoint ? scannedTo : target.checkpoint;
    if (events.length === 0) {
      if (reached !== target.checkpoint && reached > 0n) {
        await this.store.applyBatch(this.name, { upserts: [], deletes: [] }, { position: reached, version: target.version });
        target.checkpoint = reached;
        if (target.version === this.activeVersion) this.setActive(target.version, reached);
      }
      await this.complete(target);
      if (target === this.live) this.reachedEnd = true;
      return false;
    }
    const batch = await this.buildBatch(target.version, events);
    const last = events[events.length - 1];
    await this.store.applyBatch(this.name, batch, { position: reached, version: target.version });
    target.checkpoint = reached;
    // A full batch that ends at the head read when this round started has caught up too.
    const atHead = reached >= this.head;
    if (reached > this.head) this.head = reached;
    const full = events.length === this.batchSize;
    if (!full || atHead) await this.complete(target); // before waiters are released: their queries get the indexes
    if (target.version === this.activeVersion) {
      if (target === this.live) this.reachedEnd = !full;
      this.lastAppliedAt = last.recordedAt;
      this.setActive(target.version, reached);
    }
    try {
      this.onBatch?.(this.status(), events.length);
    } catch {
      // a progress display must not stop the projection
    }
    return full;
  }

  /** Only a store that can finish a build later is asked to defer its indexes. */
  private get defersIndexes(): boolean {
    return typeof this.store.completeBuild === 'function';
  }

  private async complete(target: Target): Promise<void> {
    if (target.complete) return;
    await this.store.completeBuild?.(this.name, target.version);
    target.complete = true;
  }

  private async buildBatch(version: number, events: readonly RecordedEvent[]): Promise<ProjectionBatch> {
    const touches: { event: RecordedEvent; keys: { collection: string; id: string }[] }[] = [];
    const ids = new Map<string, Set<string>>();
    for (const event of events) {
      if (!this.handled.has(event.type)) continue;
      let keys: { collection: string; id: string }[];
      try {
        keys = this.projection.keys(event);
        for (const k of keys) {
          if (!this.readModels.has(k.collection))
            throw new ProjectionContractError(`keys() returned collection "${k.collection}", which projection "${this.name}" does not declare`);
          if (typeof k.id !== 'string' || k.id === '') throw new ProjectionContractError(`keys() returned an empty or non-string id for "${k.collection}"`);
        }
        // Most events touch one document: only several keys can repeat one.
        if (keys.length > 1) {
          const seen = new Set<string>();
          keys = keys.filter((k) => {
            const tag = `${k.collection}\u0000${k.id}`;
            if (seen.has(tag)) return false;
            seen.add(tag);
            return true;
          });
        }
      } catch (e) {
        throw new EventFailure(event, e);
      }
      if (keys.length === 0) continue;
      touches.push({ event, keys });
      for (const k of keys) {
        let set = ids.get(k.collection);
        if (!set) ids.set(k.collection, (set = new Set()));
        set.add(k.id);
      }
    }

    const working = new Map<string, Map<string, WorkingDoc>>();
    for (const [collection, set] of ids) {
      const loaded = await this.store.loadForUpdate(collection, [...set], version);
      const docs = new Map<string, WorkingDoc>();
      for (const id of set) {
        const stored = loaded.get(id);
        docs.set(id, { doc: stored?.doc, position: stored?.position ?? NOTHING, dirty: false });
      }
      working.set(collection, docs);
    }

    for (const { event, keys } of touches) {
      for (const { collection, id } of keys) {
        const entry = working.get(collection)!.get(id)!;
        // Already in the document: a batch whose checkpoint was lost (MongoDB crash) had written it.
        if (entry.position >= event.position) continue;
        try {
          const next = this.projection.evolve(collection, entry.doc, event, id) as ReadDocument | null | undefined;
          if (next === undefined) continue;
          if (next !== null) {
            const rm = this.readModels.get(collection)!;
            if (documentId(rm, next) !== id)
              throw new ProjectionContractError(`evolve() returned a "${collection}" document with ${rm.key} "${String(next[rm.key])}" for key "${id}"`);
            checkDocumentFields(rm, next, id);
          }
          entry.doc = next ?? undefined;
          entry.dirty = true;
        } catch (e) {
          throw new EventFailure(event, e);
        }
      }
    }

    const upserts: UpsertOperation[] = [];
    const deletes: DeleteOperation[] = [];
    for (const [collection, docs] of working)
      for (const [id, entry] of docs) {
        if (!entry.dirty) continue;
        if (entry.doc === undefined) deletes.push({ collection, id });
        else upserts.push({ collection, doc: entry.doc });
      }
    return { upserts, deletes };
  }

  private async finishRebuild(): Promise<void> {
    const target = this.building!;
    const old = this.activeVersion;
    await this.store.promote(this.name, target.version);
    this.live = target;
    this.building = undefined;
    this.reachedEnd = true;
    this.setActive(target.version, target.checkpoint);
    this.settleRebuild();
    if (old !== undefined && old !== target.version)
      await this.store.dropVersion(this.name, old).catch(() => undefined); // a version left behind is dropped by the next prepare()
  }

  private setActive(version: number, checkpoint: bigint | undefined): void {
    this.activeVersion = version;
    this.activeCheckpoint = checkpoint;
    this.waiters.release(checkpoint);
  }

  private fail(e: unknown): void {
    const failure: ProjectionFailure = { message: (e as Error)?.message ?? String(e), at: this.clock.now(), retrying: false };
    if (e instanceof EventFailure) {
      failure.position = e.event.position;
      failure.eventId = e.event.id;
      failure.eventType = e.event.type;
      failure.streamId = e.event.streamId;
    }
    this.error = failure;
    this.failedForGood = true;
    this.running = false;
    this.prepared?.resolve();
    this.waiters.abandon();
    this.settleRebuild(new Error(`projection "${this.name}" failed: ${failure.message}`));
  }

  private settleRebuild(error?: Error): void {
    const waiters = this.rebuildWaiters;
    this.rebuildWaiters = [];
    for (const w of waiters) (error ? w.reject(error) : w.resolve());
  }

  /** waitFor and rebuild: look at the log now rather than at the next poll. */
  private kick(): void {
    this.pause.kick();
  }
}
