import { Schema } from 'mongoose';
import { columnFields, physicalIndexFields } from './read-model';
import type { Condition, NormalizedQuery } from './query';
import type { ReadModelDefinition } from './read-store.port';

/** Translation of the shared query model and declarations to MongoDB, kept pure so it is tested without a server. */

const path = (rm: ReadModelDefinition, field: string) => (field === rm.key ? '_id' : field);
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function conditionFilter(rm: ReadModelDefinition, c: Condition): Record<string, unknown> {
  const p = path(rm, c.field);
  switch (c.op) {
    case 'eq':
      return { [p]: c.value }; // null matches missing too, as in SQL IS NULL
    case 'ne':
      return { [p]: { $ne: c.value } };
    case 'in':
      return { [p]: { $in: c.withNull ? [...c.values, null] : c.values } };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { [p]: { [`$${c.op}`]: c.value } };
    case 'prefix':
      // Anchored, case-sensitive regex: MongoDB turns it into index bounds.
      return { [p]: { $regex: `^${escapeRegex(c.value)}` } };
    case 'exists':
      return c.value ? { [p]: { $ne: null } } : { [p]: null };
  }
}

export function mongoFilter(rm: ReadModelDefinition, q: Pick<NormalizedQuery, 'conditions'>): Record<string, unknown> {
  const parts = q.conditions.map((c) => conditionFilter(rm, c));
  return parts.length === 0 ? {} : parts.length === 1 ? parts[0] : { $and: parts };
}

export function mongoSort(rm: ReadModelDefinition, q: Pick<NormalizedQuery, 'sort'>): Record<string, 1 | -1> {
  return Object.fromEntries(q.sort.map(([f, d]) => [path(rm, f), d]));
}

/** One mongoose schema per read model, from the same declaration the SQLite tables come from. */
export function mongooseSchema(rm: ReadModelDefinition): Schema {
  const definition: Record<string, unknown> = { _id: String, _pos: String };
  for (const field of columnFields(rm)) {
    const type = rm.fields[field];
    definition[field] = type === 'number' ? Number : type === 'boolean' ? Boolean : String;
  }
  const schema = new Schema(definition, {
    strict: false, // the rest of the document is the projection's business
    strictQuery: false,
    versionKey: false,
    autoIndex: false, // indexes are built when the version is defined, not on first use
    autoCreate: false,
    id: false,
    minimize: false,
  });
  rm.indexes.forEach((ix, n) => {
    const keys = Object.fromEntries(physicalIndexFields(rm, ix).map(([f, d]) => [path(rm, f), d]));
    schema.index(keys, { name: `ix${n}`, unique: ix.unique === true });
  });
  return schema;
}
