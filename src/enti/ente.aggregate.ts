import type { AggregateType } from '../kernel/command-service';
import { enteDecider } from './domain/ente.decider';
import type { EnteCommand } from './domain/ente.commands';
import { ENTE_EVENT_VERSIONS, type EnteEvent } from './domain/ente.events';
import type { EnteState } from './domain/ente.state';

export const EnteAggregate: AggregateType<EnteCommand, EnteEvent, EnteState> = {
  decider: enteDecider,
  eventVersions: ENTE_EVENT_VERSIONS,
};
