import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { conflict, DomainError } from '../kernel/errors';
import { ROWID_NAMES, canonicalDefinitions, checkedValue, columnFields, declaredFieldsOf, documentId, type DeclaredField, physicalIndexFields, unknownCollection, validateProjectionName, validateReadModels, validateVersion } from './read-model';
import { normalizeQuery, prefixUpperBound, type Condition } from './query';
import {
  physicalName,
  type BatchCheckpoint,
  type DefineVersionOptions,
  type FieldType,
  type FindQuery,
  type FindResult,
  type ProjectionBatch,
  type ProjectionVersionInfo,
  type ReadDocument,
  type ReadModelDefinition,
  type ReadOptions,
  type ReadStore,
  type StoredDocument,
} from './read-store.port';

/**
 * Embedded read store: one table per physical collection, `(id TEXT PRIMARY KEY, pos, doc TEXT JSON, <declared fields>)`.
 *
 * Each projection keeps its tables and checkpoints in a database file of its own beside the registry file
 * (read.db → read.positions.db, read.payer.db, ...): SQLite lets one writer at a time into a file, so projections
 * running in different threads (and the reconciliation process on the main thread) then write in parallel instead
 * of queueing on one lock. Queries never join across projections, so nothing needs the files together.
 *
 * Declared fields are copied into real columns rather than indexed as json_extract(doc, '$.f') expressions:
 * the value is extracted once per write in JS (cheap) instead of parsing the JSON text on every index probe,
 * filter and sort; the planner sees plain columns (no risk of an expression that does not match the index text),
 * and an index on the columns can cover counts and sorts without touching the 1-KB document at all.
 * The JSON in `doc` stays the single source of what a query returns.
 */
interface TableInfo {
  rm: ReadModelDefinition;
  /** The connection to the projection's own file. */
  db: Database.Database;
  physical: string;
  /** The declared fields stored as columns, in the upsert's order. */
  columns: DeclaredField[];
  /** The key, when it is also declared as a field: checked like the others, stored as the id. */
  keyField?: DeclaredField;
  upsert: Database.Statement;
  remove: Database.Statement;
  loadForUpdate: Database.Statement;
  getMany: Database.Statement;
  getOne: Database.Statement;
  /** Rows ever inserted (the rowid only grows; deletes are rare in read models): an O(log n) size estimate. */
  rows: Database.Statement;
}

interface VersionInfo {
  projection: string;
  version: number;
  tables: Map<string, TableInfo>;
}

/** A projection's own database file: its tables and the checkpoint of each of its versions. */
interface ProjectionDb {
  db: Database.Database;
  checkpoint: Database.Statement;
  setCheckpoint: Database.Statement;
}

interface VersionRow {
  projection: string;
  version: number;
  code_version: number;
  definitions: string;
  generation: string;
}

const q = (identifier: string) => `"${identifier}"`;
const sqlType = (t: FieldType) => (t === 'number' ? 'NUMERIC' : t === 'boolean' ? 'INTEGER' : 'TEXT');
const toSql = (v: unknown): unknown => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);
const STATEMENT_CACHE_LIMIT = 500;
/** Marks a registry whose projections keep their tables in files of their own. */
const LAYOUT = 'file-per-projection';

/** WAL written between two automatic checkpoints (converted to pages of the file's own size). */
const WAL_CHECKPOINT_BYTES = 40 * 1024 * 1024;

