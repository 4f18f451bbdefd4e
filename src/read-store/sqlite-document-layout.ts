import type { ReadDocument, ReadModelDefinition } from './read-store.port';
import { columnFields } from './read-model';

const q = (identifier: string) => `"${identifier}"`;
/** Top-level columns from which a model's documents leave their column values out of the JSON. */
const STRIP_FROM = 20;

/**
 * How the embedded store splits a document between its `doc` JSON and its columns, so that no value is written twice.
 * A top-level declared field holding a value is kept in its column only (the key in `id`); the JSON holds the rest
 * (nested fields, fields no query names, and nulls, so a null stays a null). Reading puts them back together.
 *
 * Why: a reconciliation row is nearly all columns, and writing each value in the JSON as well doubled the bytes of
 * every row and the JSON text to build for it. A file written before this layout has every value in its JSON too;
 * reading it is the same (the column holds the same value).
 *
 * Only where the columns are most of a document (STRIP_FROM columns or more: the reconciliation's rows and records):
 * there the bytes saved outweigh building the rest. Elsewhere the document keeps its whole JSON, which one
 * JSON.stringify writes faster than a copy without its column values. The positions (13 columns of some 30 fields)
 * measured no better this way: the copy of the other fields and, on reads, putting 14 values back cost what the
 * smaller rows saved.
 *
 * The rebuilt document has the JSON's keys first, then the key, then the columns in name order: a document's key
 * order is not part of what a read model promises. Reading always puts the columns back, whatever the JSON holds.
 */
export class DocumentLayout {
  /** `id, doc, <columns>`: the select list every read of whole documents uses, in fromRow's order. */
  readonly selectList: string;
  private readonly names: string[];
  private readonly booleans: boolean[];
  /** Top-level fields kept in columns only; undefined when the whole document goes in the JSON. */
  private readonly inColumns: ReadonlySet<string> | undefined;
  private readonly key: string | undefined;

  constructor(rm: ReadModelDefinition) {
    this.names = columnFields(rm).filter((f) => !f.includes('.'));
    this.booleans = this.names.map((f) => rm.fields[f] === 'boolean');
    this.key = rm.key.includes('.') ? undefined : rm.key;
    this.inColumns = this.names.length < STRIP_FROM ? undefined : new Set(this.key === undefined ? this.names : [...this.names, this.key]);
    this.selectList = ['id', 'doc', ...this.names.map(q)].join(', ');
  }

  /**
   * The JSON of what the columns do not hold. The caller has checked the declared fields (types) and the key, so
   * a value left out here is exactly the one its column stores.
   */
  json(doc: ReadDocument): string {
    const inColumns = this.inColumns;
    if (inColumns === undefined) return JSON.stringify(doc);
    // One stringify of a shallow copy: a call per value costs more than the copy.
    const rest: Record<string, unknown> = {};
    for (const k in doc) {
      const v = doc[k];
      if (v === null || !inColumns.has(k)) rest[k] = v;
    }
    return JSON.stringify(rest);
  }

  /** The document of a row read with `selectList` (from `start`): its JSON, then the key and the column values. */
  fromRow<D = ReadDocument>(row: readonly unknown[], start = 0): D {
    const doc = JSON.parse(row[start + 1] as string) as Record<string, unknown>;
    if (this.key !== undefined) doc[this.key] = row[start];
    for (let i = 0; i < this.names.length; i++) {
      const v = row[start + 2 + i];
      if (v === null) continue;
      // Booleans are stored as 0/1; a statement reading safe integers gives bigints for whole numbers.
      doc[this.names[i]] = this.booleans[i] ? v === 1 || v === 1n : typeof v === 'bigint' ? Number(v) : v;
    }
    return doc as D;
  }
}
