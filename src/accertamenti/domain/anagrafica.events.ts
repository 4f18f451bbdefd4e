import type { DomainEvent } from '../../kernel/decider';

/** Every event names its ente and year, so a projection never parses the stream id. */
interface Scope {
  readonly codIpa: string;
  readonly anno: number;
  /** metadata.now of the command. */
  readonly at: string;
}

export interface UfficioFields {
  readonly codUfficio: string;
  readonly denominazione: string;
}

export interface CapitoloFields {
  readonly codCapitolo: string;
  readonly descrizione: string;
  readonly codUfficio: string;
  /** Absent: applies to every tipo dovuto. Sorted, no duplicates. */
  readonly tipiDovuto?: readonly string[];
}

export interface AccertamentoContabileFields {
  readonly codAccertamento: string;
  readonly descrizione: string;
  readonly codCapitolo: string;
}

/** Created and Updated carry the whole record after the change, so a projection needs nothing else. */
export type UfficioCreated = DomainEvent<'UfficioCreated', Scope & UfficioFields>;
export type UfficioUpdated = DomainEvent<'UfficioUpdated', Scope & UfficioFields>;
export type UfficioDeactivated = DomainEvent<'UfficioDeactivated', Scope & { readonly codUfficio: string }>;
export type CapitoloCreated = DomainEvent<'CapitoloCreated', Scope & CapitoloFields>;
export type CapitoloUpdated = DomainEvent<'CapitoloUpdated', Scope & CapitoloFields>;
export type CapitoloDeactivated = DomainEvent<'CapitoloDeactivated', Scope & { readonly codCapitolo: string }>;
export type AccertamentoContabileCreated = DomainEvent<'AccertamentoContabileCreated', Scope & AccertamentoContabileFields>;
export type AccertamentoContabileUpdated = DomainEvent<'AccertamentoContabileUpdated', Scope & AccertamentoContabileFields>;
export type AccertamentoContabileDeactivated = DomainEvent<'AccertamentoContabileDeactivated', Scope & { readonly codAccertamento: string }>;

export type AnagraficaEvent =
  | UfficioCreated
  | UfficioUpdated
  | UfficioDeactivated
  | CapitoloCreated
  | CapitoloUpdated
  | CapitoloDeactivated
  | AccertamentoContabileCreated
  | AccertamentoContabileUpdated
  | AccertamentoContabileDeactivated;

/** Schema version of each event type, written to metadata.schemaVersion; bump it when a payload changes shape. */
export const ANAGRAFICA_EVENT_VERSIONS = {
  UfficioCreated: 1,
  UfficioUpdated: 1,
  UfficioDeactivated: 1,
  CapitoloCreated: 1,
  CapitoloUpdated: 1,
  CapitoloDeactivated: 1,
  AccertamentoContabileCreated: 1,
  AccertamentoContabileUpdated: 1,
  AccertamentoContabileDeactivated: 1,
} as const satisfies Record<AnagraficaEvent['type'], number>;

/** One stream per ente and budget year: codes are unique within it, and a new year starts from a clean list. */
export const anagraficaStreamId = (codIpa: string, anno: number): string => `anagrafica-${codIpa}-${anno}`;
