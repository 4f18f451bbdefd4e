import { invalid } from '../../src/kernel/errors';
import type { ReadStore } from '../../src/read-store/read-store.port';
import { optionalText, parsePage, rejectUnknownParams, type Page, type PageParams } from '../common/query-params';
import { wordsOf, type EnteCatalogDoc, type TipoSpontaneo } from './enti-catalog.document';
import { ENTI_CATALOG_COLLECTION } from './enti-catalog.read-model';

export interface EnteCatalogView {
  codIpa: string;
  denominazione: string;
  tipiSpontanei: TipoSpontaneo[];
}

export interface EntiSearch extends PageParams {
  /** Words the citizen types: each must start a word of the denominazione or the codIpa ("com mil" finds "Comune di Milano"). */
  q?: string;
  /** Only enti with at least one tipo dovuto payable spontaneously. */
  conSpontanei?: boolean;
}

const view = (d: EnteCatalogDoc): EnteCatalogView => ({ codIpa: d.codIpa, denominazione: d.denominazione, tipiSpontanei: d.tipiSpontanei });

const matches = (doc: EnteCatalogDoc, terms: readonly string[]): boolean => {
  const words = doc.searchWords.split(' ');
  return terms.every((t) => words.some((w) => w.startsWith(t)));
};

/**
 * Active enti in alphabetical order, optionally narrowed by words. Word-prefix matching happens in memory over the
 * active enti: a region has a few thousand at most (Lombardia has about 1,500 comuni), a few hundred KB read from an
 * index in order, and it needs no list field the read store does not have. A catalogue the size of all of Italy
 * would want a words collection instead (keys() cannot see the old name on a rename, so it would need an event
 * that carries it).
 */
export async function searchEnti(store: ReadStore, params: EntiSearch = {}): Promise<Page<EnteCatalogView>> {
  rejectUnknownParams(params, ['q', 'conSpontanei', 'page', 'pageSize']);
  const { page, pageSize, skip } = parsePage(params);
  const q = optionalText(params.q, 'q', 100);
  if (params.conSpontanei !== undefined && typeof params.conSpontanei !== 'boolean')
    throw invalid('INVALID_FILTER', 'conSpontanei', `conSpontanei must be true or false, got ${JSON.stringify(params.conSpontanei)}`);
  const filter = { active: true, ...(params.conSpontanei && { spontaneiCount: { $gt: 0 } }) };
  const sort: [string, 1][] = [['sortName', 1]];
  const terms = q === undefined ? [] : wordsOf(q);
  if (terms.length === 0) {
    const found = await store.find<EnteCatalogDoc>(ENTI_CATALOG_COLLECTION, { filter, sort, skip, limit: pageSize, count: true });
    return { items: found.items.map(view), page, pageSize, total: found.total ?? 0 };
  }
  const { items } = await store.find<EnteCatalogDoc>(ENTI_CATALOG_COLLECTION, { filter, sort });
  const hits = items.filter((d) => matches(d, terms));
  return { items: hits.slice(skip, skip + pageSize).map(view), page, pageSize, total: hits.length };
}

/** One active ente and its spontaneous tipi dovuto; undefined when there is no such ente. */
export async function getEnteCatalog(store: ReadStore, codIpa: string): Promise<EnteCatalogView | undefined> {
  if (typeof codIpa !== 'string' || codIpa.trim() === '') throw invalid('CODIPA_REQUIRED', 'codIpa', 'codIpa is required');
  const doc = await store.get<EnteCatalogDoc>(ENTI_CATALOG_COLLECTION, codIpa.trim());
  return doc && doc.active ? view(doc) : undefined;
}
