import type { AggregateType } from '../kernel/command-service';
import type { OperatorCommand } from './domain/operator.commands';
import { operatorsDecider } from './domain/operator.decider';
import { OPERATOR_EVENT_VERSIONS, type OperatorEvent } from './domain/operator.events';
import type { OperatorsState } from './domain/operator.state';

export const OperatorsAggregate: AggregateType<OperatorCommand, OperatorEvent, OperatorsState> = {
  decider: operatorsDecider,
  eventVersions: OPERATOR_EVENT_VERSIONS,
};