export function openConnection(filename: string): Database.Database {
  const db = new Database(filename);
  // 16 KiB pages for a new file (an existing one keeps its own): a ~1 KB document and its dozen index entries dirty
  // fewer pages per commit. A 100,000-row import: the positions catch-up after the job 2.6–4.1 s → 0.9–1.0 s.
  db.pragma('page_size = 16384');
  if (filename !== ':memory:' && filename !== '') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // WAL + NORMAL: durable at checkpoints, and a crash never corrupts; projections can always be replayed
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  // Checkpoints every ~40 MB of WAL rather than SQLite's 1,000 pages: each one syncs, and a live projection with a
  // dozen indexes rewrites the same index pages between two of them.
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  db.pragma(`wal_autocheckpoint = ${Math.max(1000, Math.round(WAL_CHECKPOINT_BYTES / pageSize))}`);
  db.pragma('temp_store = MEMORY');
  // The largest map SQLite allows: building a version's indexes scans the whole table once per index, and mapped
  // pages are read in place instead of being copied through the page cache (a third less time to index 300k rows).
  db.pragma('mmap_size = 2147418112');
  // ANALYZE reads at most ~1000 rows per index: statistics in milliseconds even on millions of documents.
  db.pragma('analysis_limit = 1000');
  return db;
}
/**
 * max(rowid) by a name no declared field takes: SQLite names are case-insensitive, so a field "rowId" (the
 * reconciliation rows have one) hides `rowid` and the max became a scan of that text column on every write.
 */
function rowsSql(rm: ReadModelDefinition, physical: string): string {
  const taken = new Set(columnFields(rm).map((f) => f.toLowerCase()));
  const rowid = ROWID_NAMES.find((n) => !taken.has(n))!; // validateReadModels refuses a model that takes all three
  return `SELECT coalesce(max(${rowid}), 0) FROM ${q(physical)}`;
}

/** Below this a scan is as fast as any index: no statistics needed. */
const ANALYZE_MIN_ROWS = 1000;
const rowsOf = (t: TableInfo): number => Number(t.rows.get() ?? 0);

export class SqliteReadStore implements ReadStore {
  readonly kind = 'sqlite';
  private readonly versionsCache = new Map<string, VersionInfo>();
  private readonly findStatements = new Map<string, Database.Statement>();
  private readonly resolveStmt: Database.Statement;
  private readonly versionRowStmt: Database.Statement;
  private readonly deferredStmt: Database.Statement;
  private readonly projectionDbs = new Map<string, ProjectionDb>();
  /** Rows (max rowid) of each physical table when its statistics were last gathered. */
  private readonly analyzedRows = new Map<string, number>();

  private constructor(
    private readonly db: Database.Database,
    private readonly filename: string,
  ) {
    const layout = SqliteReadStore.layoutOf(db);
    db.exec(`
      CREATE TABLE IF NOT EXISTS _rs_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS _rs_projections (projection TEXT PRIMARY KEY, active_version INTEGER);
      CREATE TABLE IF NOT EXISTS _rs_versions (
        projection TEXT NOT NULL, version INTEGER NOT NULL, code_version INTEGER NOT NULL,
        definitions TEXT NOT NULL, generation TEXT NOT NULL,
        PRIMARY KEY (projection, version));
      CREATE TABLE IF NOT EXISTS _rs_collections (collection TEXT PRIMARY KEY, projection TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS _rs_deferred_indexes (projection TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (projection, version));
    `);
    if (layout === 'single-file') this.forgetSingleFileLayout();
    db.prepare(`INSERT OR IGNORE INTO _rs_meta (key, value) VALUES ('layout', ?)`).run(LAYOUT);
    this.deferredStmt = db.prepare('SELECT 1 FROM _rs_deferred_indexes WHERE projection = ? AND version = ?').pluck();
    this.resolveStmt = db.prepare(`
      SELECT c.projection AS projection, v.version AS version, v.generation AS generation, v.definitions AS definitions
      FROM _rs_collections c
      JOIN _rs_versions v ON v.projection = c.projection
       AND v.version = coalesce(?, (SELECT active_version FROM _rs_projections p WHERE p.projection = c.projection))
      WHERE c.collection = ?`);
    this.versionRowStmt = db.prepare('SELECT * FROM _rs_versions WHERE projection = ? AND version = ?').safeIntegers(true);
  }

  /** 'empty' (new file), 'single-file' (tables beside the registry, before projections had files), or LAYOUT. */
  private static layoutOf(db: Database.Database): string {
    const hasVersions = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_rs_versions'`).get() !== undefined;
    if (!hasVersions) return 'empty';
    const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_rs_meta'`).get() !== undefined;
    return hasMeta ? ((db.prepare(`SELECT value FROM _rs_meta WHERE key = 'layout'`).pluck().get() as string | undefined) ?? LAYOUT) : 'single-file';
  }

