import type { EventStore } from '../../event-store/event-store.port';
import type { CommandService } from '../../kernel/command-service';
import { DomainError } from '../../kernel/errors';
import type { RecordedEvent } from '../../kernel/events';
import type { PositionCommand } from '../../positions/domain/position.commands';
import type { ProjectionStatus } from '../../read-store/projection-runner';
import type { DeleteOperation, ReadStore, StoredDocument, UpsertOperation } from '../../read-store/read-store.port';
import type { ReconciliationSettingsChanged } from '../../notifications/domain/notification.events';
import type { TreasuryMovementData } from '../../treasury/domain/treasury.events';
import { applySource, NOT_LOADED, type DocRef, type ReconciliationContext, type ReconciliationDoc, type ReconciliationStateView } from '../domain';
import { WakeableSleep } from '../../kernel/wakeable-sleep';
import { pollCheckpoint, PositionWaiters, reached } from '../../read-store/position-waiters';
import { RECONCILIATION_PROJECTION, RECONCILIATION_READ_MODELS, RECONCILIATION_VERSION } from '../../../projections/reconciliation/reconciliation.read-models';
import { buildRecord, codeRows, rowIdOf, type Annotations, type RecordDoc } from '../../../projections/reconciliation/reconciliation-row';
import { COUNTS_COLLECTION, countId, type CodeCount } from '../../../projections/reconciliation/reconciliation-counts';
import { ANNOTATION_EVENTS, type AnnotationEvent } from '../domain/annotation.events';
import { positionCommandsFor } from './position-effects';
import { effectKeys } from './position-teller';
import { InlineTeller, ThreadTeller, type PositionTeller } from './position-teller-thread';
import { RECONCILIATION_SOURCE_EVENTS, sourcesOf } from './sources-from-events';
import { StateCache, STATE_COLLECTION } from './state-cache';
import { HEAP_MEMORY, type MemoryPolicy } from './memory-policy';
import { DirtySet } from './dirty-set';
import { withFields } from '../../kernel/with-fields';

/** MyPivot's flgPagati and flgTesoreria of one ente, as the process last saw them. */
export interface EnteSwitches {
  codIpa: string;
  notificationsEnabled: boolean;
  treasuryLoaded: boolean;
}

export interface ReconciliationProcessOptions {
  batchSize?: number;
  pollIntervalMs?: number;
  /** Append reported / cashed / reconciled to the positions (default true; tests of the read model alone turn it off). */
  positionEffects?: boolean;
  now?: () => string;
  /** Write the sources applied in memory (state documents and dirty markers) once this many documents changed (default: when memory is short). */
  flushAt?: number;
  /** Classify pending documents once this many are dirty even before the end of the log (default 5,000,000). */
  drainAt?: number;
  /** Engine documents kept in memory between batches (default: until memory is short): beyond that they are read again from the store. */
  cacheLimit?: number;
  /** Engine documents kept once caught up (default 800,000): a catch-up holds them all, a process following the log needs few. */
  liveCacheLimit?: number;
  /** When memory is short, checked after each chunk of sources and before each page of classification (default: HEAP_MEMORY). */
  memory?: MemoryPolicy;
  /** Dirty documents classified per transaction (default 20,000). */
  drainPage?: number;
  /** Rough cap on what one chunk of sources touches (see chunksByWork) before memory is checked (default 50,000). */
  maxWork?: number;
  /**
   * Tell the positions from a thread of their own, on its own connection to the event store at this URL (the one
   * `events` is connected to; a file or a server, not :memory:), while the next page is classified. Default: inline.
   */
  tellerEventStoreUrl?: string;
}

/** A page of dirty documents classified and not yet written: its rows, and what it tells the positions. */
interface ClassifiedPage {
  upserts: UpsertOperation[];
  deletes: DeleteOperation[];
  counts: Map<string, number>;
  at: bigint;
  positionCommands: Map<string, PositionCommand[]>;
  /** When it was classified: the time of the events it tells. */
  now: string;
}

/** A document whose codes may have changed since it was last classified (see step). */
interface DirtyMarker {
  id: string;
  codIpa: string;
  kind: DocRef['kind'];
  key: string;
}
const DIRTY_COLLECTION = 'recon_dirty';
const META_COLLECTION = 'recon_meta';
/** Dirty documents classified per transaction: bounds memory (their neighbours are loaded too) and transaction size. */
const DRAIN_PAGE = 20_000;
/** Catching up, pending classifications are drained at the end of the log or once this many are pending. */
const DEFAULT_DRAIN_AT = 5_000_000;
const DEFAULT_LIVE_CACHE_LIMIT = 800_000;
/** Markers to classify remembered in memory; beyond that the drain pages through the stored ones. */
const MAX_REMEMBERED_MARKERS = 300_000;

