import type { OperatorRole } from './operator.events';

/** The password arrives already hashed: hashing needs a random salt, which has no place in a decider. */
export interface CreateOperator {
  type: 'CreateOperator';
  data: { codIpa: string; username: string; passwordHash: string; roles: string[]; at: string };
}
export interface RemoveOperator {
  type: 'RemoveOperator';
  data: { codIpa: string; username: string; at: string };
}
export type OperatorCommand = CreateOperator | RemoveOperator;
export type { OperatorRole };
