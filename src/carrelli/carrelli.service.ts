import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ID_GENERATOR, type IdGenerator } from '../kernel/clock';
import type { CommandContext } from '../kernel/command-context';
import { CommandService, type CommandResult } from '../kernel/command-service';
import { notFound } from '../kernel/errors';
import { deterministicUuid } from '../kernel/ids';
import { centsToEuros } from '../kernel/money';
import { PositionAggregate } from '../positions/position.aggregate';
import { positionStreamId } from '../positions/domain/position.streams';
import type { PositionState } from '../positions/domain/position.state';
import { PositionsService } from '../positions/positions.service';
import { CarrelloAggregate } from './carrello.aggregate';
import { checkoutUrlFor } from './checkout-url';
import type { CreateCarrelloDto } from './carrelli.dto';
import type { CarrelloCandidate } from './domain/carrello.commands';
import type { CarrelloState } from './domain/carrello.decider';
import { carrelloStreamId } from './domain/carrello.events';
import { carrelloOutcome } from './domain/carrello.outcome';

export interface CarrelloItemView {
  codIpa: string;
  iud: string;
  iuv: string;
  numeroAvviso: string;
  importo: string;
  causale: string;
  stato: PositionState['status'];
  ricevuta?: { receiptId: string; importo: string; idPSP: string; paymentDateTime?: string };
}

export interface CarrelloView {
  id: string;
  codIpa: string;
  checkoutUrl: string;
  returnUrl: string;
  emailPagatore?: string;
  totale: string;
  creatoIl: string;
  esito: 'OK' | 'KO' | 'IN_CORSO';
  esitoRegistrato: boolean;
  esitoIl?: string;
  dovuti: CarrelloItemView[];
}

/** Iniziato presso ente: a gestionale hands the citizen a cart of dovuti to pay at the checkout. */
@Injectable()
export class CarrelliService {
  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    private readonly commands: CommandService,
    private readonly positions: PositionsService,
  ) {}

  async create(codIpa: string, dto: CreateCarrelloDto, ctx: CommandContext): Promise<CommandResult<CarrelloState>> {
    await this.positions.requireEnte(codIpa);
    // The same Idempotency-Key from the same caller names the same cart, so a retried POST returns it again.
    const id = ctx.idempotencyKey ? deterministicUuid('carrello', codIpa, ctx.actor, ctx.idempotencyKey) : this.ids.uuid();
    const items: CarrelloCandidate[] = await Promise.all(
      dto.dovuti.map(async (d) => {
        const ente = d.codIpa ?? codIpa;
        const { state } = await this.commands.load(PositionAggregate, positionStreamId(ente, d.iud));
        return { codIpa: ente, iud: d.iud, state };
      }),
    );
    return this.commands.execute(
      CarrelloAggregate,
      carrelloStreamId(id),
      {
        type: 'CreateCarrello',
        data: { id, codIpa, items, checkoutUrl: checkoutUrlFor(this.config, id), returnUrl: dto.returnUrl, ...(dto.emailPagatore !== undefined && { payerEmail: dto.emailPagatore }) },
        metadata: { now: ctx.now },
      },
      ctx,
    );
  }

  /** The cart with each item's current state, read from the position streams (no read model to wait for). */
  async get(codIpa: string, id: string): Promise<CarrelloView> {
    const { state } = await this.commands.load(CarrelloAggregate, carrelloStreamId(id));
    const c = state.created;
    // Another ente's cart is as invisible as a missing one.
    if (!c || c.codIpa !== codIpa) throw notFound('CARRELLO_NOT_FOUND', `carrello "${id}" does not exist for ente ${codIpa}`);
    const items = await Promise.all(
      c.items.map(async (i): Promise<CarrelloItemView> => {
        const { state: p } = await this.commands.load(PositionAggregate, positionStreamId(i.codIpa, i.iud));
        const r = p.receipts.find((x) => x.receiptId === p.paidBy);
        return {
          codIpa: i.codIpa,
          iud: i.iud,
          iuv: i.iuv,
          numeroAvviso: i.numeroAvviso,
          importo: centsToEuros(i.importo),
          causale: i.causale,
          stato: p.status,
          ...(r && { ricevuta: { receiptId: r.receiptId, importo: centsToEuros(r.amount), idPSP: r.idPSP, ...(r.paymentDateTime && { paymentDateTime: r.paymentDateTime }) } }),
        };
      }),
    );
    const outcome = carrelloOutcome(state.outcome, items.map((i) => i.stato));
    return {
      id: c.id,
      codIpa: c.codIpa,
      checkoutUrl: c.checkoutUrl,
      returnUrl: c.returnUrl,
      ...(c.payerEmail && { emailPagatore: c.payerEmail }),
      totale: centsToEuros(c.total),
      creatoIl: c.at,
      esito: outcome.esito,
      esitoRegistrato: outcome.registrato,
      ...(state.outcome && { esitoIl: state.outcome.at }),
      dovuti: items,
    };
  }
}
