import type { EventStore } from '../../event-store/event-store.port';
import type { CommandService } from '../../kernel/command-service';
import { DomainError } from '../../kernel/errors';
import type { RecordedEvent } from '../../kernel/events';
import type { PositionCommand } from '../../positions/domain/position.commands';
import type { ProjectionStatus } from '../../read-store/projection-runner';
import type { DeleteOperation, ReadStore, UpsertOperation } from '../../read-store/read-store.port';
import type { ReconciliationSettingsChanged } from '../../notifications/domain/notification.events';
import type { TreasuryMovementData } from '../../treasury/domain/treasury.events';
import { applySource, refId, type DocRef, type ReconciliationContext, type ReconciliationStateView, type PaymentDoc } from '../domain';
import { RECONCILIATION_PROJECTION, RECONCILIATION_READ_MODELS, RECONCILIATION_VERSION } from '../../../projections/reconciliation/reconciliation.read-models';
import { buildRecord, codeRows, rowIdOf, type Annotations, type RecordDoc } from '../../../projections/reconciliation/reconciliation-row';
import { ANNOTATION_EVENTS, type AnnotationEvent } from '../domain/annotation.events';
import { positionCommandsFor } from './position-effects';
import { effectKeys, tellPositions } from './position-teller';
import { sourcesOf } from './sources-from-events';
import { StateCache, STATE_COLLECTION } from './state-cache';

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
  /** Rough cap on the documents one batch re-classifies (see chunksByWork): bounds memory and transaction size. */
  maxWork?: number;
}

const HANDLED = new Set(['ReceiptReceived', 'ReportingFlowReceived', 'TreasuryMovementRecorded', 'PaymentNotified', 'ReconciliationSettingsChanged', ...ANNOTATION_EVENTS]);
const ACTOR = 'system:reconciliation';
const DEFAULT_MAX_WORK = 50_000;
/** A movement citing an IUF re-classifies every payment of that FR: count it as a typical FR. */
const CUMULATIVE_MOVEMENT_WORK = 2_000;

/** What one event makes the process re-classify, roughly: an FR its rows, a cumulative movement its FR, else one. */
function workOf(e: RecordedEvent): number {
  if (e.type === 'ReportingFlowReceived') return Math.max(1, (e.data as { rows?: unknown[] }).rows?.length ?? 1);
  if (e.type === 'TreasuryMovementRecorded' && (e.data as TreasuryMovementData).iuf) return CUMULATIVE_MOVEMENT_WORK;
  return 1;
}

/** Splits a page of the log into consecutive batches of bounded work (each keeps at least one event). */
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

/**
 * The reconciliation process: follows the log like a projection runner (checkpoint stored with each batch in the
 * read store), feeds the sources to the pure engine, re-classifies what they touched once per batch, writes the
 * views' rows and tells the matched positions. Unlike a plain projection its documents read each other (a receipt
 * needs its FR, the FR its movements), so it loads them in rounds (missingReads) instead of by keys of one event.
 */
export class ReconciliationProcess {
  readonly name = RECONCILIATION_PROJECTION;
  private readonly batchSize: number;
  private readonly maxWork: number;
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
  private wake: (() => void) | undefined;
  private readonly waiters = new Set<{ position: bigint; resolve: (ok: boolean) => void }>();
  private prepared = false;

  constructor(
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly commands: CommandService | undefined,
    options: ReconciliationProcessOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 5000;
    this.maxWork = options.maxWork ?? DEFAULT_MAX_WORK;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.positionEffects = (options.positionEffects ?? true) && commands !== undefined;
    this.now = options.now ?? (() => new Date().toISOString());
  }

  async prepare(): Promise<void> {
    if (this.prepared) return;
    const active = await this.store.activeVersion(this.name);
    if (active === undefined) {
      await this.store.defineVersion(this.name, RECONCILIATION_VERSION, RECONCILIATION_READ_MODELS);
      await this.store.promote(this.name, RECONCILIATION_VERSION);
    } else if (active < RECONCILIATION_VERSION) {
      // Older documents or indexes: rebuild from the first event (the position deciders drop what they already know).
      await this.store.defineVersion(this.name, RECONCILIATION_VERSION, RECONCILIATION_READ_MODELS);
      await this.store.promote(this.name, RECONCILIATION_VERSION);
      await this.store.dropVersion(this.name, active);
    } else {
      this.version = active;
      await this.store.defineVersion(this.name, active, RECONCILIATION_READ_MODELS);
    }
    this.checkpoint = await this.store.getCheckpoint(this.name, this.version);
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
    this.wake?.();
    await this.loop;
    for (const w of this.waiters) w.resolve(false);
    this.waiters.clear();
  }

