import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';
import { EnteDirectory } from '../../enti/ente.directory';
import type { CommandContext } from '../../kernel/command-context';
import { CommandService } from '../../kernel/command-service';
import { notFound } from '../../kernel/errors';
import { deterministicUuid } from '../../kernel/ids';
import { iuvReservationStreamId } from '../../positions/domain/position.streams';
import { checkFr } from '../parsers/check-fr';
import { parseFlussoRiversamento } from '../parsers/flusso-riversamento';
import { isSameFlow, iuvUnknownAnomalies, reportingFlowData } from '../domain/reporting-flow.from-parsed';
import { REPORTING_EVENT_VERSIONS, reportingFlowStreamId, type ReportingFlowData, type ReportingFlowReceived } from '../domain/reporting-flow.events';

export interface FrImportResult {
  iuf: string;
  idPSP: string;
  duplicate: boolean;
  rows: number;
  anomalies: ReportingFlowData['anomalies'];
  revision: bigint;
  position: bigint;
}

const IUV_LOOKUP_CHUNK = 1000;

/** Imports one FlussoRiversamento (upload, CLI or Node pull): parse, check, record once. */
@Injectable()
export class ReportingImportService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandService,
    private readonly enti: EnteDirectory,
  ) {}

  async importFr(codIpa: string, bytes: Buffer | string, meta: { source: ReportingFlowData['source']; fileName?: string }, ctx: CommandContext): Promise<FrImportResult> {
    const ente = await this.enti.get(codIpa);
    if (!ente) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    // Malformed or truncated XML throws here (400 with the parser's code and element): nothing is recorded.
    const fr = parseFlussoRiversamento(bytes);
    const anomalies = [...checkFr(fr, { expectedCfEnte: ente.profile.cfEnte })];
    const known = await this.knownIuvs(codIpa, fr.rows.map((r) => r.iuv));
    const data = reportingFlowData(codIpa, fr, [...anomalies, ...iuvUnknownAnomalies(fr.rows, (iuv) => known.has(iuv))], { ...meta, at: ctx.now });

    const streamId = reportingFlowStreamId(codIpa, data.iuf, data.idPSP);
    const existing = await this.store.readStream(streamId);
    const same = existing.find((e) => isSameFlow(e.data as ReportingFlowData, data));
    const result = { iuf: data.iuf, idPSP: data.idPSP, rows: data.rows.length, anomalies: data.anomalies };
    if (same) return { ...result, duplicate: true, revision: existing[existing.length - 1].revision, position: same.position };

    const event: ReportingFlowReceived = { type: 'ReportingFlowReceived', data };
    const revision = existing.length ? existing[existing.length - 1].revision : -1n;
    const [envelope] = this.commands.envelopes({ eventVersions: REPORTING_EVENT_VERSIONS }, streamId, [event], ctx, revision);
    // The id names the flow version, so two uploads racing append one event.
    envelope.id = deterministicUuid('fr', streamId, data.dataOraFlusso, String(data.revision ?? 0));
    const res = await this.store.append(streamId, [envelope], revision === -1n ? 'no_stream' : revision);
    return { ...result, duplicate: false, revision: res.nextRevision, position: res.position };
  }

  /** IUVs this ente reserved (one reservation stream per issued IUV), asked in chunks. */
  private async knownIuvs(codIpa: string, iuvs: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(iuvs)];
    const known = new Set<string>();
    for (let i = 0; i < unique.length; i += IUV_LOOKUP_CHUNK) {
      const chunk = unique.slice(i, i + IUV_LOOKUP_CHUNK);
      const revs = await this.store.streamRevisions(chunk.map((iuv) => iuvReservationStreamId(codIpa, iuv)));
      for (const iuv of chunk) if (revs.has(iuvReservationStreamId(codIpa, iuv))) known.add(iuv);
    }
    return known;
  }
}
