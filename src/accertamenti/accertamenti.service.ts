import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../kernel/command-context';
import { CommandService, type CommandResult } from '../kernel/command-service';
import { invalid, notFound } from '../kernel/errors';
import { deterministicUuid } from '../kernel/ids';
import { positiveEurosToCents } from '../kernel/money';
import { PositionAggregate } from '../positions/position.aggregate';
import { positionStreamId } from '../positions/domain/position.streams';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ReadYourWrites } from '../read-store/read-your-writes';
import { closedAccertamentoOf, closedElsewhere } from '../../projections/accertamenti/accertamenti.queries';
import { AccertamentoAggregate, AnagraficaAggregate } from './accertamenti.aggregates';
import type { AccertamentoCommand, PaymentSplit } from './domain/accertamento.commands';
import { accertamentoStreamId } from './domain/accertamento.events';
import type { AccertamentoState } from './domain/accertamento.state';
import { anagraficaStreamId } from './domain/anagrafica.events';
import { anagraficaSnapshot } from './domain/anagrafica.state';
import { splitsFromBilancio } from './domain/splits-from-bilancio';
import type { AddPagamentoDto, CreateAccertamentoDto } from './dto/accertamento.dto';
import { EnteScope } from './enti-scope';
import { paymentFacts } from './payment-facts';

export type AccertamentoResult = CommandResult<AccertamentoState>;

const notFoundAccertamento = (codIpa: string, id: string) => notFound('ACCERTAMENTO_NOT_FOUND', `accertamento "${id}" does not exist for ente ${codIpa}`);

/**
 * The accertamento's commands. The decider needs the payment's facts, the anagrafica of the accertamento's year and
 * whether the payment is already in a closed accertamento: this service gathers them (write side first, the
 * accertamenti read model for what only it knows) and passes them in the command.
 */
@Injectable()
export class AccertamentiService {
  constructor(
    private readonly commands: CommandService,
    private readonly scope: EnteScope,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly consistency: ReadYourWrites,
  ) {}

  /**
   * Whether a payment is in another closed accertamento is read from the accertamenti read model; wait until it has
   * applied everything already in the log, so a close that just happened elsewhere is seen (503 if it lags behind).
   */
  private async closedAccertamentiUpToDate(): Promise<void> {
    await this.consistency.await('accertamenti', (await this.events.headPosition()).toString());
  }

  async create(codIpa: string, dto: CreateAccertamentoDto, ctx: CommandContext): Promise<AccertamentoResult> {
    const ente = await this.scope.ente(codIpa);
    const tipo = ente.tipiDovuto.get(dto.codTipoDovuto);
    if (!tipo) throw invalid('TIPO_DOVUTO_UNKNOWN', 'codTipoDovuto', `tipo dovuto "${dto.codTipoDovuto}" is not configured for ente ${codIpa}`);
    // With an Idempotency-Key the generated id follows from it, so a retry lands on the same stream and is a repeat.
    const id = dto.id ?? (ctx.idempotencyKey ? deterministicUuid('accertamento', ctx.actor, ctx.idempotencyKey, codIpa) : randomUUID());
    return this.commands.execute(
      AccertamentoAggregate,
      accertamentoStreamId(codIpa, id),
      { type: 'CreateAccertamento', data: { id, codIpa, codTipoDovuto: dto.codTipoDovuto, anno: dto.anno, descrizione: dto.descrizione }, metadata: { now: ctx.now } },
      ctx,
    );
  }

