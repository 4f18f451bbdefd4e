/**
 * One-off measurement, not a test: SQLite read-store upsert rate for ~1-KB documents in batches of 5,000,
 * lookup latencies on the resulting table, and the runner's rebuild rate over a SQLite event log.
 *
 *   node -e "<swc require hook>" test/projection-runner/measure-sqlite-read-store.ts [documents] [events]
 * (see the SIGKILL test in projection-runner.spec.ts for the hook), defaults 1,000,000 documents, 200,000 events.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store';
import type { Projection } from '../../src/read-store/projection';
import { ProjectionRunner } from '../../src/read-store/projection-runner';
import type { ReadModelDefinition } from '../../src/read-store/read-store.port';
import { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import { newEvent } from './toy-projections';

const args = process.argv.slice(process.argv.findIndex((a) => a.endsWith('measure-sqlite-read-store.ts')) + 1);
const DOCS = Number(args[0] ?? 1_000_000);
const EVENTS = Number(args[1] ?? 200_000);
const BATCH = 5000;

const positions: ReadModelDefinition = {
  collection: 'positions',
  key: 'id',
  fields: { iuv: 'string', codiceFiscale: 'string', enteId: 'string', status: 'string', dueDate: 'date', amount: 'number' },
  indexes: [{ fields: [['iuv', 1]], unique: true }, { fields: [['codiceFiscale', 1], ['dueDate', -1]] }, { fields: [['enteId', 1], ['status', 1], ['dueDate', -1]] }],
};
const padding = 'x'.repeat(700);
const doc = (i: number) => ({
  id: `pos-${i}`,
  iuv: `01${String(i).padStart(15, '0')}`,
  codiceFiscale: `CF${String(i % 200_000).padStart(14, '0')}`,
  enteId: `ente-${i % 50}`,
  status: i % 3 === 0 ? 'paid' : 'open',
  dueDate: `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
  amount: (i % 100_000) + 100,
  causale: `TARI 2024 rata ${i % 4}`,
  debtor: { name: 'Mario Rossi', address: 'Via Roma 1, 20100 Milano' },
  notes: padding,
});

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-measure-'));
  try {
    const store = SqliteReadStore.open(path.join(dir, 'read.db'));
    await store.defineVersion('positions', 1, [positions]);
    await store.promote('positions', 1);
    console.log(`document size: ${JSON.stringify(doc(123456)).length} bytes`);
    let t = process.hrtime.bigint();
    for (let start = 0, batchNo = 1; start < DOCS; start += BATCH, batchNo++) {
      const upserts = [];
      for (let i = start; i < Math.min(DOCS, start + BATCH); i++) upserts.push({ collection: 'positions', doc: doc(i) });
      await store.applyBatch('positions', { upserts, deletes: [] }, { position: BigInt(batchNo) });
    }
    let s = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(`upserts: ${DOCS} documents in ${s.toFixed(1)} s = ${Math.round(DOCS / s)} docs/s (batches of ${BATCH}, 3 secondary indexes)`);

    const lookups = (label: string, run: (i: number) => Promise<unknown>) =>
      (async () => {
        const times: number[] = [];
        for (let n = 0; n < 5000; n++) {
          const i = (n * 7919) % DOCS;
          const t0 = process.hrtime.bigint();
          await run(i);
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        times.sort((a, b) => a - b);
        console.log(`${label}: p50 ${pct(times, 50).toFixed(3)} ms, p99 ${pct(times, 99).toFixed(3)} ms`);
      })();
    await lookups('find by IUV', (i) => store.find('positions', { filter: { iuv: doc(i).iuv } }));
    await lookups('search by codice fiscale, newest first, 20 + count', (i) =>
      store.find('positions', { filter: { codiceFiscale: doc(i).codiceFiscale }, sort: { dueDate: -1 }, limit: 20, count: true }),
    );
    await lookups('ente + status page 1 of 20 with count', (i) =>
      store.find('positions', { filter: { enteId: doc(i).enteId, status: 'open' }, sort: { dueDate: -1 }, limit: 20, count: true }),
    );
    await store.close();

    // Runner rebuild rate: one document per 5 events, like a position stream.
    const events = SqliteEventStore.open(path.join(dir, 'events.db'));
    for (let start = 0; start < EVENTS; start += BATCH) {
      const requests = [];
      for (let i = start; i < Math.min(EVENTS, start + BATCH); i++)
        requests.push({ streamId: `pos-${Math.floor(i / 5)}`, events: [newEvent(i % 5 === 0 ? 'Created' : 'Updated', { i, iuv: doc(Math.floor(i / 5)).iuv })], expectedRevision: 'any' as const });
      await events.appendBatch(requests);
    }
    const projection: Projection = {
      name: 'measure',
      version: 1,
      readModels: [{ ...positions, collection: 'measured' }],
      handles: ['Created', 'Updated'],
      keys: (e) => [{ collection: 'measured', id: e.streamId }],
      evolve: (_c, d, e) => ({ ...(d ?? doc(Number(e.streamId.slice(4)))), updates: ((d?.updates as number) ?? 0) + 1 }),
    };
    const rs = SqliteReadStore.open(path.join(dir, 'read2.db'));
    const runner = new ProjectionRunner(projection, events, rs, { batchSize: BATCH });
    t = process.hrtime.bigint();
    await runner.start();
    await runner.waitFor(await events.headPosition(), 600_000);
    s = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(`runner rebuild: ${EVENTS} events (${EVENTS / 5} documents) in ${s.toFixed(1)} s = ${Math.round(EVENTS / s)} events/s`);
    await runner.stop();
    await rs.close();
    await events.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