/**
 * Document positions (the read store's per-document write guard) are log positions scaled by 4 plus the phase that
 * wrote them: sources applied (0), classified (1), annotated (2). So the phases that run at one log position still
 * write in order, and the stored checkpoint stays a plain log position.
 */
const docPosition = (position: bigint, phase: 0 | 1 | 2): bigint => position * 4n + BigInt(phase);
const codIpaOf = (r: DocRef): string => decodeURIComponent(r.key.split('|')[0]);

const HANDLED = new Set<string>([...RECONCILIATION_SOURCE_EVENTS, 'ReconciliationSettingsChanged', ...ANNOTATION_EVENTS]);
const HANDLED_TYPES = [...HANDLED];
const ACTOR = 'system:reconciliation';

/** A movement citing an IUF re-classifies every payment of that FR: count it as a typical FR. */
const CUMULATIVE_MOVEMENT_WORK = 2_000;
const DEFAULT_MAX_WORK = 50_000;

/** What one event makes the process touch, roughly: an FR its rows, a cumulative movement its FR, else one. */
function workOf(e: RecordedEvent): number {
  if (e.type === 'ReportingFlowReceived') return Math.max(1, (e.data as { rows?: unknown[] }).rows?.length ?? 1);
  if (e.type === 'TreasuryMovementRecorded' && (e.data as TreasuryMovementData).iuf) return CUMULATIVE_MOVEMENT_WORK;
  return 1;
}

/** Splits events into consecutive runs of bounded work (each keeps at least one event): one page of FRs can touch millions of payments. */
export function chunksByWork(events: readonly RecordedEvent[], maxWork: number): RecordedEvent[][] {
  const out: RecordedEvent[][] = [];
  let current: RecordedEvent[] = [];
  let work = 0;
  for (const e of events) {
    const w = workOf(e);
    if (current.length > 0 && work + w > maxWork) {
      out.push(current);
      current = [];
      work = 0;
    }
    current.push(e);
    work += w;
  }
  if (current.length > 0) out.push(current);
  return out;
}

interface Segment {
  /** Source events (and ente switches), in log order. */
  sources: RecordedEvent[];
  /** The operator's annotations that follow them. */
  annotations: RecordedEvent[];
  /** Position of the segment's last event, handled or not. */
  last: bigint;
}

/** Splits a page of the log after each run of operator annotations: they need the records as the sources before them left them. */
export function segmentsOf(events: readonly RecordedEvent[]): Segment[] {
  const out: Segment[] = [];
  let current: Segment | undefined;
  for (const e of events) {
    const annotation = ANNOTATION_EVENTS.includes(e.type);
    if (!current || (!annotation && current.annotations.length > 0)) out.push((current = { sources: [], annotations: [], last: e.position }));
    if (annotation) current.annotations.push(e);
    else if (HANDLED.has(e.type)) current.sources.push(e);
    current.last = e.position;
  }
  return out;
}

/**
 * The reconciliation process: follows the log like a projection runner (checkpoint stored with each batch in the
 * read store), feeds the sources to the pure engine, re-classifies what they touched once per batch, writes the
 * views' rows and tells the matched positions. Unlike a plain projection its documents read each other (a receipt
 * needs its FR, the FR its movements), so it loads them in rounds (missingReads) instead of by keys of one event.
 */
