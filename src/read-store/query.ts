import { DomainError, invalid } from '../kernel/errors';
import { fieldTypeOf, isOfType } from './read-model';
import type { FieldType, FindQuery, ReadModelDefinition, Scalar, SortDirection } from './read-store.port';

/**
 * A find query checked against the read model declaration and reduced to a few condition kinds,
 * which each adapter then translates (SQL with bound parameters, or a MongoDB filter).
 */
export type Condition =
  | { op: 'eq'; field: string; value: Scalar }
  | { op: 'ne'; field: string; value: Scalar }
  | { op: 'in'; field: string; values: Exclude<Scalar, null>[]; withNull: boolean }
  | { op: 'gt' | 'gte' | 'lt' | 'lte'; field: string; value: string | number }
  | { op: 'prefix'; field: string; value: string }
  | { op: 'exists'; field: string; value: boolean };

export interface NormalizedQuery {
  conditions: Condition[];
  /** Always ends with the key, so pages are stable. */
  sort: [string, SortDirection][];
  skip: number;
  limit: number | undefined;
  count: boolean;
}

const OPERATORS = new Set(['$eq', '$ne', '$in', '$gt', '$gte', '$lt', '$lte', '$prefix', '$exists']);

const unknownField = (rm: ReadModelDefinition, field: string, use: string) =>
  new DomainError(
    'READ_MODEL_UNKNOWN_FIELD',
    `cannot ${use} "${rm.collection}" by "${field}": it is not a declared field (declared: ${[rm.key, ...Object.keys(rm.fields).filter((f) => f !== rm.key)].join(', ')})`,
    'invalid',
    field,
  );

function checkValue(rm: ReadModelDefinition, field: string, type: FieldType, op: string, value: unknown): void {
  if (!isOfType(type, value))
    throw invalid('READ_MODEL_FILTER_TYPE', field, `filter ${op} on "${rm.collection}.${field}" needs a ${type} value, got ${JSON.stringify(value)}`);
}

export function normalizeQuery(rm: ReadModelDefinition, query: FindQuery = {}): NormalizedQuery {
  const conditions: Condition[] = [];
  for (const [field, cond] of Object.entries(query.filter ?? {})) {
    const type = fieldTypeOf(rm, field);
    if (!type) throw unknownField(rm, field, 'filter');
    if (cond === null || typeof cond !== 'object' || Array.isArray(cond)) {
      if (cond !== null) checkValue(rm, field, type, 'equality', cond);
      if (Array.isArray(cond)) throw invalid('READ_MODEL_FILTER_TYPE', field, `filter on "${rm.collection}.${field}": use { $in: [...] } to match several values`);
      conditions.push({ op: 'eq', field, value: cond as Scalar });
      continue;
    }
    const ops = Object.entries(cond);
    if (ops.length === 0) throw invalid('READ_MODEL_UNKNOWN_OPERATOR', field, `filter on "${rm.collection}.${field}" has no operator`);
    for (const [op, value] of ops) {
      if (!OPERATORS.has(op))
        throw invalid('READ_MODEL_UNKNOWN_OPERATOR', field, `filter on "${rm.collection}.${field}": unknown operator "${op}" (supported: ${[...OPERATORS].join(', ')})`);
      if (value === undefined) continue;
      switch (op) {
        case '$eq':
        case '$ne':
          if (value !== null) checkValue(rm, field, type, op, value);
          conditions.push({ op: op === '$eq' ? 'eq' : 'ne', field, value: value as Scalar });
          break;
        case '$in': {
          if (!Array.isArray(value)) throw invalid('READ_MODEL_FILTER_TYPE', field, `filter $in on "${rm.collection}.${field}" needs an array`);
          const values = value.filter((v) => v !== null);
          for (const v of values) checkValue(rm, field, type, op, v);
          conditions.push({ op: 'in', field, values: [...new Set(values)] as Exclude<Scalar, null>[], withNull: values.length !== value.length });
          break;
        }
        case '$gt':
        case '$gte':
        case '$lt':
        case '$lte':
          if (type === 'boolean') throw invalid('READ_MODEL_FILTER_TYPE', field, `filter ${op} on "${rm.collection}.${field}": a boolean field has no range`);
          checkValue(rm, field, type, op, value);
          conditions.push({ op: op.slice(1) as 'gt', field, value: value as string | number });
          break;
        case '$prefix':
          if (type !== 'string' && type !== 'date') throw invalid('READ_MODEL_FILTER_TYPE', field, `filter $prefix on "${rm.collection}.${field}": only text fields have prefixes`);
          checkValue(rm, field, type, op, value);
          conditions.push({ op: 'prefix', field, value: value as string });
          break;
        case '$exists':
          if (typeof value !== 'boolean') throw invalid('READ_MODEL_FILTER_TYPE', field, `filter $exists on "${rm.collection}.${field}" needs true or false`);
          conditions.push({ op: 'exists', field, value });
          break;
      }
    }
  }

  const requested: [string, SortDirection][] = Array.isArray(query.sort) ? query.sort : Object.entries(query.sort ?? {});
  const sort: [string, SortDirection][] = [];
  for (const [field, dir] of requested) {
    if (!fieldTypeOf(rm, field)) throw unknownField(rm, field, 'sort');
    if (dir !== 1 && dir !== -1) throw invalid('READ_MODEL_INVALID_QUERY', 'sort', `sort direction of "${field}" must be 1 or -1`);
    if (field === rm.key) {
      sort.push([field, dir]);
      break; // the key is unique: anything after it cannot change the order
    }
    sort.push([field, dir]);
  }
  if (sort.length === 0 || sort[sort.length - 1][0] !== rm.key) sort.push([rm.key, sort.length ? sort[sort.length - 1][1] : 1]);

  const skip = query.skip ?? 0;
  if (!Number.isSafeInteger(skip) || skip < 0) throw invalid('READ_MODEL_INVALID_QUERY', 'skip', `skip must be a non-negative integer, got ${String(query.skip)}`);
  const limit = query.limit;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0))
    throw invalid('READ_MODEL_INVALID_QUERY', 'limit', `limit must be a non-negative integer, got ${String(query.limit)}`);
  return { conditions, sort, skip, limit, count: query.count === true };
}

/** The smallest string greater than every string starting with `prefix`, or undefined when no such bound is simple. */
export function prefixUpperBound(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const last = prefix.charCodeAt(prefix.length - 1);
  // Code units in the surrogate range and above sort differently in UTF-16 and UTF-8: no range bound there.
  if (last >= 0xd7ff) return undefined;
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
