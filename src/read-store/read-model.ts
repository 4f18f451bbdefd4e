import { DomainError, invalid } from '../kernel/errors';
import type { FieldType, ReadDocument, ReadModelDefinition, SortDirection } from './read-store.port';

/** Checks of read model declarations and documents shared by every adapter, so they refuse the same things. */

const COLLECTION = /^[a-z][a-z0-9_]{0,50}$/;
/** SQLite's names of a table's rowid; names are case-insensitive there. */
export const ROWID_NAMES = ['rowid', '_rowid_', 'oid'];
/** Columns of the embedded store's tables next to the declared fields. */
const STORE_COLUMNS = ['id', 'pos', 'doc'];

const FIELD = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const PROJECTION = /^[A-Za-z][A-Za-z0-9_.-]{0,80}$/;

export function validateProjectionName(name: string): void {
  if (!PROJECTION.test(name)) throw invalid('READ_MODEL_INVALID_DEFINITION', 'projection', `projection name "${name}" must start with a letter and hold only letters, digits, "_", "." or "-"`);
}

export function validateVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1) throw invalid('READ_MODEL_INVALID_DEFINITION', 'version', `projection version must be a positive integer, got ${String(version)}`);
}

export function validateReadModels(readModels: readonly ReadModelDefinition[]): void {
  const seen = new Set<string>();
  for (const rm of readModels) {
    const where = `read model "${rm.collection}"`;
    if (!COLLECTION.test(rm.collection)) throw invalid('READ_MODEL_INVALID_DEFINITION', 'collection', `${where}: collection names are lowercase letters, digits and "_", starting with a letter`);
    if (seen.has(rm.collection)) throw invalid('READ_MODEL_INVALID_DEFINITION', 'collection', `${where} is declared twice`);
    seen.add(rm.collection);
    if (!FIELD.test(rm.key)) throw invalid('READ_MODEL_INVALID_DEFINITION', 'key', `${where}: key "${rm.key}" is not a valid field name`);
    for (const [field, type] of Object.entries(rm.fields)) {
      if (!FIELD.test(field)) throw invalid('READ_MODEL_INVALID_DEFINITION', 'fields', `${where}: field "${field}" is not a valid name (letters, digits, "_", dots for nested fields)`);
      if (!['string', 'number', 'boolean', 'date'].includes(type)) throw invalid('READ_MODEL_INVALID_DEFINITION', 'fields', `${where}: field "${field}" has unknown type "${String(type)}"`);
      if (field !== rm.key && STORE_COLUMNS.includes(field.toLowerCase()))
        throw invalid('READ_MODEL_INVALID_DEFINITION', 'fields', `${where}: field "${field}" is a name the store keeps for itself (${STORE_COLUMNS.join(', ')}, in any case)`);
    }
    const lower = new Set(columnFields(rm).map((f) => f.toLowerCase()));
    if (ROWID_NAMES.every((n) => lower.has(n)))
      throw invalid('READ_MODEL_INVALID_DEFINITION', 'fields', `${where}: fields named ${ROWID_NAMES.join(', ')} (in any case) would all hide the row id; rename one`);
    for (const ix of rm.indexes) {
      if (ix.fields.length === 0) throw invalid('READ_MODEL_INVALID_DEFINITION', 'indexes', `${where}: an index needs at least one field`);
      for (const [field, dir] of ix.fields) {
        if (field !== rm.key && !(field in rm.fields)) throw invalid('READ_MODEL_INVALID_DEFINITION', 'indexes', `${where}: index field "${field}" is not declared in fields`);
        if (dir !== 1 && dir !== -1) throw invalid('READ_MODEL_INVALID_DEFINITION', 'indexes', `${where}: index direction of "${field}" must be 1 or -1`);
      }
    }
  }
}

