import type { ReadModelDefinition } from '../../src/read-store/read-store.port';

/** A citizen's dovuti across enti, found by codice fiscale. */
export const PAYER_POSITIONS_COLLECTION = 'payer_positions';
/** Names of the enti, kept beside the positions so the payer's view can say who is owed without another projection. */
export const PAYER_ENTI_COLLECTION = 'payer_enti';

export const payerPositionsReadModel: ReadModelDefinition = {
  collection: PAYER_POSITIONS_COLLECTION,
  key: 'id',
  fields: {
    payerId: 'string',
    codIpa: 'string',
    gruppo: 'string',
    stato: 'string',
    dueSort: 'date',
    createdAt: 'date',
    paidAt: 'date',
  },
  indexes: [
    { fields: [['payerId', 1], ['gruppo', 1], ['dueSort', 1]] },
    { fields: [['payerId', 1], ['gruppo', 1], ['paidAt', -1]] },
    { fields: [['payerId', 1], ['createdAt', -1]] },
  ],
};

export const payerEntiReadModel: ReadModelDefinition = {
  collection: PAYER_ENTI_COLLECTION,
  key: 'codIpa',
  fields: {},
  indexes: [],
};
