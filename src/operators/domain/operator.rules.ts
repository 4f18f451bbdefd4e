import { DomainError, invalid } from '../../kernel/errors';
import { OPERATOR_ROLES, type OperatorRole } from './operator.events';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** Usernames are compared lower case: "M.Rossi" and "m.rossi" are the same person at the login form. */
export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function checkUsername(username: string): string {
  const u = normaliseUsername(username);
  if (!USERNAME.test(u))
    throw invalid('INVALID_USERNAME', 'username', `username "${username}" must be 3–64 characters of a–z, 0–9, ".", "_" or "-", starting with a letter or digit`);
  return u;
}

/** Length is the rule that matters (NIST 800-63B); no composition rules that push people to "Password1!". */
export function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw invalid('PASSWORD_TOO_SHORT', 'password', `password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  if ([...password].length > MAX_PASSWORD_LENGTH) throw invalid('PASSWORD_TOO_LONG', 'password', `password must be at most ${MAX_PASSWORD_LENGTH} characters long`);
}

export function checkRoles(roles: readonly string[]): OperatorRole[] {
  if (roles.length === 0) throw invalid('ROLES_REQUIRED', 'roles', `roles must name at least one of ${OPERATOR_ROLES.join(', ')}`);
  for (const r of roles)
    if (!(OPERATOR_ROLES as readonly string[]).includes(r)) throw invalid('UNKNOWN_ROLE', 'roles', `role "${r}" is not one of ${OPERATOR_ROLES.join(', ')}`);
  return [...new Set(roles as OperatorRole[])].sort();
}

export const operatorNotFound = (codIpa: string, username: string) =>
  new DomainError('OPERATOR_NOT_FOUND', `ente ${codIpa} has no operator "${username}"`, 'not_found', 'username');
