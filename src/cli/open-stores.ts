import { loadConfig, type QuadraConfig } from '../config/config';
import { openEventStore } from '../event-store/open-event-store';
import { openReadStore } from '../read-store/open-read-store';
import type { EventStore } from '../event-store/event-store.port';
import type { ReadStore } from '../read-store/read-store.port';

/** The CLI talks to the same stores as the server, chosen by the same environment variables. */
export async function openStores(config: QuadraConfig = loadConfig()): Promise<{ config: QuadraConfig; events: EventStore; reads: ReadStore; close(): Promise<void> }> {
  const events = await openEventStore(config.eventStoreUrl);
  const reads = await openReadStore(config.readStoreUrl);
  return {
    config,
    events,
    reads,
    close: async () => {
      await reads.close();
      await events.close();
    },
  };
}
