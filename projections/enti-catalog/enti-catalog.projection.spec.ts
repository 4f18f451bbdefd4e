import { applyEventsInMemory } from '../../src/read-store/projection';
import { expectIdempotent } from '../../test/helpers/projection-idempotence';
import { recordAll } from '../../test/helpers/recorded-event';
import type { EnteCatalogDoc } from './enti-catalog.document';
import { configured, deactivated, registered, renamed, tipo } from './enti-catalog.fixtures';
import { entiCatalogProjection } from './enti-catalog.projection';

const catalog = (events: Parameters<typeof recordAll>[0]) => applyEventsInMemory(entiCatalogProjection, recordAll(events)).get('enti_catalog') ?? new Map<string, EnteCatalogDoc>();

describe('enti-catalog projection', () => {
  it('given a registered ente, it is listed, searchable by its words and code, with no spontaneous tipo yet', () => {
    expect(catalog([registered('c_d704', 'Comune di Forlì')]).get('c_d704')).toEqual({
      codIpa: 'c_d704',
      denominazione: 'Comune di Forlì',
      searchText: 'comune di forli c_d704',
      searchWords: 'comune di forli c_d704 c d704',
      sortName: 'comune di forli',
      active: true,
      tipiSpontanei: [],
      spontaneiCount: 0,
      lastPosition: '1',
    });
  });

  it('lists only active spontaneous tipi, by descrizione, with a fixed amount in euros or null', () => {
    const doc = catalog([
      registered('c_a562', 'Comune di Bari'),
      configured('c_a562', tipo({ codTipo: 'TARI', descrizione: 'Tassa rifiuti', spontaneous: false })),
      configured('c_a562', tipo({ codTipo: 'DIRITTI', descrizione: 'Diritti di segreteria', importoFisso: 1650, causaleTemplate: 'Diritti {numero}' })),
      configured('c_a562', tipo({ codTipo: 'MENSA', descrizione: 'Mensa scolastica' })),
      configured('c_a562', tipo({ codTipo: 'OLD', descrizione: 'Vecchio', active: false })),
    ]).get('c_a562')!;
    expect(doc.tipiSpontanei).toEqual([
      { codTipo: 'DIRITTI', descrizione: 'Diritti di segreteria', importoFisso: '16.50', causaleTemplate: 'Diritti {numero}' },
      { codTipo: 'MENSA', descrizione: 'Mensa scolastica', importoFisso: null },
    ]);
    expect(doc.spontaneiCount).toBe(2);
  });

  it('a reconfigured tipo replaces the old one; one made not spontaneous or deactivated leaves the list', () => {
    const doc = catalog([
      registered('c_a562', 'Comune di Bari'),
      configured('c_a562', tipo({ codTipo: 'MENSA', descrizione: 'Mensa' })),
      configured('c_a562', tipo({ codTipo: 'ZTL', descrizione: 'Permessi ZTL' })),
      configured('c_a562', tipo({ codTipo: 'CIMI', descrizione: 'Lampade votive' })),
      configured('c_a562', tipo({ codTipo: 'MENSA', descrizione: 'Mensa scolastica', importoFisso: 450 }), false),
      configured('c_a562', tipo({ codTipo: 'ZTL', descrizione: 'Permessi ZTL', spontaneous: false }), false),
      deactivated('c_a562', 'CIMI'),
    ]).get('c_a562')!;
    expect(doc.tipiSpontanei).toEqual([{ codTipo: 'MENSA', descrizione: 'Mensa scolastica', importoFisso: '4.50' }]);
  });

  it('a rename changes the name and what the search finds', () => {
    const doc = catalog([registered('c_h501', 'Comune di Roma'), renamed('c_h501', 'Roma Capitale')]).get('c_h501')!;
    expect(doc).toMatchObject({ denominazione: 'Roma Capitale', searchText: 'roma capitale c_h501', sortName: 'roma capitale' });
    expect(doc.searchWords.split(' ')).not.toContain('comune');
  });

  it('ignores tipi of an ente it never saw registered', () => {
    expect(catalog([configured('c_x000', tipo({ codTipo: 'A', descrizione: 'A' }))]).size).toBe(0);
  });

  const log = () =>
    recordAll([
      registered('c_a562', 'Comune di Bari'),
      configured('c_a562', tipo({ codTipo: 'MENSA', descrizione: 'Mensa' })),
      registered('c_h501', 'Comune di Roma'),
      renamed('c_h501', 'Roma Capitale'),
      configured('c_h501', tipo({ codTipo: 'ZTL', descrizione: 'Permessi ZTL', importoFisso: 10000 })),
      deactivated('c_a562', 'MENSA'),
      { type: 'EnteUpdated', data: { codIpa: 'c_a562', changes: { email: 'protocollo@comune.bari.it' }, at: '2024-02-01T10:00:00+01:00' } },
    ]);

  it('applying each event twice gives the same documents as applying it once', () => {
    const docs = expectIdempotent(entiCatalogProjection, log());
    expect(docs.enti_catalog['c_h501'].tipiSpontanei).toHaveLength(1);
    expect(docs.enti_catalog['c_a562'].tipiSpontanei).toHaveLength(0);
  });

  it('a full replay equals applying the log in two batches', () => {
    const events = log();
    const full = applyEventsInMemory(entiCatalogProjection, events);
    for (const cut of [1, 3, 5])
      expect(applyEventsInMemory(entiCatalogProjection, events.slice(cut), applyEventsInMemory(entiCatalogProjection, events.slice(0, cut)))).toEqual(full);
  });
});
