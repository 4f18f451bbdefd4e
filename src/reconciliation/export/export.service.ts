import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { zipSync } from 'fflate';
import { CONFIG, type QuadraConfig } from '../../config/config';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import type { CommandContext } from '../../kernel/command-context';
import { CommandService } from '../../kernel/command-service';
import { DomainError, notFound } from '../../kernel/errors';
import { POSITIVE_CODES } from '../domain/classification-codes';
import { JOB_QUEUE, type JobQueue } from '../../jobs/job-queue.port';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { centsToEuros } from '../../kernel/money';
import { CSV_EOL, csvLine } from '../../flows/files/csv-writer';
import { reconFilter, type ReconQueryParams } from '../../../projections/reconciliation/reconciliation.queries';

export const EXPORT_QUEUE = 'reconciliation-export';
const EXPORT_VERSIONS = { ReconciliationExportRequested: 1, ReconciliationExportProgressed: 1, ReconciliationExportCompleted: 1, ReconciliationExportFailed: 1 };
export const exportStreamId = (codIpa: string, id: string) => `recon-export-${codIpa}-${id}`;

const COLUMNS = [
  'classificazione', 'iud', 'iuv', 'iur', 'importoRt', 'dataEsito', 'codiceFiscalePagatore', 'anagraficaPagatore', 'codiceFiscaleVersante', 'anagraficaVersante', 'attestante',
  'iuf', 'idRegolamento', 'dataRegolamento', 'importoFr', 'conto', 'dataContabile', 'dataValuta', 'importoTesoreria', 'causale', 'ordinante', 'tipoDovuto', 'importoNotificato', 'nascosto', 'segnalazioni',
];
const AMOUNTS = new Set(['importoRt', 'importoFr', 'importoTesoreria', 'importoNotificato']);
const PAGE = 2000;

const asText = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

interface Cursor {
  view: 'riconciliazione' | 'anomalie';
  /** Last row id written (pages go by id). */
  after?: string;
  rows: number;
  /** Size of the partial CSV when the progress was recorded: a restart cuts the file back to it. */
  bytes: number;
}

/**
 * "Prenota export": requested, progress and completion are events on the export's stream, so a restart resumes it.
 * The CSV grows in a partial file page by page; each page ends with ReconciliationExportProgressed (rows, bytes, last
 * id), so a restarted job cuts the file back to the last recorded page and goes on from there. Open exports are
 * found at boot through a marker file per export (an index only: the stream says whether it is finished).
 */
