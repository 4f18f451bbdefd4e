import { Inject, Injectable, Logger } from '@nestjs/common';
import { EnteDirectory } from '../enti/ente.directory';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { CARRELLO_EVENT_VERSIONS, carrelloStreamId, type CarrelloCreated, type CarrelloOutcomeRecorded } from '../carrelli/domain/carrello.events';
import type { CommandContext } from '../kernel/command-context';
import { CommandService } from '../kernel/command-service';
import { notFound } from '../kernel/errors';
import { NodeSimulator } from './node-simulator';

export interface LoadedCarrello {
  created: CarrelloCreated['data'];
  outcome?: CarrelloOutcomeRecorded['data'];
  revision: bigint;
}

/**
 * The checkout the carrelli send citizens to, played by the simulator: "Paga" pays every item through the
 * paForNode endpoint exactly as the Node would, then records the cart's outcome and sends the citizen back.
 */
@Injectable()
export class CheckoutService {
  private readonly logger = new Logger('simulator.checkout');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandService,
    private readonly enti: EnteDirectory,
  ) {}

  async load(id: string): Promise<LoadedCarrello> {
    const events = await this.store.readStream(carrelloStreamId(id));
    const created = events.find((e) => e.type === 'CarrelloCreated')?.data as CarrelloCreated['data'] | undefined;
    if (!created) throw notFound('CARRELLO_NOT_FOUND', `carrello "${id}" does not exist`);
    const outcome = events.find((e) => e.type === 'CarrelloOutcomeRecorded')?.data as CarrelloOutcomeRecorded['data'] | undefined;
    return { created, outcome, revision: events[events.length - 1]!.revision };
  }

  /** Pays (or abandons) the cart; returns where the citizen goes next. Repeating it changes nothing. */
  async settle(id: string, action: 'pay' | 'cancel', baseUrl: string, ctx: CommandContext): Promise<string> {
    const cart = await this.load(id);
    if (cart.outcome) return returnUrl(cart.created.returnUrl, cart.outcome.outcome, id);
    const receipts: CarrelloOutcomeRecorded['data']['receipts'][number][] = [];
    if (action === 'cancel') {
      for (const i of cart.created.items) receipts.push({ codIpa: i.codIpa, iuv: i.iuv, outcome: 'KO' });
    } else {
      const node = new NodeSimulator({ baseUrl, concurrency: 1 });
      try {
        for (const item of cart.created.items) {
          const ente = (await this.enti.get(item.codIpa))?.profile;
          try {
            if (!ente) throw new Error(`ente ${item.codIpa} is not registered`);
            const paid = await node.pay(item.numeroAvviso, { ente });
            receipts.push({ codIpa: item.codIpa, iuv: item.iuv, receiptId: paid.receiptId, outcome: 'OK' });
          } catch (e) {
            this.logger.warn({ msg: 'checkout item not paid', correlationId: ctx.correlationId, carrello: id, iuv: item.iuv, err: (e as Error).message });
            receipts.push({ codIpa: item.codIpa, iuv: item.iuv, outcome: 'KO' });
          }
        }
      } finally {
        node.close();
      }
    }
    const outcome: 'OK' | 'KO' = receipts.length > 0 && receipts.every((r) => r.outcome === 'OK') ? 'OK' : 'KO';
    const event: CarrelloOutcomeRecorded = { type: 'CarrelloOutcomeRecorded', data: { id, outcome, receipts, at: ctx.now } };
    const streamId = carrelloStreamId(id);
    try {
      await this.store.append(streamId, this.commands.envelopes({ eventVersions: CARRELLO_EVENT_VERSIONS }, streamId, [event], ctx, cart.revision), cart.revision);
    } catch (e) {
      // A concurrent click recorded the outcome first: that one stands.
      const again = await this.load(id);
      if (again.outcome) return returnUrl(again.created.returnUrl, again.outcome.outcome, id);
      throw e;
    }
    return returnUrl(cart.created.returnUrl, outcome, id);
  }
}

function returnUrl(base: string, esito: 'OK' | 'KO', id: string): string {
  const url = new URL(base);
  url.searchParams.set('esito', esito);
  url.searchParams.set('idCarrello', id);
  return url.toString();
}