  /**
   * A read store written before projections had files of their own: its tables are dropped and its versions
   * forgotten, so every projection builds again from the log on its next start (read models are derived data).
   */
  private forgetSingleFileLayout(): void {
    this.db.transaction(() => {
      for (const r of this.db.prepare('SELECT version, definitions FROM _rs_versions').all() as { version: number; definitions: string }[])
        for (const rm of JSON.parse(r.definitions) as ReadModelDefinition[]) this.db.exec(`DROP TABLE IF EXISTS ${q(physicalName(rm.collection, r.version))}`);
      this.db.exec('DELETE FROM _rs_versions; DELETE FROM _rs_projections; DELETE FROM _rs_collections; DELETE FROM _rs_deferred_indexes;');
    })();
  }

  /** `filename` may be ':memory:'; a missing parent folder is created. */
  static open(filename: string): SqliteReadStore {
    if (filename !== ':memory:' && filename !== '' && !filename.startsWith('file:')) mkdirSync(dirname(resolve(filename)), { recursive: true });
    return new SqliteReadStore(openConnection(filename), filename);
  }

  /** read.db → read.<projection>.db; in memory, every projection has a memory database of its own. */
  private projectionFile(projection: string): string {
    if (this.filename === ':memory:' || this.filename === '') return this.filename;
    const base = this.filename.endsWith('.db') ? this.filename.slice(0, -3) : this.filename;
    return `${base}.${projection}.db`;
  }

  private projectionDb(projection: string): ProjectionDb {
    let p = this.projectionDbs.get(projection);
    if (!p) {
      const db = openConnection(this.projectionFile(projection));
      db.exec('CREATE TABLE IF NOT EXISTS _rs_checkpoints (version INTEGER PRIMARY KEY, checkpoint INTEGER NOT NULL)');
      p = {
        db,
        checkpoint: db.prepare('SELECT checkpoint FROM _rs_checkpoints WHERE version = ?').pluck().safeIntegers(true),
        setCheckpoint: db.prepare(
          'INSERT INTO _rs_checkpoints (version, checkpoint) VALUES (@version, @position) ON CONFLICT(version) DO UPDATE SET checkpoint = excluded.checkpoint WHERE excluded.checkpoint > checkpoint',
        ),
      };
      this.projectionDbs.set(projection, p);
    }
    return p;
  }

  // ---- versions -------------------------------------------------------------------------------------------------

  async defineVersion(projection: string, version: number, readModels: ReadModelDefinition[], options: DefineVersionOptions = {}): Promise<void> {
    validateProjectionName(projection);
    validateVersion(version);
    validateReadModels(readModels);
    const codeVersion = options.codeVersion ?? version;
    const definitions = canonicalDefinitions(readModels);
    const pdb = this.projectionDb(projection).db;
    this.db.transaction(() => {
      for (const rm of readModels) {
        const owner = this.db.prepare('SELECT projection FROM _rs_collections WHERE collection = ?').pluck().get(rm.collection) as string | undefined;
        if (owner !== undefined && owner !== projection)
          throw conflict('READ_MODEL_COLLECTION_TAKEN', `collection "${rm.collection}" already belongs to projection "${owner}"`, 'collection');
      }
      const existing = this.versionRowStmt.get(projection, version) as VersionRow | undefined;
      if (existing && existing.definitions === definitions && Number(existing.code_version) === codeVersion) {
        const pending = this.deferredStmt.get(projection, version) !== undefined;
        // A build in progress that the caller will finish keeps its indexes deferred; anyone else gets them now.
        this.createTables(pdb, readModels, version, !(pending && options.deferIndexes));
        if (pending && !options.deferIndexes) {
          this.db.prepare('DELETE FROM _rs_deferred_indexes WHERE projection = ? AND version = ?').run(projection, version);
          for (const t of this.versionInfo(projection, version).tables.values()) this.analyze(t); // new indexes on a filled table
        }
        return;
      }
      if (existing) {
        if (this.activeVersionSync(projection) === version)
          throw conflict(
            'READ_MODEL_DEFINITION_CHANGED',
            `projection "${projection}" version ${version} is active with another declaration or code version: bump the projection version to rebuild it`,
          );
        this.dropTables(projection, JSON.parse(existing.definitions) as ReadModelDefinition[], version);
        this.db.prepare('DELETE FROM _rs_versions WHERE projection = ? AND version = ?').run(projection, version);
        this.db.prepare('DELETE FROM _rs_deferred_indexes WHERE projection = ? AND version = ?').run(projection, version);
      }
      for (const rm of readModels) this.db.prepare('INSERT OR IGNORE INTO _rs_collections (collection, projection) VALUES (?, ?)').run(rm.collection, projection);
      this.db
        .prepare('INSERT INTO _rs_versions (projection, version, code_version, definitions, generation) VALUES (?, ?, ?, ?, ?)')
        .run(projection, version, codeVersion, definitions, randomUUID());
      if (options.deferIndexes) this.db.prepare('INSERT OR IGNORE INTO _rs_deferred_indexes (projection, version) VALUES (?, ?)').run(projection, version);
      this.createTables(pdb, readModels, version, !options.deferIndexes);
    }).immediate();
    this.tuneForBuilds(projection);
  }

