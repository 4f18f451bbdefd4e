import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomIds } from '../../kernel/clock';
import { CommandService } from '../../kernel/command-service';
import type { NewEvent } from '../../kernel/events';
import { openEventStore } from '../../event-store/open-event-store';
import type { EventStore } from '../../event-store/event-store.port';
import { openReadStore } from '../../read-store/open-read-store';
import type { ProjectionBatch, ReadStore } from '../../read-store/read-store.port';
import { ReconciliationProcess, type ReconciliationProcessOptions } from './reconciliation-process';
import type { MemoryPolicy } from './memory-policy';
import { STATE_COLLECTION } from './state-cache';

const ENTE = 'c_h501';
const AT = '2030-03-05T10:00:00.000Z';
const meta = { correlationId: 't', actor: 'test', occurredAt: AT, schemaVersion: 1 };
const PAYMENTS = 12;
const iuvOf = (i: number) => `0100000000000${String(100 + i).padStart(4, '0')}`;
const uuid = (prefix: number, i: number) => `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Paid positions, one FR reporting all but the last (one at a wrong amount), its cumulative movement, an unmatched movement. */
function log(): { streamId: string; event: NewEvent }[] {
  const out: { streamId: string; event: NewEvent }[] = [];
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < PAYMENTS; i++) {
    const iud = `IUD${i}`;
    const amount = 1000 + i;
    const streamId = `position-${ENTE}-${iud}`;
    const payer = { tipo: 'F', codiceIdentificativo: 'RSSMRA80A01H501U', anagrafica: 'Mario Rossi' };
    out.push({
      streamId,
      event: {
        id: uuid(1, i), type: 'PositionCreated', metadata: meta,
        data: { codIpa: ENTE, iud, iuv: iuvOf(i), numeroAvviso: `3${iuvOf(i)}`, payer, importo: amount, dataScadenza: '2030-12-31', tipoDovuto: 'TARI', causale: `TARI ${i}`, datiSpecificiRiscossione: '9/0101100IM/', at: AT },
      },
    });
    out.push({
      streamId,
      event: {
        id: uuid(2, i), type: 'ReceiptReceived', metadata: meta,
        data: {
          codIpa: ENTE, iud, iuv: iuvOf(i), at: AT, receiptId: `IUR${i}`, outcome: 'OK', amount, idPSP: 'BCITITMM', pspName: 'Intesa', paymentDateTime: AT, debtor: payer,
          transfers: [{ index: 1, idTransfer: 1, amount, iban: 'IT60X0542811101000000123456', cfEnte: '02438750586', remittanceInformation: 'TARI' }],
          channel: 'simulator', expectedAmount: amount, amountMismatch: false, paidAfterCancellation: false, paidAfterExpiry: false,
        },
      },
    });
    if (i < PAYMENTS - 1) rows.push({ index: i + 1, iuv: iuvOf(i), iur: `IUR${i}`, transferIndex: 1, amount: i === 3 ? amount + 1 : amount, esito: '0', dataEsito: '2030-03-05' });
  }
  const total = rows.reduce((s, r) => s + (r.amount as number), 0);
  out.push({
    streamId: `reporting-${ENTE}-IUF1-BCITITMM`,
    event: {
      id: uuid(3, 1), type: 'ReportingFlowReceived', metadata: meta,
      data: { codIpa: ENTE, iuf: 'IUF1', idPSP: 'BCITITMM', dataOraFlusso: '2030-03-06T08:00:00', identificativoUnivocoRegolamento: 'REG1', dataRegolamento: '2030-03-06', cfEnteRicevente: '02438750586', totalAmount: total, totalCount: rows.length, rows, anomalies: [], source: 'upload', at: AT },
    },
  });
  for (const [n, importo, causale, iuf] of [[1, total, '/PUR/LGPE-RIVERSAMENTO/URI/IUF1', 'IUF1'], [2, 999, 'bonifico generico', undefined]] as const) {
    out.push({
      streamId: `treasury-${ENTE}-M${n}`,
      event: {
        id: uuid(4, n), type: 'TreasuryMovementRecorded', metadata: meta,
        data: { codIpa: ENTE, key: `M${n}`, fileId: 'f', source: 'OPI', dataContabile: '2030-03-07', dataValuta: '2030-03-07', importo, segno: '+', conto: '0001234', ordinante: 'Intesa', causale, ...(iuf ? { iuf } : {}), at: AT },
      },
    });
  }
  return out;
}

interface Stores {
  dir: string;
  events: EventStore;
  reads: ReadStore;
}

async function open(): Promise<Stores> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-recon-crash-'));
  const events = await openEventStore(`sqlite:${path.join(dir, 'events.db')}`);
  for (const { streamId, event } of log()) await events.append(streamId, [event], 'any');
  return { dir, events, reads: await openReadStore(`sqlite:${path.join(dir, 'read.db')}`) };
}

const process = (s: Stores, reads: ReadStore, options: ReconciliationProcessOptions) => new ReconciliationProcess(s.events, reads, new CommandService(s.events, randomIds), { now: () => AT, ...options });

/** Catches up and lets go of the teller thread, if any, whether it failed or not. */
async function catchUp(p: ReconciliationProcess): Promise<void> {
  try {
    await p.catchUp();
  } finally {
    await p.stop();
  }
}

/** The positions told from a thread of their own, on a second connection to the file. */
const fromThread = (s: Stores): ReconciliationProcessOptions => ({ tellerEventStoreUrl: `sqlite:${path.join(s.dir, 'events.db')}` });
/** The positions told in the process's own thread, or from the teller thread. */
const tellers: [string, (s: Stores) => ReconciliationProcessOptions][] = [
  ['inline', () => ({})],
  ['from the teller thread', fromThread],
];

/** What a user sees: every row of the views, the stored totals, and the effects each position was told (type, count). */
async function outcome(s: Stores): Promise<{ rows: unknown[]; counts: unknown[]; effects: Record<string, number> }> {
  const rows = (await s.reads.find('reconciliation', { sort: [['id', 1]] })).items;
  const counts = (await s.reads.find('recon_counts', { sort: [['id', 1]] })).items;
  const effects: Record<string, number> = {};
  for (const e of await s.events.readAll())
    if (['PositionReported', 'PositionCashed', 'PositionReconciled'].includes(e.type)) effects[`${e.streamId} ${e.type}`] = (effects[`${e.streamId} ${e.type}`] ?? 0) + 1;
  return { rows, counts, effects };
}

/** The read store, failing the n-th write that matches (as a process killed at that point would leave things). */
function failingAt(store: ReadStore, n: number, matches: (batch: ProjectionBatch) => boolean): ReadStore {
  let seen = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'applyBatch') return Reflect.get(target, prop, receiver);
      return async (projection: string, batch: ProjectionBatch, checkpoint: never) => {
        if (matches(batch) && ++seen === n) throw new Error('simulated crash');
        return target.applyBatch(projection, batch, checkpoint);
      };
    },
  });
}

/** The read store, counting the writes of dirty markers and the engine documents read back (what memory short costs). */
function counting(store: ReadStore): { reads: ReadStore; markerWrites: () => number; stateReads: () => number } {
  let markerWrites = 0;
  let stateReads = 0;
  const reads = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'applyBatch')
        return (projection: string, batch: ProjectionBatch, checkpoint: never) => {
          if (writesMarkers(batch)) markerWrites++;
          return target.applyBatch(projection, batch, checkpoint);
        };
      if (prop === 'loadForUpdate')
        return (collection: string, ids: string[], version: number) => {
          if (collection === STATE_COLLECTION) stateReads++;
          return target.loadForUpdate(collection, ids, version);
        };
      return Reflect.get(target, prop, receiver);
    },
  });
  return { reads, markerWrites: () => markerWrites, stateReads: () => stateReads };
}

const writesRecords = (b: ProjectionBatch) => b.upserts.some((u) => u.collection === 'recon_records');
const writesCheckpointedState = (b: ProjectionBatch) => b.upserts.some((u) => u.collection === 'recon_meta') && !b.upserts.some((u) => u.collection === 'recon_dirty');
const writesMarkers = (b: ProjectionBatch) => b.upserts.some((u) => u.collection === 'recon_dirty');

describe('reconciliation process: stopped anywhere, resumed from what it stored', () => {
  const opened: Stores[] = [];
  let clean: Awaited<ReturnType<typeof outcome>>;

  beforeAll(async () => {
    const s = await open();
    opened.push(s);
    await process(s, s.reads, {}).catchUp();
    clean = await outcome(s);
  });

  afterAll(async () => {
    for (const s of opened) {
      await s.reads.close();
      await s.events.close();
      fs.rmSync(s.dir, { recursive: true, force: true });
    }
  });

  it('given a clean run, then every payment is classified and each matched position was told once per effect', () => {
    expect(clean.rows.length).toBeGreaterThan(PAYMENTS);
    const effects = Object.entries(clean.effects);
    expect(effects.length).toBeGreaterThan(0);
    expect(effects.every(([, n]) => n === 1)).toBe(true);
    expect(clean.effects[`position-${ENTE}-IUD0 PositionReconciled`]).toBe(1);
    // The payment reported at another amount is not reconciled; the one missing from the FR is not reported.
    expect(clean.effects[`position-${ENTE}-IUD3 PositionReconciled`]).toBeUndefined();
    expect(clean.effects[`position-${ENTE}-IUD${PAYMENTS - 1} PositionReported`]).toBeUndefined();
  });

  it('given a run caught up, when it runs again from its checkpoint, then nothing changes and no position is told twice', async () => {
    const s = opened[0];
    await process(s, s.reads, {}).catchUp();
    expect(await outcome(s)).toEqual(clean);
  });

  it('given the positions told from a thread of their own, then the views and the positions are as told inline', async () => {
    const s = await open();
    opened.push(s);
    await catchUp(process(s, s.reads, { drainPage: 4, ...fromThread(s) }));
    expect(await outcome(s)).toEqual(clean);
  });

  const crashes: [string, ReconciliationProcessOptions, (b: ProjectionBatch) => boolean, number][] = [
    ['after telling the positions of a page, before writing its records', { drainPage: 4 }, writesRecords, 2],
    ['after classifying every page, before writing the sources and the checkpoint', { drainPage: 4 }, writesCheckpointedState, 1],
    ['with sources written and marked dirty during the catch-up, in the middle of the classification', { drainPage: 4, flushAt: 5, batchSize: 7 }, writesRecords, 3],
    ['while writing the second batch of sources and markers', { drainPage: 4, flushAt: 5, batchSize: 7, maxWork: 3 }, writesMarkers, 2],
  ];
  const crashesByTeller = tellers.flatMap(([teller, tellerOptions]) => crashes.map(([what, ...rest]) => [`${what} (positions told ${teller})`, tellerOptions, ...rest] as const));
  it.each(crashesByTeller)('given a process stopped %s, when a new one resumes, then the views and the positions are as after a clean run', async (_what, tellerOptions, options, matches, n) => {
    const s = await open();
    opened.push(s);
    await expect(catchUp(process(s, failingAt(s.reads, n, matches), { ...options, ...tellerOptions(s) }))).rejects.toThrow('simulated crash');
    await catchUp(process(s, s.reads, { ...options, ...tellerOptions(s) }));
    expect(await outcome(s)).toEqual(clean);
  });

  it('given far fewer documents kept in memory than the catch-up touches, then the views and the positions are as with all of them kept', async () => {
    const s = await open();
    opened.push(s);
    await process(s, s.reads, { cacheLimit: 3, flushAt: 5, batchSize: 7, drainPage: 4, maxWork: 3 }).catchUp();
    expect(await outcome(s)).toEqual(clean);
  });

  const memories: [string, MemoryPolicy, boolean][] = [
    ['memory to spare: every document held until the classification, none written early or read back', { isShort: () => false, minimum: 1 }, false],
    ['memory short all along: documents written and dropped as it goes, then read back', { isShort: () => true, minimum: 1 }, true],
    ['memory short but fewer changes than the minimum worth a write: nothing written early', { isShort: () => true, minimum: 1000 }, false],
  ];
  it.each(memories)('given %s, then the views and the positions are as after a clean run', async (_what, memory, writesEarly) => {
    const s = await open();
    opened.push(s);
    const c = counting(s.reads);
    await process(s, c.reads, { batchSize: 7, drainPage: 4, maxWork: 3, memory }).catchUp();
    expect(await outcome(s)).toEqual(clean);
    expect(c.markerWrites() > 1).toBe(writesEarly);
    expect(c.stateReads() > 0).toBe(writesEarly);
  });

  it('given a process caught up holding more documents than it keeps live, then it gives them back and reads them again for what comes next, with the same views', async () => {
    const movement: NewEvent = {
      id: uuid(4, 3), type: 'TreasuryMovementRecorded', metadata: meta,
      data: { codIpa: ENTE, key: 'M3', fileId: 'f', source: 'OPI', dataContabile: '2030-03-08', dataValuta: '2030-03-08', importo: 500, segno: '+', conto: '0001234', ordinante: 'Intesa', causale: '/PUR/LGPE-RIVERSAMENTO/URI/IUF1', iuf: 'IUF1', at: AT },
    };
    const runs: { outcome: Awaited<ReturnType<typeof outcome>>; stateReads: number }[] = [];
    for (const liveCacheLimit of [undefined, 3]) {
      const s = await open();
      opened.push(s);
      const c = counting(s.reads);
      const p = process(s, c.reads, { liveCacheLimit });
      await p.catchUp();
      await s.events.append('treasury-c_h501-M3', [movement], 'any');
      await p.catchUp();
      runs.push({ outcome: await outcome(s), stateReads: c.stateReads() });
    }
    expect(runs[0].stateReads).toBe(0);
    expect(runs[1].stateReads).toBeGreaterThan(0);
    expect(runs[1].outcome).toEqual(runs[0].outcome);
    expect(runs[0].outcome).not.toEqual(clean);
  });

  it.each(tellers)('given a process whose write failed, when the same instance goes on (positions told %s), then it starts again from what is stored', async (_teller, tellerOptions) => {
    const s = await open();
    opened.push(s);
    const p = process(s, failingAt(s.reads, 2, writesRecords), { drainPage: 4, ...tellerOptions(s) });
    await expect(p.catchUp()).rejects.toThrow('simulated crash');
    await catchUp(p);
    expect(await outcome(s)).toEqual(clean);
  });
});
