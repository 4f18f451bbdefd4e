import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '../event-store/event-store.port';
import type { CommandContext } from '../kernel/command-context';
import { CommandService, type CommandResult } from '../kernel/command-service';
import { DomainError, ValidationErrors } from '../kernel/errors';
import { AnagraficaAggregate } from './accertamenti.aggregates';
import type { AnagraficaCommand } from './domain/anagrafica.commands';
import { parseAnagraficaCsv, type AnagraficaCsvError } from './domain/anagrafica-csv';
import { anagraficaStreamId, type AnagraficaEvent } from './domain/anagrafica.events';
import type { AnagraficaState } from './domain/anagrafica.state';
import { EnteScope } from './enti-scope';

export type AnagraficaResult = CommandResult<AnagraficaState>;

export interface AnagraficaImportResult {
  righeLette: number;
  /** Rows that added or changed a record. */
  applicate: number;
  /** Rows identical to what the anagrafica already holds (a file imported twice). */
  invariate: number;
  scartate: number;
  errori: AnagraficaCsvError[];
  revision: bigint;
  position: bigint;
}

const MAX_ATTEMPTS = 5;

/** Errors that make a whole file unreadable, rather than one of its rows wrong. */
const FILE_ERRORS = new Set(['EMPTY_FILE', 'INVALID_HEADER', 'INVALID_ENCODING']);

/** Uffici, capitoli and accertamenti contabili of an ente for a budget year: one stream, the anagrafica decider. */
@Injectable()
export class AnagraficaService {
  constructor(
    private readonly commands: CommandService,
    private readonly scope: EnteScope,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(codIpa: string, anno: number, command: AnagraficaCommand, ctx: CommandContext): Promise<AnagraficaResult> {
    await this.scope.ente(codIpa);
    return this.commands.execute(AnagraficaAggregate, anagraficaStreamId(codIpa, anno), command, ctx);
  }

  async state(codIpa: string, anno: number): Promise<AnagraficaState> {
    await this.scope.ente(codIpa);
    return (await this.commands.load(AnagraficaAggregate, anagraficaStreamId(codIpa, anno))).state;
  }

  async history(codIpa: string, anno: number) {
    await this.scope.ente(codIpa);
    const events = await this.store.readStream(anagraficaStreamId(codIpa, anno));
    return events.map((e) => ({
      revision: e.revision.toString(),
      position: e.position.toString(),
      type: e.type,
      data: e.data,
      occurredAt: e.metadata.occurredAt,
      actor: e.metadata.actor,
      correlationId: e.metadata.correlationId,
    }));
  }

  /**
   * MyPivot's rule for the anagrafica file: the good rows are applied, the bad ones are listed with their row
   * number and why, and the operator re-imports a corrected file (rows already applied are then repeats).
   * A file that cannot be read at all (no header, wrong columns, not UTF-8) is refused as a whole.
   */
  async importCsv(codIpa: string, anno: number, bytes: Buffer, ctx: CommandContext): Promise<AnagraficaImportResult> {
    await this.scope.ente(codIpa);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new DomainError('INVALID_ENCODING', 'the file is not UTF-8 text: save it as CSV UTF-8', 'invalid', 'file');
    }
    const parsed = parseAnagraficaCsv(text, { codIpa, now: ctx.now });
    const fileError = parsed.errors.find((e) => FILE_ERRORS.has(e.code));
    if (fileError) throw new DomainError(fileError.code, fileError.message, 'invalid', 'file', { row: fileError.row });

    const streamId = anagraficaStreamId(codIpa, anno);
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.commands.load(AnagraficaAggregate, streamId);
      let state = loaded.state;
      const errors: AnagraficaCsvError[] = [...parsed.errors];
      const decided: AnagraficaEvent[] = [];
      let applicate = 0;
      let invariate = 0;
      for (const { row, command } of parsed.commands) {
        if (command.data.anno !== anno) {
          errors.push({ row, field: 'anno', code: 'ANNO_MISMATCH', message: `row ${row}: anno ${command.data.anno} is not the year being imported (${anno}): import it into /anagrafica/${command.data.anno}` });
          continue;
        }
        try {
          const events = AnagraficaAggregate.decider.decide(command, state);
          state = events.reduce(AnagraficaAggregate.decider.evolve, state);
          decided.push(...events);
          if (events.length > 0) applicate++;
          else invariate++;
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          const list = e instanceof ValidationErrors ? e.errors : [{ field: e.field, code: e.code, message: e.message }];
          for (const x of list) errors.push({ row, ...(x.field !== undefined && { field: x.field }), code: x.code, message: `row ${row}: ${x.message}` });
        }
      }
      errors.sort((a, b) => a.row - b.row);
      const rowsWithErrors = new Set(errors.map((e) => e.row)).size;
      const base = { righeLette: parsed.rowsRead, applicate, invariate, scartate: rowsWithErrors, errori: errors };
      if (decided.length === 0) return { ...base, revision: loaded.revision, position: loaded.position };
      const envelopes = this.commands.envelopes(AnagraficaAggregate, streamId, decided, ctx, loaded.revision);
      try {
        const res = await this.store.append(streamId, envelopes, loaded.revision === -1n ? 'no_stream' : loaded.revision);
        return { ...base, revision: res.nextRevision, position: res.position };
      } catch (e) {
        // Someone changed the anagrafica meanwhile: decide the whole file again on the fresh state.
        if (!(e instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }
}
