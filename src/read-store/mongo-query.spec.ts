import { mongoFilter, mongooseSchema, mongoSort } from './mongo-query';
import { normalizeQuery } from './query';
import type { ReadModelDefinition } from './read-store.port';

/** The MongoDB contract suite needs a server; these pin down the translation it relies on, without one. */
const rm: ReadModelDefinition = {
  collection: 'positions',
  key: 'id',
  fields: { iuv: 'string', amount: 'number', paid: 'boolean', 'debtor.cf': 'string' },
  indexes: [{ fields: [['iuv', 1]], unique: true }, { fields: [['debtor.cf', 1], ['amount', -1]] }],
};
const translate = (filter: object) => mongoFilter(rm, normalizeQuery(rm, { filter: filter as never }));

describe('MongoDB translation of read-model queries', () => {
  it('maps the key to _id and keeps a single condition flat', () => {
    expect(translate({ id: 'p1' })).toEqual({ _id: 'p1' });
  });

  it('ANDs several conditions, one per operator', () => {
    expect(translate({ amount: { $gte: 1, $lt: 10 }, paid: false })).toEqual({ $and: [{ amount: { $gte: 1 } }, { amount: { $lt: 10 } }, { paid: false }] });
  });

  it('reads null, $exists and $in-with-null as "missing or null" like SQL IS NULL', () => {
    expect(translate({ iuv: null })).toEqual({ iuv: null });
    expect(translate({ iuv: { $exists: true } })).toEqual({ iuv: { $ne: null } });
    expect(translate({ iuv: { $exists: false } })).toEqual({ iuv: null });
    expect(translate({ iuv: { $in: ['a', null] } })).toEqual({ iuv: { $in: ['a', null] } });
  });

  it('turns a prefix into an anchored regex with its special characters escaped', () => {
    expect(translate({ iuv: { $prefix: 'a.b*' } })).toEqual({ iuv: { $regex: '^a\\.b\\*' } });
    expect(new RegExp((translate({ iuv: { $prefix: 'a.b*' } }) as { iuv: { $regex: string } }).iuv.$regex).test('axb*')).toBe(false);
  });

  it('sorts with the key as tie-break in the direction of the last field', () => {
    expect(mongoSort(rm, normalizeQuery(rm, { sort: { amount: -1 } }))).toEqual({ amount: -1, _id: -1 });
    expect(Object.keys(mongoSort(rm, normalizeQuery(rm, { sort: [['paid', 1], ['amount', -1]] })))).toEqual(['paid', 'amount', '_id']);
  });

  it('builds the mongoose schema from the declaration: typed fields, unique index as declared, key appended to the others', () => {
    const schema = mongooseSchema(rm);
    expect(schema.path('amount').instance).toBe('Number');
    expect(schema.path('debtor.cf').instance).toBe('String');
    expect(schema.path('paid').instance).toBe('Boolean');
    expect(schema.indexes()).toEqual([
      [{ iuv: 1 }, expect.objectContaining({ unique: true })],
      [{ 'debtor.cf': 1, amount: -1, _id: -1 }, expect.objectContaining({ unique: false })],
    ]);
    expect(schema.get('strict')).toBe(false);
  });
});
