/**
 * The read side's storage. A read model is declared once (ReadModelDefinition) and every adapter derives its
 * tables / collections and indexes from that single declaration, so SQLite and MongoDB answer the same queries
 * the same way (the contract suite in test/contract/read-store.contract.ts holds both to it).
 *
 * Writes happen only through a projection batch (applyBatch), atomically with the projection's checkpoint.
 * Every stored document remembers the log position that last wrote it, so a batch replayed after a crash
 * changes nothing and a stale writer never overwrites newer data.
 */

export type FieldType = 'string' | 'number' | 'boolean' | 'date';
export type SortDirection = 1 | -1;

export interface IndexDefinition {
  fields: [string, SortDirection][];
  unique?: boolean;
}

export interface ReadModelDefinition {
  /** Base name, lowercase snake case, e.g. 'positions'. Physical name: `<collection>_v<version>`. */
  collection: string;
  /** Document field whose (string) value is the document id, e.g. 'id'. Always queryable and sortable. */
  key: string;
  /**
   * Queryable / sortable fields; dotted paths reach nested objects ('debtor.cf').
   * Dates are ISO strings compared as text: write them in one form (UTC 'Z' timestamps or YYYY-MM-DD).
   * A missing field and null are the same thing for queries.
   */
  fields: Record<string, FieldType>;
  /**
   * Non-unique indexes get the key appended (in the direction of their last field) so that sorted pages,
   * which always tie-break on the key, are served from the index.
   * Unique indexes: declare them only on fields every document has (MongoDB treats missing values as equal).
   */
  indexes: IndexDefinition[];
}

/** Documents are plain JSON: no bigint, no Date objects (dates as ISO strings), no undefined inside arrays. */
export type ReadDocument = Record<string, unknown>;

export type Scalar = string | number | boolean | null;

export interface FieldOperators {
  $eq?: Scalar;
  /** Also matches documents where the field is missing. */
  $ne?: Scalar;
  $in?: Scalar[];
  $gt?: string | number;
  $gte?: string | number;
  $lt?: string | number;
  $lte?: string | number;
  /** Strings that start with this text (case-sensitive); served by an index on the field. */
  $prefix?: string;
  /** true: field present and not null; false: missing or null. */
  $exists?: boolean;
}

/** A bare value means equality. Conditions on several fields (and several operators on one field) are AND-ed. */
export type FieldCondition = Scalar | FieldOperators;
export type Filter = Record<string, FieldCondition>;

/** Object form keeps insertion order; the key is always appended as the final tie-break. */
export type Sort = Record<string, SortDirection> | [string, SortDirection][];

export interface FindQuery {
  filter?: Filter;
  sort?: Sort;
  skip?: number;
  /** Omitted = no limit. 0 = no items (useful with count). */
  limit?: number;
  /** Also return the number of documents matching the filter, ignoring skip/limit. */
  count?: boolean;
}

export interface FindResult<D> {
  items: D[];
  /** Present only when the query asked for count. */
  total?: number;
}

export interface ReadOptions {
  /** Physical version to read; default: the projection's active (promoted) version. */
  version?: number;
}

export interface UpsertOperation {
  collection: string;
  doc: ReadDocument;
  /** Log position of the last event applied to this document; defaults to the batch checkpoint. */
  position?: bigint;
}

export interface DeleteOperation {
  collection: string;
  id: string;
  position?: bigint;
}

export interface ProjectionBatch {
  upserts: UpsertOperation[];
  deletes: DeleteOperation[];
}

export interface BatchCheckpoint {
  /** Log position of the last event the batch covers. The stored checkpoint never moves backwards. */
  position: bigint;
  /** Physical version written; default: the active version. */
  version?: number;
}

/** What the projection runner loads before applying a batch: the document and the position that last wrote it. */
export interface StoredDocument<D = ReadDocument> {
  /** undefined: the document was deleted at `position` (MongoDB keeps such a tombstone until the checkpoint passes it). */
  doc: D | undefined;
  position: bigint;
}

export interface ProjectionVersionInfo {
  projection: string;
  version: number;
  /** Projection.version of the code that built this physical version (a forced rebuild makes a new physical version of the same code). */
  codeVersion: number;
  checkpoint: bigint | undefined;
  active: boolean;
  readModels: ReadModelDefinition[];
}

export interface DefineVersionOptions {
  /** Default: the version itself. */
  codeVersion?: number;
  /**
   * The caller is about to build this version from the log and will call completeBuild() when it reaches the head:
   * an adapter may then create a new version's non-unique indexes only at that point (one sorted bulk build instead
   * of an index update per written document). Unique indexes are always created at once, so violations still
   * surface on the batch that causes them. Ignored for a version whose indexes already exist.
   */
  deferIndexes?: boolean;
}

export interface ReadStore {
  /** Adapter name shown in /health: "sqlite" or "mongodb". */
  readonly kind: string;

  /**
   * Creates (idempotently) the physical collections and indexes of one version of a projection.
   * A non-active version whose stored declaration differs is dropped and recreated empty;
   * for the active version a different declaration is refused (READ_MODEL_DEFINITION_CHANGED: bump the version).
   */
  defineVersion(projection: string, version: number, readModels: ReadModelDefinition[], options?: DefineVersionOptions): Promise<void>;
  /** Makes `version` the one queries read. */
  promote(projection: string, version: number): Promise<void>;
  /** Drops a non-active version's collections, checkpoint and record. */
  dropVersion(projection: string, version: number): Promise<void>;
  activeVersion(projection: string): Promise<number | undefined>;
  /** Every stored version of the projection, ascending. */
  versions(projection: string): Promise<ProjectionVersionInfo[]>;

  find<D = ReadDocument>(collection: string, query?: FindQuery, options?: ReadOptions): Promise<FindResult<D>>;
  /** undefined when there is no such document. */
  get<D = ReadDocument>(collection: string, id: string, options?: ReadOptions): Promise<D | undefined>;
  /** Only the documents that exist, keyed by id. */
  getMany<D = ReadDocument>(collection: string, ids: readonly string[], options?: ReadOptions): Promise<Map<string, D>>;

  /** For the projection runner: documents (and tombstones) with the position that last wrote them. */
  loadForUpdate<D = ReadDocument>(collection: string, ids: readonly string[], version: number): Promise<Map<string, StoredDocument<D>>>;
  /**
   * Writes the batch and then the checkpoint. SQLite: one transaction. MongoDB: position-guarded writes
   * (a document is only replaced by a newer position), checkpoint last; replaying the batch is a no-op.
   */
  applyBatch(projection: string, batch: ProjectionBatch, checkpoint: BatchCheckpoint): Promise<void>;
  /**
   * The version has caught up with the log: create the indexes deferred by defineVersion({ deferIndexes }) and
   * refresh the query planner's statistics. Idempotent and cheap when there is nothing to do. Optional: an adapter
   * that never defers (MongoDB builds its indexes up front) need not implement it.
   */
  completeBuild?(projection: string, version: number): Promise<void>;
  /** Last position applied to `version` (default: active); undefined when nothing was applied yet. */
  getCheckpoint(projection: string, version?: number): Promise<bigint | undefined>;

  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol('ReadStore');

/** Physical name of a collection in a projection version. */
export const physicalName = (collection: string, version: number): string => `${collection}_v${version}`;
