import { given } from '../../../test/helpers/given-when-then';
import { checkPassword } from './operator.rules';
import { operatorsDecider } from './operator.decider';
import type { OperatorCommand } from './operator.commands';
import type { OperatorEvent } from './operator.events';

const HASH = 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA==';
const AT = '2026-03-02T09:00:00.000Z';
const spec = given(operatorsDecider);

const create = (over: Partial<Extract<OperatorCommand, { type: 'CreateOperator' }>['data']> = {}): OperatorCommand => ({
  type: 'CreateOperator',
  data: { codIpa: 'c_h501', username: 'm.rossi', passwordHash: HASH, roles: ['operatore'], at: AT, ...over },
});
const remove = (username = 'm.rossi'): OperatorCommand => ({ type: 'RemoveOperator', data: { codIpa: 'c_h501', username, at: AT } });
const created = (username = 'm.rossi', roles: ('admin' | 'operatore')[] = ['operatore']): OperatorEvent => ({
  type: 'OperatorCreated',
  data: { codIpa: 'c_h501', username, passwordHash: HASH, roles, at: AT },
});
const removed = (username = 'm.rossi'): OperatorEvent => ({ type: 'OperatorRemoved', data: { codIpa: 'c_h501', username, at: AT } });

describe('operators decider', () => {
  it('creates an operator with a lower-case username and sorted, distinct roles', () => {
    spec()
      .when(create({ username: 'M.Rossi', roles: ['operatore', 'admin', 'operatore'] }))
      .then([{ type: 'OperatorCreated', data: { codIpa: 'c_h501', username: 'm.rossi', passwordHash: HASH, roles: ['admin', 'operatore'], at: AT } }]);
  });

  it('refuses a second operator with the same username, whatever its case', () => {
    spec(created()).when(create({ username: 'M.ROSSI' })).thenThrows('OPERATOR_EXISTS', { kind: 'conflict', field: 'username' });
  });

  it('gives a removed username out again', () => {
    spec(created(), removed()).when(create()).thenMatches([{ type: 'OperatorCreated', data: { username: 'm.rossi' } }]);
  });

  it('refuses a role that does not exist and an empty role list', () => {
    spec().when(create({ roles: ['superuser'] })).thenThrows('UNKNOWN_ROLE', { field: 'roles', message: /superuser/ });
    spec().when(create({ roles: [] })).thenThrows('ROLES_REQUIRED', { field: 'roles' });
  });

  it('refuses a username with spaces or too short', () => {
    spec().when(create({ username: 'mario rossi' })).thenThrows('INVALID_USERNAME', { field: 'username' });
    spec().when(create({ username: 'mr' })).thenThrows('INVALID_USERNAME');
  });

  it('never stores a password that is not an scrypt hash', () => {
    spec().when(create({ passwordHash: 'correct horse battery staple' })).thenThrows('PASSWORD_NOT_HASHED', { field: 'password' });
  });

  it('removes an operator, who is then no longer in the state', () => {
    const { events, state } = spec(created(), created('l.bianchi', ['admin'])).when(remove()).thenState();
    expect(events).toEqual([removed()]);
    expect([...state.operators.keys()]).toEqual(['l.bianchi']);
  });

  it('refuses to remove an operator that does not exist or was already removed', () => {
    spec().when(remove('nessuno')).thenThrows('OPERATOR_NOT_FOUND', { kind: 'not_found' });
    spec(created(), removed()).when(remove()).thenThrows('OPERATOR_NOT_FOUND');
  });
});

describe('password rule', () => {
  it('asks for at least 12 characters, counted as characters not bytes', () => {
    expect(() => checkPassword('short-pass1')).toThrow(/at least 12/);
    expect(() => checkPassword('dodici-carat')).not.toThrow();
    expect(() => checkPassword('àèìòùàèìòùàè')).not.toThrow();
    expect(() => checkPassword('àèìòùàèìòùà')).toThrow(/at least 12/);
  });
});
