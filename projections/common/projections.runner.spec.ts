/**
 * The four read models built by the real ProjectionRunner from a SQLite event log: proves that keys, documents
 * and declared fields fit what the runner and the store enforce, in batches that cut the log anywhere, and that
 * a rebuild gives the same documents as the live projection.
 */
import type { DomainEvent } from '../../src/kernel/decider';
import type { EventStore } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store';
import * as kit from '../../src/positions/domain/position.test-kit';
import { applyEventsInMemory, type Projection } from '../../src/read-store/projection';
import { ProjectionRunner } from '../../src/read-store/projection-runner';
import { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import { streamIdOf } from '../../test/helpers/recorded-event';
import { auditTrailProjection } from '../audit-trail/audit-trail.projection';
import { positionHistory } from '../audit-trail/audit-trail.queries';
import { configured, registered, tipo } from '../enti-catalog/enti-catalog.fixtures';
import { entiCatalogProjection } from '../enti-catalog/enti-catalog.projection';
import { searchEnti } from '../enti-catalog/enti-catalog.queries';
import { payerProjection } from '../payer/payer.projection';
import { payerPositions } from '../payer/payer.queries';
import { positionsProjection } from '../positions/positions.projection';
import { getPosition } from '../positions/positions.queries';

const ALL: Projection[] = [positionsProjection, auditTrailProjection, payerProjection, entiCatalogProjection];

let counter = 0;
async function append(es: EventStore, events: DomainEvent[]): Promise<bigint> {
  let last = 0n;
  for (const e of events) {
    counter += 1;
    const id = `10000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
    const at = (e.data as { at?: string }).at ?? kit.LATER;
    const result = await es.append(streamIdOf(e), [{ id, type: e.type, data: e.data, metadata: { correlationId: id, actor: 'api-key:c_a562/k1', occurredAt: at, schemaVersion: 1 } }], 'any');
    last = result.position;
  }
  return last;
}

const snapshot = async (store: SqliteReadStore, projection: Projection) => {
  const out: Record<string, unknown[]> = {};
  for (const rm of projection.readModels) out[rm.collection] = (await store.find(rm.collection, { sort: [[rm.key, 1]] })).items;
  return out;
};
const inMemory = async (es: EventStore, projection: Projection) => {
  const events = await es.readAll({ maxCount: 1000 });
  const docs = applyEventsInMemory(projection, events);
  return Object.fromEntries(
    projection.readModels.map((rm) => [rm.collection, [...(docs.get(rm.collection)?.entries() ?? [])].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d)]),
  );
};

describe('projections run by the ProjectionRunner', () => {
  let es: SqliteEventStore;
  let rs: SqliteReadStore;
  let runners: ProjectionRunner[];
  beforeEach(() => {
    es = SqliteEventStore.open(':memory:');
    rs = SqliteReadStore.open(':memory:');
    runners = ALL.map((p) => new ProjectionRunner(p, es, rs, { batchSize: 3, pollIntervalMs: 5 }));
  });
  afterEach(async () => {
    for (const r of runners) await r.stop();
    await rs.close();
    await es.close();
  });

  it('build, follow the log and rebuild to the same documents the pure functions give', async () => {
    await append(es, [
      registered('c_a562', 'Comune di Bari'),
      configured('c_a562', tipo({ codTipo: 'MENSA', descrizione: 'Mensa scolastica', importoFisso: 450 })),
      kit.created(),
      kit.paymentRequested(),
    ]);
    for (const r of runners) await r.start();
    const head = await append(es, [kit.receiptReceived(), kit.duplicatePaymentReceived({ receiptId: 'DUP' }), kit.reported(), kit.cashed(), kit.reconciled()]);
    for (const r of runners) expect(await r.waitFor(head, 5000)).toBe(true);

    expect(await getPosition(rs, 'c_a562', 'TARI-2024-0001')).toMatchObject({ stato: 'reconciled', importo: '147.92', revision: 6 });
    expect((await positionHistory(rs, 'c_a562', 'TARI-2024-0001')).map((e) => e.what)).toEqual([
      'Dovuto creato',
      'Richiesta di pagamento',
      'Ricevuta positiva',
      'Pagamento doppio',
      'Rendicontato',
      'Incassato',
      'Riconciliato',
    ]);
    expect((await payerPositions(rs, 'RSSMRA85T10A562S', { stato: 'pagati' })).items).toEqual([expect.objectContaining({ enteName: 'Comune di Bari', statoPagatore: 'pagato' })]);
    expect((await searchEnti(rs, { q: 'bari' })).items[0].tipiSpontanei).toEqual([{ codTipo: 'MENSA', descrizione: 'Mensa scolastica', importoFisso: '4.50' }]);

    for (const p of ALL) expect(await snapshot(rs, p)).toEqual(await inMemory(es, p));
    const live = await Promise.all(ALL.map((p) => snapshot(rs, p)));
    for (const r of runners) await r.rebuild();
    expect(await Promise.all(ALL.map((p) => snapshot(rs, p)))).toEqual(live);
  });
});
