/**
 * Commands on the anagrafica of one ente for one budget year (stream `anagrafica-<codIpa>-<anno>`).
 * Every command names its ente and year: the handler picks the stream from them, and the decider checks they
 * match the stream it was given. Time comes in with the command, so deciding stays pure.
 */
export interface CommandMetadata {
  /** ISO-8601 with zone. */
  readonly now: string;
}

export interface AnagraficaScope {
  readonly codIpa: string;
  /** Anno di esercizio, 2000..2100. */
  readonly anno: number;
}

type Command<T extends string, D> = { readonly type: T; readonly data: AnagraficaScope & D; readonly metadata: CommandMetadata };

export type CreateUfficio = Command<'CreateUfficio', { readonly codUfficio: string; readonly denominazione: string }>;
export type UpdateUfficio = Command<'UpdateUfficio', { readonly codUfficio: string; readonly denominazione: string }>;
export type DeactivateUfficio = Command<'DeactivateUfficio', { readonly codUfficio: string }>;

export type CreateCapitolo = Command<
  'CreateCapitolo',
  {
    readonly codCapitolo: string;
    readonly descrizione: string;
    readonly codUfficio: string;
    /** Tipi dovuto whose payments may be assigned to it; left out = all of them. */
    readonly tipiDovuto?: readonly string[];
  }
>;
/** undefined = unchanged; tipiDovuto null = lift the restriction. */
export type UpdateCapitolo = Command<
  'UpdateCapitolo',
  { readonly codCapitolo: string; readonly descrizione?: string; readonly codUfficio?: string; readonly tipiDovuto?: readonly string[] | null }
>;
export type DeactivateCapitolo = Command<'DeactivateCapitolo', { readonly codCapitolo: string }>;

export type CreateAccertamentoContabile = Command<
  'CreateAccertamentoContabile',
  {
    readonly codAccertamento: string;
    readonly descrizione: string;
    readonly codCapitolo: string;
    /** Optional cross-check (a CSV row names it): must be the capitolo's ufficio. */
    readonly codUfficio?: string;
  }
>;
export type UpdateAccertamentoContabile = Command<
  'UpdateAccertamentoContabile',
  { readonly codAccertamento: string; readonly descrizione?: string; readonly codCapitolo?: string }
>;
export type DeactivateAccertamentoContabile = Command<'DeactivateAccertamentoContabile', { readonly codAccertamento: string }>;

export type AnagraficaCommand =
  | CreateUfficio
  | UpdateUfficio
  | DeactivateUfficio
  | CreateCapitolo
  | UpdateCapitolo
  | DeactivateCapitolo
  | CreateAccertamentoContabile
  | UpdateAccertamentoContabile
  | DeactivateAccertamentoContabile;
