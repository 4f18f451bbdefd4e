import type { DomainEvent } from '../../kernel/decider';

export const OPERATOR_ROLES = ['admin', 'operatore'] as const;
/** admin: manages the ente's operator accounts; operatore: works in the console. */
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** passwordHash is "scrypt$N$r$p$<salt b64>$<hash b64>": the clear password never reaches an event. */
export type OperatorCreated = DomainEvent<
  'OperatorCreated',
  { readonly codIpa: string; readonly username: string; readonly passwordHash: string; readonly roles: readonly OperatorRole[]; readonly at: string }
>;
export type OperatorRemoved = DomainEvent<'OperatorRemoved', { readonly codIpa: string; readonly username: string; readonly at: string }>;

export type OperatorEvent = OperatorCreated | OperatorRemoved;

export const OPERATOR_EVENT_VERSIONS = { OperatorCreated: 1, OperatorRemoved: 1 } as const;

/** One stream per ente holds all its operator accounts: a handful of events, read whole at login. */
export const operatorsStreamId = (codIpa: string) => `operators-${codIpa}`;