  /** Processes everything in the log now (CLI, tests, benchmark); returns the checkpoint reached. */
  async catchUp(onBatch?: (checkpoint: bigint, events: number) => void): Promise<bigint | undefined> {
    await this.prepare();
    for (;;) {
      const n = await this.step();
      if (n > 0) onBatch?.(this.checkpoint!, n);
      if (n < this.batchSize) return this.checkpoint;
    }
  }

  async waitFor(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.checkpoint !== undefined && this.checkpoint >= position) return true;
    if (!this.running) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const cp = await this.store.getCheckpoint(this.name);
        if (cp !== undefined && cp >= position) return true;
        if (Date.now() >= deadline) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
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
      this.wake?.();
    });
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
        this.head = await this.events.headPosition();
        const n = await this.step();
        this.reachedEnd = n < this.batchSize;
        attempt = 0;
        this.error = undefined;
        if (this.reachedEnd) await this.idle(this.pollIntervalMs);
      } catch (e) {
        const message = (e as Error)?.message ?? String(e);
        if (e instanceof DomainError) {
          // Bad data in the log: stop loudly rather than file a payment under a wrong code.
          this.failed = true;
          this.running = false;
          this.error = { message, at: this.now(), retrying: false };
          for (const w of this.waiters) w.resolve(false);
          return;
        }
        this.error = { message, at: this.now(), retrying: true };
        await this.idle(Math.min(30_000, 100 * 2 ** attempt++));
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }

  /** One batch: returns the number of events read. */
  async step(): Promise<number> {
    const events = await this.events.readAll({ after: this.checkpoint, maxCount: this.batchSize });
    if (events.length === 0) return 0;
    for (const chunk of chunksByWork(events, this.maxWork)) {
      const last = chunk[chunk.length - 1];
      await this.processBatch(chunk.filter((e) => HANDLED.has(e.type)), last.position);
      this.checkpoint = last.position;
      if (last.position > this.head) this.head = last.position;
      for (const w of [...this.waiters]) if (w.position <= last.position) w.resolve(true);
    }
    return events.length;
  }

  private async processBatch(events: RecordedEvent[], position: bigint): Promise<void> {
    const cache = new StateCache(this.store, this.version);
    const enti = await this.loadEnti(events);
    const flipped = new Set<string>();
    const reclassify = new Map<string, DocRef>();
    const annotations: { event: RecordedEvent; rowId: string }[] = [];

    const sources = events.flatMap((e) => {
      if (e.type === 'ReconciliationSettingsChanged') {
        const d = e.data as ReconciliationSettingsChanged['data'];
        const ente = enti.get(d.codIpa)!;
        if (ente.notificationsEnabled !== d.notificationsEnabled) flipped.add(d.codIpa);
        ente.notificationsEnabled = d.notificationsEnabled;
        return [];
      }
      if (ANNOTATION_EVENTS.includes(e.type as AnnotationEvent['type'])) {
        annotations.push({ event: e, rowId: (e.data as { rowId: string }).rowId });
        return [];
      }
      if (e.type === 'TreasuryMovementRecorded') {
        const ente = enti.get((e.data as TreasuryMovementData).codIpa)!;
        if (!ente.treasuryLoaded) flipped.add(ente.codIpa);
        ente.treasuryLoaded = true;
      }
      return sourcesOf(e);
    });

    // Load what the sources read, in rounds, all sources at once; then apply them in log order.
    await cache.ensure(sources.map((s) => (view: ReconciliationStateView) => applySource(view, s)));
    for (const s of sources) {
      await cache.ensure([(view) => applySource(view, s)]);
      const effect = applySource(cache.loaded, s);
      for (const d of effect.changed) cache.put(d);
      for (const r of effect.reclassify) reclassify.set(refId(r), r);
    }
    // A switch changed: every document of the ente may change codes.
    for (const codIpa of flipped) for (const r of await this.allRefs(codIpa, cache)) reclassify.set(refId(r), r);

    // Previous records: their codes (rows to delete) and the operator's annotations.
    const refs = [...reclassify.values()].filter((r) => r.kind !== 'iuv');
    const rowIds = [...new Set([...refs.map(rowIdOf), ...annotations.map((a) => a.rowId)])];
    const previous = await this.store.loadForUpdate<RecordDoc>('recon_records', rowIds, this.version);
    const records = new Map<string, RecordDoc | undefined>();
    for (const [id, s] of previous) records.set(id, s.doc);

    const ctxOf = (codIpa: string): ReconciliationContext => enti.get(codIpa) ?? { notificationsEnabled: false, treasuryLoaded: false };
    const codIpaOf = (r: DocRef) => decodeURIComponent(r.key.split('|')[0]);
    const annotationsOf = (rowId: string): Annotations => {
      const p = records.get(rowId);
      return { hidden: p?.hidden ?? false, segnalazioni: p?.segnalazioni ?? 0 };
    };
    const now = this.now();
    const work = (r: DocRef) => (view: ReconciliationStateView) => {
      const rec = buildRecord(view, r, ctxOf(codIpaOf(r)), annotationsOf(rowIdOf(r)));
      if (r.kind === 'payment' && this.positionEffects) {
        const doc = view.get('payment', r.key);
        if (doc) positionCommandsFor(view, doc, rec, now);
      }
      return rec;
    };
    await cache.ensure(refs.map(work));

    const upserts: UpsertOperation[] = [];
    const deletes: DeleteOperation[] = [];
    const positionCommands = new Map<string, PositionCommand[]>();
    const rowsChanged = new Map<string, RecordDoc | undefined>();
    for (const r of refs) {
      const rowId = rowIdOf(r);
      const rec = buildRecord(cache.loaded, r, ctxOf(codIpaOf(r)), annotationsOf(rowId));
      rowsChanged.set(rowId, rec);
      if (r.kind === 'payment' && this.positionEffects && rec) {
        const eff = positionCommandsFor(cache.loaded, cache.loaded.get('payment', r.key) as PaymentDoc, rec, now);
        const keys = eff ? effectKeys(eff.commands) : [];
        rec.told = keys.join(';');
        // Only a payment whose effects changed since it last told its position costs a read of that stream.
        const before = new Set((records.get(rowId)?.told ?? '').split(';'));
        if (eff && (records.get(rowId)?.told === undefined || keys.some((k) => !before.has(k)))) {
          positionCommands.set(eff.streamId, [...(positionCommands.get(eff.streamId) ?? []), ...eff.commands]);
        }
      }
    }
    for (const a of annotations) {
      const rec = rowsChanged.has(a.rowId) ? rowsChanged.get(a.rowId) : records.get(a.rowId);
      if (!rec) continue;
      const next = applyAnnotation(rec, a.event);
      rowsChanged.set(a.rowId, next);
      records.set(a.rowId, next);
      if (a.event.type === 'SegnalazioneAdded') upserts.push({ collection: 'recon_segnalazioni', doc: segnalazioneDoc(next, a.event) });
    }

    for (const [rowId, rec] of rowsChanged) {
      const before = previous.get(rowId)?.doc;
      const newRows = rec ? codeRows(rec) : [];
      const keep = new Set(newRows.map((x) => x.id as string));
      for (const c of (before?.codes ?? '').split(',').filter(Boolean)) {
        const id = `${rowId}.${c}`;
        if (!keep.has(id)) deletes.push({ collection: 'reconciliation', id });
      }
      if (rec) {
        upserts.push({ collection: 'recon_records', doc: rec });
        for (const row of newRows) upserts.push({ collection: 'reconciliation', doc: row });
      } else if (before) deletes.push({ collection: 'recon_records', id: rowId });
    }
    for (const { id, doc } of cache.dirtyDocs()) upserts.push({ collection: STATE_COLLECTION, doc: { ...doc, id } });
    for (const e of enti.values()) upserts.push({ collection: 'recon_enti', doc: { ...e } });

    // The positions first: if the batch is replayed after a crash, the decider drops what is already there.
    if (this.positionEffects) await tellPositions(this.events, this.commands!, positionCommands, { correlationId: 'reconciliation', actor: ACTOR, now });
    await this.store.applyBatch(this.name, { upserts, deletes }, { position, version: this.version });
  }

  private async loadEnti(events: RecordedEvent[]): Promise<Map<string, EnteSwitches>> {
    const codes = [...new Set(events.map((e) => (e.data as { codIpa?: string }).codIpa).filter((c): c is string => typeof c === 'string'))];
    const found = await this.store.loadForUpdate<EnteSwitches>('recon_enti', codes, this.version);
    return new Map(codes.map((c) => [c, { codIpa: c, notificationsEnabled: false, treasuryLoaded: false, ...found.get(c)?.doc }]));
  }

  private async allRefs(codIpa: string, cache: StateCache): Promise<DocRef[]> {
    const out: DocRef[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.store.find<{ id: string; kind: DocRef['kind']; key: string }>(
        STATE_COLLECTION,
        { filter: { codIpa, ...(after ? { id: { $gt: after } } : {}) }, sort: [['id', 1]], limit: 5000 },
        { version: this.version },
      );
      for (const d of page.items) {
        out.push({ kind: d.kind, key: d.key });
        const { id: _id, ...doc } = d;
        cache.seed(doc as never);
      }
      if (page.items.length < 5000) break;
      after = page.items[page.items.length - 1].id;
    }
    for (const id of cache.dirty) {
      const [kind, ...rest] = id.split(':');
      const key = rest.join(':');
      if (decodeURIComponent(key.split('|')[0]) === codIpa) out.push({ kind: kind as DocRef['kind'], key });
    }
    return out;
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
