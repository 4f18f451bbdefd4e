import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import type { CommandContext } from '../kernel/command-context';
import { CommandService, type CommandResult } from '../kernel/command-service';
import { notFound } from '../kernel/errors';
import { eurosToCents, positiveEurosToCents } from '../kernel/money';
import { EnteDirectory } from '../enti/ente.directory';
import type { RegisteredEnte } from '../enti/domain/ente.state';
import type { PositionState } from './domain/position.state';
import type { Bilancio, Payer } from './domain/position.types';
import { iuvReservationStreamId, positionStreamId } from './domain/position.streams';
import type { TipoDovutoContext } from './domain/position.commands';
import { IuvAllocator } from './iuv-allocator';
import { IuvReservationAggregate, PositionAggregate } from './position.aggregate';
import type { BilancioDto, CreateDovutoDto, PagatoreDto, UpdateDovutoDto } from './dto/position.dto';

export type PositionResult = CommandResult<PositionState>;

/**
 * Creating a dovuto touches two streams: the IUV's reservation (which makes the IUV unique for the ente) and
 * the position's own stream (which makes the IUD unique). The reservation is taken first; it is never released,
 * as pagoPA forbids reusing an IUV.
 */
@Injectable()
export class PositionsService {
  constructor(
    private readonly commands: CommandService,
    private readonly enti: EnteDirectory,
    private readonly iuvs: IuvAllocator,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async requireEnte(codIpa: string): Promise<RegisteredEnte> {
    const ente = await this.enti.get(codIpa);
    if (!ente) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    return ente;
  }

  async create(codIpa: string, dto: CreateDovutoDto, ctx: CommandContext): Promise<PositionResult> {
    const ente = await this.requireEnte(codIpa);
    const streamId = positionStreamId(codIpa, dto.iud);
    const existing = await this.commands.load(PositionAggregate, streamId);
    // An existing IUD keeps its IUV: a retried request then replays and any other is refused, both by execute().
    const iuv = existing.state.position?.iuv ?? dto.iuv ?? (await this.iuvs.next(codIpa, ente.profile.segregationCode));
    const command = {
      type: 'CreatePosition' as const,
      data: {
        codIpa,
        iud: dto.iud,
        iuv,
        payer: toPayer(dto.pagatore),
        importo: positiveEurosToCents(dto.importo, 'importo'),
        dataScadenza: dto.dataScadenza,
        tipoDovuto: dto.tipoDovuto,
        causale: dto.causale,
        datiSpecificiRiscossione: dto.datiSpecificiRiscossione,
        bilancio: dto.bilancio ? toBilancio(dto.bilancio) : undefined,
        commissioneCaricoPa: dto.commissioneCaricoPa === undefined ? undefined : eurosToCents(dto.commissioneCaricoPa, 'commissioneCaricoPa'),
        context: { tipoDovuto: tipoContext(ente, dto.tipoDovuto), segregationCode: ente.profile.segregationCode },
      },
      metadata: { now: ctx.now },
    };
    if (existing.revision >= 0n) return this.commands.execute(PositionAggregate, streamId, command, { ...ctx, expectedRevision: undefined });
    // Decide first on the empty state so that an invalid dovuto never burns an IUV.
    PositionAggregate.decider.decide(command, existing.state);
    await this.commands.execute(IuvReservationAggregate, iuvReservationStreamId(codIpa, iuv), { type: 'ReserveIuv', data: { codIpa, iuv, iud: dto.iud }, metadata: { now: ctx.now } }, { ...ctx, expectedRevision: undefined });
    return this.commands.execute(PositionAggregate, streamId, command, { ...ctx, expectedRevision: undefined });
  }

  async update(codIpa: string, iud: string, dto: UpdateDovutoDto, ctx: CommandContext): Promise<PositionResult> {
    const ente = await this.requireEnte(codIpa);
    const streamId = await this.existingStream(codIpa, iud);
    const current = await this.commands.load(PositionAggregate, streamId);
    const tipo = current.state.position ? tipoContext(ente, current.state.position.tipoDovuto) : undefined;
    return this.commands.execute(
      PositionAggregate,
      streamId,
      {
        type: 'UpdatePosition',
        data: {
          payer: dto.pagatore ? toPayer(dto.pagatore) : undefined,
          importo: dto.importo === undefined ? undefined : positiveEurosToCents(dto.importo, 'importo'),
          dataScadenza: dto.dataScadenza,
          causale: dto.causale,
          datiSpecificiRiscossione: dto.datiSpecificiRiscossione,
          bilancio: dto.bilancio ? toBilancio(dto.bilancio) : undefined,
          commissioneCaricoPa: dto.commissioneCaricoPa === undefined ? undefined : eurosToCents(dto.commissioneCaricoPa, 'commissioneCaricoPa'),
          context: tipo ? { tipoDovuto: tipo } : undefined,
        },
        metadata: { now: ctx.now },
      },
      ctx,
    );
  }

  async cancel(codIpa: string, iud: string, reason: string | undefined, ctx: CommandContext): Promise<PositionResult> {
    await this.requireEnte(codIpa);
    const streamId = await this.existingStream(codIpa, iud);
    return this.commands.execute(PositionAggregate, streamId, { type: 'CancelPosition', data: { reason }, metadata: { now: ctx.now } }, ctx);
  }

  /** The position's events straight from its stream: type, time, actor, data. */
  async history(codIpa: string, iud: string) {
    await this.requireEnte(codIpa);
    const events = await this.store.readStream(positionStreamId(codIpa, iud));
    if (events.length === 0) throw dovutoNotFound(codIpa, iud);
    return events.map((e) => ({
      revision: e.revision.toString(),
      position: e.position.toString(),
      type: e.type,
      at: e.metadata.occurredAt,
      recordedAt: e.recordedAt,
      actor: e.metadata.actor,
      correlationId: e.metadata.correlationId,
      schemaVersion: e.metadata.schemaVersion,
      data: e.data,
    }));
  }

  private async existingStream(codIpa: string, iud: string): Promise<string> {
    const streamId = positionStreamId(codIpa, iud);
    const [first] = await this.store.readStream(streamId, { maxCount: 1 });
    if (!first) throw dovutoNotFound(codIpa, iud);
    return streamId;
  }
}

export const dovutoNotFound = (codIpa: string, iud: string) => notFound('DOVUTO_NOT_FOUND', `dovuto "${iud}" does not exist for ente ${codIpa}`, { iud });

export function tipoContext(ente: RegisteredEnte, codTipo: string): TipoDovutoContext | undefined {
  const t = ente.tipiDovuto.get(codTipo);
  return t && { code: t.codTipo, active: t.active, importoFisso: t.importoFisso, scadenzaObbligatoria: t.scadenzaObbligatoria, datiSpecificiRiscossione: t.datiSpecificiRiscossione };
}

export function toPayer(p: PagatoreDto): Payer {
  return { ...p, codiceIdentificativo: p.codiceIdentificativo.trim().toUpperCase() };
}

export function toBilancio(b: BilancioDto): Bilancio {
  return {
    capitoli: b.capitoli.map((c, i) => ({
      codCapitolo: c.codCapitolo,
      codUfficio: c.codUfficio,
      codAccertamento: c.codAccertamento,
      importo: positiveEurosToCents(c.importo, `bilancio.capitoli[${i}].importo`),
    })),
  };
}
