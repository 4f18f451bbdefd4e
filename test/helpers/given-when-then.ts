import { fold, type Decider, type DomainEvent } from '../../src/kernel/decider';
import { DomainError, type ErrorKind } from '../../src/kernel/errors';

/**
 * given(decider)(...pastEvents).when(command).then(expectedEvents), in the style of emmett's DeciderSpecification.
 * `then` also folds the new events onto the state, so an event the decider emits but cannot evolve fails the test.
 */
export interface Then<E extends DomainEvent, S> {
  /** Exactly these events, in this order. */
  then(expected: E[]): void;
  /** Events matching these partial shapes (toMatchObject), e.g. when only some data fields matter. */
  thenMatches(expected: Array<Partial<E> | { type: E['type']; data?: unknown }>): void;
  /** The command is refused with this DomainError code (and, if given, kind/field). */
  thenThrows(code: string, expected?: { kind?: ErrorKind; field?: string; message?: RegExp | string }): DomainError;
  /** The command is accepted and changes nothing (idempotent repeat). */
  thenNothing(): void;
  /** Runs the command and returns the events and the state after them, for assertions on derived state. */
  thenState(): { events: E[]; state: S };
}

export function given<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return (...past: E[]) => ({
    when(command: C): Then<E, S> {
      const run = () => {
        const state = fold(decider, past);
        const events = decider.decide(command, state);
        return { events, state: events.reduce(decider.evolve, state) };
      };
      return {
        then(expected) {
          expect(run().events).toEqual(expected);
        },
        thenMatches(expected) {
          const { events } = run();
          expect(events).toHaveLength(expected.length);
          expect(events).toMatchObject(expected);
        },
        thenThrows(code, expected = {}) {
          let error: unknown;
          let events: E[] | undefined;
          try {
            events = run().events;
          } catch (e) {
            error = e;
          }
          if (error === undefined) throw new Error(`expected the command to be refused with ${code}, but it produced ${JSON.stringify(events)}`);
          expect(error).toBeInstanceOf(DomainError);
          const e = error as DomainError;
          expect(e.code).toBe(code);
          if (expected.kind !== undefined) expect(e.kind).toBe(expected.kind);
          if (expected.field !== undefined) expect(e.field).toBe(expected.field);
          if (expected.message !== undefined) expect(e.message).toMatch(expected.message);
          return e;
        },
        thenNothing() {
          expect(run().events).toEqual([]);
        },
        thenState() {
          return run();
        },
      };
    },
  });
}
