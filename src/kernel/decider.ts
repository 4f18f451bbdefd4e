/**
 * A decider holds the rules of one aggregate and nothing else: no clock, no ids, no I/O.
 * Time and generated ids arrive inside the command, so the same inputs always give the same events.
 */
export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

export interface Decider<C, E extends DomainEvent, S> {
  readonly initialState: S;
  evolve(state: S, event: E): S;
  /** Returns the new events, [] when the command changes nothing (idempotent), or throws a DomainError. */
  decide(command: C, state: S): E[];
}

export const fold = <E extends DomainEvent, S>(d: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>, events: readonly E[]): S =>
  events.reduce(d.evolve, d.initialState);
