import type { ReadModelDefinition, ReadStore } from '../../src/read-store/read-store.port';

/**
 * The one contract every ReadStore adapter passes. `open` gives a fresh, empty store per test;
 * `dispose` closes (and, for servers, drops) it.
 */
export function readStoreContract(open: () => Promise<ReadStore>, dispose: (store: ReadStore) => Promise<void>): void {
  const positions: ReadModelDefinition = {
    collection: 'positions',
    key: 'id',
    fields: { iuv: 'string', codiceFiscale: 'string', amount: 'number', paid: 'boolean', dueDate: 'date', 'debtor.name': 'string', note: 'string' },
    indexes: [{ fields: [['iuv', 1]], unique: true }, { fields: [['codiceFiscale', 1], ['dueDate', -1]] }, { fields: [['amount', 1]] }],
  };
  const docs = [
    { id: 'p1', iuv: '01000000000000101', codiceFiscale: 'RSSMRA80A01H501U', amount: 14792, paid: true, dueDate: '2024-03-31', debtor: { name: 'Mario Rossi' }, note: 'TARI' },
    { id: 'p2', iuv: '01000000000000202', codiceFiscale: 'RSSMRA80A01H501U', amount: 5000, paid: false, dueDate: '2024-06-30', debtor: { name: 'Mario Rossi' } },
    { id: 'p3', iuv: '01000000000000303', codiceFiscale: 'VRDLGI75B02F205X', amount: 5000, paid: false, dueDate: '2024-01-15', debtor: { name: 'Luigi Verdi' }, note: null },
    { id: 'p4', iuv: '02000000000000404', codiceFiscale: 'VRDLGI75B02F205X', amount: 120, paid: true, dueDate: '2023-12-01', debtor: { name: 'Luigi Verdi' }, note: 'mensa' },
    { id: 'p5', iuv: '02000000000000505', codiceFiscale: 'BNCGNN90C03L219K', amount: 5000, paid: false, dueDate: '2024-06-30', debtor: { name: 'Gianna Bianchi' }, note: 'ZTL' },
  ];
  const ids = (r: { items: unknown[] }) => (r.items as { id: string }[]).map((d) => d.id);

  let store: ReadStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await dispose(store);
  });

  async function seeded(): Promise<void> {
    await store.defineVersion('positions', 1, [positions]);
    await store.promote('positions', 1);
    await store.applyBatch('positions', { upserts: docs.map((doc) => ({ collection: 'positions', doc })), deletes: [] }, { position: 10n });
  }

  describe('documents', () => {
    it('gets a stored document as it was written and undefined for a missing one', async () => {
      await seeded();
      expect(await store.get('positions', 'p1')).toEqual(docs[0]);
      expect(await store.get('positions', 'nope')).toBeUndefined();
    });

    it('getMany returns only the documents that exist, keyed by id', async () => {
      await seeded();
      const many = await store.getMany<{ id: string }>('positions', ['p2', 'missing', 'p4']);
      expect([...many.keys()].sort()).toEqual(['p2', 'p4']);
      expect(many.get('p4')).toEqual(docs[3]);
      expect((await store.getMany('positions', [])).size).toBe(0);
    });

    it('a collection no projection declares is refused; one never built says it is not ready', async () => {
      await expect(store.find('ghosts')).rejects.toMatchObject({ code: 'READ_MODEL_UNKNOWN_COLLECTION' });
      await store.defineVersion('positions', 1, [positions]);
      await expect(store.find('positions')).rejects.toMatchObject({ code: 'READ_MODEL_NOT_READY' });
    });
  });

  describe('filters', () => {
    beforeEach(seeded);
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['equality on a string', { codiceFiscale: 'RSSMRA80A01H501U' }, ['p1', 'p2']],
      ['equality on the key', { id: 'p3' }, ['p3']],
      ['equality on a boolean', { paid: true }, ['p1', 'p4']],
      ['equality on a nested field', { 'debtor.name': 'Luigi Verdi' }, ['p3', 'p4']],
      ['equality with null matches missing and null', { note: null }, ['p2', 'p3']],
      ['$eq', { amount: { $eq: 5000 } }, ['p2', 'p3', 'p5']],
      ['$in', { iuv: { $in: ['01000000000000101', '02000000000000505', 'x'] } }, ['p1', 'p5']],
      ['$in with null', { note: { $in: ['ZTL', null] } }, ['p2', 'p3', 'p5']],
      ['$in empty matches nothing', { iuv: { $in: [] } }, []],
      ['$gte/$lte on numbers', { amount: { $gte: 120, $lte: 5000 } }, ['p2', 'p3', 'p4', 'p5']],
      ['$gt/$lt on numbers', { amount: { $gt: 120, $lt: 14792 } }, ['p2', 'p3', 'p5']],
      ['range on dates', { dueDate: { $gte: '2024-01-01', $lt: '2024-06-30' } }, ['p1', 'p3']],
      ['$ne also matches missing', { note: { $ne: 'TARI' } }, ['p2', 'p3', 'p4', 'p5']],
      ['$ne null', { note: { $ne: null } }, ['p1', 'p4', 'p5']],
      ['$prefix', { iuv: { $prefix: '02' } }, ['p4', 'p5']],
      ['$prefix is case-sensitive', { codiceFiscale: { $prefix: 'rss' } }, []],
      ['$exists true', { note: { $exists: true } }, ['p1', 'p4', 'p5']],
      ['$exists false', { note: { $exists: false } }, ['p2', 'p3']],
      ['several fields are AND-ed', { amount: 5000, paid: false, dueDate: '2024-06-30' }, ['p2', 'p5']],
    ];
    it.each(cases)('%s', async (_name, filter, expected) => {
      const r = await store.find<{ id: string }>('positions', { filter: filter as never });
      expect(ids(r).sort()).toEqual(expected);
    });

    it('refuses a field that is not declared, naming it', async () => {
      await expect(store.find('positions', { filter: { colour: 'red' } })).rejects.toMatchObject({ code: 'READ_MODEL_UNKNOWN_FIELD', field: 'colour' });
      await expect(store.find('positions', { sort: { colour: 1 } })).rejects.toMatchObject({ code: 'READ_MODEL_UNKNOWN_FIELD', field: 'colour' });
    });

    it('refuses a value of the wrong type and an unknown operator', async () => {
      await expect(store.find('positions', { filter: { amount: '5000' } })).rejects.toMatchObject({ code: 'READ_MODEL_FILTER_TYPE', field: 'amount' });
      await expect(store.find('positions', { filter: { amount: { $regex: '5' } as never } })).rejects.toMatchObject({ code: 'READ_MODEL_UNKNOWN_OPERATOR' });
      await expect(store.find('positions', { filter: { paid: { $gt: false as never } } })).rejects.toMatchObject({ code: 'READ_MODEL_FILTER_TYPE' });
    });
  });

  describe('sort and pages', () => {
    beforeEach(seeded);
    it('sorts ascending with ties broken by the key', async () => {
      expect(ids(await store.find('positions', { sort: { amount: 1 } }))).toEqual(['p4', 'p2', 'p3', 'p5', 'p1']);
    });

    it('sorts descending with ties broken by the key in the same direction', async () => {
      expect(ids(await store.find('positions', { sort: [['amount', -1]] }))).toEqual(['p1', 'p5', 'p3', 'p2', 'p4']);
    });

    it('sorts on several fields', async () => {
      expect(ids(await store.find('positions', { sort: { dueDate: -1, amount: 1 } }))).toEqual(['p2', 'p5', 'p1', 'p3', 'p4']);
    });

    it('without a sort, orders by key', async () => {
      expect(ids(await store.find('positions'))).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    });

    it('pages with skip and limit and counts every match', async () => {
      const page1 = await store.find('positions', { filter: { paid: false }, sort: { dueDate: 1 }, limit: 2, count: true });
      const page2 = await store.find('positions', { filter: { paid: false }, sort: { dueDate: 1 }, skip: 2, limit: 2, count: true });
      expect(ids(page1)).toEqual(['p3', 'p2']);
      expect(ids(page2)).toEqual(['p5']);
      expect(page1.total).toBe(3);
      expect(page2.total).toBe(3);
      expect((await store.find('positions', { limit: 0, count: true })).items).toEqual([]);
      expect((await store.find('positions', { limit: 0, count: true })).total).toBe(5);
      expect((await store.find('positions', { limit: 2 })).total).toBeUndefined();
    });

    it('refuses a negative skip or limit', async () => {
      await expect(store.find('positions', { skip: -1 })).rejects.toMatchObject({ code: 'READ_MODEL_INVALID_QUERY', field: 'skip' });
      await expect(store.find('positions', { limit: 1.5 })).rejects.toMatchObject({ code: 'READ_MODEL_INVALID_QUERY', field: 'limit' });
    });
  });

  describe('batches and checkpoints', () => {
    beforeEach(async () => {
      await store.defineVersion('positions', 1, [positions]);
      await store.promote('positions', 1);
    });

    it('has no checkpoint before the first batch, and the batch position after it', async () => {
      expect(await store.getCheckpoint('positions')).toBeUndefined();
      await store.applyBatch('positions', { upserts: [], deletes: [] }, { position: 7n });
      expect(await store.getCheckpoint('positions')).toBe(7n);
      expect(await store.getCheckpoint('positions', 1)).toBe(7n);
    });

    it('writes upserts and deletes with the checkpoint', async () => {
      await store.applyBatch('positions', { upserts: docs.slice(0, 3).map((doc) => ({ collection: 'positions', doc })), deletes: [] }, { position: 3n });
      await store.applyBatch('positions', { upserts: [{ collection: 'positions', doc: { ...docs[0], amount: 1 } }], deletes: [{ collection: 'positions', id: 'p2' }] }, { position: 5n });
      expect(ids(await store.find('positions'))).toEqual(['p1', 'p3']);
      expect(await store.get('positions', 'p1')).toMatchObject({ amount: 1 });
      expect(await store.getCheckpoint('positions')).toBe(5n);
    });

    it('refuses a batch with a bad document and writes nothing of it, not even the checkpoint', async () => {
      await store.applyBatch('positions', { upserts: [{ collection: 'positions', doc: docs[0] }], deletes: [] }, { position: 1n });
      const bad = { upserts: [{ collection: 'positions', doc: docs[1] }, { collection: 'positions', doc: { ...docs[2], amount: '50.00' } }], deletes: [{ collection: 'positions', id: 'p1' }] };
      await expect(store.applyBatch('positions', bad, { position: 2n })).rejects.toMatchObject({ code: 'READ_MODEL_FIELD_TYPE', field: 'amount' });
      await expect(store.applyBatch('positions', { upserts: [{ collection: 'positions', doc: { iuv: 'x' } }], deletes: [] }, { position: 2n })).rejects.toMatchObject({
        code: 'READ_MODEL_KEY_MISSING',
      });
      expect(ids(await store.find('positions'))).toEqual(['p1']);
      expect(await store.getCheckpoint('positions')).toBe(1n);
    });

    it('refuses a document breaking a unique index without advancing the checkpoint', async () => {
      await store.applyBatch('positions', { upserts: [{ collection: 'positions', doc: docs[0] }], deletes: [] }, { position: 1n });
      const clash = { ...docs[1], iuv: docs[0].iuv };
      await expect(store.applyBatch('positions', { upserts: [{ collection: 'positions', doc: clash }], deletes: [] }, { position: 2n })).rejects.toMatchObject({
        code: 'READ_MODEL_UNIQUE_VIOLATION',
      });
      expect(await store.getCheckpoint('positions')).toBe(1n);
      expect(await store.get('positions', 'p2')).toBeUndefined();
    });

    it('a replayed batch changes nothing', async () => {
      const batch = { upserts: docs.map((doc) => ({ collection: 'positions', doc })), deletes: [{ collection: 'positions', id: 'p9' }] };
      await store.applyBatch('positions', batch, { position: 10n });
      const before = await store.find('positions', { count: true });
      await store.applyBatch('positions', batch, { position: 10n });
      expect(await store.find('positions', { count: true })).toEqual(before);
      expect(await store.getCheckpoint('positions')).toBe(10n);
    });

    it('an older write never replaces a newer document, and the checkpoint never moves back', async () => {
      await store.applyBatch('positions', { upserts: [{ collection: 'positions', doc: { ...docs[0], amount: 200 } }], deletes: [] }, { position: 20n });
      await store.applyBatch('positions', { upserts: [{ collection: 'positions', doc: { ...docs[0], amount: 100 } }], deletes: [] }, { position: 15n });
      await store.applyBatch('positions', { upserts: [], deletes: [{ collection: 'positions', id: 'p1' }] }, { position: 18n });
      expect(await store.get('positions', 'p1')).toMatchObject({ amount: 200 });
      expect(await store.getCheckpoint('positions')).toBe(20n);
    });

    it('loadForUpdate gives each document with the position that last wrote it', async () => {
      await store.applyBatch('positions', { upserts: [{ collection: 'positions', doc: docs[0] }, { collection: 'positions', doc: docs[1], position: 4n }], deletes: [] }, { position: 6n });
      const loaded = await store.loadForUpdate('positions', ['p1', 'p2', 'p3'], 1);
      expect(loaded.get('p1')).toEqual({ doc: docs[0], position: 6n });
      expect(loaded.get('p2')).toEqual({ doc: docs[1], position: 4n });
      expect(loaded.get('p3')?.doc).toBeUndefined();
    });

    it('refuses a collection the projection does not declare', async () => {
      await expect(store.applyBatch('positions', { upserts: [{ collection: 'other', doc: { id: 'x' } }], deletes: [] }, { position: 1n })).rejects.toMatchObject({
        code: 'READ_MODEL_UNKNOWN_COLLECTION',
      });
    });
  });

  describe('versions', () => {
    const v2: ReadModelDefinition = { ...positions, fields: { ...positions.fields, status: 'string' } };

    it('a new version builds beside the active one; promote switches reads; drop removes the old one', async () => {
      await seeded();
      await store.defineVersion('positions', 2, [v2]);
      await store.applyBatch('positions', { upserts: [{ collection: 'positions', doc: { ...docs[0], status: 'paid' } }], deletes: [] }, { position: 12n, version: 2 });

      expect((await store.find('positions', { count: true })).total).toBe(5);
      expect(await store.getCheckpoint('positions')).toBe(10n);
      expect(ids(await store.find('positions', { filter: { status: 'paid' } }, { version: 2 }))).toEqual(['p1']);
      await expect(store.find('positions', { filter: { status: 'paid' } })).rejects.toMatchObject({ code: 'READ_MODEL_UNKNOWN_FIELD' });

      await store.promote('positions', 2);
      expect(await store.activeVersion('positions')).toBe(2);
      expect(ids(await store.find('positions', { filter: { status: 'paid' } }))).toEqual(['p1']);
      expect(await store.get('positions', 'p2')).toBeUndefined();
      expect(await store.getCheckpoint('positions')).toBe(12n);

      await expect(store.dropVersion('positions', 2)).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_ACTIVE' });
      await store.dropVersion('positions', 1);
      expect((await store.versions('positions')).map((v) => [v.version, v.active])).toEqual([[2, true]]);
      await expect(store.find('positions', {}, { version: 1 })).rejects.toMatchObject({ code: 'READ_MODEL_VERSION_UNKNOWN' });
    });

    it('defining the same version again keeps its documents; changing an active declaration is refused', async () => {
      await seeded();
      await store.defineVersion('positions', 1, [{ ...positions, fields: Object.fromEntries(Object.entries(positions.fields).reverse()) }]);
      expect((await store.find('positions', { count: true })).total).toBe(5);
      await expect(store.defineVersion('positions', 1, [v2])).rejects.toMatchObject({ code: 'READ_MODEL_DEFINITION_CHANGED' });
    });

    it('a half-built version defined with another declaration starts again empty', async () => {
      await seeded();
      await store.defineVersion('positions', 2, [positions]);
      await store.applyBatch('positions', { upserts: [{ collection: 'positions', doc: docs[0] }], deletes: [] }, { position: 3n, version: 2 });
      await store.defineVersion('positions', 2, [v2]);
      expect((await store.find('positions', { count: true }, { version: 2 })).total).toBe(0);
      expect(await store.getCheckpoint('positions', 2)).toBeUndefined();
      expect((await store.versions('positions')).map((v) => v.codeVersion)).toEqual([1, 2]);
    });

    it('one collection belongs to one projection', async () => {
      await store.defineVersion('positions', 1, [positions]);
      await expect(store.defineVersion('other', 1, [positions])).rejects.toMatchObject({ code: 'READ_MODEL_COLLECTION_TAKEN' });
    });

    it('refuses fields named like the columns the store keeps beside them, or hiding every name of the row id, in any case', async () => {
      const model = (fields: Record<string, 'string'>) => ({ collection: 'bad', key: 'id', fields, indexes: [] });
      await expect(store.defineVersion('bad', 1, [model({ Doc: 'string' })])).rejects.toMatchObject({ code: 'READ_MODEL_INVALID_DEFINITION', field: 'fields', message: expect.stringContaining('"Doc"') });
      await expect(store.defineVersion('bad', 1, [model({ POS: 'string' })])).rejects.toMatchObject({ code: 'READ_MODEL_INVALID_DEFINITION', field: 'fields' });
      await expect(store.defineVersion('bad', 1, [model({ rowId: 'string', _ROWID_: 'string', Oid: 'string' })])).rejects.toMatchObject({ code: 'READ_MODEL_INVALID_DEFINITION', field: 'fields' });
      // the key itself, and one or two of the row id's names, are fine
      await store.defineVersion('good', 1, [{ collection: 'good', key: 'id', fields: { id: 'string', rowId: 'string', oid: 'string' }, indexes: [{ fields: [['rowId', 1]] }] }]);
    });

    it('refuses an index on an undeclared field', async () => {
      await expect(store.defineVersion('bad', 1, [{ collection: 'bad', key: 'id', fields: {}, indexes: [{ fields: [['x', 1]] }] }])).rejects.toMatchObject({
        code: 'READ_MODEL_INVALID_DEFINITION',
      });
    });
  });

  it('reports health', async () => {
    expect((await store.health()).ok).toBe(true);
    expect(typeof store.kind).toBe('string');
  });
}