  async completeBuild(projection: string, version: number): Promise<void> {
    const row = this.versionRowStmt.get(projection, version) as VersionRow | undefined;
    if (!row) throw new DomainError('READ_MODEL_VERSION_UNKNOWN', `projection "${projection}" has no version ${version} to complete`, 'not_found', 'version');
    const readModels = JSON.parse(row.definitions) as ReadModelDefinition[];
    const pdb = this.projectionDb(projection).db;
    if (this.deferredStmt.get(projection, version) !== undefined) {
      // Indexes first, in the projection's file; the registry forgets the deferral only once they exist.
      pdb.transaction(() => this.createTables(pdb, readModels, version, true)).immediate();
      this.db.prepare('DELETE FROM _rs_deferred_indexes WHERE projection = ? AND version = ?').run(projection, version);
      this.tuneForBuilds(projection);
    }
    // The planner needs current statistics to prefer a selective equality index over one that merely avoids a sort.
    for (const t of this.versionInfo(projection, version, row).tables.values()) this.analyze(t);
  }

  async promote(projection: string, version: number): Promise<void> {
    if (!this.versionRowStmt.get(projection, version))
      throw new DomainError('READ_MODEL_VERSION_UNKNOWN', `projection "${projection}" has no version ${version} to promote`, 'not_found', 'version');
    this.db
      .prepare('INSERT INTO _rs_projections (projection, active_version) VALUES (?, ?) ON CONFLICT(projection) DO UPDATE SET active_version = excluded.active_version')
      .run(projection, version);
  }

  async dropVersion(projection: string, version: number): Promise<void> {
    this.db.transaction(() => {
      if (this.activeVersionSync(projection) === version)
        throw conflict('READ_MODEL_VERSION_ACTIVE', `projection "${projection}" version ${version} is the active one: promote another version before dropping it`, 'version');
      const row = this.versionRowStmt.get(projection, version) as VersionRow | undefined;
      if (!row) return;
      this.dropTables(projection, JSON.parse(row.definitions) as ReadModelDefinition[], version);
      this.db.prepare('DELETE FROM _rs_versions WHERE projection = ? AND version = ?').run(projection, version);
      this.db.prepare('DELETE FROM _rs_deferred_indexes WHERE projection = ? AND version = ?').run(projection, version);
      // A collection a newer version no longer declares is free again.
      const remaining = new Set<string>();
      for (const r of this.db.prepare('SELECT definitions FROM _rs_versions WHERE projection = ?').pluck().all(projection) as string[])
        for (const rm of JSON.parse(r) as ReadModelDefinition[]) remaining.add(rm.collection);
      for (const c of this.db.prepare('SELECT collection FROM _rs_collections WHERE projection = ?').pluck().all(projection) as string[])
        if (!remaining.has(c)) this.db.prepare('DELETE FROM _rs_collections WHERE collection = ?').run(c);
    }).immediate();
    for (const k of [...this.versionsCache.keys()]) if (k.startsWith(`${projection}@${version}#`)) this.versionsCache.delete(k);
  }

