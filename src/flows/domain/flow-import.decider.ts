import type { Decider } from '../../kernel/decider';
import { conflict, DomainError } from '../../kernel/errors';
import type { FlowImportCommand } from './flow-import.commands';
import type { FlowImportEvent, FlowUploadedData } from './flow-import.events';

export type FlowImportStatus = 'none' | 'uploaded' | 'importing' | 'completed' | 'failed';

export interface FlowImportState {
  readonly status: FlowImportStatus;
  readonly upload?: FlowUploadedData;
  readonly rowsTotal?: number;
  readonly rowsDone: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly uploadedAt?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly error?: { readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };
  readonly scartiFile?: string;
  readonly iuvFile?: string;
  readonly emptyLines?: number;
  readonly warnings?: readonly string[];
}

export const initialFlowImportState: FlowImportState = { status: 'none', rowsDone: 0, accepted: 0, rejected: 0 };

export const isFinished = (s: FlowImportState): boolean => s.status === 'completed' || s.status === 'failed';

/** The id rows are applied under: a later attempt (after a file-level failure) gets its own, so its rows are never taken for the earlier ones. */
export const importIdOf = (s: Pick<FlowImportState, 'upload'>, streamId: string): string =>
  !s.upload || s.upload.attempt === 1 ? streamId : `${streamId}#${s.upload.attempt}`;

export function evolveFlowImport(state: FlowImportState, event: FlowImportEvent): FlowImportState {
  switch (event.type) {
    case 'FlowUploaded':
      return { ...initialFlowImportState, status: 'uploaded', upload: event.data, uploadedAt: event.data.at };
    case 'FlowImportStarted':
      return { ...state, status: 'importing', rowsTotal: event.data.rowsTotal, startedAt: event.data.at };
    case 'FlowImportProgressed':
      return { ...state, rowsDone: event.data.rowsDone, accepted: event.data.accepted, rejected: event.data.rejected };
    case 'FlowImportCompleted':
      return {
        ...state,
        status: 'completed',
        rowsDone: event.data.rowsRead,
        accepted: event.data.accepted,
        rejected: event.data.rejected,
        emptyLines: event.data.emptyLines,
        warnings: event.data.warnings,
        scartiFile: event.data.scartiFile,
        iuvFile: event.data.iuvFile,
        finishedAt: event.data.at,
      };
    case 'FlowImportFailed':
      return { ...state, status: 'failed', error: { code: event.data.code, message: event.data.message, details: event.data.details }, finishedAt: event.data.at };
  }
}

const notUploaded = () => new DomainError('FLOW_NOT_FOUND', 'no flow was uploaded under this id', 'not_found');

export function decideFlowImport(command: FlowImportCommand, state: FlowImportState): FlowImportEvent[] {
  const at = command.metadata.now;
  switch (command.type) {
    case 'UploadFlow': {
      const d = command.data;
      if (state.status !== 'none') {
        // A flow that failed as a file imported nothing: the ente may send a corrected file under the same name.
        const retryOfFailedFile = state.status === 'failed' && state.upload?.sha256 !== d.sha256;
        if (!retryOfFailedFile) {
          throw conflict(
            'FLOW_DUPLICATE',
            `flow "${d.fileName}" was already uploaded on ${state.uploadedAt} (${state.status}); a flow is loaded once: give a new flow a new IUF`,
            'file',
            { flowId: d.flowId, status: state.status },
          );
        }
      }
      return [{ type: 'FlowUploaded', data: { ...d, attempt: (state.upload?.attempt ?? 0) + 1, at } }];
    }
    case 'StartFlowImport': {
      if (state.status === 'none') throw notUploaded();
      if (state.status === 'importing') return [];
      if (isFinished(state)) throw conflict('FLOW_ALREADY_FINISHED', `the flow is already ${state.status}`);
      return [{ type: 'FlowImportStarted', data: { codIpa: state.upload!.codIpa, flowId: state.upload!.flowId, attempt: state.upload!.attempt, rowsTotal: command.data.rowsTotal, at } }];
    }
    case 'RecordFlowProgress': {
      if (state.status === 'none') throw notUploaded();
      if (state.status !== 'importing') throw conflict('FLOW_NOT_IMPORTING', `progress can only be recorded while the flow is importing; it is ${state.status}`);
      // A resumed import goes over rows already counted: only progress beyond the recorded one is news.
      if (command.data.rowsDone <= state.rowsDone) return [];
      return [{ type: 'FlowImportProgressed', data: { codIpa: state.upload!.codIpa, flowId: state.upload!.flowId, ...command.data, at } }];
    }
    case 'CompleteFlowImport': {
      if (state.status === 'none') throw notUploaded();
      if (state.status === 'completed') return [];
      if (state.status !== 'importing') throw conflict('FLOW_NOT_IMPORTING', `only an importing flow can complete; it is ${state.status}`);
      return [{ type: 'FlowImportCompleted', data: { codIpa: state.upload!.codIpa, flowId: state.upload!.flowId, ...command.data, at } }];
    }
    case 'FailFlowImport': {
      if (state.status === 'none') throw notUploaded();
      if (state.status === 'failed') return [];
      if (state.status === 'completed') throw conflict('FLOW_ALREADY_FINISHED', 'the flow was already imported: it cannot fail any more');
      const { code, message, details } = command.data;
      return [{ type: 'FlowImportFailed', data: { codIpa: state.upload!.codIpa, flowId: state.upload!.flowId, code, message, ...(details && { details }), at } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown flow command ${JSON.stringify(unknown)}`);
    }
  }
}

export const flowImportDecider: Decider<FlowImportCommand, FlowImportEvent, FlowImportState> = {
  initialState: initialFlowImportState,
  evolve: evolveFlowImport,
  decide: decideFlowImport,
};
