import { promises as fs } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { JOB_QUEUE, type JobQueue } from '../jobs/job-queue.port';
import type { CommandContext } from '../kernel/command-context';
import { CommandService } from '../kernel/command-service';
import { DomainError, invalid, notFound } from '../kernel/errors';
import { sha256 } from '../kernel/ids';
import { PositionsService } from '../positions/positions.service';
import { importIdOf, isFinished, type FlowImportState } from './domain/flow-import.decider';
import { flowStreamId } from './domain/flow-import.events';
import { parseFlowZipName } from './files/flow-file-name';
import { FLOW_IMPORT_QUEUE, FLOW_REGISTRY_STREAM, FlowImportAggregate, type FlowImportJob, type FlowRegistered } from './flow-import.aggregate';
import { absolute, flowDir, relativeFlowPath } from './flow-storage';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
}

export interface FlowView {
  codIpa: string;
  id: string;
  state: FlowImportState;
  revision: bigint;
  position: bigint;
}

const FLOW_ID = /^~?[A-Za-z0-9_.-]{1,120}$/;

@Injectable()
export class FlowsService {
  private readonly logger = new Logger('flows');

  constructor(
    private readonly commands: CommandService,
    private readonly positions: PositionsService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
    @Inject(CONFIG) private readonly config: QuadraConfig,
  ) {}

  /**
   * Records the upload and stores the ZIP; the import runs as a job (unless the caller runs it itself, as the CLI
   * does). A name that cannot be read still makes a flow (id `~<hash>`), which then fails with the name's code.
   */
  async upload(codIpa: string, file: UploadedFile | undefined, ctx: CommandContext, options: { enqueue?: boolean } = {}): Promise<FlowView> {
    await this.positions.requireEnte(codIpa);
    if (!file || !file.buffer) throw invalid('FLOW_FILE_MISSING', 'file', "send the flow as multipart/form-data in the field 'file'");
    const hash = sha256(file.buffer);
    let flowId: string;
    let stored: string;
    try {
      flowId = parseFlowZipName(file.originalname, codIpa).iuf;
      stored = file.originalname;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flowId = `~${hash.slice(0, 16)}`;
      stored = `${flowId}.zip`;
    }
    const streamId = flowStreamId(codIpa, flowId);
    const dir = flowDir(this.config.dataDir, codIpa);
    await fs.mkdir(dir, { recursive: true });
    const relative = relativeFlowPath(codIpa, stored);
    // Written aside first: a refused duplicate must not overwrite the file of the flow already loaded.
    const tmp = `${absolute(this.config.dataDir, relative)}.${randomUUID()}.upload`;
    await fs.writeFile(tmp, file.buffer);
    let result;
    try {
      result = await this.commands.execute(
        FlowImportAggregate,
        streamId,
        { type: 'UploadFlow', data: { codIpa, flowId, fileName: file.originalname, sha256: hash, bytes: file.buffer.length, storedAs: relative }, metadata: { now: ctx.now } },
        { ...ctx, expectedRevision: undefined },
      );
      await fs.rename(tmp, absolute(this.config.dataDir, relative));
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
    if (result.events.length > 0) {
      const registered: FlowRegistered = { type: 'FlowRegistered', data: { codIpa, flowId, attempt: result.state.upload!.attempt, at: ctx.now } };
      await this.store.append(FLOW_REGISTRY_STREAM, this.commands.envelopes({ eventVersions: {} }, FLOW_REGISTRY_STREAM, [registered], { ...ctx, idempotencyKey: undefined }, -1n), 'any');
    }
    if (options.enqueue !== false) await this.enqueue(codIpa, flowId, result.state, streamId);
    return { codIpa, id: flowId, state: result.state, revision: result.revision, position: result.position };
  }

  async enqueue(codIpa: string, flowId: string, state: FlowImportState, streamId = flowStreamId(codIpa, flowId)): Promise<void> {
    const job: FlowImportJob = { codIpa, flowId };
    await this.jobs.enqueue(FLOW_IMPORT_QUEUE, importIdOf(state, streamId), job, { attempts: 3 });
  }

  async get(codIpa: string, flowId: string): Promise<FlowView> {
    await this.positions.requireEnte(codIpa);
    if (!FLOW_ID.test(flowId)) throw flowNotFound(codIpa, flowId);
    // The folded state kept by the import plus what was appended since: a progress poll reads one event, not the whole stream.
    const loaded = await this.commands.current(FlowImportAggregate, flowStreamId(codIpa, flowId));
    if (loaded.state.status === 'none') throw flowNotFound(codIpa, flowId);
    return { codIpa, id: flowId, state: loaded.state, revision: loaded.revision, position: loaded.position };
  }

  /** The ente's flows, newest first. */
  async list(codIpa: string, limit = 100): Promise<FlowView[]> {
    await this.positions.requireEnte(codIpa);
    const ids = (await this.registered()).filter((r) => r.codIpa === codIpa).map((r) => r.flowId);
    const unique = [...new Set(ids.reverse())].slice(0, limit);
    return Promise.all(unique.map((id) => this.get(codIpa, id)));
  }

  /** The file of a completed flow (scarti or IUV), as an absolute path. */
  async resultFile(codIpa: string, flowId: string, which: 'scarti' | 'iuv'): Promise<{ path: string; name: string }> {
    const view = await this.get(codIpa, flowId);
    const rel = which === 'scarti' ? view.state.scartiFile : view.state.iuvFile;
    if (view.state.status !== 'completed' || !rel) {
      throw new DomainError('FLOW_NOT_COMPLETED', `flow ${flowId} is ${view.state.status}: its ${which} file exists once the import has completed`, 'not_found');
    }
    return { path: absolute(this.config.dataDir, rel), name: rel.split(/[\\/]/).pop()! };
  }

  /** After a restart: every flow whose last event is not completed / failed is queued again, and resumes. */
  async resumeUnfinished(): Promise<string[]> {
    const resumed: string[] = [];
    const seen = new Set<string>();
    for (const r of (await this.registered()).reverse()) {
      const streamId = flowStreamId(r.codIpa, r.flowId);
      if (seen.has(streamId)) continue;
      seen.add(streamId);
      const [last] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
      if (!last || last.type === 'FlowImportCompleted' || last.type === 'FlowImportFailed') continue;
      const loaded = await this.commands.load(FlowImportAggregate, streamId);
      if (isFinished(loaded.state)) continue;
      await this.enqueue(r.codIpa, r.flowId, loaded.state, streamId);
      resumed.push(streamId);
    }
    if (resumed.length) this.logger.log({ msg: 'unfinished flows queued again', flows: resumed });
    return resumed;
  }

  private async registered(): Promise<FlowRegistered['data'][]> {
    const events = await this.store.readStream(FLOW_REGISTRY_STREAM);
    return events.map((e) => e.data as FlowRegistered['data']);
  }
}

const flowNotFound = (codIpa: string, flowId: string) => notFound('FLOW_NOT_FOUND', `flow "${flowId}" was not uploaded for ente ${codIpa}`, { flowId });
