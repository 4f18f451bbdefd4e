import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { zipSync, strToU8 } from 'fflate';
import { CONFIG, type QuadraConfig } from '../../config/config';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import type { CommandContext } from '../../kernel/command-context';
import { CommandService } from '../../kernel/command-service';
import { notFound } from '../../kernel/errors';
import { JOB_QUEUE, type JobQueue } from '../../jobs/job-queue.port';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { centsToEuros } from '../../kernel/money';
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

const cell = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** "Prenota export": requested, progress and completion are events on the export's stream, so a restart resumes it. */
@Injectable()
export class ExportService implements OnModuleInit {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly reads: ReadStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(CONFIG) private readonly config: QuadraConfig,
    private readonly commands: CommandService,
  ) {}

  onModuleInit() {
    this.jobs.process<{ codIpa: string; id: string }>(EXPORT_QUEUE, (p) => this.run(p.codIpa, p.id));
  }

  async request(codIpa: string, filters: ReconQueryParams, ctx: CommandContext): Promise<{ id: string; position: bigint }> {
    // Validates the filters now, so a bad one is a 400 rather than a failed job.
    reconFilter('riconciliazione', codIpa, { ...filters, classificazione: undefined });
    const id = this.commands.envelopes({ eventVersions: {} }, 'x', [{ type: 'x', data: {} }], ctx, -1n)[0].id;
    const streamId = exportStreamId(codIpa, id);
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

  private async run(codIpa: string, id: string): Promise<void> {
    const streamId = exportStreamId(codIpa, id);
    const events = await this.store.readStream(streamId);
    if (events.length === 0 || events.some((e) => e.type === 'ReconciliationExportCompleted')) return;
    const filters = (events[0].data as { filters: ReconQueryParams }).filters;
    const lines = [COLUMNS.join(';')];
    const ctx = { correlationId: `export-${id}`, actor: 'system:export', now: new Date().toISOString() };
    for (const view of ['riconciliazione', 'anomalie'] as const) {
      const { collection, filter } = reconFilter(view, codIpa, { ...filters, nascosti: filters.nascosti ?? 'tutti' });
      for (let skip = 0; ; skip += PAGE) {
        const { items } = await this.reads.find<Record<string, unknown>>(collection, { filter, sort: [['id', 1]], skip, limit: PAGE });
        for (const r of items) lines.push(COLUMNS.map((c) => cell(c === 'nascosto' ? (r.hidden ? 'S' : 'N') : AMOUNTS.has(c) && typeof r[c] === 'number' ? centsToEuros(r[c] as number) : r[c])).join(';'));
        if (items.length < PAGE) break;
      }
    }
    const file = this.filePath(codIpa, id);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, zipSync({ [`riconciliazione-${id}.csv`]: strToU8(lines.join('\r\n') + '\r\n') }));
    fs.renameSync(`${file}.tmp`, file);
    const head = (await this.store.readStream(streamId)).length - 1;
    await this.store.append(streamId, this.commands.envelopes({ eventVersions: EXPORT_VERSIONS }, streamId, [{ type: 'ReconciliationExportCompleted', data: { codIpa, id, rows: lines.length - 1, file: path.basename(file), at: ctx.now } }], ctx, BigInt(head)), BigInt(head));
  }
}
