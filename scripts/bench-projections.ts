/**
 * npm run bench:projections [-- --positions 1000000 --receipts 0.2 --lookups 2000 --threads 2 --batch 5000]
 * Fills an embedded event store with position events, then rebuilds every projection from the first event,
 * next to a plain sequential read of the same log (the baseline). Then measures the position lookup by IUV and
 * the search by codice fiscale on the resulting store.
 */
import 'reflect-metadata';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store';
import { DEFAULT_BACKGROUND_NICE } from '../src/config/config';
import { SqliteReadStore } from '../src/read-store/sqlite-read-store';
import { ProjectionSupervisor } from '../src/read-store/projection-supervisor';
import type { AppendRequest } from '../src/event-store/event-store.port';
import type { EventMetadata } from '../src/kernel/events';
import { buildIuv } from '../src/kernel/identifiers/iuv';
import { numeroAvvisoFromIuv } from '../src/kernel/identifiers/numero-avviso';
import { codiceFiscaleCheckCharacter } from '../src/kernel/identifiers/codice-fiscale';
import { positionStreamId } from '../src/positions/domain/position.streams';
import { ALL_PROJECTIONS } from '../projections';
import { getPosition, searchPositions } from '../projections/positions/positions.queries';
import { finalLine, intArg, percentile, round, tempDir, timePlainLogRead } from './bench-support';

const CF_COUNT = 50_000;

function payerCf(i: number): string {
  const n = String(i % CF_COUNT).padStart(5, '0');
  // RSSMRA + 2-digit year + month letter + day + comune: digits vary per payer, the check character is computed.
  const base = `RSSMRA${n.slice(0, 2)}A${String(1 + (Number(n.slice(2, 4)) % 28)).padStart(2, '0')}H${String(100 + (Number(n.slice(4)) % 900)).padStart(3, '0')}`;
  return base + codiceFiscaleCheckCharacter(base);
}

