import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { EnteDirectory } from '../enti/ente.directory';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.port';
import { CLOCK, ID_GENERATOR, type Clock, type IdGenerator } from '../kernel/clock';
import type { CommandContext } from '../kernel/command-context';
import { CommandService, type CommandResult } from '../kernel/command-service';
import { DomainError, notFound } from '../kernel/errors';
import { deterministicUuid } from '../kernel/ids';
import { csvDocument } from '../flows/files/csv-writer';
import { zipTextFile } from '../flows/files/zip-file';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port';
import { ProjectionSupervisor } from '../read-store/projection-supervisor';
import type { PositionDoc } from '../../projections/positions/positions.document';
import { POSITIONS_COLLECTION } from '../../projections/positions/positions.read-model';
import { nextCalendarDay, romeDayStartUtc } from '../../projections/common/rome-time';
import { paidReceipt } from '../carrelli/paid-receipts';
import { paidFilter } from '../carrelli/pagati.service';
import { ExportAggregate } from './export.aggregate';
import type { ExportState } from './domain/export.decider';
import { EXPORT_COLUMNS, exportRow } from './domain/export-row';
import { EXPORT_QUEUE, EXPORT_REGISTRY_STREAM, exportFileName, exportStreamId } from './domain/export.events';

export interface ExportJob {
  codIpa: string;
  id: string;
}

export const EXPORT_JOB_ATTEMPTS = 3;
const PAGE_SIZE = 500;
/** How long the job waits for the positions read model to include everything paid before the booking. */
const CATCH_UP_MS = 120_000;

/** "Prenota export": books a job that writes the ente's paid dovuti of a period to a zipped `;` CSV. */
@Injectable()
export class ExportService {
  private readonly logger = new Logger('exports');

  constructor(
    @Inject(CONFIG) private readonly config: QuadraConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly read: ReadStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandService,
    private readonly enti: EnteDirectory,
    private readonly supervisor: ProjectionSupervisor,
  ) {}

  folder(codIpa: string): string {
    return path.join(this.config.dataDir, 'exports', codIpa);
  }

  async request(codIpa: string, body: { from: string; to: string; tipoDovuto?: string }, ctx: CommandContext): Promise<CommandResult<ExportState>> {
    const ente = await this.enti.get(codIpa);
    if (!ente) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    const id = ctx.idempotencyKey ? deterministicUuid('export', codIpa, ctx.actor, ctx.idempotencyKey) : this.ids.uuid();
    const streamId = exportStreamId(codIpa, id);
    const loaded = await this.commands.load(ExportAggregate, streamId);
    if (loaded.state.status !== 'absent') return { streamId, events: [], revision: loaded.revision, position: loaded.position, state: loaded.state, replayed: true };
    const events = ExportAggregate.decider.decide(
      { type: 'RequestExport', data: { id, codIpa, from: body.from, to: body.to, ...(body.tipoDovuto !== undefined && { tipoDovuto: body.tipoDovuto }), knownTipi: [...ente.tipiDovuto.keys()] }, metadata: { now: ctx.now } },
      loaded.state,
    );
    const envelopes = this.commands.envelopes(ExportAggregate, streamId, events, ctx, -1n);
    const registry = this.commands.envelopes({ eventVersions: { ExportBooked: 1 } }, EXPORT_REGISTRY_STREAM, [{ type: 'ExportBooked', data: { codIpa, id } }], ctx, -1n);
    // The booking and its registry entry go in together, so a restart finds every export that may be unfinished.
    const [res] = await this.store.appendBatch([
      { streamId, events: envelopes, expectedRevision: 'no_stream' },
      { streamId: EXPORT_REGISTRY_STREAM, events: registry, expectedRevision: 'any' },
    ]);
    await this.enqueue(codIpa, id);
    const state = events.reduce(ExportAggregate.decider.evolve, loaded.state);
    return { streamId, events: envelopes, revision: res!.nextRevision, position: res!.position, state };
  }

  async get(codIpa: string, id: string): Promise<{ state: ExportState; revision: bigint; position: bigint }> {
    const loaded = await this.commands.load(ExportAggregate, exportStreamId(codIpa, id));
    if (loaded.state.status === 'absent') throw exportNotFound(codIpa, id);
    return loaded;
  }

  async file(codIpa: string, id: string): Promise<{ path: string; name: string }> {
    const { state } = await this.get(codIpa, id);
    if (state.status !== 'completed' || !state.file)
      throw new DomainError('EXPORT_NOT_READY', `export "${id}" is ${state.status === 'failed' ? 'failed' : 'still running'}: its file is not available`, 'conflict');
    const file = path.join(this.folder(codIpa), state.file);
    if (!fs.existsSync(file)) throw notFound('EXPORT_FILE_MISSING', `the file of export "${id}" is no longer in the data folder`);
    return { path: file, name: state.file };
  }

