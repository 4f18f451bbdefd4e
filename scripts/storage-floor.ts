import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import { prepareDatabase } from '../src/event-store/sqlite-schema';
import { openConnection } from '../src/read-store/sqlite-read-store';

/**
 * The storage floor of a bench run: how long SQLite alone takes to store what the run stored (the same rows, as they
 * were stored, into new files with the same tables, indexes and settings), with nothing parsed, decided, projected
 * or serialised. No code on this machine stores those rows faster, so the floor bounds the figure a run can reach;
 * measured in the same run, it moves with the machine as the figure does.
 */
export interface FloorPart {
  what: string;
  rows: number;
  /** Time inside the insert transactions (reading the rows to copy is not counted). */
  ms: number;
}

interface CopySpec {
  what: string;
  /** The run's SQLite file and the table to copy from it. */
  from: string;
  table: string;
  /** SQL condition picking the rows the run stored (default all). */
  where?: string;
  /** 'events': a new event store file (its own schema and settings); 'read': a read store file, with the table's DDL and indexes copied. */
  kind: 'events' | 'read';
  /** Rows per transaction, as the run writes them. */
  batch: number;
  /** 'after': the secondary indexes are built once the rows are in, as a projection building from empty does (timed too). */
  indexes?: 'during' | 'after';
  /** The new file (removed before and after). */
  into: string;
}

const removeDb = (file: string) => {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
};

export function timeCopy(spec: CopySpec): FloorPart {
  const src = new Database(spec.from, { readonly: true });
  removeDb(spec.into);
  const dst = spec.kind === 'events' ? new Database(spec.into) : openConnection(spec.into);
  let indexesLater: string[] = [];
  try {
    if (spec.kind === 'events') prepareDatabase(dst);
    else {
      // The table first, then its indexes, exactly as the run created them.
      const ddl = src.prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL ORDER BY type = 'index', rowid`).pluck().all(spec.table) as string[];
      if (ddl.length === 0) throw new Error(`${spec.from} has no table ${spec.table}`);
      if (spec.indexes === 'after') indexesLater = ddl.slice(1);
      for (const sql of spec.indexes === 'after' ? ddl.slice(0, 1) : ddl) dst.exec(sql);
    }
    // The event store numbers its positions itself: its key column is left to it, as on a real append.
    const columns = (src.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(spec.table) as { name: string; pk: number }[])
      .filter((c) => !(spec.kind === 'events' && c.pk))
      .map((c) => `"${c.name}"`);
    // _rowid_, not rowid: a table with a field named rowId (the reconciliation's view rows) hides rowid behind that text
    // column, and pages keyed on it skipped the rows that share a rowId across a page boundary.
    const page = src.prepare(`SELECT _rowid_, ${columns.join(', ')} FROM "${spec.table}" WHERE _rowid_ > ? AND (${spec.where ?? '1'}) ORDER BY _rowid_ LIMIT ?`).raw(true);
    if (spec.kind === 'events') page.safeIntegers(true);
    const insert = dst.prepare(`INSERT INTO "${spec.table}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    // Counts what was inserted, not what was read: a floor that stored nothing must not pass for one.
    const write = dst.transaction((rows: unknown[][]) => {
      let inserted = 0;
      for (const r of rows) inserted += insert.run(...r.slice(1)).changes;
      return inserted;
    });
    let after: unknown = 0;
    let rows = 0;
    let ns = 0n;
    for (;;) {
      const batch = page.all(after, spec.batch) as unknown[][];
      if (batch.length === 0) break;
      const t = process.hrtime.bigint();
      rows += write.immediate(batch);
      ns += process.hrtime.bigint() - t;
      after = batch[batch.length - 1][0];
    }
    const t = process.hrtime.bigint();
    for (const sql of indexesLater) dst.exec(sql);
    ns += process.hrtime.bigint() - t;
    return { what: spec.what, rows, ms: Number(ns) / 1e6 };
  } finally {
    src.close();
    dst.close();
    removeDb(spec.into);
  }
}

/**
 * The least wall time for parts written on two cores: a file has one writer at a time, so the slowest file bounds it
 * from below, and so does all the work spread evenly over both cores.
 */
export function floorWallMs(byWriter: number[]): number {
  const total = byWriter.reduce((s, ms) => s + ms, 0);
  return Math.max(...byWriter, total / 2);
}

/** The physical table of a collection's newest version in a read store file (a bench builds one version). */
export function latestTable(file: string, collection: string): string {
  const db = new Database(file, { readonly: true });
  try {
    const name = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB ? ORDER BY length(name) DESC, name DESC LIMIT 1`).pluck().get(`${collection}_v[0-9]*`) as string | undefined;
    if (!name) throw new Error(`${file} has no table of ${collection}`);
    return name;
  } finally {
    db.close();
  }
}

/**
 * Reads the rows `where` picks, in pages as a log reader does, into JavaScript strings; with `parse`, those JSON
 * columns of each row are parsed too, as a projection parses each event it reads.
 */
export function timeRead(what: string, file: string, table: string, where: string, page = 5000, parse: readonly string[] = []): FloorPart {
  let rows = 0;
  let ns = 0n;
  pagesOf(file, table, where, page, parse, (batch, json) => {
    const t = process.hrtime.bigint();
    for (const r of batch) for (const i of json) JSON.parse(r[i] as string);
    ns += process.hrtime.bigint() - t;
    rows += batch.length;
  }, (readNs) => (ns += readNs));
  return { what, rows, ms: Number(ns) / 1e6 };
}

/**
 * The JSON text a run wrote, written again: the rows `where` picks are read and their `columns` parsed (not timed),
 * then turned back into text by JSON.stringify (timed). Events and read documents are stored as JSON text, so no
 * code stores them without paying this.
 */
export function timeStringify(what: string, file: string, table: string, where: string, columns: readonly string[], page = 5000): FloorPart {
  let rows = 0;
  let ns = 0n;
  pagesOf(file, table, where, page, columns, (batch, json) => {
    const values = batch.map((r) => json.map((i) => JSON.parse(r[i] as string) as unknown));
    const t = process.hrtime.bigint();
    for (const v of values) for (const x of v) JSON.stringify(x);
    ns += process.hrtime.bigint() - t;
    rows += batch.length;
  });
  return { what, rows, ms: Number(ns) / 1e6 };
}

/** Pages of the rows `where` picks, with the indexes of the `json` columns; `read` gets the nanoseconds spent reading each. */
function pagesOf(file: string, table: string, where: string, page: number, json: readonly string[], each: (batch: unknown[][], json: number[]) => void, read?: (ns: bigint) => void): void {
  const db = new Database(file, { readonly: true });
  try {
    db.pragma('mmap_size = 2147418112');
    // _rowid_ for the reason given in timeCopy.
    const next = db.prepare(`SELECT _rowid_, * FROM "${table}" WHERE _rowid_ > ? AND (${where}) ORDER BY _rowid_ LIMIT ?`).raw(true).safeIntegers(true);
    const names = next.columns().map((c) => c.name);
    const indexes = json.map((c) => {
      const i = names.indexOf(c, 1);
      if (i < 0) throw new Error(`${file}: table ${table} has no column ${c}`);
      return i;
    });
    let after: unknown = 0n;
    for (;;) {
      const t = process.hrtime.bigint();
      const batch = next.all(after, page) as unknown[][];
      read?.(process.hrtime.bigint() - t);
      if (batch.length === 0) break;
      each(batch, indexes);
      after = batch[batch.length - 1][0];
    }
  } finally {
    db.close();
  }
}
