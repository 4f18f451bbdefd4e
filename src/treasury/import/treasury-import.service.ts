import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type AppendRequest, type EventStore } from '../../event-store/event-store.port';
import { EnteDirectory } from '../../enti/ente.directory';
import type { CommandContext } from '../../kernel/command-context';
import { CommandService } from '../../kernel/command-service';
import { notFound } from '../../kernel/errors';
import { deterministicUuid, sha256 } from '../../kernel/ids';
import {
  TREASURY_EVENT_VERSIONS,
  treasuryFileStreamId,
  treasuryMovementStreamId,
  type TreasuryFileImported,
  type TreasuryMovementData,
  type TreasuryMovementRecorded,
} from '../domain/treasury.events';
import { readTreasuryFile, type TreasuryFileOptions } from './read-treasury-file';

export interface TreasuryImportResult {
  fileId: string;
  format: TreasuryFileImported['data']['format'];
  version?: string;
  recorded: number;
  duplicates: number;
  ignored: number;
  /** Recorded debits (segno "-"): kept in the journal, left out of the reconciliation. */
  negative: number;
  errors: TreasuryFileImported['data']['errors'];
  position: bigint;
  revision: bigint;
}

/** Movements per appendBatch (one SQLite transaction each). */
const CHUNK = 1000;

/**
 * Imports a giornale di cassa. Each movement is its own stream keyed by the parser's key, so a movement loaded
 * twice (same conto, esercizio, bolletta / same file row) is recorded once; the file import itself is an event
 * with the counts and the row errors. Debits (segno "-", e.g. a reversal) are recorded as the bank wrote them but
 * the reconciliation only reads credits: the engine compares amounts that move money to the ente.
 */
@Injectable()
export class TreasuryImportService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandService,
    private readonly enti: EnteDirectory,
  ) {}

  async importFile(codIpa: string, bytes: Buffer, fileName: string, options: TreasuryFileOptions, ctx: CommandContext): Promise<TreasuryImportResult> {
    if (!(await this.enti.get(codIpa))) throw notFound('ENTE_NOT_FOUND', `ente ${codIpa} is not registered`);
    // A file that cannot be read throws before anything is appended: nothing already reconciled changes.
    const content = readTreasuryFile(bytes, options);
    const fileId = sha256(bytes).slice(0, 24);
    let recorded = 0;
    let duplicates = 0;
    let negative = 0;
    let position = 0n;
    for (let i = 0; i < content.movements.length; i += CHUNK) {
      const chunk = content.movements.slice(i, i + CHUNK);
      const existing = await this.store.streamRevisions(chunk.map((m) => treasuryMovementStreamId(codIpa, m.key)));
      const requests: AppendRequest[] = [];
      const seen = new Set<string>();
      for (const m of chunk) {
        const streamId = treasuryMovementStreamId(codIpa, m.key);
        if (existing.has(streamId) || seen.has(streamId)) {
          duplicates++;
          continue;
        }
        seen.add(streamId);
        const data: TreasuryMovementData = {
          codIpa,
          key: m.key,
          fileId,
          source: m.source,
          esercizio: m.esercizio,
          ...(m.numeroBolletta ? { numeroBolletta: m.numeroBolletta } : {}),
          dataContabile: m.dataContabile,
          dataValuta: m.dataValuta,
          importo: m.importo,
          segno: m.segno,
          ...(m.conto ? { conto: m.conto } : {}),
          ...(m.abi ? { abi: m.abi } : {}),
          ...(m.cab ? { cab: m.cab } : {}),
          ...(m.ordinante ? { ordinante: m.ordinante } : {}),
          causale: m.causale,
          ...(m.iuf ? { iuf: m.iuf } : {}),
          ...(m.iuv ? { iuv: m.iuv } : {}),
          at: ctx.now,
        };
        const event: TreasuryMovementRecorded = { type: 'TreasuryMovementRecorded', data };
        const [envelope] = this.commands.envelopes({ eventVersions: TREASURY_EVENT_VERSIONS }, streamId, [event], ctx, -1n);
        // Derived from the movement, so two imports racing write the same event once.
        envelope.id = deterministicUuid('treasury', streamId);
        requests.push({ streamId, events: [envelope], expectedRevision: 'any' });
        recorded++;
        if (m.segno === '-') negative++;
      }
      if (requests.length) {
        const results = await this.store.appendBatch(requests);
        for (const r of results) if (r.position > position) position = r.position;
      }
    }
    const fileEvent: TreasuryFileImported = {
      type: 'TreasuryFileImported',
      data: {
        codIpa,
        fileId,
        fileName,
        format: content.format,
        ...(content.version ? { version: content.version } : {}),
        recorded,
        duplicates,
        ignored: content.ignored,
        errors: content.errors.map((e) => ({ row: e.row, ...(e.column ? { column: e.column } : {}), code: e.code, message: e.message })),
        at: ctx.now,
      },
    };
    const streamId = treasuryFileStreamId(codIpa, fileId);
    const envelopes = this.commands.envelopes({ eventVersions: TREASURY_EVENT_VERSIONS }, streamId, [fileEvent], ctx, -1n);
    const res = await this.store.append(streamId, envelopes, 'any');
    return {
      fileId,
      format: content.format,
      ...(content.version ? { version: content.version } : {}),
      recorded,
      duplicates,
      ignored: content.ignored,
      negative,
      errors: fileEvent.data.errors,
      position: res.position > position ? res.position : position,
      revision: res.nextRevision,
    };
  }
}
