import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import type { CommandContext } from '../../kernel/command-context';
import { CommandService } from '../../kernel/command-service';
import { invalid, notFound } from '../../kernel/errors';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { ANNOTATION_EVENT_VERSIONS, reconAnnotationsStreamId, type AnnotationEvent } from '../domain/annotation.events';

export const SEGNALAZIONE_MAX_CHARS = 2000;

/** Operator actions on a reconciliation row, recorded as events on the row's own stream (its history). */
@Injectable()
export class AnnotationsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    private readonly commands: CommandService,
  ) {}

  async hide(codIpa: string, rowId: string, hidden: boolean, ctx: CommandContext): Promise<{ revision: bigint; position: bigint }> {
    await this.row(codIpa, rowId);
    // Hiding a hidden row (or showing a shown one) records nothing: the stream's last action decides.
    const last = (await this.store.readStream(reconAnnotationsStreamId(codIpa, rowId))).filter((e) => e.type !== 'SegnalazioneAdded').pop();
    const isHidden = last?.type === 'ReconciliationRowHidden';
    if (isHidden === hidden) return this.append(codIpa, rowId, [], ctx);
    const type = hidden ? 'ReconciliationRowHidden' : 'ReconciliationRowShown';
    return this.append(codIpa, rowId, [{ type, data: { codIpa, rowId, author: ctx.actor, at: ctx.now } }], ctx);
  }

  async addSegnalazione(codIpa: string, rowId: string, text: unknown, ctx: CommandContext): Promise<{ revision: bigint; position: bigint }> {
    if (typeof text !== 'string' || text.trim() === '') throw invalid('INVALID_SEGNALAZIONE', 'testo', 'testo (the note) is required');
    if (text.length > SEGNALAZIONE_MAX_CHARS) throw invalid('INVALID_SEGNALAZIONE', 'testo', `testo is ${text.length} characters: at most ${SEGNALAZIONE_MAX_CHARS}`);
    await this.row(codIpa, rowId);
    return this.append(codIpa, rowId, [{ type: 'SegnalazioneAdded', data: { codIpa, rowId, text: text.trim(), author: ctx.actor, at: ctx.now } }], ctx);
  }

  /** The row's history: every action on it, oldest first. */
  async history(codIpa: string, rowId: string) {
    const events = await this.store.readStream(reconAnnotationsStreamId(codIpa, rowId));
    return events.map((e) => ({ type: e.type, ...(e.data as object), position: e.position.toString() }));
  }

  private async row(codIpa: string, rowId: string): Promise<void> {
    const row = await this.reads.get<{ codIpa: string }>('recon_records', rowId);
    if (!row || row.codIpa !== codIpa) throw notFound('RECONCILIATION_ROW_NOT_FOUND', `ente ${codIpa} has no reconciliation row ${rowId}`);
  }

  private async append(codIpa: string, rowId: string, events: AnnotationEvent[], ctx: CommandContext): Promise<{ revision: bigint; position: bigint }> {
    const streamId = reconAnnotationsStreamId(codIpa, rowId);
    const existing = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    const revision = existing[0]?.revision ?? -1n;
    if (events.length === 0) return { revision, position: existing[0]?.position ?? (await this.store.headPosition()) };
    const res = await this.store.append(streamId, this.commands.envelopes({ eventVersions: ANNOTATION_EVENT_VERSIONS }, streamId, events, ctx, revision), revision === -1n ? 'no_stream' : revision);
    return { revision: res.nextRevision, position: res.position };
  }
}