export class ReconciliationProcess {
  readonly name = RECONCILIATION_PROJECTION;
  private readonly batchSize: number;
  private readonly flushAt: number;
  private readonly drainAt: number;
  private readonly cacheLimit: number;
  private readonly liveCacheLimit: number;
  private readonly memory: MemoryPolicy;
  private readonly drainPage: number;
  private readonly maxWork: number;
  /** Log position up to which the sources are applied in memory; `flushed` is where they are written; `checkpoint` where they are classified too. */
  private applied: bigint | undefined;
  private flushed: bigint | undefined;
  /** Dirty markers written since the last drain (any number > 0 after a restart: there may be some). */
  private pendingDirty = 0;
  /** The markers written since the last drain, while they are few enough to remember (else the drain reads them back). */
  private remembered: Map<string, DirtyMarker> | undefined = new Map();
  /** Documents whose codes may have changed, not yet written as markers. */
  private readonly dirty = new DirtySet();
  /** The engine's documents, kept between batches (see StateCache). */
  private cache: StateCache | undefined;
  /** Ente switches as applied in memory; `entiChanged` not yet written. */
  private readonly enti = new Map<string, EnteSwitches>();
  private readonly entiChanged = new Set<string>();
  /** Indexes may still be deferred: completeBuild is due when the log is first caught up. */
  private building = false;
  private readonly pollIntervalMs: number;
  private readonly positionEffects: boolean;
  private readonly now: () => string;
  private running = false;
  private loop: Promise<void> | undefined;
  private version = RECONCILIATION_VERSION;
  private checkpoint: bigint | undefined;
  private head = 0n;
  private reachedEnd = false;
  private error: ProjectionStatus['error'];
  private failed = false;
  private readonly pause = new WakeableSleep();
  private readonly waiters = new PositionWaiters();
  private prepared = false;
  private readonly teller: PositionTeller | undefined;

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    commands: CommandService | undefined,
    options: ReconciliationProcessOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5000;
    this.flushAt = options.flushAt ?? Infinity;
    this.drainAt = options.drainAt ?? DEFAULT_DRAIN_AT;
    this.cacheLimit = options.cacheLimit ?? Infinity;
    this.liveCacheLimit = options.liveCacheLimit ?? DEFAULT_LIVE_CACHE_LIMIT;
    this.memory = options.memory ?? HEAP_MEMORY;
    this.drainPage = options.drainPage ?? DRAIN_PAGE;
    this.maxWork = options.maxWork ?? DEFAULT_MAX_WORK;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.positionEffects = (options.positionEffects ?? true) && commands !== undefined;
    if (this.positionEffects) this.teller = options.tellerEventStoreUrl ? new ThreadTeller(options.tellerEventStoreUrl) : new InlineTeller(events, commands!);
    this.now = options.now ?? (() => new Date().toISOString());
  }

  async prepare(): Promise<void> {
    if (this.prepared) return;
    // Secondary indexes are built once the log is caught up (completeBuild): maintained row by row while a whole
    // read model is written they cost more than the rows. On a version already built this changes nothing.
    const defer = { deferIndexes: true };
    const active = await this.store.activeVersion(this.name);
    if (active === undefined) {
      await this.store.defineVersion(this.name, RECONCILIATION_VERSION, RECONCILIATION_READ_MODELS, defer);
      await this.store.promote(this.name, RECONCILIATION_VERSION);
    } else if (active < RECONCILIATION_VERSION) {
      // Older documents or indexes: rebuild from the first event (the position deciders drop what they already know).
      await this.store.defineVersion(this.name, RECONCILIATION_VERSION, RECONCILIATION_READ_MODELS, defer);
      await this.store.promote(this.name, RECONCILIATION_VERSION);
      await this.store.dropVersion(this.name, active);
    } else {
      this.version = active;
      await this.store.defineVersion(this.name, active, RECONCILIATION_READ_MODELS, defer);
    }
    this.building = true;
    this.checkpoint = await this.store.getCheckpoint(this.name, this.version);
    const meta = await this.store.get<{ position: string }>(META_COLLECTION, 'applied', { version: this.version });
    const applied = meta ? BigInt(meta.position) : undefined;
    this.applied = applied !== undefined && (this.checkpoint === undefined || applied > this.checkpoint) ? applied : this.checkpoint;
    this.flushed = this.applied;
    // Sources applied and not classified when the process stopped: their markers are waiting (only in the store).
    this.pendingDirty = this.applied !== this.checkpoint ? 1 : 0;
    this.remembered = this.pendingDirty > 0 ? undefined : new Map();
    this.cache = new StateCache(this.store, this.version);
    // Nothing applied was ever written to this version: its engine documents are all going to be ours, in memory.
    if (this.applied === undefined) this.cache.startsEmpty();
    this.dirty.clear();
    this.enti.clear();
    this.entiChanged.clear();
    this.prepared = true;
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.prepare();
    this.running = true;
    this.failed = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.pause.interrupt();
    await this.loop;
    await this.teller?.close();
    this.waiters.abandon();
  }

  /** Processes everything in the log now (CLI, tests, benchmark); returns the checkpoint reached. */
  async catchUp(onBatch?: (checkpoint: bigint, events: number) => void): Promise<bigint | undefined> {
    await this.prepare();
    try {
      for (;;) {
        const n = await this.step();
        if (n > 0) onBatch?.(this.applied!, n);
        if (n < this.batchSize) return this.checkpoint;
      }
    } catch (e) {
      this.forget();
      throw e;
    }
  }

  /** After a failure what is only in memory may be half applied: start again from what the store holds. */
  private forget(): void {
    this.prepared = false;
    this.cache?.clear();
    this.dirty.clear();
    this.enti.clear();
    this.entiChanged.clear();
  }

  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (reached(this.checkpoint, position)) return true;
    if (!this.running) return pollCheckpoint(() => this.store.getCheckpoint(this.name), position, timeoutMs, 50);
    const waiting = this.waiters.wait(position, timeoutMs);
    this.pause.kick();
    return waiting;
  }

  status(): ProjectionStatus {
    const behind = this.checkpoint === undefined ? this.head : this.head - this.checkpoint;
    return {
      name: this.name,
      version: this.version,
      codeVersion: RECONCILIATION_VERSION,
      state: this.failed ? 'failed' : !this.running ? 'stopped' : this.reachedEnd ? 'live' : 'catching_up',
      checkpoint: this.checkpoint,
      head: this.head,
      eventsBehind: behind > 0n ? Number(behind) : 0,
      secondsBehind: 0,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (this.running) {
      try {
        await this.prepare();
        this.head = await this.events.headPosition();
        const n = await this.step();
        this.reachedEnd = n < this.batchSize;
        attempt = 0;
        this.error = undefined;
        if (this.reachedEnd) await this.pause.sleep(this.pollIntervalMs);
      } catch (e) {
        this.forget();
        const message = (e as Error)?.message ?? String(e);
        if (e instanceof DomainError) {
          // Bad data in the log: stop loudly rather than file a payment under a wrong code.
          this.failed = true;
          this.running = false;
          this.error = { message, at: this.now(), retrying: false };
          this.waiters.abandon();
          return;
        }
        this.error = { message, at: this.now(), retrying: true };
        await this.pause.sleep(Math.min(30_000, 100 * 2 ** attempt++), { kickable: false });
      }
    }
  }

  /**
   * One page of the log: returns the number of events read. The sources are applied in memory first (engine documents
   * and the set of documents whose codes may change); they are written, with a dirty marker per such document and the
   * position applied, once many documents changed or before classifying (flush). The dirty documents are classified
   * when the process reaches the end of the log (or too many are pending), each once however many sources touched it,
   * and only then the checkpoint moves. So while catching up a payment is read, written and classified once, not once
   * per receipt, FR and movement. A crash loses only what is in memory: the process resumes from the position flushed,
   * whose markers say what is still to classify, and the engine drops sources it already holds.
   */
  async step(): Promise<number> {
    // Only what the process handles is read: the positions' own events (most of the log) are passed over in the store.
    const { events, scannedTo } = await this.events.readTypes({ after: this.applied, maxCount: this.batchSize, types: HANDLED_TYPES });
    for (const segment of segmentsOf(events)) {
      for (const chunk of chunksByWork(segment.sources, this.maxWork)) {
        await this.applySources(chunk);
        this.applied = chunk[chunk.length - 1].position;
        // Memory is bounded by what changed since the last write, checked after each chunk of bounded work.
        if (this.flushDue()) await this.flush();
      }
      if (segment.last > this.head) this.head = segment.last;
      if (segment.annotations.length > 0) {
        // An operator's action needs the record as it is now: classify what is pending first, with the checkpoint
        // just before the annotations, which move it past themselves only with their own write (a reader waiting
        // for the hide it asked for, or a restart after a crash in between, never sees it applied and not written).
        this.applied = segment.annotations[0].position - 1n;
        await this.drain();
        await this.annotate(segment.annotations, segment.last);
      }
      this.applied = segment.last;
    }
    if (scannedTo > (this.applied ?? 0n)) this.applied = scannedTo;
    if (this.applied !== undefined && this.applied > this.head) this.head = this.applied;
    const caughtUp = events.length < this.batchSize;
    if (caughtUp || this.pendingDirty + this.dirty.size >= this.drainAt) await this.drain();
    // Everything is written once drained: what a catch-up held is given back to the rest of the application.
    if (caughtUp && this.cache!.size > this.liveCacheLimit) this.cache!.trim();
    if (caughtUp && this.building) {
      await this.store.completeBuild?.(this.name, this.version);
      this.building = false;
    }
    return events.length;
  }

  /** Writes what is applied in memory: changed documents, switches, a marker per dirty document and the position applied. */
  private async flush(): Promise<void> {
    if (this.applied === undefined || this.applied === this.flushed) return;
    const at = docPosition(this.applied, 0);
    const upserts = this.appliedUpserts(at);
    for (const [id, r] of this.dirty) {
      const marker: DirtyMarker = { id, codIpa: codIpaOf(r), kind: r.kind, key: r.key };
      upserts.push({ collection: DIRTY_COLLECTION, doc: { ...marker }, position: at });
      if (this.remembered) this.remembered.set(id, marker);
    }
    await this.store.applyBatch(this.name, { upserts, deletes: [] }, { position: this.heldCheckpoint, version: this.version });
    this.pendingDirty += this.dirty.size;
    this.dirty.clear();
    this.entiChanged.clear();
    this.flushed = this.applied;
    if (this.remembered && this.remembered.size > MAX_REMEMBERED_MARKERS) this.remembered = undefined;
    this.boundCache();
  }

  /**
   * Classifies every dirty document, in pages, then writes what is applied in memory and moves the checkpoint, in one
   * transaction. Documents marked in the store (by an earlier flush) drop their marker in the page that classifies
   * them; those only in memory need none: their sources are written with the checkpoint, so if the process stops
   * before, it applies them again and finds the same documents dirty. A record is written at a position above the one
   * it had (see writeRecord), so a page replayed from an earlier position still replaces it.
   */
  private async drain(): Promise<void> {
    if (this.applied === undefined) return;
    const classified = new Set<string>();
    // Each page is written once its positions are told; meanwhile the next page is classified (see classifyPage).
    let unwritten: { page: ClassifiedPage; told: Promise<number> } | undefined;
    const classifyDirty = async (markers: DirtyMarker[], stored: boolean) => {
      const page = await this.classifyPage(markers, stored);
      const told = this.tell(page);
      // Awaited before the page is written; a failure of the page being classified meanwhile must not leave it unheard.
      told.catch(() => undefined);
      if (unwritten) await this.writePage(unwritten.page, unwritten.told);
      unwritten = { page, told };
    };
    if (this.pendingDirty > 0) {
      const note = (markers: DirtyMarker[]) => {
        if (this.dirty.size > 0) for (const m of markers) classified.add(m.id);
      };
      if (this.remembered) {
        const all = [...this.remembered.values()];
        for (let i = 0; i < all.length; i += this.drainPage) {
          const page = all.slice(i, i + this.drainPage);
          await classifyDirty(page, true);
          note(page);
        }
      } else {
        // A page's markers are deleted when it is written, which may be after the next page is read: hence the cursor.
        let after: string | undefined;
        for (;;) {
          const page = await this.store.find<DirtyMarker>(DIRTY_COLLECTION, { filter: after === undefined ? {} : { id: { $gt: after } }, sort: [['id', 1]], limit: this.drainPage }, { version: this.version });
          if (page.items.length > 0) await classifyDirty(page.items, true);
          note(page.items);
          if (page.items.length < this.drainPage) break;
          after = page.items[page.items.length - 1].id;
        }
      }
    }
    // A page's markers are made as it is classified: after a catch-up held in memory they are a million or more.
    let inMemory: DirtyMarker[] = [];
    for (const [id, r] of this.dirty) {
      if (classified.has(id)) continue;
      inMemory.push({ id, codIpa: codIpaOf(r), kind: r.kind, key: r.key });
      if (inMemory.length < this.drainPage) continue;
      await classifyDirty(inMemory, false);
      inMemory = [];
    }
    if (inMemory.length > 0) await classifyDirty(inMemory, false);
    if (unwritten) await this.writePage(unwritten.page, unwritten.told);

    if (this.checkpoint === undefined || this.checkpoint < this.applied || this.cache!.changedCount > 0 || this.entiChanged.size > 0) {
      const upserts = this.appliedUpserts(docPosition(this.applied, 0));
      await this.store.applyBatch(this.name, { upserts, deletes: [] }, { position: this.applied, version: this.version });
    }
    this.checkpoint = this.applied;
    this.flushed = this.applied;
    this.pendingDirty = 0;
    this.remembered = new Map();
    this.dirty.clear();
    this.entiChanged.clear();
    this.boundCache();
    this.waiters.release(this.applied);
  }

  /**
   * Writing what changed is only for memory (a crash replays from the position flushed): the fewer writes, the fewer
   * documents written and read back, so it waits until memory is short (or the count a caller set is reached).
   */
  private flushDue(): boolean {
    const changes = this.cache!.changedCount + this.dirty.size;
    return changes >= this.flushAt || (changes >= this.memory.minimum && this.memory.isShort());
  }

  /** Memory short (or past the limit), forgets the documents the store also has: a large catch-up reads them again rather than run out of memory. */
  private boundCache(): void {
    const cache = this.cache!;
    if (cache.size > this.cacheLimit || (cache.size - cache.changedCount >= this.memory.minimum && this.memory.isShort())) cache.trim();
  }

  /** The changed engine documents and switches, and the position they are applied up to. */
  private appliedUpserts(at: bigint): UpsertOperation[] {
    const upserts: UpsertOperation[] = [];
    for (const { id, doc } of this.cache!.takeChanged()) upserts.push({ collection: STATE_COLLECTION, doc: withFields(doc, { id }), position: at });
    for (const c of this.entiChanged) upserts.push({ collection: 'recon_enti', doc: { ...this.enti.get(c)! }, position: at });
    upserts.push({ collection: META_COLLECTION, doc: { id: 'applied', position: String(this.applied) }, position: at });
    return upserts;
  }

  /** The checkpoint a write that must not move it passes (0 = before any event, in both event stores). */
  private get heldCheckpoint(): bigint {
    return this.checkpoint ?? 0n;
  }

  /** Folds the sources into the documents in memory and notes which documents may change codes. */
  private async applySources(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const cache = this.cache!;
    const enti = await this.loadEnti(events.map((e) => (e.data as { codIpa?: string }).codIpa));
    const flipped = new Set<string>();

    const sources = events.flatMap((e) => {
      if (e.type === 'ReconciliationSettingsChanged') {
        const d = e.data as ReconciliationSettingsChanged['data'];
        const ente = enti.get(d.codIpa)!;
        if (ente.notificationsEnabled !== d.notificationsEnabled) flipped.add(d.codIpa);
        ente.notificationsEnabled = d.notificationsEnabled;
        this.entiChanged.add(d.codIpa);
        return [];
      }
      if (e.type === 'TreasuryMovementRecorded') {
        const ente = enti.get((e.data as TreasuryMovementData).codIpa)!;
        if (!ente.treasuryLoaded) flipped.add(ente.codIpa);
        ente.treasuryLoaded = true;
        this.entiChanged.add(ente.codIpa);
      }
      return sourcesOf(e);
    });

    // Load what the sources read, all sources at once; then apply them in log order.
    await cache.prefetch(sources.map((s) => (view: ReconciliationStateView) => applySource(view, s)));
    for (const s of sources) {
      // Usually loaded by the planning above; a source that reads what an earlier one created loads it here.
      const effect = await cache.run((view) => applySource(view, s));
      for (const d of effect.changed) cache.put(d);
      for (const r of effect.reclassify) this.markDirty(r);
    }
    // A switch changed: every document of the ente may change codes.
    for (const codIpa of flipped) await this.markAllDirty(codIpa);
  }

  private markDirty(r: DocRef): void {
    if (r.kind === 'iuv') return;
    // A notification-less IUD has no codes and no record, ever (notifications are never withdrawn): nothing to classify.
    if (r.kind === 'iud') {
      const doc = this.cache!.get('iud', r.key);
      if (doc !== NOT_LOADED && !doc?.notification) return;
    }
    this.dirty.add(r);
  }

  /**
   * Re-classifies a page of dirty documents: their records and code rows, the positions they tell, the stored markers to
   * drop. Nothing is written: pages are classified one after the other and written in that order (writePage), the
   * next page's classification running while this one's positions are told, so each page reads only what earlier
   * pages did not change (its own records) and what they did change (the counts) is read when it is written.
   */
  private async classifyPage(markers: DirtyMarker[], stored: boolean): Promise<ClassifiedPage> {
    // Each page loads the neighbours of its documents: a drain over millions must not keep them all.
    this.boundCache();
    const applied = this.applied!;
    const at = docPosition(applied, 1);
    const cache = this.cache!;
    const refs: DocRef[] = markers.map((m) => ({ kind: m.kind, key: m.key }));
    const enti = await this.loadEnti(markers.map((m) => m.codIpa));

    // Previous records: their codes (rows to delete) and the operator's annotations.
    const rowIdsOfRefs = refs.map(rowIdOf);
    const previous = await this.store.loadForUpdate<RecordDoc>('recon_records', rowIdsOfRefs, this.version);
    const ctxOf = (codIpa: string): ReconciliationContext => enti.get(codIpa) ?? { notificationsEnabled: false, treasuryLoaded: false };
    const annotationsOf = (rowId: string): Annotations => {
      const p = previous.get(rowId)?.doc;
      return { hidden: p?.hidden ?? false, segnalazioni: p?.segnalazioni ?? 0 };
    };
    const now = this.now();
    const work = (r: DocRef, rowId: string) => (view: ReconciliationStateView) => {
      const ctx = ctxOf(codIpaOf(r));
      const rec = buildRecord(view, r, ctx, annotationsOf(rowId));
      const doc = rec && r.kind === 'payment' && this.positionEffects ? view.get('payment', r.key) : undefined;
      return { rec, eff: doc ? positionCommandsFor(view, doc, rec, ctx, now) : undefined };
    };
    const built = await cache.runAll(refs.map((r, i) => work(r, rowIdsOfRefs[i])));

    const upserts: UpsertOperation[] = [];
    const deletes: DeleteOperation[] = [];
    const positionCommands = new Map<string, PositionCommand[]>();
    const counts = new Map<string, number>();
    for (let i = 0; i < refs.length; i++) {
      const rowId = rowIdsOfRefs[i];
      const { rec, eff } = built[i];
      const before = previous.get(rowId)?.doc;
      if (rec && eff) {
        const keys = effectKeys(eff.commands);
        rec.told = keys.join(';');
        // Only a payment whose effects changed since it last told its position costs a read of that stream.
        const told = new Set((before?.told ?? '').split(';'));
        if (before?.told === undefined || keys.some((k) => !told.has(k))) positionCommands.set(eff.streamId, [...(positionCommands.get(eff.streamId) ?? []), ...eff.commands]);
      }
      this.writeRecord(rowId, previous.get(rowId), rec, at, upserts, deletes, counts);
    }
    if (stored) for (const m of markers) deletes.push({ collection: DIRTY_COLLECTION, id: m.id, position: at + 1n });
    return { upserts, deletes, counts, at, positionCommands, now };
  }

  private tell({ positionCommands, now }: ClassifiedPage): Promise<number> {
    if (!this.teller || positionCommands.size === 0) return Promise.resolve(0);
    return this.teller.tell(positionCommands, { correlationId: 'reconciliation', actor: ACTOR, now });
  }

  /**
   * Writes a classified page once its positions are told: if the page is replayed after a crash the decider drops
   * what is already there, whereas a record written before its positions would say they were told when they were not.
   */
  private async writePage(page: ClassifiedPage, told: Promise<number>): Promise<void> {
    await told;
    const { upserts, deletes } = page;
    await this.countUpserts(page.counts, page.at, upserts);
    await this.store.applyBatch(this.name, { upserts, deletes }, { position: this.heldCheckpoint, version: this.version });
  }

  /** Hide / show / segnalazione on the records as they are (pending classifications drained first). */
  private async annotate(events: RecordedEvent[], position: bigint): Promise<void> {
    const at = docPosition(position, 2);
    const rowIds = [...new Set(events.map((e) => (e.data as { rowId: string }).rowId))];
    const previous = await this.store.loadForUpdate<RecordDoc>('recon_records', rowIds, this.version);
    const records = new Map<string, RecordDoc | undefined>();
    for (const [id, s] of previous) records.set(id, s.doc);
    const upserts: UpsertOperation[] = [];
    const deletes: DeleteOperation[] = [];
    for (const e of events) {
      const rowId = (e.data as { rowId: string }).rowId;
      const rec = records.get(rowId);
      if (!rec) continue;
      const next = applyAnnotation(rec, e);
      records.set(rowId, next);
      if (e.type === 'SegnalazioneAdded') upserts.push({ collection: 'recon_segnalazioni', doc: segnalazioneDoc(next, e), position: at });
    }
    const counts = new Map<string, number>();
    for (const rowId of rowIds) if (records.get(rowId)) this.writeRecord(rowId, previous.get(rowId), records.get(rowId), at, upserts, deletes, counts);
    await this.countUpserts(counts, at, upserts);
    await this.store.applyBatch(this.name, { upserts, deletes }, { position, version: this.version });
    this.applied = this.checkpoint = this.flushed = position;
    this.waiters.release(position);
  }

  private async countUpserts(deltas: Map<string, number>, at: bigint, upserts: UpsertOperation[]): Promise<void> {
    const changed = [...deltas].filter(([, d]) => d !== 0);
    if (changed.length === 0) return;
    const stored = await this.store.loadForUpdate<CodeCount>(COUNTS_COLLECTION, changed.map(([id]) => id), this.version);
    for (const [id, d] of changed) {
      const [codIpa, classificazione, hidden] = id.split('|') as [string, string, string];
      const doc: CodeCount = { id, codIpa: decodeURIComponent(codIpa), classificazione, hidden: hidden === '1', count: (stored.get(id)?.doc?.count ?? 0) + d };
      // Several pages of one drain write the same count at the same log position: its own guard must still grow.
      const before = stored.get(id)?.position;
      upserts.push({ collection: COUNTS_COLLECTION, doc, position: before !== undefined && before >= at ? before + 1n : at });
    }
  }

  /** The record and one row per code; rows of codes the record no longer has are deleted. */
  private writeRecord(rowId: string, stored: StoredDocument<RecordDoc> | undefined, rec: RecordDoc | undefined, position: bigint, upserts: UpsertOperation[], deletes: DeleteOperation[], counts: Map<string, number>): void {
    const before = stored?.doc;
    // Above what is stored, whatever position the page runs at: this process is the only writer and `before` was just read.
    const at = stored !== undefined && stored.position >= position ? stored.position + 1n : position;
    // The views' totals: one stored count per ente, code and hidden, moved by what this record stops and starts showing.
    const count = (r: RecordDoc | undefined, by: number) => {
      for (const c of (r?.codes ?? '').split(',').filter(Boolean)) {
        const id = countId(r!.codIpa, c, r!.hidden);
        counts.set(id, (counts.get(id) ?? 0) + by);
      }
    };
    count(before, -1);
    count(rec, 1);
    const newRows = rec ? codeRows(rec) : [];
    const keep = new Set(newRows.map((x) => x.id as string));
    for (const c of (before?.codes ?? '').split(',').filter(Boolean)) {
      const id = `${rowId}.${c}`;
      if (!keep.has(id)) deletes.push({ collection: 'reconciliation', id, position: at + 1n });
    }
    if (rec) {
      upserts.push({ collection: 'recon_records', doc: rec, position: at });
      for (const row of newRows) upserts.push({ collection: 'reconciliation', doc: row, position: at });
    } else if (before) deletes.push({ collection: 'recon_records', id: rowId, position: at + 1n });
  }

  /** The switches of these enti as applied so far (loaded once, then kept in memory with the documents). */
  private async loadEnti(codIpas: readonly (string | undefined)[]): Promise<Map<string, EnteSwitches>> {
    const missing = [...new Set(codIpas.filter((c): c is string => typeof c === 'string' && !this.enti.has(c)))];
    if (missing.length > 0) {
      const found = await this.store.loadForUpdate<EnteSwitches>('recon_enti', missing, this.version);
      for (const c of missing) this.enti.set(c, { codIpa: c, notificationsEnabled: false, treasuryLoaded: false, ...found.get(c)?.doc });
    }
    return this.enti;
  }

  /** Marks every document of the ente dirty: those in the store and those changed in memory since the last flush. */
  private async markAllDirty(codIpa: string): Promise<void> {
    const cache = this.cache!;
    let after: string | undefined;
    for (;;) {
      const page = await this.store.find<ReconciliationDoc & { id: string }>(
        STATE_COLLECTION,
        { filter: { codIpa, ...(after ? { id: { $gt: after } } : {}) }, sort: [['id', 1]], limit: 5000 },
        { version: this.version },
      );
      for (const d of page.items) {
        const { id: _id, ...doc } = d;
        cache.seed(doc as ReconciliationDoc);
        this.markDirty({ kind: d.kind, key: d.key });
      }
      if (page.items.length < 5000) break;
      after = page.items[page.items.length - 1].id;
    }
    for (const doc of cache.changedDocs()) if (doc.codIpa === codIpa) this.markDirty({ kind: doc.kind, key: doc.key });
  }
}

function applyAnnotation(rec: RecordDoc, e: RecordedEvent): RecordDoc {
  switch (e.type) {
    case 'ReconciliationRowHidden':
      return { ...rec, hidden: true };
    case 'ReconciliationRowShown':
      return { ...rec, hidden: false };
    case 'SegnalazioneAdded':
      return { ...rec, segnalazioni: rec.segnalazioni + 1 };
    default:
      return rec;
  }
}

function segnalazioneDoc(rec: RecordDoc, e: RecordedEvent): Record<string, unknown> {
  const d = e.data as { codIpa: string; rowId: string; text: string; author: string; at: string };
  return { id: e.id, codIpa: d.codIpa, rowId: d.rowId, text: d.text, author: d.author, at: d.at, classificazione: rec.codes, iuv: rec.iuv, iuf: rec.iuf, kind: rec.kind };
}
