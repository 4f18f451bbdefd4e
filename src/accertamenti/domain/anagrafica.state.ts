import type { AccertamentoContabileFields, AnagraficaEvent, CapitoloFields, UfficioFields } from './anagrafica.events';

export interface UfficioRecord extends UfficioFields {
  readonly active: boolean;
}
export interface CapitoloRecord extends CapitoloFields {
  readonly active: boolean;
}
export interface AccertamentoContabileRecord extends AccertamentoContabileFields {
  readonly active: boolean;
}

/** Deactivated records stay: their codes are taken for the year, and past accertamenti still name them. */
export interface AnagraficaState {
  /** null until the first event: the stream's ente and year. */
  readonly scope: { readonly codIpa: string; readonly anno: number } | null;
  readonly uffici: ReadonlyMap<string, UfficioRecord>;
  readonly capitoli: ReadonlyMap<string, CapitoloRecord>;
  readonly accertamenti: ReadonlyMap<string, AccertamentoContabileRecord>;
}

export const initialAnagraficaState: AnagraficaState = { scope: null, uffici: new Map(), capitoli: new Map(), accertamenti: new Map() };

const put = <V>(map: ReadonlyMap<string, V>, key: string, value: V): ReadonlyMap<string, V> => new Map(map).set(key, value);
const deactivate = <V extends { active: boolean }>(map: ReadonlyMap<string, V>, key: string): ReadonlyMap<string, V> => {
  const current = map.get(key);
  return current ? put(map, key, { ...current, active: false }) : map;
};

export function evolveAnagrafica(state: AnagraficaState, event: AnagraficaEvent): AnagraficaState {
  const s: AnagraficaState = state.scope ? state : { ...state, scope: { codIpa: event.data.codIpa, anno: event.data.anno } };
  switch (event.type) {
    case 'UfficioCreated':
    case 'UfficioUpdated': {
      const { codUfficio, denominazione } = event.data;
      return { ...s, uffici: put(s.uffici, codUfficio, { codUfficio, denominazione, active: true }) };
    }
    case 'UfficioDeactivated':
      return { ...s, uffici: deactivate(s.uffici, event.data.codUfficio) };
    case 'CapitoloCreated':
    case 'CapitoloUpdated': {
      const { codCapitolo, descrizione, codUfficio, tipiDovuto } = event.data;
      return { ...s, capitoli: put(s.capitoli, codCapitolo, { codCapitolo, descrizione, codUfficio, ...(tipiDovuto && { tipiDovuto }), active: true }) };
    }
    case 'CapitoloDeactivated':
      return { ...s, capitoli: deactivate(s.capitoli, event.data.codCapitolo) };
    case 'AccertamentoContabileCreated':
    case 'AccertamentoContabileUpdated': {
      const { codAccertamento, descrizione, codCapitolo } = event.data;
      return { ...s, accertamenti: put(s.accertamenti, codAccertamento, { codAccertamento, descrizione, codCapitolo, active: true }) };
    }
    case 'AccertamentoContabileDeactivated':
      return { ...s, accertamenti: deactivate(s.accertamenti, event.data.codAccertamento) };
    default: {
      const unknown: never = event;
      throw new Error(`unknown anagrafica event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * What AddPayment needs to check a split: the capitoli (with their ufficio) and accertamenti contabili of the
 * accertamento's ente and year. The handler folds the anagrafica stream and passes this along with the command.
 */
export interface AnagraficaSnapshot {
  readonly codIpa: string;
  readonly anno: number;
  readonly capitoli: readonly { readonly codCapitolo: string; readonly codUfficio: string; readonly active: boolean; readonly tipiDovuto?: readonly string[] }[];
  readonly accertamenti?: readonly { readonly codAccertamento: string; readonly codCapitolo: string; readonly active: boolean }[];
}

export function anagraficaSnapshot(codIpa: string, anno: number, state: AnagraficaState): AnagraficaSnapshot {
  return {
    codIpa,
    anno,
    capitoli: [...state.capitoli.values()].map(({ codCapitolo, codUfficio, active, tipiDovuto }) => ({ codCapitolo, codUfficio, active, ...(tipiDovuto && { tipiDovuto }) })),
    accertamenti: [...state.accertamenti.values()].map(({ codAccertamento, codCapitolo, active }) => ({ codAccertamento, codCapitolo, active })),
  };
}
