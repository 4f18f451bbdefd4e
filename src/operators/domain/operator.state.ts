import type { OperatorEvent, OperatorRole } from './operator.events';

export interface OperatorAccount {
  readonly username: string;
  readonly passwordHash: string;
  readonly roles: readonly OperatorRole[];
  readonly createdAt: string;
}

/** Active accounts of one ente by username; a removed account is gone (its name may be given out again). */
export interface OperatorsState {
  readonly operators: ReadonlyMap<string, OperatorAccount>;
}

export const initialOperatorsState: OperatorsState = { operators: new Map() };

export function evolveOperators(state: OperatorsState, event: OperatorEvent): OperatorsState {
  switch (event.type) {
    case 'OperatorCreated': {
      const { username, passwordHash, roles, at } = event.data;
      return { operators: new Map(state.operators).set(username, { username, passwordHash, roles: [...roles], createdAt: at }) };
    }
    case 'OperatorRemoved': {
      const operators = new Map(state.operators);
      operators.delete(event.data.username);
      return { operators };
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
