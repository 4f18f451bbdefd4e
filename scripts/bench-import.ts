/**
 * npm run bench:import [-- --rows 100000]
 * A 1_4 flow of insert-only rows (every row creates a dovuto), uploaded over HTTP to an in-process Quadra on the
 * embedded default (SQLite event and read stores, inline jobs), timed from the upload until every position is
 * queryable in the positions read model. Next to it, the same run's bare parse of the file (unzip + tokenize,
 * no validation, no storage) as the baseline. The two phases (import job, projection catch-up) are shown apart.
 * `--import-only`: the process runs as QUADRA_ROLE=api (no projections), so the import job's own cost shows without
 * the projections competing for the thread; the run then ends when the flow is completed.
 * After the run, its storage floor (see storage-floor.ts): the bare parse, and the same events and positions documents
 * stored again by SQLite alone, give the most rows/s any code could reach on this machine at this moment. Then its
 * design floor: the same with the work Quadra's design cannot leave out (see designFloor).
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/main';
import { loadConfig } from '../src/config/config';
import { EVENT_STORE, type EventStore } from '../src/event-store/event-store.port';
import { ProjectionSupervisor } from '../src/read-store/projection-supervisor';
import { generateFlow } from '../src/flows/files/flow-generator';
import { openFlowCsv } from '../src/flows/files/safe-unzip';
import { csvRows, decodeUtf8 } from '../src/flows/parsers/csv';
import { readFlowRows } from '../src/flows/parsers/flow-csv';
import { prepareFlow } from '../src/flows/flow-prepare';
import { POSITION_EVENT_TYPES } from '../projections/common/position-events';
import { finalLine, intArg, round, tempDir, removeTempDir } from './bench-support';
import { floorWallMs, latestTable, timeCopy, timeRead, timeStringify, type FloorPart } from './storage-floor';

const ADMIN = 'x';
const ENTE = { codIpa: 'c_h501', cfEnte: '02438750586', denominazione: 'Comune di Roma', segregationCode: '01', idStazione: '02438750586_01', idIntermediario: '02438750586' };
const IBAN = 'IT60X0542811101000000123456';

async function call(base: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  // The import job keeps the event loop busy for long stretches, so a kept-alive connection may have been closed
  // by the server in between: a GET that fails on the socket is simply asked again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await callOnce(base, method, path, token, body);
    } catch (err) {
      if (!(err instanceof TypeError) || method !== 'GET' || attempt >= 5) throw err;
    }
  }
}

async function callOnce(base: string, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { status: res.status, json: text ? JSON.parse(text) : {} };
}

/**
 * Unzip, decode, the file-level checks and every row validated, as the job does before deciding anything: the part of
 * the work the issue asks of any import (each row checked on its own), with nothing decided or stored.
 */
function validateOnly(zip: Uint8Array, zipName: string, codIpa: string, segregationCode: string): { rows: number; ms: number } {
  const t0 = performance.now();
  const { flow, text } = prepareFlow(zip, zipName, codIpa);
  let rows = 0;
  for (const r of readFlowRows([text], flow.versione, { segregationCode })) if (r.ok) rows++;
  return { rows, ms: performance.now() - t0 };
}

/** Unzip and tokenize only: what any import must do at least once. */
function bareParse(zip: Uint8Array, csvName: string): { rows: number; ms: number } {
  const t0 = performance.now();
  let rows = 0;
  for (const _ of csvRows(decodeUtf8(openFlowCsv(zip, csvName).chunks()), { delimiter: ';' })) rows++;
  return { rows: rows - 1, ms: performance.now() - t0 };
}