  enqueue(codIpa: string, id: string): Promise<void> {
    return this.jobs.enqueue<ExportJob>(EXPORT_QUEUE, id, { codIpa, id }, { attempts: EXPORT_JOB_ATTEMPTS });
  }

  /** Exports booked but without ExportCompleted / ExportFailed (the process died under them) are queued again. */
  async resumeUnfinished(): Promise<string[]> {
    const resumed: string[] = [];
    for (const e of await this.store.readStream(EXPORT_REGISTRY_STREAM)) {
      const { codIpa, id } = e.data as ExportJob;
      const [last] = await this.store.readStream(exportStreamId(codIpa, id), { direction: 'backwards', maxCount: 1 });
      if (last?.type !== 'ExportRequested') continue;
      await this.enqueue(codIpa, id);
      resumed.push(id);
    }
    if (resumed.length) this.logger.log({ msg: 'unfinished exports queued again', exports: resumed });
    return resumed;
  }

  /** The job: page through the paid dovuti, write the ZIP, record the outcome. A retry rewrites the same file. */
  async run(job: ExportJob, attempt: number): Promise<void> {
    const streamId = exportStreamId(job.codIpa, job.id);
    const loaded = await this.commands.load(ExportAggregate, streamId);
    const req = loaded.state.request;
    if (loaded.state.status !== 'requested' || !req) return;
    const booking = loaded.events[0]!;
    const ctx: CommandContext = { correlationId: booking.metadata.correlationId, causationId: booking.id, actor: 'system:export', now: this.clock.now() };
    try {
      const runner = this.supervisor.runnerFor('positions');
      if (runner && !(await runner.waitFor(loaded.position, CATCH_UP_MS)))
        throw new Error(`the positions read model has not reached position ${loaded.position} within ${CATCH_UP_MS} ms`);
      const { rows, text } = await this.csv(req.codIpa, req.from, req.to, req.tipoDovuto);
      const name = exportFileName(req.codIpa, req.id);
      const zip = zipTextFile(name.replace(/\.zip$/, '.csv'), text, req.at);
      const folder = this.folder(req.codIpa);
      fs.mkdirSync(folder, { recursive: true });
      const target = path.join(folder, name);
      fs.writeFileSync(`${target}.tmp`, zip);
      fs.renameSync(`${target}.tmp`, target);
      const sha256 = createHash('sha256').update(zip).digest('hex');
      await this.commands.execute(ExportAggregate, streamId, { type: 'CompleteExport', data: { rows, file: name, sha256 }, metadata: { now: ctx.now } }, ctx);
    } catch (err) {
      // A refusal will not change on retry; anything else gets the queue's retries, and the last one records the failure.
      const final = err instanceof DomainError || attempt >= EXPORT_JOB_ATTEMPTS;
      this.logger.error({ msg: 'export failed', correlationId: ctx.correlationId, codIpa: job.codIpa, id: job.id, attempt, final, err: String(err) });
      if (!final) throw err;
      await this.commands.execute(ExportAggregate, streamId, { type: 'FailExport', data: { error: (err as Error).message ?? String(err) }, metadata: { now: ctx.now } }, ctx);
    }
  }

  private async csv(codIpa: string, from: string, to: string, tipoDovuto: string | undefined): Promise<{ rows: number; text: string }> {
    const filter = paidFilter(codIpa, { paidAt: { $gte: romeDayStartUtc(from), $lt: romeDayStartUtc(nextCalendarDay(to)) } });
    if (tipoDovuto !== undefined) filter.tipoDovuto = tipoDovuto;
    const records: string[][] = [];
    let rows = 0;
    for (let skip = 0; ; skip += PAGE_SIZE) {
      const page = await this.read.find<PositionDoc>(POSITIONS_COLLECTION, { filter, sort: [['paidAt', 1]], skip, limit: PAGE_SIZE });
      for (const d of page.items) {
        const receipt = await paidReceipt(this.store, d.codIpa, d.iud, d.paidBy);
        if (!receipt) throw new Error(`dovuto ${d.iud} is paid by receipt ${d.paidBy ?? '?'} but its stream holds no such receipt`);
        records.push(exportRow({ ...d, receipt }));
        rows++;
      }
      if (page.items.length < PAGE_SIZE) break;
    }
    return { rows, text: csvDocument(EXPORT_COLUMNS, records) };
  }
}

const exportNotFound = (codIpa: string, id: string) => notFound('EXPORT_NOT_FOUND', `export "${id}" was not booked for ente ${codIpa}`, { id });
