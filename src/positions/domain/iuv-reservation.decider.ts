import type { Decider, DomainEvent } from '../../kernel/decider';
import { conflict } from '../../kernel/errors';

/**
 * Keeps an IUV to one position of an ente, for ever: pagoPA forbids reusing an IUV, even of a cancelled position.
 * Stream: iuvReservationStreamId(codIpa, iuv). The handler reserves before creating the position.
 */
export interface ReserveIuv {
  readonly type: 'ReserveIuv';
  readonly data: { readonly codIpa: string; readonly iuv: string; readonly iud: string };
  readonly metadata: { readonly now: string };
}

export type IuvReserved = DomainEvent<'IuvReserved', { readonly codIpa: string; readonly iuv: string; readonly iud: string; readonly at: string }>;

export type IuvReservationState = { readonly reservedFor?: string };

export const IUV_RESERVATION_EVENT_VERSIONS = { IuvReserved: 1 } as const satisfies Record<IuvReserved['type'], number>;

export const iuvReservationDecider: Decider<ReserveIuv, IuvReserved, IuvReservationState> = {
  initialState: {},
  evolve: (_state, event) => ({ reservedFor: event.data.iud }),
  decide(command, state) {
    const { codIpa, iuv, iud } = command.data;
    if (state.reservedFor === iud) return [];
    if (state.reservedFor !== undefined) {
      throw conflict('IUV_ALREADY_USED', `IUV ${iuv} already belongs to dovuto "${state.reservedFor}" of this ente: an IUV is never reused`, 'iuv', {
        iud: state.reservedFor,
      });
    }
    return [{ type: 'IuvReserved', data: { codIpa, iuv, iud, at: command.metadata.now } }];
  },
};
