import type { DomainEvent } from '../../kernel/decider';

/**
 * The life of one uploaded flow, on stream `flow-<codIpa>-<flowId>`. The import is recorded as events so that a
 * restart finds unfinished flows and resumes them (rows are applied through the batch path, which never
 * applies a row twice).
 */
export interface FlowUploadedData {
  readonly codIpa: string;
  /** The IUF when the file name is valid; `~<hash>` for a file whose name could not be read (it fails at once). */
  readonly flowId: string;
  readonly fileName: string;
  readonly iuf?: string;
  readonly versione?: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Path of the stored ZIP, relative to the data folder. */
  readonly storedAs: string;
  /** 1 for the first upload; a flow that failed as a file may be uploaded again (a new attempt). */
  readonly attempt: number;
  readonly at: string;
}

export type FlowUploaded = DomainEvent<'FlowUploaded', FlowUploadedData>;
export type FlowImportStarted = DomainEvent<'FlowImportStarted', { readonly codIpa: string; readonly flowId: string; readonly attempt: number; readonly rowsTotal: number; readonly at: string }>;
export type FlowImportProgressed = DomainEvent<
  'FlowImportProgressed',
  { readonly codIpa: string; readonly flowId: string; readonly rowsDone: number; readonly accepted: number; readonly rejected: number; readonly at: string }
>;
export type FlowImportCompleted = DomainEvent<
  'FlowImportCompleted',
  {
    readonly codIpa: string;
    readonly flowId: string;
    readonly rowsRead: number;
    readonly accepted: number;
    readonly rejected: number;
    readonly emptyLines: number;
    readonly warnings: readonly string[];
    /** Paths relative to the data folder. */
    readonly scartiFile: string;
    readonly iuvFile: string;
    readonly at: string;
  }
>;
export type FlowImportFailed = DomainEvent<
  'FlowImportFailed',
  { readonly codIpa: string; readonly flowId: string; readonly code: string; readonly message: string; readonly details?: Record<string, unknown>; readonly at: string }
>;

export type FlowImportEvent = FlowUploaded | FlowImportStarted | FlowImportProgressed | FlowImportCompleted | FlowImportFailed;

export const FLOW_IMPORT_EVENT_VERSIONS = {
  FlowUploaded: 1,
  FlowImportStarted: 1,
  FlowImportProgressed: 1,
  FlowImportCompleted: 1,
  FlowImportFailed: 1,
} as const satisfies Record<FlowImportEvent['type'], number>;

export const flowStreamId = (codIpa: string, flowId: string): string => `flow-${codIpa}-${flowId}`;
