import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { EnteDirectory } from '../../enti/ente.directory';
import type { CommandContext } from '../../kernel/command-context';
import { notFound } from '../../kernel/errors';
import { READ_STORE, type ReadStore } from '../../read-store/read-store.port';
import { searchEnti } from '../../../projections/enti-catalog/enti-catalog.queries';
import { reportingFlowStreamId, type ReportingFlowData } from '../domain/reporting-flow.events';
import { parseIuf } from '../parsers/iuf';
import { ReportingImportService } from '../import/reporting-import.service';
import { NodeForPaClient } from './node-for-pa.client';
import type { FlowListEntry, NodoStation } from './node-for-pa.messages';

export interface PullResult {
  codIpa: string;
  /** Flows the Node listed for the ente. */
  listed: number;
  /** Flows recorded by this pull. */
  imported: number;
  /** Listed flows Quadra already had (not fetched, or fetched and found the same). */
  alreadyKnown: number;
  /** Flows that could not be fetched or read: retried by the next pull. */
  failed: { iuf: string; code: string; message: string }[];
  imports: { iuf: string; idPSP: string; rows: number; anomalies: number }[];
  /** Log position of the last flow recorded, for read-your-writes; absent when nothing was recorded. */
  position?: bigint;
}

/** stPassword is 8 to 15 characters; the Node checks it, the simulator does not. */
const stationPassword = (env: NodeJS.ProcessEnv = process.env): string => env.NODE_FOR_PA_PASSWORD || 'password';
const ENTI_PAGE = 200;

/** Pulls reporting flows (FR) from the pagoPA Node: list the ente's flows, fetch the ones not yet recorded, import them. */
@Injectable()
export class ReportingPullService {
  private readonly logger = new Logger('ReportingPull');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly enti: EnteDirectory,
    private readonly node: NodeForPaClient,
    private readonly imports: ReportingImportService,
  ) {}

  async pullOnce(codIpa: string, ctx: CommandContext): Promise<PullResult> {
    const ente = await this.enti.get(codIpa);
    if (!ente) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    const { cfEnte, idIntermediario, idStazione } = ente.profile;
    const station: NodoStation = { identificativoIntermediarioPA: idIntermediario, identificativoStazioneIntermediarioPA: idStazione, password: stationPassword() };
    const listed = await this.node.listFlows(station, cfEnte);
    const unique = [...new Map(listed.map((f) => [`${f.identificativoFlusso}\u0000${f.dataOraFlusso}`, f])).values()];
    const result: PullResult = { codIpa, listed: unique.length, imported: 0, alreadyKnown: 0, failed: [], imports: [] };

    for (const flow of unique) {
      const idPSP = parseIuf(flow.identificativoFlusso).idPsp;
      if (idPSP && (await this.alreadyRecorded(codIpa, flow, idPSP))) {
        result.alreadyKnown += 1;
        continue;
      }
      try {
        const bytes = await this.node.fetchFlow(station, cfEnte, flow.identificativoFlusso, idPSP);
        const r = await this.imports.importFr(codIpa, bytes, { source: 'node', fileName: `${flow.identificativoFlusso}.xml` }, ctx);
        if (r.duplicate) result.alreadyKnown += 1;
        else {
          result.imported += 1;
          result.imports.push({ iuf: r.iuf, idPSP: r.idPSP, rows: r.rows, anomalies: r.anomalies.length });
          if (result.position === undefined || r.position > result.position) result.position = r.position;
        }
      } catch (e) {
        // One unreadable flow must not stop the others; it stays unrecorded, so the next pull tries it again.
        const code = (e as { code?: unknown }).code;
        result.failed.push({ iuf: flow.identificativoFlusso, code: typeof code === 'string' ? code : 'PULL_FAILED', message: (e as Error).message });
      }
    }
    return result;
  }

  /** Every active ente in turn; an ente whose pull fails is logged and the others go on. */
  async pullAll(ctx: CommandContext): Promise<PullResult[]> {
    const results: PullResult[] = [];
    for (let page = 1; ; page += 1) {
      const { items } = await searchEnti(this.readStore, { page, pageSize: ENTI_PAGE });
      for (const { codIpa } of items) {
        try {
          const r = await this.pullOnce(codIpa, ctx);
          results.push(r);
          if (r.imported || r.failed.length) this.logger.log(`${codIpa}: ${r.imported} flows imported, ${r.failed.length} failed of ${r.listed} listed`);
        } catch (e) {
          this.logger.warn(`${codIpa}: pull failed: ${(e as Error).message}`);
        }
      }
      if (items.length < ENTI_PAGE) return results;
    }
  }

  /** Listed flows carry no PSP, but a conforming IUF names it: then the stream says whether this version is in. */
  private async alreadyRecorded(codIpa: string, flow: FlowListEntry, idPSP: string): Promise<boolean> {
    const streamId = reportingFlowStreamId(codIpa, flow.identificativoFlusso, idPSP);
    const revs = await this.store.streamRevisions([streamId]);
    if (!revs.has(streamId)) return false;
    const events = await this.store.readStream(streamId);
    return events.some((e) => sameInstant((e.data as ReportingFlowData).dataOraFlusso, flow.dataOraFlusso));
  }
}

/** The list may write dataOraFlusso with milliseconds or a zone the FR omits: compare the seconds. */
const sameInstant = (a: string, b: string): boolean => a.slice(0, 19) === b.slice(0, 19);