@Injectable()
export class ExportService implements OnModuleInit, OnApplicationBootstrap {
  /** Rows per page (and per progress event). */
  pageSize = PAGE;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(CONFIG) private readonly config: QuadraConfig,
    private readonly commands: CommandService,
  ) {}

  onModuleInit() {
    this.jobs.process<{ codIpa: string; id: string }>(EXPORT_QUEUE, (p) => this.runOrRecordFailure(p.codIpa, p.id));
  }

  /** Exports booked before a restart and not finished: enqueued again (the same job id, so a queue that remembers it ignores this). */
  async onApplicationBootstrap(): Promise<number> {
    const root = path.join(this.config.dataDir, 'exports');
    if (!fs.existsSync(root)) return 0;
    let n = 0;
    for (const codIpa of fs.readdirSync(root)) {
      const dir = path.join(root, codIpa);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.pending'))) {
        const id = name.slice(0, -'.pending'.length);
        const events = await this.store.readStream(exportStreamId(codIpa, id));
        if (events.some((e) => e.type === 'ReconciliationExportCompleted' || e.type === 'ReconciliationExportFailed')) {
          fs.rmSync(path.join(dir, name), { force: true });
          continue;
        }
        if (events.length === 0) continue;
        await this.jobs.enqueue(EXPORT_QUEUE, id, { codIpa, id });
        n++;
      }
    }
    return n;
  }

  async request(codIpa: string, filters: ReconQueryParams, ctx: CommandContext): Promise<{ id: string; position: bigint }> {
    // Validates the filters now, so a bad one is a 400 rather than a failed job.
    reconFilter('riconciliazione', codIpa, { ...filters, classificazione: undefined });
    const id = this.commands.envelopes({ eventVersions: {} }, 'x', [{ type: 'x', data: {} }], ctx, -1n)[0].id;
    const streamId = exportStreamId(codIpa, id);
    fs.mkdirSync(path.dirname(this.filePath(codIpa, id)), { recursive: true });
    fs.writeFileSync(this.markerPath(codIpa, id), '');
    const res = await this.store.append(streamId, this.commands.envelopes({ eventVersions: EXPORT_VERSIONS }, streamId, [{ type: 'ReconciliationExportRequested', data: { codIpa, id, filters, at: ctx.now } }], ctx, -1n), 'no_stream');
    await this.jobs.enqueue(EXPORT_QUEUE, id, { codIpa, id });
    return { id, position: res.position };
  }

  async status(codIpa: string, id: string) {
    const events = await this.store.readStream(exportStreamId(codIpa, id));
    if (events.length === 0) throw notFound('EXPORT_NOT_FOUND', `ente ${codIpa} has no export ${id}`);
    const last = events[events.length - 1];
    const d = last.data as { rows?: number; file?: string; error?: string };
    const stato = last.type === 'ReconciliationExportCompleted' ? 'completato' : last.type === 'ReconciliationExportFailed' ? 'fallito' : last.type === 'ReconciliationExportProgressed' ? 'in_corso' : 'prenotato';
    return {
      id,
      stato,
      righe: d.rows,
      ...(stato === 'completato' ? { download: `/api/v1/enti/${codIpa}/riconciliazione/export/${id}/file` } : {}),
      ...(d.error ? { errore: d.error } : {}),
    };
  }

  filePath(codIpa: string, id: string): string {
    return path.join(this.config.dataDir, 'exports', codIpa, `riconciliazione-${id}.zip`);
  }

  private markerPath(codIpa: string, id: string): string {
    return path.join(this.config.dataDir, 'exports', codIpa, `${id}.pending`);
  }

  /** A refusal (bad filter, missing data) is final: it is recorded, so the booking never stays "prenotato". */
  private async runOrRecordFailure(codIpa: string, id: string): Promise<void> {
    try {
      await this.run(codIpa, id);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const streamId = exportStreamId(codIpa, id);
      const events = await this.store.readStream(streamId);
      const revision = events[events.length - 1].revision;
      const ctx = { correlationId: `export-${id}`, actor: 'system:export', now: new Date().toISOString() };
      const envelopes = this.commands.envelopes({ eventVersions: EXPORT_VERSIONS }, streamId, [{ type: 'ReconciliationExportFailed', data: { codIpa, id, code: err.code, message: err.message, at: ctx.now } }], ctx, revision);
      await this.store.append(streamId, envelopes, revision);
      fs.rmSync(this.markerPath(codIpa, id), { force: true });
    }
  }

  private async run(codIpa: string, id: string): Promise<void> {
    const streamId = exportStreamId(codIpa, id);
    const events = await this.store.readStream(streamId);
    if (events.length === 0) return;
    if (events.some((e) => e.type === 'ReconciliationExportCompleted')) {
      fs.rmSync(this.markerPath(codIpa, id), { force: true });
      return;
    }
    const filters = (events[0].data as { filters: ReconQueryParams }).filters;
    const ctx = { correlationId: `export-${id}`, actor: 'system:export', now: new Date().toISOString() };
    let revision = events[events.length - 1].revision;
    const record = async (type: string, data: Record<string, unknown>) => {
      const envelopes = this.commands.envelopes({ eventVersions: EXPORT_VERSIONS }, streamId, [{ type, data: { codIpa, id, ...data, at: new Date().toISOString() } }], ctx, revision);
      revision = (await this.store.append(streamId, envelopes, revision)).nextRevision;
    };

    const file = this.filePath(codIpa, id);
    const part = `${file}.csv.part`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const progressed = [...events].reverse().find((e) => e.type === 'ReconciliationExportProgressed')?.data as Cursor | undefined;
    let cursor: Cursor;
    if (progressed && fs.existsSync(part) && fs.statSync(part).size >= progressed.bytes) {
      // Resume: whatever was written after the last recorded page is written again.
      fs.truncateSync(part, progressed.bytes);
      cursor = { view: progressed.view, after: progressed.after, rows: progressed.rows, bytes: progressed.bytes };
    } else {
      fs.writeFileSync(part, csvLine(COLUMNS) + CSV_EOL);
      cursor = { view: viewsFor(filters.classificazione)[0], rows: 0, bytes: fs.statSync(part).size };
    }
    const views = viewsFor(filters.classificazione);
    for (const view of views.slice(Math.max(0, (views as readonly string[]).indexOf(cursor.view)))) {
      if (view !== cursor.view) cursor = { view, rows: cursor.rows, bytes: cursor.bytes };
      const { collection, filter } = reconFilter(view, codIpa, { ...filters, nascosti: filters.nascosti ?? 'tutti' });
      for (;;) {
        const { items } = await this.reads.find<Record<string, unknown>>(collection, { filter: { ...filter, ...(cursor.after ? { id: { $gt: cursor.after } } : {}) }, sort: [['id', 1]], limit: this.pageSize });
        if (items.length === 0) break;
        const page = items.map((r) => csvLine(COLUMNS.map((c) => asText(c === 'nascosto' ? (r.hidden ? 'S' : 'N') : AMOUNTS.has(c) && typeof r[c] === 'number' ? centsToEuros(r[c] as number) : r[c]))) + CSV_EOL).join('');
        fs.appendFileSync(part, page);
        cursor = { view, after: items[items.length - 1].id as string, rows: cursor.rows + items.length, bytes: cursor.bytes + Buffer.byteLength(page) };
        await record('ReconciliationExportProgressed', { ...cursor });
        if (items.length < this.pageSize) break;
      }
    }
    fs.writeFileSync(`${file}.tmp`, zipSync({ [`riconciliazione-${id}.csv`]: new Uint8Array(fs.readFileSync(part)) }));
    fs.renameSync(`${file}.tmp`, file);
    await record('ReconciliationExportCompleted', { rows: cursor.rows, file: path.basename(file) });
    fs.rmSync(part, { force: true });
    fs.rmSync(this.markerPath(codIpa, id), { force: true });
  }
}

/** A classificazione belongs to one of the two views: only that view is exported; without one, both. */
function viewsFor(code: string | undefined): readonly ('riconciliazione' | 'anomalie')[] {
  if (!code) return ['riconciliazione', 'anomalie'];
  return [(POSITIVE_CODES as ReadonlySet<string>).has(code) ? 'riconciliazione' : 'anomalie'];
}
