import { randomUUID } from 'node:crypto';

/** The only places where time and randomness enter the write side; tests substitute both. */
export interface Clock {
  now(): string;
}
export const systemClock: Clock = { now: () => new Date().toISOString() };

export interface IdGenerator {
  uuid(): string;
}
export const randomIds: IdGenerator = { uuid: () => randomUUID() };

export const CLOCK = Symbol('Clock');
export const ID_GENERATOR = Symbol('IdGenerator');
