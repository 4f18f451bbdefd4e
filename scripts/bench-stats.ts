/**
 * npm run bench:stats [-- --payments 1000000 --repeat 100]
 * Fills an embedded event store with reconciled payments spread over three years (PositionCreated, ReceiptReceived,
 * PositionReported, PositionCashed each) and closed accertamenti holding a fifth of them, split over capitoli.
 * Builds the statistics projection from the first event, next to a plain sequential read of the same log (the
 * baseline, as bench:projections measures it), then times every statistics query (each dimension × granularity
 * over the three years): target p99 < 20 ms.
 */
import 'reflect-metadata';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store';
import { SqliteReadStore } from '../src/read-store/sqlite-read-store';
import { ProjectionRunner } from '../src/read-store/projection-runner';
import type { AppendRequest } from '../src/event-store/event-store.port';
import type { EventMetadata, NewEvent } from '../src/kernel/events';
import { buildIuv } from '../src/kernel/identifiers/iuv';
import { numeroAvvisoFromIuv } from '../src/kernel/identifiers/numero-avviso';
import { positionStreamId } from '../src/positions/domain/position.streams';
import { accertamentoStreamId, type AccertamentoPayment } from '../src/accertamenti/domain/accertamento.events';
import { statisticsProjection } from '../projections/statistics/statistics.projection';
import { statistics } from '../projections/statistics/statistics.queries';
import { STAT_DIMENSIONS, STAT_GRANULARITIES } from '../projections/statistics/statistics.read-model';
import { finalLine, intArg, percentile, round, tempDir, timePlainLogRead, removeTempDir } from './bench-support';

const ENTE = 'c_bench';
const FIRST_DAY = Date.UTC(2023, 0, 1);
const DAYS = 1096; // 2023, 2024 (leap) and 2025
const DAY_MS = 86_400_000;
const TIPI = ['TARI', 'IMU', 'MENSA', 'ZTL', 'CIMITERI'];
const UFFICIO_OF_TIPO = ['UFF-TRIB', 'UFF-TRIB', 'UFF-SOC', 'UFF-MOB', 'UFF-SERV'];
/** Payments per closed accertamento, and which share of the payments gets assessed. */
const PER_ACCERTAMENTO = 500;
const ASSESSED_EVERY = 5;

const date = (dayIndex: number) => new Date(FIRST_DAY + dayIndex * DAY_MS).toISOString().slice(0, 10);

