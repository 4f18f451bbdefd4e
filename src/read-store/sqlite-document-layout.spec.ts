import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { ReadModelDefinition } from './read-store.port';
import { SqliteReadStore } from './sqlite-read-store';

const rows: ReadModelDefinition = {
  collection: 'rows',
  key: 'id',
  fields: {
    id: 'string', code: 'string', amount: 'number', hidden: 'boolean', day: 'date', 'payer.cf': 'string', note: 'string', iuv: 'string', iuf: 'string', conto: 'string',
    // The width of a reconciliation row: columns are most of the document.
    ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`extra${i}`, 'string' as const])),
  },
  indexes: [{ fields: [['code', 1]] }],
};
/** A few columns beside a large nested value, as the reconciliation's engine documents (or the positions). */
const engine: ReadModelDefinition = { collection: 'engine', key: 'id', fields: { codIpa: 'string', kind: 'string' }, indexes: [] };

const full = {
  id: 'r1',
  code: 'RT_IUF',
  amount: 12050,
  hidden: false,
  day: '2026-01-02',
  iuv: '01000000000000144',
  iuf: '2026-01-01BNCHIT00XXX-0',
  payer: { cf: 'RSSMRA80A01H501U', name: 'Rossi' },
  note: null,
  evidence: [{ iuv: '01000000000000144', amount: 12050 }],
};

let dir: string;
let store: SqliteReadStore;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quadra-rs-layout-'));
  store = SqliteReadStore.open(path.join(dir, 'read.db'));
  await store.defineVersion('p', 1, [rows, engine]);
  await store.promote('p', 1);
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const storedJson = (id: string, table = 'rows_v1'): string => {
  const db = new Database(path.join(dir, 'read.p.db'), { readonly: true });
  try {
    return db.prepare(`SELECT doc FROM ${table} WHERE id = ?`).pluck().get(id) as string;
  } finally {
    db.close();
  }
};

describe('SQLite read store: a value in a column is not written in the JSON again, where the columns are much of the document', () => {
  it('given a document, when written, then its JSON holds only what no top-level column holds, and every read gives the whole document back', async () => {
    await store.applyBatch('p', { upserts: [{ collection: 'rows', doc: full }], deletes: [] }, { position: 5n });

    // Nested declared fields stay in the JSON (their object holds more); a null stays a null.
    expect(JSON.parse(storedJson('r1'))).toEqual({ payer: full.payer, note: null, evidence: full.evidence });
    expect(await store.get('rows', 'r1')).toStrictEqual(full);
    expect((await store.getMany('rows', ['r1'])).get('r1')).toStrictEqual(full);
    expect((await store.find('rows', { filter: { code: 'RT_IUF' } })).items).toStrictEqual([full]);
    // loadForUpdate reads whole numbers as bigints (for the position): the document still has plain numbers.
    const loaded = (await store.loadForUpdate('rows', ['r1'], 1)).get('r1');
    expect(loaded).toStrictEqual({ doc: full, position: 5n });
    expect(typeof (loaded!.doc as { amount: unknown }).amount).toBe('number');
  });

  it('given a boolean true, a fractional amount and a field left out, then they read back as they were written', async () => {
    const doc = { id: 'r2', code: 'X', amount: 0.5, hidden: true };
    await store.applyBatch('p', { upserts: [{ collection: 'rows', doc }], deletes: [] }, { position: 6n });
    expect(storedJson('r2')).toBe('{}');
    expect(await store.get('rows', 'r2')).toStrictEqual(doc);
  });

  it('given a model with a few columns beside a large value, then its JSON holds the whole document', async () => {
    const doc = { id: 'payment:1', codIpa: 'c_h501', kind: 'payment', reported: { 'c_h501|IUF1': [{ rowIndex: 1, amount: 1000 }] } };
    await store.applyBatch('p', { upserts: [{ collection: 'engine', doc }], deletes: [] }, { position: 7n });
    expect(JSON.parse(storedJson('payment:1', 'engine_v1'))).toEqual(doc);
    expect((await store.loadForUpdate('engine', ['payment:1'], 1)).get('payment:1')?.doc).toStrictEqual(doc);
  });

  it('given a row written when the JSON held every value, when read, then it is the same document', async () => {
    await store.applyBatch('p', { upserts: [{ collection: 'rows', doc: full }], deletes: [] }, { position: 5n });
    const db = new Database(path.join(dir, 'read.p.db'));
    db.prepare('UPDATE rows_v1 SET doc = ? WHERE id = ?').run(JSON.stringify(full), 'r1');
    db.close();
    expect(await store.get('rows', 'r1')).toStrictEqual(full);
  });
});
