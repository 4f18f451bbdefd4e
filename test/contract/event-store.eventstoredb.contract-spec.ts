import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb-event-store';
import { eventStoreContract } from './event-store.contract';

/**
 * Runs against a real EventStoreDB when EVENTSTORE_URL is set (e.g. esdb://localhost:2113?tls=false, the
 * docker-compose service). Stream names are unique per run, so a shared server is fine.
 */
const url = process.env.EVENTSTORE_URL;
if (!url) console.log('SKIP: EventStoreDB contract suite: EVENTSTORE_URL not set');

(url ? describe : describe.skip)('EventStoreDbEventStore', () => {
  jest.setTimeout(30_000);
  eventStoreContract('eventstoredb', async () => EventStoreDbEventStore.connect(url ?? ''), undefined, { atomicBatch: false });
});