  async activeVersion(projection: string): Promise<number | undefined> {
    return this.activeVersionSync(projection);
  }

  async versions(projection: string): Promise<ProjectionVersionInfo[]> {
    const active = this.activeVersionSync(projection);
    const rows = this.db.prepare('SELECT * FROM _rs_versions WHERE projection = ? ORDER BY version').safeIntegers(true).all(projection) as VersionRow[];
    const checkpoints = rows.length ? this.projectionDb(projection).checkpoint : undefined; // kept with the documents, in the projection's file
    return rows.map((r) => ({
      projection,
      version: Number(r.version),
      codeVersion: Number(r.code_version),
      checkpoint: (checkpoints!.get(Number(r.version)) as bigint | undefined) ?? undefined,
      active: Number(r.version) === active,
      readModels: JSON.parse(r.definitions) as ReadModelDefinition[],
    }));
  }

  // ---- reads ----------------------------------------------------------------------------------------------------

  async find<D = ReadDocument>(collection: string, query: FindQuery = {}, options: ReadOptions = {}): Promise<FindResult<D>> {
    const table = this.table(collection, options.version);
    const nq = normalizeQuery(table.rm, query);
    const { sql, whereSql, params } = this.findSql(table, nq);
    const result: FindResult<D> = { items: [] };
    if (nq.limit !== 0) {
      const rows = this.statement(table.db, sql, true).all(...params, nq.limit ?? -1, nq.skip) as string[];
      result.items = rows.map((r) => JSON.parse(r) as D);
    }
    if (nq.count) result.total = this.statement(table.db, `SELECT count(*) FROM ${q(table.physical)}${whereSql}`, true).get(...params) as number;
    return result;
  }

  private findSql(table: TableInfo, nq: ReturnType<typeof normalizeQuery>): { sql: string; whereSql: string; params: unknown[] } {
    const params: unknown[] = [];
    const where = nq.conditions.map((c) => this.conditionSql(table.rm, c, params));
    const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const order = nq.sort.map(([f, d]) => `${this.column(table.rm, f)} ${d === 1 ? 'ASC' : 'DESC'}`).join(', ');
    return { sql: `SELECT doc FROM ${q(table.physical)}${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`, whereSql, params };
  }

  async get<D = ReadDocument>(collection: string, id: string, options: ReadOptions = {}): Promise<D | undefined> {
    const doc = this.table(collection, options.version).getOne.get(id) as string | undefined;
    return doc === undefined ? undefined : (JSON.parse(doc) as D);
  }

  async getMany<D = ReadDocument>(collection: string, ids: readonly string[], options: ReadOptions = {}): Promise<Map<string, D>> {
    const table = this.table(collection, options.version);
    const out = new Map<string, D>();
    if (ids.length === 0) return out;
    for (const row of table.getMany.all(JSON.stringify(ids)) as { id: string; doc: string }[]) out.set(row.id, JSON.parse(row.doc) as D);
    return out;
  }

  async loadForUpdate<D = ReadDocument>(collection: string, ids: readonly string[], version: number): Promise<Map<string, StoredDocument<D>>> {
    const table = this.table(collection, version);
    const out = new Map<string, StoredDocument<D>>();
    if (ids.length === 0) return out;
    for (const row of table.loadForUpdate.all(JSON.stringify(ids)) as { id: string; pos: bigint; doc: string }[])
      out.set(row.id, { doc: JSON.parse(row.doc) as D, position: row.pos });
    return out;
  }

  async getCheckpoint(projection: string, version?: number): Promise<bigint | undefined> {
    const v = version ?? this.activeVersionSync(projection);
    if (v === undefined) return undefined;
    return (this.projectionDb(projection).checkpoint.get(v) as bigint | undefined) ?? undefined;
  }

  // ---- writes ---------------------------------------------------------------------------------------------------

