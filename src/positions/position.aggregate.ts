import type { AggregateType } from '../kernel/command-service';
import { positionDecider } from './domain/position.decider';
import type { PositionCommand } from './domain/position.commands';
import { POSITION_EVENT_VERSIONS, type PositionEvent } from './domain/position.events';
import type { PositionState } from './domain/position.state';
import { iuvReservationDecider, IUV_RESERVATION_EVENT_VERSIONS, type IuvReserved, type IuvReservationState, type ReserveIuv } from './domain/iuv-reservation.decider';

export const PositionAggregate: AggregateType<PositionCommand, PositionEvent, PositionState> = {
  decider: positionDecider,
  eventVersions: POSITION_EVENT_VERSIONS,
  // The Node touches a position three times in a row (verify, activate, receipt): keep the recent ones folded.
  cachedStates: 20_000,
};

export const IuvReservationAggregate: AggregateType<ReserveIuv, IuvReserved, IuvReservationState> = {
  decider: iuvReservationDecider,
  eventVersions: IUV_RESERVATION_EVENT_VERSIONS,
};
