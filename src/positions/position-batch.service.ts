import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type AppendRequest, type EventStore, WrongExpectedRevisionError } from '../event-store/event-store.port';
import type { CommandContext } from '../kernel/command-context';
import { CommandService } from '../kernel/command-service';
import { conflict, DomainError } from '../kernel/errors';
import { fold } from '../kernel/decider';
import { withFields } from '../kernel/with-fields';
import type { CreatePosition, PositionInput, UpdatePosition } from './domain/position.commands';
import type { PositionEvent } from './domain/position.events';
import type { PositionState } from './domain/position.state';
import { iuvReservationStreamId, positionStreamId } from './domain/position.streams';
import { importEventIds } from './import-event-ids';
import { IuvAllocator } from './iuv-allocator';
import { IuvReservationAggregate, PositionAggregate } from './position.aggregate';
import { PositionsService, tipoContext } from './positions.service';

/** One row of an import: what the ente wants done to one dovuto (MyPay azione I / M / A). */
export type BatchItem =
  | { row: number; azione: 'I'; input: Omit<PositionInput, 'codIpa' | 'iuv'> & { iuv?: string } }
  | { row: number; azione: 'M'; iud: string; changes: UpdatePosition['data'] }
  | { row: number; azione: 'A'; iud: string; reason?: string };

export interface BatchOutcome {
  row: number;
  iud: string;
  ok: boolean;
  /** Set for accepted creations. */
  iuv?: string;
  numeroAvviso?: string;
  /** The row had already been applied by an earlier run of the same import (resume after a restart). */
  alreadyApplied?: boolean;
  error?: { code: string; field?: string; message: string };
}

export interface BatchResult {
  outcomes: BatchOutcome[];
  /** Global position of the last event written (0n if nothing was written). */
  position: bigint;
}

/**
 * The import path: decides every row on its own (a bad row is an outcome, never an exception), then appends
 * the good rows of the batch at once (one transaction in SQLite). Event ids and idempotency keys derive from
 * (importId, row), so running the same batch again after a crash re-appends nothing and reports the rows
 * as already applied.
 */