  async applyBatch(projection: string, batch: ProjectionBatch, checkpoint: BatchCheckpoint): Promise<void> {
    const version = checkpoint.version ?? this.activeVersionSync(projection);
    if (version === undefined)
      throw new DomainError('READ_MODEL_VERSION_UNKNOWN', `projection "${projection}" has no active version: pass the version to write`, 'precondition', 'version');
    const info = this.versionInfo(projection, version);
    const tableOf = (collection: string) => {
      const t = info.tables.get(collection);
      if (!t) throw unknownCollection(collection, `is not declared by projection "${projection}" version ${version}`);
      return t;
    };
    const touched = new Set<TableInfo>();
    const pdb = this.projectionDb(projection);
    try {
      pdb.db.transaction(() => {
        for (const u of batch.upserts) {
          const t = tableOf(u.collection);
          touched.add(t);
          const id = documentId(t.rm, u.doc);
          if (t.keyField) checkedValue(t.rm, t.keyField, u.doc, id);
          const values = new Array<unknown>(t.columns.length);
          for (let i = 0; i < values.length; i++) values[i] = toSql(checkedValue(t.rm, t.columns[i], u.doc, id));
          t.upsert.run(id, u.position ?? checkpoint.position, JSON.stringify(u.doc), ...values);
        }
        for (const d of batch.deletes) tableOf(d.collection).remove.run(d.id, d.position ?? checkpoint.position);
        pdb.setCheckpoint.run({ position: checkpoint.position, version });
        // IMMEDIATE: with projection threads several connections write this file; taking the write lock up front
        // makes a second writer wait (busy_timeout) instead of failing on a snapshot another writer made stale.
      }).immediate();
    } catch (e) {
      // By code, not instanceof: better-sqlite3's native part keeps the SqliteError class of the first module instance
      // that loaded it, so under jest's per-file module registries instanceof is unreliable.
      if ((e as { code?: unknown })?.code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw conflict('READ_MODEL_UNIQUE_VIOLATION', `projection "${projection}" v${version}: a document breaks a unique index (${(e as Error).message})`);
      throw e;
    }
    for (const t of touched) this.analyzeIfGrown(t);
  }

  /**
   * EXPLAIN QUERY PLAN of the SQL find() runs for this query (for tests and for operators chasing a slow query):
   * one line per step, e.g. "SEARCH positions_v2 USING INDEX positions_v2_ix1 (codIpa=? AND iuv=?)".
   */
  explainFind(collection: string, query: FindQuery = {}, options: ReadOptions = {}): string[] {
    const table = this.table(collection, options.version);
    const { sql, params } = this.findSql(table, normalizeQuery(table.rm, query));
    return (table.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params, 20, 0) as { detail: string }[]).map((r) => r.detail);
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      this.db.prepare('SELECT 1').get();
      return { ok: true, detail: this.db.name };
    } catch (e) {
      return { ok: false, detail: (e as Error).message };
    }
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    for (const db of [...[...this.projectionDbs.values()].map((p) => p.db), this.db]) {
      try {
        db.pragma('optimize'); // gathers statistics the queries of this connection showed to be missing or stale
      } catch {
        // a read-only or busy database still closes
      }
      db.close();
    }
    this.projectionDbs.clear();
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  private activeVersionSync(projection: string): number | undefined {
    const v = this.db.prepare('SELECT active_version FROM _rs_projections WHERE projection = ?').pluck().get(projection) as number | null | undefined;
    return v ?? undefined;
  }

  private table(collection: string, version: number | undefined): TableInfo {
    const row = this.resolveStmt.get(version ?? null, collection) as { projection: string; version: number; generation: string; definitions: string } | undefined;
    if (!row) throw this.explainMissing(collection, version);
    const info = this.versionInfo(row.projection, row.version, row);
    const t = info.tables.get(collection);
    if (!t) throw unknownCollection(collection, `is not part of projection "${row.projection}" version ${row.version}`);
    return t;
  }

  private explainMissing(collection: string, version: number | undefined): DomainError {
    const projection = this.db.prepare('SELECT projection FROM _rs_collections WHERE collection = ?').pluck().get(collection) as string | undefined;
    if (projection === undefined) return unknownCollection(collection, 'is not declared by any projection');
    if (version !== undefined) return new DomainError('READ_MODEL_VERSION_UNKNOWN', `projection "${projection}" has no version ${version}`, 'not_found', 'version');
    return new DomainError('READ_MODEL_NOT_READY', `read model "${collection}" is not available yet: projection "${projection}" has never been built`, 'precondition', 'collection');
  }

