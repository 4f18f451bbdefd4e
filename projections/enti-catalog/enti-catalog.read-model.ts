import type { ReadModelDefinition } from '../../src/read-store/read-store.port';

/** The public list of enti a citizen picks from to pay spontaneously ("Scelta beneficiario"). */
export const ENTI_CATALOG_COLLECTION = 'enti_catalog';

export const entiCatalogReadModel: ReadModelDefinition = {
  collection: ENTI_CATALOG_COLLECTION,
  key: 'codIpa',
  fields: {
    active: 'boolean',
    sortName: 'string',
    searchText: 'string',
    spontaneiCount: 'number',
  },
  indexes: [{ fields: [['active', 1], ['sortName', 1]] }],
};
