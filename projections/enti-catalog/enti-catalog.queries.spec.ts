import type { SqliteReadStore } from '../../src/read-store/sqlite-read-store';
import { recordAll } from '../../test/helpers/recorded-event';
import { readStoreWith } from '../common/read-store.test-kit';
import { configured, registered, tipo } from './enti-catalog.fixtures';
import { entiCatalogProjection } from './enti-catalog.projection';
import { getEnteCatalog, searchEnti, type EntiSearch } from './enti-catalog.queries';

let store: SqliteReadStore;
beforeAll(async () => {
  store = await readStoreWith(
    [entiCatalogProjection],
    recordAll([
      registered('c_f205', 'Comune di Milano'),
      registered('c_a562', 'Comune di Bari'),
      registered('c_d704', 'Comune di Forlì'),
      registered('r_lombar', 'Regione Lombardia'),
      registered('c_b157', 'Comune di Brescia'),
      registered('asl_mi', "Agenzia di Tutela della Salute dell'Insubria"),
      configured('c_a562', tipo({ codTipo: 'DIRITTI', descrizione: 'Diritti di segreteria', importoFisso: 1650 })),
      configured('c_f205', tipo({ codTipo: 'MULTE', descrizione: 'Sanzioni codice della strada' })),
    ]),
  );
});
afterAll(() => store.close());

const names = async (params: EntiSearch) => (await searchEnti(store, params)).items.map((e) => e.codIpa);

describe('searchEnti', () => {
  it('without words lists every active ente alphabetically, paged, with the total', async () => {
    const first = await searchEnti(store, { pageSize: 4 });
    expect(first.items.map((e) => e.denominazione)).toEqual(["Agenzia di Tutela della Salute dell'Insubria", 'Comune di Bari', 'Comune di Brescia', 'Comune di Forlì']);
    expect(first.total).toBe(6);
    expect(await names({ pageSize: 4, page: 2 })).toEqual(['c_f205', 'r_lombar']);
  });

  it('matches the start of any word of the name, without caring about case or accents', async () => {
    expect(await names({ q: 'forli' })).toEqual(['c_d704']);
    expect(await names({ q: 'FORLÌ' })).toEqual(['c_d704']);
    expect(await names({ q: 'br' })).toEqual(['c_b157']);
    expect(await names({ q: 'com b' })).toEqual(['c_a562', 'c_b157']);
    expect(await names({ q: 'insub' })).toEqual(['asl_mi']);
    expect(await names({ q: 'ilano' })).toEqual([]);
  });

  it('matches the codIpa, whole or by its parts', async () => {
    expect(await names({ q: 'c_f205' })).toEqual(['c_f205']);
    expect(await names({ q: 'r_lom' })).toEqual(['r_lombar']);
    expect(await names({ q: 'd704' })).toEqual(['c_d704']);
  });

  it('pages the matches and counts them all', async () => {
    const page = await searchEnti(store, { q: 'comune', pageSize: 3, page: 2 });
    expect(page.items.map((e) => e.codIpa)).toEqual(['c_f205']);
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 3 });
  });

  it('can keep only enti with something to pay spontaneously', async () => {
    expect(await names({ conSpontanei: true })).toEqual(['c_a562', 'c_f205']);
    expect(await names({ conSpontanei: true, q: 'mil' })).toEqual(['c_f205']);
  });

  it('refuses pages above 200, unknown filters and overlong searches', async () => {
    await expect(searchEnti(store, { pageSize: 201 })).rejects.toMatchObject({ code: 'PAGE_SIZE_TOO_LARGE' });
    await expect(searchEnti(store, { nome: 'x' } as EntiSearch)).rejects.toMatchObject({ code: 'UNKNOWN_FILTER', field: 'nome' });
    await expect(searchEnti(store, { q: 'x'.repeat(101) })).rejects.toMatchObject({ code: 'INVALID_FILTER', field: 'q' });
  });
});

describe('getEnteCatalog', () => {
  it('returns the ente with its spontaneous tipi, amounts in euros', async () => {
    expect(await getEnteCatalog(store, 'c_a562')).toEqual({
      codIpa: 'c_a562',
      denominazione: 'Comune di Bari',
      tipiSpontanei: [{ codTipo: 'DIRITTI', descrizione: 'Diritti di segreteria', importoFisso: '16.50' }],
    });
    expect(await getEnteCatalog(store, 'c_zzzz')).toBeUndefined();
  });
});
