import { randomUUID } from 'node:crypto';
import mongoose, { type Connection, type Model, type mongo } from 'mongoose';
import { conflict, DomainError } from '../kernel/errors';
import {
  canonicalDefinitions,
  checkDocumentFields,
  decodePosition,
  documentId,
  encodePosition,
  unknownCollection,
  validateProjectionName,
  validateReadModels,
  validateVersion,
} from './read-model';
import { mongoFilter, mongooseSchema, mongoSort } from './mongo-query';
import { normalizeQuery } from './query';
import {
  physicalName,
  type BatchCheckpoint,
  type DefineVersionOptions,
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
 * Production read store on MongoDB (mongoose). Without multi-document transactions the batch is made safe by positions:
 * every document carries `_pos` (the log position that wrote it, as zero-padded text so text order is numeric order),
 * a write only lands on an older `_pos`, deletes leave a tombstone until the checkpoint (written last) has passed them,
 * and the runner skips, per document, the events a crashed batch had already applied. Replaying a batch after a
 * crash therefore ends in the same documents. A stale writer re-inserting a document deleted since is prevented by
 * there being one active runner per projection (the lease), not by the store.
 */
interface ProjectionDoc {
  _id: string;
  active: number;
  generation: string;
}
interface VersionDoc {
  _id: string;
  projection: string;
  version: number;
  codeVersion: number;
  definitions: string;
  checkpoint: string | null;
  generation: string;
}
interface CollectionDoc {
  _id: string;
  projection: string;
}
interface TombstoneDoc {
  _id: string;
  c: string;
  i: string;
  pos: string;
}
interface StoredMongoDoc {
  _id: string;
  _pos: string;
  [field: string]: unknown;
}

interface VersionModels {
  readModels: Map<string, ReadModelDefinition>;
  /** mongoose models: indexes from the declaration, casting queries. */
  models: Map<string, Model<StoredMongoDoc>>;
  /** The same collections through the driver: position-guarded bulk writes and raw id lookups. */
  raw: Map<string, mongo.Collection<StoredMongoDoc>>;
}

const DUPLICATE_KEY = 11000;
const NAMESPACE_NOT_FOUND = 26;
const versionId = (projection: string, version: number) => `${projection}@${version}`;
const tombstoneId = (physical: string, id: string) => `${physical}/${id}`;

function strip<D>(raw: Record<string, unknown>): D {
  const { _id, _pos, ...doc } = raw;
  return doc as D;
}

export class MongoReadStore implements ReadStore {
  readonly kind = 'mongodb';
  private readonly cache = new Map<string, VersionModels>();

  private constructor(private readonly conn: Connection) {}

  static async connect(url: string): Promise<MongoReadStore> {
    const conn = await mongoose.createConnection(url, { serverSelectionTimeoutMS: 5000 }).asPromise();
    const store = new MongoReadStore(conn);
    await store.meta<TombstoneDoc>('_rs_tombstones').createIndex({ c: 1, pos: 1 });
    return store;
  }

  private meta<T extends { _id: string }>(name: string) {
    return this.conn.db!.collection<T>(name);
  }
  private get projections() {
    return this.meta<ProjectionDoc>('_rs_projections');
  }
  private get versionDocs() {
    return this.meta<VersionDoc>('_rs_versions');
  }
  private get collections() {
    return this.meta<CollectionDoc>('_rs_collections');
  }
  private get tombstones() {
    return this.meta<TombstoneDoc>('_rs_tombstones');
  }

  // ---- versions -------------------------------------------------------------------------------------------------

  async defineVersion(projection: string, version: number, readModels: ReadModelDefinition[], options: DefineVersionOptions = {}): Promise<void> {
    validateProjectionName(projection);
    validateVersion(version);
    validateReadModels(readModels);
    const codeVersion = options.codeVersion ?? version;
    const definitions = canonicalDefinitions(readModels);
    for (const rm of readModels) {
      const owner = await this.collections.findOne({ _id: rm.collection });
      if (owner && owner.projection !== projection)
        throw conflict('READ_MODEL_COLLECTION_TAKEN', `collection "${rm.collection}" already belongs to projection "${owner.projection}"`, 'collection');
    }
    let row = await this.versionDocs.findOne({ _id: versionId(projection, version) });
    if (row && (row.definitions !== definitions || row.codeVersion !== codeVersion)) {
      if ((await this.activeVersion(projection)) === version)
        throw conflict(
          'READ_MODEL_DEFINITION_CHANGED',
          `projection "${projection}" version ${version} is active with another declaration or code version: bump the projection version to rebuild it`,
        );
      await this.dropPhysical(JSON.parse(row.definitions) as ReadModelDefinition[], version);
      await this.versionDocs.deleteOne({ _id: row._id });
      row = null;
    }
    for (const rm of readModels) await this.collections.updateOne({ _id: rm.collection }, { $setOnInsert: { projection } }, { upsert: true });
    if (!row) {
      row = { _id: versionId(projection, version), projection, version, codeVersion, definitions, checkpoint: null, generation: randomUUID() };
      await this.versionDocs.insertOne(row);
    }
    const { models } = this.versionModels(row);
    for (const model of models.values()) {
      await model.createCollection().catch((e: { codeName?: string }) => {
        if (e?.codeName !== 'NamespaceExists') throw e;
      });
      await model.createIndexes();
    }
  }

  async promote(projection: string, version: number): Promise<void> {
    const row = await this.versionDocs.findOne({ _id: versionId(projection, version) });
    if (!row) throw new DomainError('READ_MODEL_VERSION_UNKNOWN', `projection "${projection}" has no version ${version} to promote`, 'not_found', 'version');
    await this.projections.updateOne({ _id: projection }, { $set: { active: version, generation: row.generation } }, { upsert: true });
  }

  async dropVersion(projection: string, version: number): Promise<void> {
    if ((await this.activeVersion(projection)) === version)
      throw conflict('READ_MODEL_VERSION_ACTIVE', `projection "${projection}" version ${version} is the active one: promote another version before dropping it`, 'version');
    const row = await this.versionDocs.findOne({ _id: versionId(projection, version) });
    if (!row) return;
    await this.dropPhysical(JSON.parse(row.definitions) as ReadModelDefinition[], version);
    await this.versionDocs.deleteOne({ _id: row._id });
    const remaining = new Set<string>();
    for (const r of await this.versionDocs.find({ projection }).toArray()) for (const rm of JSON.parse(r.definitions) as ReadModelDefinition[]) remaining.add(rm.collection);
    for (const c of await this.collections.find({ projection }).toArray()) if (!remaining.has(c._id)) await this.collections.deleteOne({ _id: c._id });
  }

  async activeVersion(projection: string): Promise<number | undefined> {
    return (await this.projections.findOne({ _id: projection }))?.active;
  }

  async versions(projection: string): Promise<ProjectionVersionInfo[]> {
    const active = await this.activeVersion(projection);
    const rows = await this.versionDocs.find({ projection }).sort({ version: 1 }).toArray();
    return rows.map((r) => ({
      projection,
      version: r.version,
      codeVersion: r.codeVersion,
      checkpoint: r.checkpoint === null ? undefined : decodePosition(r.checkpoint),
      active: r.version === active,
      readModels: JSON.parse(r.definitions) as ReadModelDefinition[],
    }));
  }

  // ---- reads ----------------------------------------------------------------------------------------------------

  async find<D = ReadDocument>(collection: string, query: FindQuery = {}, options: ReadOptions = {}): Promise<FindResult<D>> {
    const { rm, model } = await this.resolve(collection, options.version);
    const nq = normalizeQuery(rm, query);
    const filter = mongoFilter(rm, nq);
    const result: FindResult<D> = { items: [] };
    if (nq.limit !== 0) {
      let cursor = model.find(filter).sort(mongoSort(rm, nq)).skip(nq.skip);
      if (nq.limit !== undefined) cursor = cursor.limit(nq.limit);
      result.items = ((await cursor.lean().exec()) as Record<string, unknown>[]).map((d) => strip<D>(d));
    }
    if (nq.count) result.total = await model.countDocuments(filter).exec();
    return result;
  }

  async get<D = ReadDocument>(collection: string, id: string, options: ReadOptions = {}): Promise<D | undefined> {
    const { raw } = await this.resolve(collection, options.version);
    const found = await raw.findOne({ _id: id });
    return found ? strip<D>(found) : undefined;
  }

  async getMany<D = ReadDocument>(collection: string, ids: readonly string[], options: ReadOptions = {}): Promise<Map<string, D>> {
    const { raw } = await this.resolve(collection, options.version);
    const out = new Map<string, D>();
    if (ids.length === 0) return out;
    for (const found of await raw.find({ _id: { $in: [...ids] } }).toArray()) out.set(found._id, strip<D>(found));
    return out;
  }

  async loadForUpdate<D = ReadDocument>(collection: string, ids: readonly string[], version: number): Promise<Map<string, StoredDocument<D>>> {
    const { raw } = await this.resolve(collection, version);
    const out = new Map<string, StoredDocument<D>>();
    if (ids.length === 0) return out;
    const physical = physicalName(collection, version);
    for (const t of await this.tombstones.find({ _id: { $in: ids.map((id) => tombstoneId(physical, id)) } }).toArray())
      out.set(t.i, { doc: undefined, position: decodePosition(t.pos) });
    for (const found of await raw.find({ _id: { $in: [...ids] } }).toArray()) {
      const position = decodePosition(found._pos);
      const tomb = out.get(found._id);
      // A tombstone newer than the document means the delete landed in a batch whose checkpoint was never written.
      if (!tomb || tomb.position < position) out.set(found._id, { doc: strip<D>(found), position });
    }
    return out;
  }

  async getCheckpoint(projection: string, version?: number): Promise<bigint | undefined> {
    const v = version ?? (await this.activeVersion(projection));
    if (v === undefined) return undefined;
    const row = await this.versionDocs.findOne({ _id: versionId(projection, v) });
    return row?.checkpoint ? decodePosition(row.checkpoint) : undefined;
  }

  // ---- writes ---------------------------------------------------------------------------------------------------

  async applyBatch(projection: string, batch: ProjectionBatch, checkpoint: BatchCheckpoint): Promise<void> {
    const version = checkpoint.version ?? (await this.activeVersion(projection));
    if (version === undefined)
      throw new DomainError('READ_MODEL_VERSION_UNKNOWN', `projection "${projection}" has no active version: pass the version to write`, 'precondition', 'version');
    const row = await this.versionDocs.findOne({ _id: versionId(projection, version) });
    if (!row) throw new DomainError('READ_MODEL_VERSION_UNKNOWN', `projection "${projection}" has no version ${version}: define it first`, 'not_found', 'version');
    const { readModels, raw } = this.versionModels(row);
    const rmOf = (collection: string) => {
      const rm = readModels.get(collection);
      if (!rm) throw unknownCollection(collection, `is not declared by projection "${projection}" version ${version}`);
      return rm;
    };

    // Everything is checked before anything is written.
    const ops = new Map<string, object[]>();
    const opsOf = (collection: string) => {
      let list = ops.get(collection);
      if (!list) ops.set(collection, (list = []));
      return list;
    };
    for (const u of batch.upserts) {
      const rm = rmOf(u.collection);
      const id = documentId(rm, u.doc);
      checkDocumentFields(rm, u.doc, id);
      const pos = encodePosition(u.position ?? checkpoint.position);
      opsOf(u.collection).push({ replaceOne: { filter: { _id: id, _pos: { $lt: pos } }, replacement: { ...u.doc, _id: id, _pos: pos }, upsert: true } });
    }
    const tombs: TombstoneDoc[] = [];
    for (const d of batch.deletes) {
      rmOf(d.collection);
      const pos = encodePosition(d.position ?? checkpoint.position);
      const physical = physicalName(d.collection, version);
      tombs.push({ _id: tombstoneId(physical, d.id), c: physical, i: d.id, pos });
      opsOf(d.collection).push({ deleteOne: { filter: { _id: d.id, _pos: { $lt: pos } } } });
    }

    if (tombs.length)
      await this.guardedBulk(
        this.tombstones,
        tombs.map((t) => ({ updateOne: { filter: { _id: t._id, pos: { $lt: t.pos } }, update: { $set: { c: t.c, i: t.i, pos: t.pos } }, upsert: true } })),
        projection,
        version,
      );
    for (const [collection, list] of ops) await this.guardedBulk(raw.get(collection)!, list, projection, version);

    const cp = encodePosition(checkpoint.position);
    await this.versionDocs.updateOne({ _id: row._id, $or: [{ checkpoint: null }, { checkpoint: { $lt: cp } }] }, { $set: { checkpoint: cp } });
    // Past the checkpoint no replay can reach these deletes again: the tombstones have done their job.
    if (tombs.length) await this.tombstones.deleteMany({ _id: { $in: tombs.map((t) => t._id) }, pos: { $lte: cp } });
  }

  /** Unordered bulk write where a duplicate _id means "a newer write is already there" (the position guard). */
  private async guardedBulk(collection: { bulkWrite(ops: never[], options: object): Promise<unknown> }, ops: object[], projection: string, version: number): Promise<void> {
    try {
      // ignoreUndefined: an undefined field is absent, as in the JSON SQLite stores.
      await collection.bulkWrite(ops as never[], { ordered: false, ignoreUndefined: true });
    } catch (e) {
      type WriteError = { code?: number; errmsg?: string; err?: { errmsg?: string } };
      const errors = (e as { writeErrors?: WriteError[] | WriteError }).writeErrors;
      if (errors === undefined) throw e;
      const list: WriteError[] = Array.isArray(errors) ? errors : [errors];
      const real = list.filter((w) => {
        const msg = w.errmsg ?? w.err?.errmsg ?? '';
        return !(w.code === DUPLICATE_KEY && / index: _id_ /.test(msg));
      });
      if (real.length === 0) return;
      const first = real[0];
      const msg = first.errmsg ?? first.err?.errmsg ?? String(e);
      if (first.code === DUPLICATE_KEY) throw conflict('READ_MODEL_UNIQUE_VIOLATION', `projection "${projection}" v${version}: a document breaks a unique index (${msg})`);
      throw e;
    }
  }

  async health(): Promise<{ ok: boolean; detail?: string }> {
    try {
      await this.conn.db!.admin().ping();
      return { ok: true, detail: this.conn.name };
    } catch (e) {
      return { ok: false, detail: (e as Error).message };
    }
  }

  async close(): Promise<void> {
    await this.conn.close();
  }

  /** Tests and operators: removes the whole database this store points at. */
  async dropDatabase(): Promise<void> {
    await this.conn.dropDatabase();
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  private async resolve(
    collection: string,
    version: number | undefined,
  ): Promise<{ rm: ReadModelDefinition; model: Model<StoredMongoDoc>; raw: mongo.Collection<StoredMongoDoc> }> {
    const owner = await this.collections.findOne({ _id: collection });
    if (!owner) throw unknownCollection(collection, 'is not declared by any projection');
    let row: VersionDoc | null;
    if (version === undefined) {
      const p = await this.projections.findOne({ _id: owner.projection });
      if (!p)
        throw new DomainError('READ_MODEL_NOT_READY', `read model "${collection}" is not available yet: projection "${owner.projection}" has never been built`, 'precondition', 'collection');
      const cached = this.cache.get(p.generation);
      if (cached) return this.pick(cached, collection, owner.projection, p.active);
      row = await this.versionDocs.findOne({ _id: versionId(owner.projection, p.active) });
    } else {
      row = await this.versionDocs.findOne({ _id: versionId(owner.projection, version) });
    }
    if (!row) throw new DomainError('READ_MODEL_VERSION_UNKNOWN', `projection "${owner.projection}" has no version ${version}`, 'not_found', 'version');
    return this.pick(this.versionModels(row), collection, owner.projection, row.version);
  }

  private pick(vm: VersionModels, collection: string, projection: string, version: number) {
    const rm = vm.readModels.get(collection);
    if (!rm) throw unknownCollection(collection, `is not part of projection "${projection}" version ${version}`);
    return { rm, model: vm.models.get(collection)!, raw: vm.raw.get(collection)! };
  }

  private versionModels(row: VersionDoc): VersionModels {
    let vm = this.cache.get(row.generation);
    if (!vm) {
      const readModels = JSON.parse(row.definitions) as ReadModelDefinition[];
      vm = { readModels: new Map(readModels.map((rm) => [rm.collection, rm])), models: new Map(), raw: new Map() };
      for (const rm of readModels) {
        const physical = physicalName(rm.collection, row.version);
        const name = `${physical}#${row.generation}`;
        vm.models.set(rm.collection, (this.conn.models[name] as Model<StoredMongoDoc> | undefined) ?? this.conn.model<StoredMongoDoc>(name, mongooseSchema(rm), physical));
        vm.raw.set(rm.collection, this.conn.db!.collection<StoredMongoDoc>(physical));
      }
      this.cache.set(row.generation, vm);
    }
    return vm;
  }

  private async dropPhysical(readModels: ReadModelDefinition[], version: number): Promise<void> {
    for (const rm of readModels) {
      const physical = physicalName(rm.collection, version);
      await this.conn.db!.dropCollection(physical).catch((e: { code?: number }) => {
        if (e?.code !== NAMESPACE_NOT_FOUND) throw e;
      });
      await this.tombstones.deleteMany({ c: physical });
    }
  }
}