/** Order-insensitive for fields and read models, order-sensitive for index fields: what decides the physical layout. */
export function canonicalDefinitions(readModels: readonly ReadModelDefinition[]): string {
  const sorted = [...readModels]
    .sort((a, b) => (a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : 0))
    .map((rm) => ({
      collection: rm.collection,
      key: rm.key,
      fields: Object.fromEntries(Object.entries(rm.fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      indexes: rm.indexes.map((ix) => ({ fields: ix.fields.map(([f, d]) => [f, d]), unique: ix.unique === true })),
    }));
  return JSON.stringify(sorted);
}

/** Declared fields other than the key, in a stable order: the SQLite columns. */
export const columnFields = (rm: ReadModelDefinition): string[] => Object.keys(rm.fields).filter((f) => f !== rm.key).sort();

/** Index fields as the adapters build them: non-unique indexes end with the key so sorted pages need no extra sort. */
export function physicalIndexFields(rm: ReadModelDefinition, ix: ReadModelDefinition['indexes'][number]): [string, SortDirection][] {
  if (ix.unique || ix.fields.some(([f]) => f === rm.key)) return ix.fields;
  return [...ix.fields, [rm.key, ix.fields[ix.fields.length - 1][1]]];
}

function walk(doc: ReadDocument, parts: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A declared field with its path split once: documents are checked and turned into columns by the thousand. */
export interface DeclaredField {
  field: string;
  type: FieldType;
  get: (doc: ReadDocument) => unknown;
}

function declaredField(field: string, type: FieldType): DeclaredField {
  const parts = field.split('.');
  return { field, type, get: parts.length === 1 ? (doc) => doc[field] : (doc) => walk(doc, parts) };
}

const declaredFields = new WeakMap<ReadModelDefinition, DeclaredField[]>();

/** The read model's declared fields, compiled once (kept as long as the definition is). */
export function declaredFieldsOf(rm: ReadModelDefinition): DeclaredField[] {
  let fields = declaredFields.get(rm);
  if (!fields) declaredFields.set(rm, (fields = Object.entries(rm.fields).map(([field, type]) => declaredField(field, type))));
  return fields;
}

export function fieldTypeOf(rm: ReadModelDefinition, field: string): FieldType | undefined {
  return field === rm.key ? 'string' : rm.fields[field];
}

export function isOfType(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string':
    case 'date':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/** The document's id, refusing documents a projection built wrongly (the runner reports it as a failure). */
export function documentId(rm: ReadModelDefinition, doc: ReadDocument): string {
  const id = doc?.[rm.key];
  if (typeof id !== 'string' || id === '')
    throw new DomainError('READ_MODEL_KEY_MISSING', `document for "${rm.collection}" has no string "${rm.key}" (its key field)`, 'invalid', rm.key);
  return id;
}

/** Declared fields must hold their declared type (or be missing / null) or queries would silently miss them. */
export function checkDocumentFields(rm: ReadModelDefinition, doc: ReadDocument, id: string): void {
  for (const f of declaredFieldsOf(rm)) checkedValue(rm, f, doc, id);
}

/** The value of a declared field of a document, refused when it is not of the declared type. */
export function checkedValue(rm: ReadModelDefinition, f: DeclaredField, doc: ReadDocument, id: string): unknown {
  const value = f.get(doc);
  if (value === undefined || value === null || isOfType(f.type, value)) return value;
  throw new DomainError(
    'READ_MODEL_FIELD_TYPE',
    `document "${id}" of "${rm.collection}": field "${f.field}" is declared ${f.type} but holds ${JSON.stringify(value)}`,
    'invalid',
    f.field,
  );
}

export function unknownCollection(collection: string, detail: string): DomainError {
  return new DomainError('READ_MODEL_UNKNOWN_COLLECTION', `read model collection "${collection}" ${detail}`, 'not_found', 'collection');
}

/** Positions stored as text in MongoDB: zero-padded so that text order is numeric order. */
export const POSITION_WIDTH = 20;
export const encodePosition = (p: bigint): string => {
  if (p < 0n) throw new RangeError(`log position must not be negative, got ${p}`);
  return p.toString().padStart(POSITION_WIDTH, '0');
};
export const decodePosition = (s: string): bigint => BigInt(s);