async function main() {
  const rows = intArg('rows', 100_000);
  const importOnly = process.argv.includes('--import-only');
  const dir = tempDir('import');
  const log = (line: string) => process.stdout.write(`${line}\n`);

  const tg = performance.now();
  const flow = generateFlow({ rows, version: '1_4', codIpa: ENTE.codIpa, segregationCode: ENTE.segregationCode, tipoDovuto: 'TARI', seed: 7, insertOnly: true, modifiedAt: '2026-01-01T00:00:00' });
  log(`generated ${flow.zipName}: ${rows} rows, ${(flow.zip.length / 1024 / 1024).toFixed(1)} MiB zipped, in ${round(performance.now() - tg)} ms`);

  // Baseline first, on the same bytes, in the same process, before the server starts (a
  // pause of seconds between two requests would outlast the server's keep-alive).
  const baseline = bareParse(flow.zip, flow.csvName);
  if (baseline.rows !== rows) throw new Error(`bare parse read ${baseline.rows} rows, expected ${rows}`);
  const baselineRate = rows / (baseline.ms / 1000);
  // For the design floor, twice, the faster kept: the first run also compiles the validation code, which the job then
  // finds compiled. Not needed by --import-only, which prints no floor.
  const validated = importOnly ? undefined : [validateOnly(flow.zip, flow.zipName, ENTE.codIpa, ENTE.segregationCode), validateOnly(flow.zip, flow.zipName, ENTE.codIpa, ENTE.segregationCode)].reduce((a, b) => (b.ms < a.ms ? b : a));
  if (validated && validated.rows !== rows) throw new Error(`validation accepted ${validated.rows} rows, expected ${rows}`);

  // The settings that shape the read side, as the server would take them from its environment (for A/B runs).
  const tuning = Object.fromEntries(['QUADRA_PROJECTION_THREADS', 'QUADRA_BACKGROUND_NICE'].filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
  let closed = false;
  const app = await createApp(loadConfig({ ...tuning, DATA_DIR: dir, QUADRA_ADMIN_TOKEN: ADMIN, PORT: '0', ...(importOnly && { QUADRA_ROLE: 'api' }) }), { logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    await call(base, 'POST', '/api/v1/enti', ADMIN, ENTE);
    await call(base, 'PUT', `/api/v1/enti/${ENTE.codIpa}/tipi-dovuto/TARI`, ADMIN, { descrizione: 'TARI', iban: IBAN, tassonomia: '0101100IM' });
    const key = String((await call(base, 'POST', `/api/v1/enti/${ENTE.codIpa}/api-keys`, ADMIN, { label: 'bench' })).json.key);

    const store = app.get<EventStore>(EVENT_STORE);
    const supervisor = app.get(ProjectionSupervisor);
    const t0 = performance.now();
    // CPU time of the process (all its threads) next to the wall time: on a busy machine it is the steadier figure.
    const cpu0 = process.cpuUsage();
    const form = new FormData();
    form.append('file', new Blob([flow.zip], { type: 'application/zip' }), flow.zipName);
    const up = await fetch(`${base}/api/v1/enti/${ENTE.codIpa}/flussi`, { method: 'POST', headers: { Authorization: `Bearer ${key}` }, body: form });
    if (up.status !== 202) throw new Error(`upload: ${up.status} ${await up.text()}`);
    const id = String(((await up.json()) as { id: string }).id);
    const tUploaded = performance.now();

    let state: Record<string, unknown> = {};
    for (;;) {
      state = (await call(base, 'GET', `/api/v1/enti/${ENTE.codIpa}/flussi/${encodeURIComponent(id)}`, key)).json;
      if (state.stato === 'completed' || state.stato === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const tImported = performance.now();
    const importCpu = process.cpuUsage(cpu0);
    const importCpuMs = (importCpu.user + importCpu.system) / 1000;
    if (state.stato !== 'completed' || state.accettate !== rows) throw new Error(`import ended ${String(state.stato)} with ${String(state.accettate)} of ${rows} rows accepted: ${JSON.stringify(state)}`);

    if (importOnly) {
      const importMs = tImported - t0;
      log(`import job only (no projections) ${round(importMs)} ms   ${round(rows / (importMs / 1000))} rows/s   CPU ${round(importCpuMs)} ms`);
      log(`baseline bare parse           ${round(baseline.ms)} ms   ${round(baselineRate)} rows/s`);
      const value = rows / (importMs / 1000);
      finalLine({ bench: 'import-job', value: round(value), unit: 'rows/s', baseline: round(baselineRate), ratio: round(value / baselineRate, 4), rows, importMs: round(importMs), importCpuMs: round(importCpuMs) });
      return;
    }
    const head = await store.headPosition();
    if (!(await supervisor.waitFor(head, 30 * 60_000, ['positions']))) throw new Error('the positions projection did not catch up within 30 minutes');
    const tQueryable = performance.now();

    // Spot check: the last row is queryable through the API.
    const last = flow.csv.trimEnd().split('\r\n').pop()!.split(';')[0]!;
    await call(base, 'GET', `/api/v1/enti/${ENTE.codIpa}/dovuti/${encodeURIComponent(last)}`, key);

    const totalMs = tQueryable - t0;
    const value = rows / (totalMs / 1000);
    const importMs = tImported - t0;
    const projectionMs = tQueryable - tImported;
    // The floor is timed with the application closed, so no projection thread competes with it.
    await app.close();
    closed = true;
    const floor = storageFloor(dir, rows, baseline.ms);
    const floorRate = rows / (floor.wallMs / 1000);
    const design = designFloor(dir, floor, validated!.ms);
    const designRate = rows / (design.wallMs / 1000);
    log(`upload (HTTP, multipart)      ${round(tUploaded - t0)} ms`);
    log(`import job (upload → completed) ${round(importMs)} ms   ${round(rows / (importMs / 1000))} rows/s   CPU ${round(importCpuMs)} ms`);
    log(`projection catch-up           ${round(projectionMs)} ms   ${round(rows / (projectionMs / 1000))} rows/s`);
    log(`upload → queryable            ${round(totalMs)} ms   ${round(value)} rows/s (target ≥ 20000)`);
    log(`baseline bare parse           ${round(baseline.ms)} ms   ${round(baselineRate)} rows/s`);
    log(`ratio (import / bare parse)   ${round(value / baselineRate, 4)}`);
    for (const part of floor.parts) log(`floor: ${part.what.padEnd(22)} ${round(part.ms)} ms   ${part.rows} rows`);
    log(`storage floor                 ${round(floor.wallMs)} ms   ${round(floorRate)} rows/s at most on this machine now (bare parse + the same rows stored by SQLite alone, on two cores)`);
    for (const part of design.parts) log(`design floor: ${part.what.padEnd(22)} ${round(part.ms)} ms   ${part.rows} rows`);
    log(`design floor                  ${round(design.wallMs)} ms   ${round(designRate)} rows/s at most (the storage floor, with the rows validated instead of only parsed, events and documents written as JSON text, and the log read back and parsed by the projection; no deciding, no garbage collection)`);
    finalLine({
      bench: 'import',
      value: round(value),
      unit: 'rows/s',
      baseline: round(baselineRate),
      ratio: round(value / baselineRate, 4),
      rows,
      importMs: round(importMs),
      importCpuMs: round(importCpuMs),
      projectionMs: round(projectionMs),
      importRowsPerS: round(rows / (importMs / 1000)),
      projectionRowsPerS: round(rows / (projectionMs / 1000)),
      floorMs: round(floor.wallMs),
      floorRowsPerS: round(floorRate),
      designFloorMs: round(design.wallMs),
      designFloorRowsPerS: round(designRate),
    });
  } finally {
    if (!closed) await app.close();
    removeTempDir(dir);
  }
}

const IMPORT_EVENTS = "type IN ('PositionCreated', 'IuvReserved')";

/**
 * What the run stored, stored again by SQLite alone: the import's events (2,000 per transaction, as a 1,000-row chunk
 * appends them) and the positions documents with their indexes (5,000 per transaction, as the projection writes them).
 * The parse and the events are the job's, on one writer; the documents are the projection's, on another.
 */
function storageFloor(dir: string, rows: number, parseMs: number): { parts: FloorPart[]; wallMs: number; events: FloorPart; positions: FloorPart } {
  const events = timeCopy({ what: 'events appended', from: path.join(dir, 'events.db'), table: 'events', where: IMPORT_EVENTS, kind: 'events', batch: 2000, into: path.join(dir, 'floor-events.db') });
  const positions = timeCopy({ what: 'positions documents', from: path.join(dir, 'read.positions.db'), table: latestTable(path.join(dir, 'read.positions.db'), 'positions'), kind: 'read', batch: 5000, into: path.join(dir, 'floor-positions.db') });
  const parse: FloorPart = { what: 'bare parse', rows, ms: parseMs };
  return { parts: [parse, events, positions], wallMs: floorWallMs([parse.ms + events.ms, positions.ms]), events, positions };
}

/**
 * The storage floor plus the work no implementation of the issue and of Quadra's design can leave out: every row
 * validated (not only tokenized), the events and the positions documents turned into the JSON text they are stored
 * as, and the log read back and parsed by the positions projection. Still a lower bound: nothing is decided, no
 * object is built but by the parser, and garbage collection is not counted. The job's parts are on one writer, the
 * projection's on another, as in storageFloor.
 */
function designFloor(dir: string, storage: ReturnType<typeof storageFloor>, validateMs: number): { parts: FloorPart[]; wallMs: number } {
  const eventsDb = path.join(dir, 'events.db');
  const positionsDb = path.join(dir, 'read.positions.db');
  const types = POSITION_EVENT_TYPES.map((t) => `'${t}'`).join(', ');
  const validate: FloorPart = { what: 'rows validated', rows: storage.parts[0].rows, ms: validateMs };
  const eventsJson = timeStringify('events as JSON', eventsDb, 'events', IMPORT_EVENTS, ['data', 'metadata']);
  const logRead = timeRead('log read and parsed', eventsDb, 'events', `type IN (${types})`, 5000, ['data', 'metadata']);
  const docsJson = timeStringify('documents as JSON', positionsDb, latestTable(positionsDb, 'positions'), '1', ['doc']);
  const job = validate.ms + eventsJson.ms + storage.events.ms;
  const projection = logRead.ms + docsJson.ms + storage.positions.ms;
  return { parts: [validate, eventsJson, logRead, docsJson], wallMs: floorWallMs([job, projection]) };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