async function main() {
  const positions = intArg('positions', 1_000_000);
  const receiptShare = Number(process.argv[process.argv.indexOf('--receipts') + 1] ?? 0.2) || 0.2;
  const lookups = intArg('lookups', 2000);
  const dir = tempDir('projections');
  const events = SqliteEventStore.open(path.join(dir, 'events.db'));
  const now = '2026-11-26T10:00:00.000Z';
  const meta = (): EventMetadata => ({ correlationId: 'bench', actor: 'system:bench', occurredAt: now, schemaVersion: 1 });

  console.log(`writing ${positions} positions (${Math.round(receiptShare * 100)}% paid) to the log...`);
  const tw = Date.now();
  const iuvs: string[] = [];
  for (let start = 0; start < positions; start += 10_000) {
    const batch: AppendRequest[] = [];
    for (let i = start; i < Math.min(positions, start + 10_000); i++) {
      const iuv = buildIuv('01', String(i + 1).padStart(13, '0'));
      iuvs.push(iuv);
      const iud = `P-${i}`;
      const importo = 1000 + (i % 90_000);
      const created = {
        id: randomUUID(),
        type: 'PositionCreated',
        data: { codIpa: 'c_bench', iud, iuv, numeroAvviso: numeroAvvisoFromIuv(iuv), payer: { tipo: 'F', codiceIdentificativo: payerCf(i), anagrafica: `Contribuente ${i % CF_COUNT}` }, importo, dataScadenza: '2026-12-31', tipoDovuto: 'TARI', causale: `TARI 2026 ${i}`, datiSpecificiRiscossione: '9/0101100IM/', at: now },
        metadata: meta(),
      };
      const evs = [created];
      if ((i % 1000) / 1000 < receiptShare) {
        evs.push({
          id: randomUUID(),
          type: 'ReceiptReceived',
          data: { codIpa: 'c_bench', iud, iuv, at: now, receiptId: `R${i}`, outcome: 'OK', amount: importo, idPSP: 'BPPIITRRXXX', pspName: 'Poste', paymentDateTime: now, transfers: [{ index: 1, idTransfer: 1, amount: importo, iban: 'IT60X0542811101000000123456', cfEnte: '02438750586', remittanceInformation: 'TARI' }], channel: 'simulator', expectedAmount: importo, amountMismatch: false, paidAfterCancellation: false, paidAfterExpiry: false } as never,
          metadata: meta(),
        });
      }
      batch.push({ streamId: positionStreamId('c_bench', iud), events: evs as never, expectedRevision: 'no_stream' });
    }
    await events.appendBatch(batch);
  }
  const total = Number(await events.headPosition());
  console.log(`  ${total} events written in ${round((Date.now() - tw) / 1000, 1)} s`);

  // Baseline: read the whole log in order, as the runners do, doing nothing with it.
  const { seconds: baselineSeconds, rate: baselineRate } = await timePlainLogRead(events);

  // Rebuild every projection from the first event, as the server runs them: in projection threads (the embedded
  // default, --threads 0 for the main loop), each thread with one shared reader of the log.
  const readFile = path.join(dir, 'read.db');
  const batchSize = intArg('batch', 5000);
  const threads = intArg('threads', 2, 0);
  const supervisor =
    threads > 0
      ? ProjectionSupervisor.createThreaded(ALL_PROJECTIONS, { eventStoreUrl: `sqlite:${path.join(dir, 'events.db')}`, readStoreUrl: `sqlite:${readFile}`, threads, options: { batchSize }, backgroundNice: DEFAULT_BACKGROUND_NICE })
      : ProjectionSupervisor.create(ALL_PROJECTIONS, events, SqliteReadStore.open(readFile), { batchSize });
  console.log(`rebuilding ${ALL_PROJECTIONS.map((p) => p.name).join(', ')} from ${total} events${threads > 0 ? ` in ${threads} threads` : ' on the main loop'}...`);
  const tr = process.hrtime.bigint();
  // CPU of the process (every thread) next to the wall time: on a shared machine it is the steadier figure.
  const cpu0 = process.cpuUsage();
  const perProjection: Record<string, number> = {};
  await supervisor.startAll();
  await Promise.all(
    ALL_PROJECTIONS.map(async (p) => {
      const runner = supervisor.runnerFor(p.name)!;
      if (!(await runner.waitFor(BigInt(total), 3_600_000))) throw new Error(`${p.name} did not catch up: ${JSON.stringify(runner.status(), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
      perProjection[p.name] = round(total / (Number(process.hrtime.bigint() - tr) / 1e9));
    }),
  );
  const rebuildSeconds = Number(process.hrtime.bigint() - tr) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await supervisor.stopAll();
  const reads = SqliteReadStore.open(readFile);
  const rebuildRate = total / rebuildSeconds;

  // Lookups on the rebuilt store.
  const byIuv: number[] = [];
  const byCf: number[] = [];
  for (let k = 0; k < lookups; k++) {
    const i = Math.floor(Math.random() * positions);
    let t = process.hrtime.bigint();
    const found = await searchPositions(reads, 'c_bench', { iuv: iuvs[i] });
    byIuv.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (found.items[0]?.iud !== `P-${i}`) throw new Error(`lookup by IUV ${iuvs[i]} found ${found.items[0]?.iud}`);
    t = process.hrtime.bigint();
    const page = await searchPositions(reads, 'c_bench', { codiceFiscale: payerCf(i), pageSize: 20 });
    byCf.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (page.items.length === 0) throw new Error(`search by CF ${payerCf(i)} found nothing`);
  }
  await getPosition(reads, 'c_bench', 'P-0');
  byIuv.sort((a, b) => a - b);
  byCf.sort((a, b) => a - b);

  const iuvPlan = reads.explainFind('positions', { filter: { codIpa: 'c_bench', iuv: iuvs[0] }, sort: [['createdAt', -1]], limit: 20 }).join('; ');
  const cfPlan = reads.explainFind('positions', { filter: { codIpa: 'c_bench', payerId: payerCf(0) }, sort: [['createdAt', -1]], limit: 20 }).join('; ');
  await reads.close();
  await events.close();

  console.log('');
  console.log(`machine    ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine slows every figure)`);
  console.log(`baseline   ${round(baselineRate)} events/s: plain sequential read of the log (${round(baselineSeconds, 2)} s)`);
  console.log(`rebuild    ${round(rebuildRate)} events/s: all ${ALL_PROJECTIONS.length} projections together (${round(rebuildSeconds, 1)} s); per projection ${JSON.stringify(perProjection)}`);
  console.log(`cpu        ${round(cpuSeconds, 1)} s of CPU for the rebuild (${round(total / cpuSeconds)} events per CPU-second)`);
  console.log(`ratio      ${round(baselineRate / rebuildRate, 2)}x the plain read (target ≥ 50,000 events/s)`);
  console.log(`lookup by IUV        p50 ${round(percentile(byIuv, 50), 3)} ms  p99 ${round(percentile(byIuv, 99), 3)} ms  max ${round(byIuv[byIuv.length - 1], 3)} ms  (target p99 < 10 ms, ${positions} positions)`);
  console.log(`search by CF (20/pg) p50 ${round(percentile(byCf, 50), 3)} ms  p99 ${round(percentile(byCf, 99), 3)} ms  max ${round(byCf[byCf.length - 1], 3)} ms`);
  console.log(`plans      by IUV: ${iuvPlan}`);
  console.log(`           by CF:  ${cfPlan}`);
  finalLine({
    bench: 'projections',
    value: round(rebuildRate),
    unit: 'events/s',
    baseline: round(baselineRate),
    ratio: round(baselineRate / rebuildRate, 2),
    events: total,
    positions,
    cpu_seconds: round(cpuSeconds, 1),
    iuv_p99_ms: round(percentile(byIuv, 99), 3),
    cf_p99_ms: round(percentile(byCf, 99), 3),
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
