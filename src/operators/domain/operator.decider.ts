import type { Decider } from '../../kernel/decider';
import { conflict, invalid } from '../../kernel/errors';
import type { OperatorCommand } from './operator.commands';
import type { OperatorEvent } from './operator.events';
import { checkRoles, checkUsername, operatorNotFound } from './operator.rules';
import { evolveOperators, initialOperatorsState, type OperatorsState } from './operator.state';

const HASH_FORMAT = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=_-]+\$[A-Za-z0-9+/=_-]+$/;

function decide(command: OperatorCommand, state: OperatorsState): OperatorEvent[] {
  switch (command.type) {
    case 'CreateOperator': {
      const { codIpa, passwordHash, at } = command.data;
      const username = checkUsername(command.data.username);
      const roles = checkRoles(command.data.roles);
      // A guard against a caller that forgot to hash: a clear password must never be stored in the log.
      if (!HASH_FORMAT.test(passwordHash)) throw invalid('PASSWORD_NOT_HASHED', 'password', 'the password must be stored as an scrypt hash');
      if (state.operators.has(username)) throw conflict('OPERATOR_EXISTS', `ente ${codIpa} already has an operator "${username}": remove it first to recreate it`, 'username');
      return [{ type: 'OperatorCreated', data: { codIpa, username, passwordHash, roles, at } }];
    }
    case 'RemoveOperator': {
      const { codIpa, at } = command.data;
      const username = checkUsername(command.data.username);
      if (!state.operators.has(username)) throw operatorNotFound(codIpa, username);
      return [{ type: 'OperatorRemoved', data: { codIpa, username, at } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

export const operatorsDecider: Decider<OperatorCommand, OperatorEvent, OperatorsState> = {
  initialState: initialOperatorsState,
  evolve: evolveOperators,
  decide,
};
