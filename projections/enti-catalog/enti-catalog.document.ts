export interface TipoSpontaneo {
  codTipo: string;
  descrizione: string;
  /** Euros ("20.00") when the tipo has a fixed amount, null when the citizen types it. */
  importoFisso: string | null;
  causaleTemplate?: string;
}

export interface EnteCatalogDoc {
  codIpa: string;
  denominazione: string;
  /** Lower case, accents removed: the denominazione then the codIpa. */
  searchText: string;
  /** The distinct words of denominazione and codIpa (and codIpa whole), space separated: what a search term must start. */
  searchWords: string;
  /** denominazione as searchText writes it: the listing order. */
  sortName: string;
  /** No event retires an ente yet; the flag is here so the listing already filters on it. */
  active: boolean;
  /** Active tipi dovuto a citizen can pay without an avviso, by descrizione. */
  tipiSpontanei: TipoSpontaneo[];
  spontaneiCount: number;
  lastPosition: string;
}

/** "Comune di Forlì" → "comune di forli": how searches compare text. */
export const foldText = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

export const wordsOf = (text: string): string[] => foldText(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
