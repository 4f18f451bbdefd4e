import type { EventStore } from './event-store.port';
import { sqlitePath } from '../config/config';
import { SqliteEventStore } from './sqlite-event-store';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/** EVENT_STORE_URL picks the adapter: sqlite:<file> (embedded) or esdb://... (EventStoreDB). */
export async function openEventStore(url: string): Promise<EventStore> {
  const file = sqlitePath(url);
  if (file !== undefined) return SqliteEventStore.open(file);
  if (/^esdbs?(\+discover)?:\/\//.test(url)) return EventStoreDbEventStore.connect(url);
  throw new Error(`EVENT_STORE_URL "${url}" is neither sqlite:<file> nor esdb://<host>`);
}
