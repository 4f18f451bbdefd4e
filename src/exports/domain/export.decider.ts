import type { Decider } from '../../kernel/decider';
import { conflict, invalid } from '../../kernel/errors';
import { isCalendarDate } from '../../positions/domain/calendar-date';
import type { ExportEvent, ExportRequested } from './export.events';

export interface ExportState {
  readonly status: 'absent' | 'requested' | 'completed' | 'failed';
  readonly request?: ExportRequested['data'];
  readonly rows?: number;
  readonly file?: string;
  readonly sha256?: string;
  readonly error?: string;
  readonly finishedAt?: string;
}

export type ExportCommand =
  | { readonly type: 'RequestExport'; readonly data: { readonly id: string; readonly codIpa: string; readonly from: string; readonly to: string; readonly tipoDovuto?: string; readonly knownTipi: readonly string[] }; readonly metadata: { readonly now: string } }
  | { readonly type: 'CompleteExport'; readonly data: { readonly rows: number; readonly file: string; readonly sha256: string }; readonly metadata: { readonly now: string } }
  | { readonly type: 'FailExport'; readonly data: { readonly error: string }; readonly metadata: { readonly now: string } };

const DAY_MS = 86_400_000;
const dayNumber = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;

/** The same day a year later (29 February → 28 February). */
function oneYearAfter(date: string): string {
  const y = Number(date.slice(0, 4)) + 1;
  const md = date.slice(5);
  return md === '02-29' ? `${y}-02-28` : `${y}-${md}`;
}

function checkDate(value: string, field: string): void {
  if (!isCalendarDate(value)) throw invalid('INVALID_DATE', field, `${field} "${value}" must be a calendar date YYYY-MM-DD (data esito), e.g. 2024-12-31`);
}

function decide(command: ExportCommand, state: ExportState): ExportEvent[] {
  switch (command.type) {
    case 'RequestExport': {
      if (state.status !== 'absent') return [];
      const { id, codIpa, from, to, tipoDovuto, knownTipi } = command.data;
      checkDate(from, 'from');
      checkDate(to, 'to');
      if (from > to) throw invalid('INVALID_RANGE', 'from', `from (${from}) is after to (${to}): the range is empty; swap them`);
      // At most one year: from 2024-03-01 the last day allowed is 2025-03-01.
      if (dayNumber(to) > dayNumber(oneYearAfter(from)))
        throw invalid('EXPORT_RANGE_TOO_LONG', 'to', `the export covers ${dayNumber(to) - dayNumber(from) + 1} days from ${from} to ${to}: at most one year (to ≤ ${oneYearAfter(from)}); book several exports`);
      if (tipoDovuto !== undefined && !knownTipi.includes(tipoDovuto))
        throw invalid('TIPO_DOVUTO_NOT_FOUND', 'tipoDovuto', `tipo dovuto "${tipoDovuto}" is not configured for ente ${codIpa}`);
      return [{ type: 'ExportRequested', data: { id, codIpa, from, to, ...(tipoDovuto !== undefined && { tipoDovuto }), at: command.metadata.now } }];
    }
    case 'CompleteExport':
    case 'FailExport': {
      if (state.status === 'absent' || !state.request) throw conflict('EXPORT_NOT_REQUESTED', 'the export was never requested');
      // The first terminal event stands: a job retried after it finished changes nothing.
      if (state.status !== 'requested') return [];
      const id = state.request.id;
      return command.type === 'CompleteExport'
        ? [{ type: 'ExportCompleted', data: { id, ...command.data, at: command.metadata.now } }]
        : [{ type: 'ExportFailed', data: { id, error: command.data.error, at: command.metadata.now } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown export command ${JSON.stringify(unknown)}`);
    }
  }
}

function evolve(state: ExportState, event: ExportEvent): ExportState {
  switch (event.type) {
    case 'ExportRequested':
      return { status: 'requested', request: event.data };
    case 'ExportCompleted':
      return { ...state, status: 'completed', rows: event.data.rows, file: event.data.file, sha256: event.data.sha256, finishedAt: event.data.at };
    case 'ExportFailed':
      return { ...state, status: 'failed', error: event.data.error, finishedAt: event.data.at };
    default:
      return state;
  }
}

export const exportDecider: Decider<ExportCommand, ExportEvent, ExportState> = { initialState: { status: 'absent' }, evolve, decide };
