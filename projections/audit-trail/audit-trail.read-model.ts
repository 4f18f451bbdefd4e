import type { ReadModelDefinition } from '../../src/read-store/read-store.port';

/** One entry per event of a position, in words: "what happened to this payment, when, and why". */
export const AUDIT_TRAIL_COLLECTION = 'audit_trail';

export const auditTrailReadModel: ReadModelDefinition = {
  collection: AUDIT_TRAIL_COLLECTION,
  key: 'id',
  fields: {
    codIpa: 'string',
    iud: 'string',
    positionKey: 'string',
    revision: 'number',
    at: 'date',
    type: 'string',
    eventType: 'string',
    actor: 'string',
  },
  indexes: [
    { fields: [['positionKey', 1], ['revision', 1]] },
    { fields: [['codIpa', 1], ['at', -1]] },
    { fields: [['codIpa', 1], ['type', 1], ['at', -1]] },
  ],
};