  async addPayment(codIpa: string, id: string, dto: AddPagamentoDto, ctx: CommandContext): Promise<AccertamentoResult> {
    const header = await this.header(codIpa, id);
    const position = await this.commands.load(PositionAggregate, positionStreamId(codIpa, dto.iud));
    const facts = paymentFacts(position.state);
    if (!facts) throw notFound('DOVUTO_NOT_FOUND', `dovuto "${dto.iud}" does not exist for ente ${codIpa}`);
    const anagrafica = await this.commands.load(AnagraficaAggregate, anagraficaStreamId(codIpa, header.anno));
    const splits: PaymentSplit[] = dto.splits
      ? dto.splits.map((s, i) => ({
          codUfficio: s.codUfficio,
          codCapitolo: s.codCapitolo,
          ...(s.codAccertamento !== undefined && { codAccertamento: s.codAccertamento }),
          importo: positiveEurosToCents(s.importo, `splits[${i}].importo`),
        }))
      : splitsFromBilancio(facts.bilancio);
    if (splits.length === 0)
      throw invalid('SPLITS_REQUIRED', 'splits', `dovuto "${dto.iud}" has no bilancio to pre-fill the assignment: give the splits (ufficio, capitolo, importo)`);
    // The position stream knows once the process manager assessed it; the read model knows as soon as the other accertamento closed.
    if (facts.assessedIn === undefined) await this.closedAccertamentiUpToDate();
    const closedIn = facts.assessedIn ?? (await closedAccertamentoOf(this.reads, codIpa, dto.iud, id));
    const command: AccertamentoCommand = {
      type: 'AddPayment',
      data: {
        paymentKey: `${codIpa}|${facts.iud}`,
        iud: facts.iud,
        iuv: facts.iuv,
        ...(facts.iur !== undefined && { iur: facts.iur }),
        importo: facts.importo,
        tipoDovuto: facts.tipoDovuto,
        paid: facts.paid,
        reported: facts.reported,
        cashed: facts.cashed,
        ...(dto.richiediRendicontatoEIncassato !== undefined && { requireReportedAndCashed: dto.richiediRendicontatoEIncassato }),
        ...(closedIn !== undefined && { alreadyInClosedAccertamento: closedIn }),
        ...(facts.dataEsito !== undefined && { dataEsito: facts.dataEsito }),
        ...(facts.dataRegolamento !== undefined && { dataRegolamento: facts.dataRegolamento }),
        ...(facts.dataValuta !== undefined && { dataValuta: facts.dataValuta }),
        splits,
        anagrafica: anagraficaSnapshot(codIpa, header.anno, anagrafica.state),
      },
      metadata: { now: ctx.now },
    };
    return this.commands.execute(AccertamentoAggregate, accertamentoStreamId(codIpa, id), command, ctx);
  }

  async removePayment(codIpa: string, id: string, iud: string, ctx: CommandContext): Promise<AccertamentoResult> {
    await this.header(codIpa, id);
    return this.commands.execute(AccertamentoAggregate, accertamentoStreamId(codIpa, id), { type: 'RemovePayment', data: { paymentKey: `${codIpa}|${iud}` }, metadata: { now: ctx.now } }, ctx);
  }

  async close(codIpa: string, id: string, ctx: CommandContext): Promise<AccertamentoResult> {
    await this.scope.ente(codIpa);
    const loaded = await this.commands.load(AccertamentoAggregate, accertamentoStreamId(codIpa, id));
    if (loaded.state.header === null) throw notFoundAccertamento(codIpa, id);
    const keys = [...loaded.state.payments.keys()];
    await this.closedAccertamentiUpToDate();
    const clashes = await closedElsewhere(this.reads, keys, id);
    return this.commands.execute(
      AccertamentoAggregate,
      accertamentoStreamId(codIpa, id),
      { type: 'CloseAccertamento', data: clashes.length > 0 ? { closedElsewhere: clashes } : {}, metadata: { now: ctx.now } },
      ctx,
    );
  }

  async cancel(codIpa: string, id: string, motivo: string | undefined, ctx: CommandContext): Promise<AccertamentoResult> {
    await this.header(codIpa, id);
    return this.commands.execute(
      AccertamentoAggregate,
      accertamentoStreamId(codIpa, id),
      { type: 'CancelAccertamento', data: motivo !== undefined ? { reason: motivo } : {}, metadata: { now: ctx.now } },
      ctx,
    );
  }

  private async header(codIpa: string, id: string): Promise<NonNullable<AccertamentoState['header']>> {
    await this.scope.ente(codIpa);
    const loaded = await this.commands.load(AccertamentoAggregate, accertamentoStreamId(codIpa, id));
    if (loaded.state.header === null) throw notFoundAccertamento(codIpa, id);
    return loaded.state.header;
  }
}