  private versionInfo(projection: string, version: number, row?: { generation: string; definitions: string }): VersionInfo {
    if (!row) {
      const r = this.versionRowStmt.get(projection, version) as VersionRow | undefined;
      if (!r) throw new DomainError('READ_MODEL_VERSION_UNKNOWN', `projection "${projection}" has no version ${version}: define it first`, 'not_found', 'version');
      row = r;
    }
    const key = `${projection}@${version}#${row.generation}`;
    let info = this.versionsCache.get(key);
    if (!info) {
      const readModels = JSON.parse(row.definitions) as ReadModelDefinition[];
      const db = this.projectionDb(projection).db;
      info = { projection, version, tables: new Map(readModels.map((rm) => [rm.collection, this.tableInfo(db, rm, version)])) };
      this.versionsCache.set(key, info);
    }
    return info;
  }

  private tableInfo(db: Database.Database, rm: ReadModelDefinition, version: number): TableInfo {
    const physical = physicalName(rm.collection, version);
    const declared = new Map(declaredFieldsOf(rm).map((f) => [f.field, f]));
    const columns = columnFields(rm).map((field) => declared.get(field)!);
    const cols = columns.map((c) => q(c.field));
    const upsertSql =
      `INSERT INTO ${q(physical)} (id, pos, doc${cols.map((c) => `, ${c}`).join('')}) VALUES (?, ?, ?${cols.map(() => ', ?').join('')}) ` +
      `ON CONFLICT(id) DO UPDATE SET pos = excluded.pos, doc = excluded.doc${cols.map((c) => `, ${c} = excluded.${c}`).join('')} ` +
      `WHERE excluded.pos > ${q(physical)}.pos`;
    return {
      rm,
      db,
      physical,
      columns,
      keyField: declared.get(rm.key),
      upsert: db.prepare(upsertSql),
      remove: db.prepare(`DELETE FROM ${q(physical)} WHERE id = ? AND pos < ?`),
      loadForUpdate: db.prepare(`SELECT id, pos, doc FROM ${q(physical)} WHERE id IN (SELECT value FROM json_each(?))`).safeIntegers(true),
      getMany: db.prepare(`SELECT id, doc FROM ${q(physical)} WHERE id IN (SELECT value FROM json_each(?))`),
      getOne: db.prepare(`SELECT doc FROM ${q(physical)} WHERE id = ?`).pluck(),
      rows: db.prepare(rowsSql(rm, physical)).pluck(),
    };
  }

