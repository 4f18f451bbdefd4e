export interface FlowCommandMetadata {
  readonly now: string;
}

export interface UploadFlow {
  readonly type: 'UploadFlow';
  readonly data: {
    readonly codIpa: string;
    readonly flowId: string;
    readonly fileName: string;
    readonly iuf?: string;
    readonly versione?: string;
    readonly sha256: string;
    readonly bytes: number;
    readonly storedAs: string;
  };
  readonly metadata: FlowCommandMetadata;
}

/** The file passed its file-level checks; rowsTotal data rows will be applied. */
export interface StartFlowImport {
  readonly type: 'StartFlowImport';
  readonly data: { readonly rowsTotal: number };
  readonly metadata: FlowCommandMetadata;
}

export interface RecordFlowProgress {
  readonly type: 'RecordFlowProgress';
  readonly data: { readonly rowsDone: number; readonly accepted: number; readonly rejected: number };
  readonly metadata: FlowCommandMetadata;
}

export interface CompleteFlowImport {
  readonly type: 'CompleteFlowImport';
  readonly data: {
    readonly rowsRead: number;
    readonly accepted: number;
    readonly rejected: number;
    readonly emptyLines: number;
    readonly warnings: readonly string[];
    readonly scartiFile: string;
    readonly iuvFile: string;
  };
  readonly metadata: FlowCommandMetadata;
}

/** A file-level error: nothing of the flow was applied. */
export interface FailFlowImport {
  readonly type: 'FailFlowImport';
  readonly data: { readonly code: string; readonly message: string; readonly details?: Record<string, unknown> };
  readonly metadata: FlowCommandMetadata;
}

export type FlowImportCommand = UploadFlow | StartFlowImport | RecordFlowProgress | CompleteFlowImport | FailFlowImport;