@Injectable()
export class PositionBatchService {
  constructor(
    private readonly commands: CommandService,
    private readonly positions: PositionsService,
    private readonly iuvs: IuvAllocator,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async apply(codIpa: string, importId: string, items: BatchItem[], ctx: Omit<CommandContext, 'idempotencyKey' | 'expectedRevision'>): Promise<BatchResult> {
    try {
      return await this.tryApply(codIpa, importId, items, ctx);
    } catch (err) {
      // Someone else wrote one of these streams meanwhile: nothing of the batch was stored (SQLite) or the
      // stored rows are recognised by their idempotency keys, so deciding again row by row is safe.
      if (!(err instanceof WrongExpectedRevisionError) || items.length === 1) throw err;
      const outcomes: BatchOutcome[] = [];
      let position = 0n;
      for (const item of items) {
        const r = await this.tryApply(codIpa, importId, [item], ctx).catch((e: unknown) => ({ outcomes: [failure(item, e)], position: 0n }));
        outcomes.push(...r.outcomes);
        if (r.position > position) position = r.position;
      }
      return { outcomes, position };
    }
  }

  private async tryApply(codIpa: string, importId: string, items: BatchItem[], ctx: Omit<CommandContext, 'idempotencyKey' | 'expectedRevision'>): Promise<BatchResult> {
    const ente = await this.positions.requireEnte(codIpa);
    const seg = ente.profile.segregationCode;
    const outcomes: BatchOutcome[] = [];
    const requests: AppendRequest[] = [];
    // Streams decided earlier in this batch: a later row on the same IUD sees the earlier row's effect.
    const touched = new Map<string, { state: PositionState; revision: bigint; request?: AppendRequest }>();
    const needIuv = items.filter((i) => i.azione === 'I' && !i.input.iuv).length;
    const generated = needIuv ? await this.iuvs.take(codIpa, seg, needIuv, ctx.now) : [];
    let g = 0;
    const reservedInBatch = new Set<string>();
    // One query tells which streams exist; only those are read in full (updates, cancellations, resumed rows).
    const streamIds = items.map((i) => positionStreamId(codIpa, i.azione === 'I' ? i.input.iud : i.iud));
    const existing = await this.store.streamRevisions(streamIds);
    // Likewise for the IUVs the ente supplied: only reservations that already exist are read (most never do).
    const suppliedIuvStreams = items.flatMap((i) => (i.azione === 'I' && i.input.iuv ? [iuvReservationStreamId(codIpa, i.input.iuv)] : []));
    const reservedIuvs = suppliedIuvStreams.length ? await this.store.streamRevisions(suppliedIuvStreams) : new Map<string, bigint>();
    const eventId = importEventIds(ctx.actor, importId);

    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      const iud = item.azione === 'I' ? item.input.iud : item.iud;
      const streamId = streamIds[k]!;
      const key = `${importId}:${item.row}`;
      const rowCtx: CommandContext = withFields(ctx, { idempotencyKey: key });
      try {
        let current = touched.get(streamId);
        if (!current && !existing.has(streamId)) current = { state: PositionAggregate.decider.initialState, revision: -1n };
        if (!current) {
          const events = await this.store.readStream(streamId);
          if (events.some((e) => e.metadata.idempotencyKey === key)) {
            const st = fold(PositionAggregate.decider, events.map((e) => ({ type: e.type, data: e.data }) as PositionEvent));
            outcomes.push({ row: item.row, iud, ok: true, alreadyApplied: true, iuv: st.position?.iuv, numeroAvviso: st.position?.numeroAvviso });
            if (item.azione === 'I' && !item.input.iuv) g++;
            continue;
          }
          const st = fold(PositionAggregate.decider, events.map((e) => ({ type: e.type, data: e.data }) as PositionEvent));
          current = { state: st, revision: events.length ? events[events.length - 1].revision : -1n };
        }
        let decided: PositionEvent[];
        if (item.azione === 'I') {
          const iuv = item.input.iuv ?? generated[g++];
          const command: CreatePosition = {
            type: 'CreatePosition',
            data: withFields(item.input, { codIpa, iuv, context: { tipoDovuto: tipoContext(ente, item.input.tipoDovuto), segregationCode: seg } }),
            metadata: { now: ctx.now },
          };
          decided = PositionAggregate.decider.decide(command, current.state);
          // An IUV the ente supplied may already belong to another dovuto: check its reservation like the single path does.
          if (reservedInBatch.has(iuv)) throw conflict('IUV_ALREADY_USED', `IUV ${iuv} is used by another row of this import`, 'iuv');
          const reservationStream = iuvReservationStreamId(codIpa, iuv);
          const reservationState = item.input.iuv && reservedIuvs.has(reservationStream) ? (await this.commands.load(IuvReservationAggregate, reservationStream)).state : {};
          const reservation = IuvReservationAggregate.decider.decide({ type: 'ReserveIuv', data: { codIpa, iuv, iud }, metadata: { now: ctx.now } }, reservationState);
          if (reservation.length === 0) throw conflict('IUV_ALREADY_USED', `IUV ${iuv} is already reserved for dovuto "${iud}"`, 'iuv');
          reservedInBatch.add(iuv);
          requests.push({
            streamId: reservationStream,
            events: this.commands.envelopes(IuvReservationAggregate, reservationStream, reservation, rowCtx, -1n, (i) => eventId(item.row, reservationStream, -1n, i)),
            expectedRevision: 'no_stream',
          });
        } else if (item.azione === 'M') {
          const tipo = current.state.position ? tipoContext(ente, current.state.position.tipoDovuto) : undefined;
          decided = PositionAggregate.decider.decide({ type: 'UpdatePosition', data: withFields(item.changes, { context: tipo ? { tipoDovuto: tipo } : undefined }), metadata: { now: ctx.now } }, current.state);
        } else {
          decided = PositionAggregate.decider.decide({ type: 'CancelPosition', data: { reason: item.reason }, metadata: { now: ctx.now } }, current.state);
        }
        const state = decided.reduce(PositionAggregate.decider.evolve, current.state);
        if (decided.length) {
          const from = current.revision;
          const envelopes = this.commands.envelopes(PositionAggregate, streamId, decided, rowCtx, from, (i) => eventId(item.row, streamId, from, i));
          if (current.request) {
            current.request.events.push(...envelopes);
          } else {
            current.request = { streamId, events: envelopes, expectedRevision: current.revision === -1n ? 'no_stream' : current.revision };
            requests.push(current.request);
          }
        }
        touched.set(streamId, { ...current, state, revision: current.revision + BigInt(decided.length) });
        outcomes.push({ row: item.row, iud, ok: true, iuv: state.position?.iuv, numeroAvviso: state.position?.numeroAvviso });
      } catch (err) {
        outcomes.push(failure(item, err));
      }
    }
    if (requests.length === 0) return { outcomes, position: 0n };
    // Revisions of streams touched twice were computed from the first read; the request keeps the first expected revision.
    const results = await this.store.appendBatch(requests);
    return { outcomes, position: results.reduce((m, r) => (r.position > m ? r.position : m), 0n) };
  }
}

function failure(item: BatchItem, err: unknown): BatchOutcome {
  const iud = item.azione === 'I' ? item.input.iud : item.iud;
  if (err instanceof DomainError) return { row: item.row, iud, ok: false, error: { code: err.code, field: err.field, message: err.message } };
  if (err instanceof WrongExpectedRevisionError) return { row: item.row, iud, ok: false, error: { code: 'CONCURRENT_MODIFICATION', message: `dovuto "${iud}" was changed while the row was applied: load the flow again` } };
  throw err;
}
