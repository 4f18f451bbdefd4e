import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { CommandService } from '../../kernel/command-service';
import type { PositionState } from '../../positions/domain/position.state';
import { iuvReservationStreamId, positionStreamId } from '../../positions/domain/position.streams';
import { PositionAggregate } from '../../positions/position.aggregate';

const MAX_CACHED = 100_000;

/**
 * A position by IUV, on the write side: the IUV's reservation stream names the IUD (IuvReserved), and the IUD
 * names the position stream. A reservation never changes, so IUV → IUD is cached: verify, get payment and
 * receipt of one payment read the reservation once.
 */
@Injectable()
export class PositionFinder {
  private readonly iudByIuv = new Map<string, string>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandService,
  ) {}

  async iudOf(codIpa: string, iuv: string): Promise<string | undefined> {
    const key = `${codIpa}\u0000${iuv}`;
    const cached = this.iudByIuv.get(key);
    if (cached !== undefined) return cached;
    const [reserved] = await this.store.readStream(iuvReservationStreamId(codIpa, iuv), { maxCount: 1 });
    const iud = (reserved?.data as { iud?: string } | undefined)?.iud;
    if (iud === undefined) return undefined;
    if (this.iudByIuv.size >= MAX_CACHED) this.iudByIuv.delete(this.iudByIuv.keys().next().value as string);
    this.iudByIuv.set(key, iud);
    return iud;
  }

  /** The position's stream id and state, or undefined when no position of the ente has this IUV. */
  async byIuv(codIpa: string, iuv: string): Promise<{ streamId: string; iud: string; state: PositionState; revision: bigint; position: bigint } | undefined> {
    const iud = await this.iudOf(codIpa, iuv);
    if (iud === undefined) return undefined;
    const streamId = positionStreamId(codIpa, iud);
    const loaded = await this.commands.current(PositionAggregate, streamId);
    return loaded.state.position === null ? undefined : { streamId, iud, ...loaded };
  }
}