async function main() {
  const payments = intArg('payments', 1_000_000);
  const repeat = intArg('repeat', 100);
  const dir = tempDir('stats');
  const events = SqliteEventStore.open(path.join(dir, 'events.db'));
  const now = '2026-01-15T10:00:00.000Z';
  const meta = (): EventMetadata => ({ correlationId: 'bench', actor: 'system:bench', occurredAt: now, schemaVersion: 1 });
  const event = (type: string, data: unknown): NewEvent => ({ id: randomUUID(), type, data, metadata: meta() });

  console.log(`writing ${payments} reconciled payments over 3 years, a fifth of them in closed accertamenti...`);
  const tw = Date.now();
  // Payments waiting to be assessed, per tipo dovuto and budget year: flushed as one closed accertamento when full.
  const pending = new Map<string, AccertamentoPayment[]>();
  let accertamenti = 0;
  const closeAccertamento = (key: string, list: AccertamentoPayment[]): AppendRequest => {
    const [tipo, anno] = key.split('|');
    const id = `ACC-${tipo}-${anno}-${++accertamenti}`;
    const at = now;
    return {
      streamId: accertamentoStreamId(ENTE, id),
      expectedRevision: 'no_stream',
      events: [
        event('AccertamentoCreated', { id, codIpa: ENTE, codTipoDovuto: tipo, anno: Number(anno), descrizione: `${tipo} ${anno}`, at }),
        event('AccertamentoClosed', {
          accertamentoId: id,
          codIpa: ENTE,
          codTipoDovuto: tipo,
          anno: Number(anno),
          paymentKeys: list.map((p) => p.paymentKey),
          payments: list,
          totalImporto: list.reduce((s, p) => s + p.importo, 0),
          at,
        }),
      ],
    };
  };

  for (let start = 0; start < payments; start += 10_000) {
    const batch: AppendRequest[] = [];
    for (let i = start; i < Math.min(payments, start + 10_000); i++) {
      const t = i % TIPI.length;
      const tipo = TIPI[t];
      const day = Math.floor((i * DAYS) / payments);
      const dataEsito = date(day);
      const dataRegolamento = date(day + 1);
      const dataValuta = date(day + 2);
      const iuv = buildIuv('01', String(i + 1).padStart(13, '0'));
      const iud = `P-${i}`;
      const importo = 1000 + (i % 90_000);
      const ref = { codIpa: ENTE, iud, iuv, at: `${dataEsito}T09:00:00.000Z` };
      batch.push({
        streamId: positionStreamId(ENTE, iud),
        expectedRevision: 'no_stream',
        events: [
          event('PositionCreated', { codIpa: ENTE, iud, iuv, numeroAvviso: numeroAvvisoFromIuv(iuv), payer: { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: `Contribuente ${i}` }, importo, tipoDovuto: tipo, causale: `${tipo} ${i}`, datiSpecificiRiscossione: '9/0101100IM/', at: ref.at }),
          event('ReceiptReceived', { ...ref, receiptId: `R${i}`, outcome: 'OK', amount: importo, idPSP: 'BPPIITRRXXX', paymentDateTime: `${dataEsito}T10:00:00+01:00`, transfers: [], channel: 'simulator', expectedAmount: importo, amountMismatch: false, paidAfterCancellation: false, paidAfterExpiry: false }),
          event('PositionReported', { ...ref, iuf: `${dataRegolamento}BPPIITRRXXX-${day}`, idPSP: 'BPPIITRRXXX', rowIndex: 1 + (i % 10_000), esito: '0', amount: importo, dataRegolamento, beforeReceipt: false }),
          event('PositionCashed', { ...ref, movementId: `GDC-${day}`, amount: importo, dataValuta, dataContabile: dataValuta }),
        ],
      });
      if (i % ASSESSED_EVERY !== 0) continue;
      const anno = dataEsito.slice(0, 4);
      const share = Math.round(importo * 0.8);
      const payment: AccertamentoPayment = {
        paymentKey: `${ENTE}|${iud}`,
        iud,
        iuv,
        iur: `R${i}`,
        importo,
        dataEsito,
        dataRegolamento,
        dataValuta,
        splits: [
          { codUfficio: UFFICIO_OF_TIPO[t], codCapitolo: `E.${t + 1}.01`, codAccertamento: `ACC-${tipo}-${anno}`, importo: share },
          { codUfficio: UFFICIO_OF_TIPO[t], codCapitolo: `E.${t + 1}.02`, importo: importo - share },
        ],
      };
      const key = `${tipo}|${anno}`;
      const list = pending.get(key) ?? [];
      list.push(payment);
      pending.set(key, list);
      if (list.length === PER_ACCERTAMENTO) {
        batch.push(closeAccertamento(key, list));
        pending.delete(key);
      }
    }
    if (start + 10_000 >= payments) for (const [key, list] of pending) batch.push(closeAccertamento(key, list));
    await events.appendBatch(batch);
  }
  const total = Number(await events.headPosition());
  console.log(`  ${total} events (${accertamenti} closed accertamenti) written in ${round((Date.now() - tw) / 1000, 1)} s`);

  // Baseline: read the whole log in order, as the runners do, doing nothing with it.
  const { seconds: baselineSeconds, rate: baselineRate } = await timePlainLogRead(events);

  // Build the statistics projection from the first event: an empty read store, so start() builds version 1 from 0.
  const reads = SqliteReadStore.open(path.join(dir, 'read.db'));
  console.log(`building the statistics projection from ${total} events...`);
  const runner = new ProjectionRunner(statisticsProjection, events, reads, { batchSize: 5000 });
  const tr = process.hrtime.bigint();
  await runner.start();
  if (!(await runner.waitFor(BigInt(total), 3_600_000)))
    throw new Error(`statistics did not catch up: ${JSON.stringify(runner.status(), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
  const buildSeconds = Number(process.hrtime.bigint() - tr) / 1e9;
  const buildRate = total / buildSeconds;
  await runner.stop();

  // Every query an analyst can ask, over the three years.
  const results: { query: string; rows: number; p50: number; p99: number }[] = [];
  for (const by of STAT_DIMENSIONS)
    for (const granularity of STAT_GRANULARITIES) {
      const params = { by, granularity, from: '2023-01-01', to: '2025-12-31' };
      const rows = (await statistics(reads, ENTE, params)).length; // warm-up, and a sanity check below
      if (rows === 0) throw new Error(`statistics by ${by} per ${granularity} returned nothing`);
      const times: number[] = [];
      for (let k = 0; k < repeat; k++) {
        const t = process.hrtime.bigint();
        await statistics(reads, ENTE, params);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      results.push({ query: `${by}/${granularity}`, rows, p50: round(percentile(times, 50), 3), p99: round(percentile(times, 99), 3) });
    }

  // The totals must add up to what was written: every payment paid, reported and cashed once.
  const year = await statistics(reads, ENTE, { by: 'total', granularity: 'year', from: '2023-01-01', to: '2025-12-31' });
  const paidCount = year.reduce((s, r) => s + r.paid.count, 0);
  const cashedCount = year.reduce((s, r) => s + r.cashed.count, 0);
  if (paidCount !== payments) throw new Error(`the yearly totals count ${paidCount} payments, ${payments} were written`);
  await reads.close();
  await events.close();
  // A million payments take a few GB: leave nothing behind.
  removeTempDir(dir);

  console.log('');
  console.log(`baseline   ${round(baselineRate)} events/s: plain sequential read of the log (${round(baselineSeconds, 2)} s)`);
  console.log(`build      ${round(buildRate)} events/s: statistics projection from the first event (${round(buildSeconds, 1)} s)`);
  console.log(`ratio      ${round(baselineRate / buildRate, 2)}x the plain read`);
  console.log(`check      ${paidCount} paid, ${cashedCount} cashed in the yearly totals`);
  console.log('');
  console.log(`query (3 years)          rows       p50 ms     p99 ms   (${repeat} runs each, target p99 < 20 ms)`);
  for (const r of results) console.log(`${r.query.padEnd(22)} ${String(r.rows).padStart(6)} ${r.p50.toFixed(3).padStart(12)} ${r.p99.toFixed(3).padStart(10)}${r.p99 >= 20 ? '  over target' : ''}`);
  const worst = results.reduce((a, b) => (b.p99 > a.p99 ? b : a));
  finalLine({
    bench: 'stats',
    value: round(buildRate),
    unit: 'events/s',
    baseline: round(baselineRate),
    ratio: round(baselineRate / buildRate, 2),
    events: total,
    payments,
    accertamenti,
    query_p99_max_ms: worst.p99,
    query_p99_max: worst.query,
    queries: Object.fromEntries(results.map((r) => [r.query, { rows: r.rows, p50_ms: r.p50, p99_ms: r.p99 }])),
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