  /** `secondary` false: only the table and its unique indexes (a build from empty adds the rest in completeBuild). */
  private createTables(db: Database.Database, readModels: ReadModelDefinition[], version: number, secondary: boolean): void {
    for (const rm of readModels) {
      const physical = physicalName(rm.collection, version);
      const cols = columnFields(rm).map((f) => `, ${q(f)} ${sqlType(rm.fields[f])}`).join('');
      db.exec(`CREATE TABLE IF NOT EXISTS ${q(physical)} (id TEXT PRIMARY KEY, pos INTEGER NOT NULL, doc TEXT NOT NULL${cols})`);
      rm.indexes.forEach((ix, n) => {
        if (!secondary && !ix.unique) return;
        const fields = physicalIndexFields(rm, ix)
          .map(([f, d]) => `${this.column(rm, f)} ${d === 1 ? 'ASC' : 'DESC'}`)
          .join(', ');
        db.exec(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${q(`${physical}_ix${n}`)} ON ${q(physical)} (${fields})`);
      });
    }
  }

  private dropTables(projection: string, readModels: ReadModelDefinition[], version: number): void {
    const pdb = this.projectionDb(projection);
    for (const rm of readModels) {
      const physical = physicalName(rm.collection, version);
      pdb.db.exec(`DROP TABLE IF EXISTS ${q(physical)}`);
      this.analyzedRows.delete(physical);
    }
    pdb.db.prepare('DELETE FROM _rs_checkpoints WHERE version = ?').run(version);
  }

  /**
   * Without statistics SQLite assumes every index equally selective and prefers one that avoids sorting, e.g.
   * (codIpa, createdAt) for `codIpa = ? AND iuv = ? ORDER BY createdAt`, which scans a whole ente. So statistics
   * are gathered again whenever a table has doubled since the last time: O(log n) analyses over a table's life.
   */
  private analyzeIfGrown(t: TableInfo): void {
    let analyzed = this.analyzedRows.get(t.physical);
    if (analyzed === undefined) {
      analyzed = this.statRows(t.db, t.physical);
      this.analyzedRows.set(t.physical, analyzed);
    }
    const rows = rowsOf(t);
    if (rows >= ANALYZE_MIN_ROWS && rows >= 2 * analyzed) this.analyze(t, rows);
  }

  private analyze(t: TableInfo, rows = rowsOf(t)): void {
    t.db.exec(`ANALYZE ${q(t.physical)}`);
    this.analyzedRows.set(t.physical, rows);
  }

  /**
   * While a version is built from empty, WAL checkpoints skip fsync (synchronous OFF): a build writes the whole table,
   * and losing its last commits to a power cut only means replaying them (the checkpoint commits with the batch,
   * and a read model can always be rebuilt from the log). Back to NORMAL as soon as no build is pending.
   */
  private tuneForBuilds(projection: string): void {
    const building = this.db.prepare('SELECT count(*) FROM _rs_deferred_indexes WHERE projection = ?').pluck().get(projection) as number;
    this.projectionDb(projection).db.pragma(building > 0 ? 'synchronous = OFF' : 'synchronous = NORMAL');
  }

  /** Rows the stored statistics were gathered on (0 when never analyzed), so a reopened store does not analyze again. */
  private statRows(db: Database.Database, physical: string): number {
    try {
      const stat = db.prepare('SELECT stat FROM sqlite_stat1 WHERE tbl = ? LIMIT 1').pluck().get(physical) as string | undefined;
      return stat === undefined ? 0 : Number.parseInt(stat, 10) || 0;
    } catch {
      return 0; // no sqlite_stat1 before the first ANALYZE
    }
  }

  private column(rm: ReadModelDefinition, field: string): string {
    return field === rm.key ? 'id' : q(field);
  }

  private conditionSql(rm: ReadModelDefinition, c: Condition, params: unknown[]): string {
    const col = this.column(rm, c.field);
    switch (c.op) {
      case 'eq':
        if (c.value === null) return `${col} IS NULL`;
        params.push(toSql(c.value));
        return `${col} = ?`;
      case 'ne':
        if (c.value === null) return `${col} IS NOT NULL`;
        params.push(toSql(c.value));
        return `${col} IS NOT ?`;
      case 'in': {
        if (c.values.length === 0) return c.withNull ? `${col} IS NULL` : '0';
        params.push(...c.values.map(toSql));
        const inSql = `${col} IN (${c.values.map(() => '?').join(', ')})`;
        return c.withNull ? `(${inSql} OR ${col} IS NULL)` : inSql;
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        params.push(c.value);
        return `${col} ${{ gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.op]} ?`;
      case 'prefix': {
        if (c.value === '') return `${col} IS NOT NULL`;
        const upper = prefixUpperBound(c.value);
        if (upper !== undefined) {
          params.push(c.value, upper);
          return `(${col} >= ? AND ${col} < ?)`;
        }
        params.push(c.value, [...c.value].length, c.value);
        return `(${col} >= ? AND substr(${col}, 1, ?) = ?)`;
      }
      case 'exists':
        return c.value ? `${col} IS NOT NULL` : `${col} IS NULL`;
    }
  }

  /** Physical table names belong to one projection, so the SQL text alone tells which connection it was prepared on. */
  private statement(db: Database.Database, sql: string, pluck: boolean): Database.Statement {
    let stmt = this.findStatements.get(sql);
    if (!stmt) {
      if (this.findStatements.size >= STATEMENT_CACHE_LIMIT) this.findStatements.clear();
      stmt = db.prepare(sql);
      if (pluck) stmt.pluck();
      this.findStatements.set(sql, stmt);
    }
    return stmt;
  }
}
