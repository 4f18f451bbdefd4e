import type { DomainEvent } from '../../kernel/decider';

/** "Prenota export": an ente's paid dovuti with a data esito in [from, to], optionally of one tipo dovuto. */
export type ExportRequested = DomainEvent<'ExportRequested', { readonly id: string; readonly codIpa: string; readonly from: string; readonly to: string; readonly tipoDovuto?: string; readonly at: string }>;
/** file: name of the ZIP under <dataDir>/exports/<codIpa>/; sha256 of the ZIP's bytes. */
export type ExportCompleted = DomainEvent<'ExportCompleted', { readonly id: string; readonly rows: number; readonly file: string; readonly sha256: string; readonly at: string }>;
export type ExportFailed = DomainEvent<'ExportFailed', { readonly id: string; readonly error: string; readonly at: string }>;

export type ExportEvent = ExportRequested | ExportCompleted | ExportFailed;

export const EXPORT_EVENT_VERSIONS = { ExportRequested: 1, ExportCompleted: 1, ExportFailed: 1 } as const satisfies Record<ExportEvent['type'], number>;

export const exportStreamId = (codIpa: string, id: string): string => `export-${codIpa}-${id}`;
/** One event per booked export, so a restarting worker finds the unfinished ones without scanning the log. */
export const EXPORT_REGISTRY_STREAM = 'exports-registry';
export const EXPORT_QUEUE = 'export';
export const exportFileName = (codIpa: string, id: string): string => `${codIpa}-export-${id}.zip`;
