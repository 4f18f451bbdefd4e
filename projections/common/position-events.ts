import type { RecordedEvent } from '../../src/kernel/events';
import { POSITION_EVENT_VERSIONS, type PositionEvent } from '../../src/positions/domain/position.events';

/** Every event type of a position stream; projections of positions handle them all. */
export const POSITION_EVENT_TYPES = Object.keys(POSITION_EVENT_VERSIONS) as readonly PositionEvent['type'][];

const positionTypes: ReadonlySet<string> = new Set(POSITION_EVENT_TYPES);
export const isPositionEvent = (event: RecordedEvent): boolean => positionTypes.has(event.type);

/** The domain event inside a recorded one, typed by its `type`. */
export const asPositionEvent = (event: RecordedEvent): PositionEvent => ({ type: event.type, data: event.data }) as PositionEvent;

/** Every position event names codIpa and iud (PositionCreated as part of the dovuto). */
export const positionRef = (event: RecordedEvent): { codIpa: string; iud: string; iuv: string } => {
  const d = event.data as { codIpa: string; iud: string; iuv: string };
  return { codIpa: d.codIpa, iud: d.iud, iuv: d.iuv };
};

/** Document id of a position in the read models: codIpa holds no '|', so the first '|' always splits it. */
export const positionKey = (codIpa: string, iud: string): string => `${codIpa}|${iud}`;
