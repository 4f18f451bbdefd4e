import type { EnteRegistered, EnteUpdated, TipoDovuto, TipoDovutoConfigured, TipoDovutoDeactivated } from '../../src/enti/domain/ente.events';
import type { RecordedEvent } from '../../src/kernel/events';
import { centsToEuros } from '../../src/kernel/money';
import type { Projection } from '../../src/read-store/projection';
import { alreadyApplied } from '../common/stale';
import { foldText, wordsOf, type EnteCatalogDoc, type TipoSpontaneo } from './enti-catalog.document';
import { ENTI_CATALOG_COLLECTION, entiCatalogReadModel } from './enti-catalog.read-model';

function named(doc: Omit<EnteCatalogDoc, 'searchText' | 'searchWords' | 'sortName'>): EnteCatalogDoc {
  const code = doc.codIpa.toLowerCase();
  const words = new Set([...wordsOf(doc.denominazione), code, ...wordsOf(doc.codIpa)]);
  return { ...doc, searchText: `${foldText(doc.denominazione)} ${code}`, searchWords: [...words].join(' '), sortName: foldText(doc.denominazione) };
}

const spontaneo = (t: TipoDovuto): TipoSpontaneo => ({
  codTipo: t.codTipo,
  descrizione: t.descrizione,
  importoFisso: t.importoFisso === undefined ? null : centsToEuros(t.importoFisso),
  ...(t.causaleTemplate !== undefined && { causaleTemplate: t.causaleTemplate }),
});

const byDescrizione = (a: TipoSpontaneo, b: TipoSpontaneo): number => {
  const [x, y] = [foldText(a.descrizione), foldText(b.descrizione)];
  return x < y ? -1 : x > y ? 1 : a.codTipo < b.codTipo ? -1 : a.codTipo > b.codTipo ? 1 : 0;
};

function withTipi(doc: EnteCatalogDoc, tipi: TipoSpontaneo[]): EnteCatalogDoc {
  const sorted = [...tipi].sort(byDescrizione);
  return { ...doc, tipiSpontanei: sorted, spontaneiCount: sorted.length };
}

function evolveCatalog(doc: EnteCatalogDoc | undefined, event: RecordedEvent): EnteCatalogDoc | undefined {
  const lastPosition = event.position.toString();
  if (event.type === 'EnteRegistered') {
    const d = event.data as EnteRegistered['data'];
    // A registration seen again (a rebuilt ente stream) keeps the tipi already known.
    return named({ codIpa: d.codIpa, denominazione: d.denominazione, active: true, tipiSpontanei: doc?.tipiSpontanei ?? [], spontaneiCount: doc?.spontaneiCount ?? 0, lastPosition });
  }
  if (doc === undefined) return undefined;
  switch (event.type) {
    case 'EnteUpdated': {
      const { denominazione } = (event.data as EnteUpdated['data']).changes;
      return denominazione === undefined ? undefined : named({ ...doc, denominazione, lastPosition });
    }
    case 'TipoDovutoConfigured': {
      const t = (event.data as TipoDovutoConfigured['data']).tipoDovuto;
      const others = doc.tipiSpontanei.filter((x) => x.codTipo !== t.codTipo);
      return { ...withTipi(doc, t.active && t.spontaneous ? [...others, spontaneo(t)] : others), lastPosition };
    }
    case 'TipoDovutoDeactivated': {
      const { codTipo } = event.data as TipoDovutoDeactivated['data'];
      return { ...withTipi(doc, doc.tipiSpontanei.filter((x) => x.codTipo !== codTipo)), lastPosition };
    }
    default:
      return undefined;
  }
}

export const entiCatalogProjection: Projection<EnteCatalogDoc> = {
  name: 'enti-catalog',
  version: 1,
  background: true,
  readModels: [entiCatalogReadModel],
  handles: ['EnteRegistered', 'EnteUpdated', 'TipoDovutoConfigured', 'TipoDovutoDeactivated'],
  keys: (event) => [{ collection: ENTI_CATALOG_COLLECTION, id: (event.data as { codIpa: string }).codIpa }],
  evolve: (_collection, doc, event) => (alreadyApplied(doc, event) ? undefined : evolveCatalog(doc, event)),
};
