import type { AggregateType } from '../kernel/command-service';
import type { CarrelloCommand } from './domain/carrello.commands';
import { carrelloDecider, type CarrelloState } from './domain/carrello.decider';
import { CARRELLO_EVENT_VERSIONS, type CarrelloEvent } from './domain/carrello.events';

export const CarrelloAggregate: AggregateType<CarrelloCommand, CarrelloEvent, CarrelloState> = {
  decider: carrelloDecider,
  eventVersions: CARRELLO_EVENT_VERSIONS,
};
