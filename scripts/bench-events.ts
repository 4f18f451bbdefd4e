/**
 * npm run bench:events [-- --positions 100000 --single 10000 --batch 1000]
 * Appends positions through the import batch path and through the single-command path on the embedded SQLite
 * store, next to a raw better-sqlite3 insert of the same rows in the same run (the physical baseline).
 */
import 'reflect-metadata';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store';
import { CommandService } from '../src/kernel/command-service';
import { randomIds } from '../src/kernel/clock';
import { EnteDirectory } from '../src/enti/ente.directory';
import { EnteAggregate } from '../src/enti/ente.aggregate';
import { enteStreamId } from '../src/enti/domain/ente.events';
import { IuvAllocator } from '../src/positions/iuv-allocator';
import { PositionsService } from '../src/positions/positions.service';
import { PositionBatchService, type BatchItem } from '../src/positions/position-batch.service';
import { finalLine, intArg, percentile, round, tempDir } from './bench-support';

const PAYERS = ['RSSMRA80A01H501U', 'VRDGPP75C12F205K', 'BNCLRA90D45L219Q', 'FRRLCU85T10A944S'];

async function main() {
  const positions = intArg('positions', 100_000);
  const single = intArg('single', 10_000);
  const batchSize = intArg('batch', 1000);
  const dir = tempDir('events');
  const store = SqliteEventStore.open(path.join(dir, 'events.db'));
  const commands = new CommandService(store, randomIds);
  const enti = new EnteDirectory(store);
  const iuvs = new IuvAllocator(store, randomIds);
  const service = new PositionsService(commands, enti, iuvs, store);
  const batch = new PositionBatchService(commands, service, iuvs, store);
  const now = new Date().toISOString();
  const ctx = { correlationId: 'bench', actor: 'system:bench', now };
  await commands.execute(EnteAggregate, enteStreamId('c_bench'), { type: 'RegisterEnte', data: { codIpa: 'c_bench', cfEnte: '02438750586', denominazione: 'Comune Bench', segregationCode: '01', idStazione: '02438750586_01', idIntermediario: '02438750586' }, metadata: { now } }, ctx);
  await commands.execute(EnteAggregate, enteStreamId('c_bench'), { type: 'ConfigureTipoDovuto', data: { codTipo: 'TARI', descrizione: 'TARI', iban: 'IT60X0542811101000000123456', active: true, spontaneous: false, datiSpecificiRiscossione: '9/0101100IM/', scadenzaObbligatoria: false }, metadata: { now } }, ctx);

  const input = (i: number) => ({
    iud: `BENCH-${i}`,
    payer: { tipo: 'F' as const, codiceIdentificativo: PAYERS[i % PAYERS.length], anagrafica: `Contribuente ${i}` },
    importo: 1000 + (i % 50_000),
    dataScadenza: '2026-12-31',
    tipoDovuto: 'TARI',
    causale: `TARI 2026 posizione ${i}`,
  });

  // Batch path.
  console.log(`batch path: ${positions} positions in batches of ${batchSize}...`);
  const t0 = process.hrtime.bigint();
  let rejected = 0;
  for (let start = 0; start < positions; start += batchSize) {
    const items: BatchItem[] = [];
    for (let i = start; i < Math.min(positions, start + batchSize); i++) items.push({ row: i + 1, azione: 'I', input: input(i) });
    const r = await batch.apply('c_bench', 'bench-import', items, ctx);
    rejected += r.outcomes.filter((o) => !o.ok).length;
  }
  const batchSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (rejected) throw new Error(`${rejected} rows were rejected: the benchmark data is wrong`);
  const batchRate = positions / batchSeconds;
  const eventsWritten = Number(await store.headPosition());

  // Single-command path (what POST /dovuti runs, without HTTP).
  console.log(`single-command path: ${single} positions one by one...`);
  const latencies: number[] = [];
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < single; i++) {
    const s = process.hrtime.bigint();
    const d = input(positions + i);
    await service.create('c_bench', { iud: d.iud, tipoDovuto: 'TARI', importo: (d.importo / 100).toFixed(2), dataScadenza: d.dataScadenza, causale: d.causale, pagatore: d.payer }, { ...ctx, now: new Date().toISOString() });
    latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const singleSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  latencies.sort((a, b) => a - b);
  await store.close();

  // Raw baseline: the same rows (two events per position, same payload sizes) straight into better-sqlite3.
  console.log('raw better-sqlite3 baseline...');
  const raw = new Database(path.join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec(`CREATE TABLE events(position INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE(stream_id, revision))`);
  const ins = raw.prepare('INSERT INTO events(id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?,?,?,?,?,?,?)');
  const meta = JSON.stringify({ correlationId: 'bench', actor: 'system:bench', occurredAt: now, schemaVersion: 1, idempotencyKey: 'bench-import:1' });
  const t2 = process.hrtime.bigint();
  for (let start = 0; start < positions; start += batchSize) {
    raw.transaction(() => {
      for (let i = start; i < Math.min(positions, start + batchSize); i++) {
        const d = input(i);
        ins.run(randomIds.uuid(), `iuv-c_bench-${i}`, 0, 'IuvReserved', JSON.stringify({ codIpa: 'c_bench', iuv: String(i).padStart(17, '0'), iud: d.iud, at: now }), meta, now);
        ins.run(randomIds.uuid(), `position-c_bench-${d.iud}`, 0, 'PositionCreated', JSON.stringify({ ...d, codIpa: 'c_bench', iuv: String(i).padStart(17, '0'), numeroAvviso: `3${String(i).padStart(17, '0')}`, datiSpecificiRiscossione: '9/0101100IM/', at: now }), meta, now);
      }
    })();
  }
  const rawSeconds = Number(process.hrtime.bigint() - t2) / 1e9;
  raw.close();
  const rawRate = positions / rawSeconds;

  console.log('');
  console.log(`batch path      ${round(batchRate)} positions/s (${round((batchRate * eventsWritten) / positions)} events/s), ${round(batchSeconds, 2)} s for ${positions}`);
  console.log(`raw baseline    ${round(rawRate)} positions/s, ${round(rawSeconds, 2)} s (better-sqlite3 inserts of the same rows)`);
  console.log(`ratio           ${round(rawRate / batchRate, 2)}x slower than raw (target ≤ 5x, and ≥ 20,000 positions/s)`);
  console.log(`single command  ${round(single / singleSeconds)} positions/s; latency p50 ${round(percentile(latencies, 50), 3)} ms, p99 ${round(percentile(latencies, 99), 3)} ms, max ${round(latencies[latencies.length - 1], 3)} ms (target p99 < 5 ms)`);
  finalLine({
    bench: 'events',
    value: round(batchRate),
    unit: 'positions/s',
    baseline: round(rawRate),
    ratio: round(rawRate / batchRate, 2),
    single_p50_ms: round(percentile(latencies, 50), 3),
    single_p99_ms: round(percentile(latencies, 99), 3),
    positions,
    single,
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
