import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CONFIG, type QuadraConfig } from '../config/config';
import type { CommandContext } from '../kernel/command-context';
import { CommandService } from '../kernel/command-service';
import { DomainError, notFound } from '../kernel/errors';
import { PositionBatchService, type BatchItem } from '../positions/position-batch.service';
import { PositionsService } from '../positions/positions.service';
import type { RowRejection } from './domain/flow-row';
import { importIdOf, isFinished, type FlowImportState } from './domain/flow-import.decider';
import { flowStreamId } from './domain/flow-import.events';
import { iuvFileName, scartiFileName } from './files/flow-file-name';
import { iuvCsv, type LoadedDovuto } from './files/iuv-file';
import { scartiCsv } from './files/scarti-file';
import { readFlowRows } from './parsers/flow-csv';
import { toBatchItem } from './flow-batch-items';
import { FlowImportAggregate } from './flow-import.aggregate';
import { prepareFlow, type PreparedFlow } from './flow-prepare';
import { absolute, flowDir, relativeFlowPath } from './flow-storage';

export const FLOW_CHUNK_ROWS = 1000;

/** Thrown by the test hook that imitates a process dying between two chunks. */
export class SimulatedCrash extends Error {}

export type ProgressListener = (rowsDone: number, rowsTotal: number) => void;

/**
 * Runs one flow: file-level checks first (a bad file fails with its code and imports nothing), then the rows in
 * chunks through the batch path with importId = the flow's stream id, recording progress per chunk. Run again
 * after a crash it goes over the flow from the start: rows already applied are recognised by the batch path
 * (same importId + row) and counted, never applied twice.
 */
@Injectable()
export class FlowImporter {
  private readonly logger = new Logger('flows');
  chunkSize = FLOW_CHUNK_ROWS;
  /** Tests only: stop after this many chunks as if the process had died (the flow stays "importing"). */
  stopAfterChunks: number | undefined;

  constructor(
    private readonly commands: CommandService,
    private readonly batch: PositionBatchService,
    private readonly positions: PositionsService,
    @Inject(CONFIG) private readonly config: QuadraConfig,
  ) {}

  async run(codIpa: string, flowId: string, onProgress?: ProgressListener): Promise<FlowImportState> {
    const streamId = flowStreamId(codIpa, flowId);
    const loaded = await this.commands.load(FlowImportAggregate, streamId);
    if (loaded.state.status === 'none') throw notFound('FLOW_NOT_FOUND', `flow ${flowId} of ente ${codIpa} does not exist`);
    if (isFinished(loaded.state)) return loaded.state;
    const upload = loaded.state.upload!;
    const importId = importIdOf(loaded.state, streamId);
    const ctx = (): CommandContext => ({ correlationId: importId, actor: `import:${importId}`, now: new Date().toISOString() });

    let prepared: PreparedFlow;
    let segregationCode: string;
    try {
      segregationCode = (await this.positions.requireEnte(codIpa)).profile.segregationCode;
      const zip = await fs.readFile(absolute(this.config.dataDir, upload.storedAs));
      prepared = prepareFlow(zip, upload.fileName, codIpa);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.logger.warn({ msg: 'flow refused', codIpa, flowId, code: err.code, correlationId: importId });
      const r = await this.commands.execute(FlowImportAggregate, streamId, { type: 'FailFlowImport', data: { code: err.code, message: err.message, details: err.details }, metadata: { now: new Date().toISOString() } }, ctx());
      return r.state;
    }
    const { flow, text, rowsTotal } = prepared;
    await this.commands.execute(FlowImportAggregate, streamId, { type: 'StartFlowImport', data: { rowsTotal }, metadata: { now: new Date().toISOString() } }, ctx());

    const rejections: RowRejection[] = [];
    const loadedDovuti: LoadedDovuto[] = [];
    let items: BatchItem[] = [];
    let rowsInChunk = 0;
    let chunks = 0;
    let rowsDone = 0;
    let accepted = 0;
    let rejected = 0;

    const flush = async () => {
      if (items.length > 0) {
        const inserts = new Set(items.filter((i) => i.azione === 'I').map((i) => i.row));
        const result = await this.batch.apply(codIpa, importId, items, ctx());
        for (const o of result.outcomes) {
          if (o.ok) {
            accepted++;
            if (inserts.has(o.row)) loadedDovuti.push({ iud: o.iud, iuv: o.iuv, numeroAvviso: o.numeroAvviso });
          } else {
            rejected++;
            const e = o.error!;
            rejections.push({ rowNumber: o.row, iud: o.iud, fields: [], problems: [{ field: e.field ?? 'row', code: e.code, message: `Row ${o.row}: ${e.message}` }] });
          }
        }
      }
      rowsDone += rowsInChunk;
      items = [];
      rowsInChunk = 0;
      chunks++;
      await this.commands.execute(FlowImportAggregate, streamId, { type: 'RecordFlowProgress', data: { rowsDone, accepted, rejected }, metadata: { now: new Date().toISOString() } }, ctx());
      onProgress?.(rowsDone, rowsTotal);
      if (this.stopAfterChunks !== undefined && chunks >= this.stopAfterChunks) throw new SimulatedCrash(`stopped after chunk ${chunks}`);
      // The store answers synchronously, so without this the whole flow would run as one task: HTTP requests
      // (progress polls included) wait for a turn of the event loop between two chunks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };

    const rows = readFlowRows([text], flow.versione, { segregationCode });
    let stats;
    for (;;) {
      const next = rows.next();
      if (next.done) {
        stats = next.value;
        break;
      }
      rowsInChunk++;
      if (next.value.ok) items.push(toBatchItem(next.value.row, flow.baseName));
      else {
        rejected++;
        rejections.push(next.value.rejection);
      }
      if (rowsInChunk >= this.chunkSize) await flush();
    }
    if (rowsInChunk > 0) await flush();

    const dir = flowDir(this.config.dataDir, codIpa);
    await fs.mkdir(dir, { recursive: true });
    const scarti = scartiFileName(flow);
    const iuv = iuvFileName(flow);
    await writeAtomically(path.join(dir, scarti), scartiCsv(rejections));
    await writeAtomically(path.join(dir, iuv), iuvCsv(loadedDovuti));
    const done = await this.commands.execute(
      FlowImportAggregate,
      streamId,
      {
        type: 'CompleteFlowImport',
        data: {
          rowsRead: stats.rowsRead,
          accepted,
          rejected,
          emptyLines: stats.emptyLines,
          warnings: stats.warnings,
          scartiFile: relativeFlowPath(codIpa, scarti),
          iuvFile: relativeFlowPath(codIpa, iuv),
        },
        metadata: { now: new Date().toISOString() },
      },
      ctx(),
    );
    this.logger.log({ msg: 'flow imported', codIpa, flowId, rows: stats.rowsRead, accepted, rejected, correlationId: importId });
    return done.state;
  }
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, content, 'utf8');
  await fs.rename(tmp, file);
}
