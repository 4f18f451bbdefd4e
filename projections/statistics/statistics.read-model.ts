import type { ReadModelDefinition } from '../../src/read-store/read-store.port';

/**
 * Pre-aggregated statistics: one small document per ente, dimension value, granularity and period, holding the
 * three amounts and counts MyPivot's "cruscotto incassi" shows. A query over ten years reads at most a few
 * thousand of them through one index, instead of scanning a million payments.
 */
export const STAT_BUCKETS = 'stat_buckets';

export const STAT_DIMENSIONS = ['total', 'tipoDovuto', 'ufficio', 'capitolo', 'accertamento'] as const;
export type StatDimension = (typeof STAT_DIMENSIONS)[number];

export const STAT_GRANULARITIES = ['day', 'month', 'year'] as const;
export type StatGranularity = (typeof STAT_GRANULARITIES)[number];

export const STAT_MEASURES = ['paid', 'reported', 'cashed'] as const;
export type StatMeasure = (typeof STAT_MEASURES)[number];

/** dimensionValue of the 'total' dimension: there is only one total per ente and period. */
export const TOTAL_VALUE = '';

export interface StatBucket {
  /** `${codIpa}|${dimension}|${dimensionValue}|${granularity}|${period}` */
  id: string;
  codIpa: string;
  dimension: StatDimension;
  dimensionValue: string;
  granularity: StatGranularity;
  /** YYYY-MM-DD | YYYY-MM | YYYY */
  period: string;
  /** Cents. */
  paidAmount: number;
  paidCount: number;
  reportedAmount: number;
  reportedCount: number;
  cashedAmount: number;
  cashedCount: number;
  /** Log position of the last event applied, as a decimal string: the idempotence guard. */
  lastPosition: string;
}

export const statBucketsModel: ReadModelDefinition = {
  collection: STAT_BUCKETS,
  key: 'id',
  fields: { codIpa: 'string', dimension: 'string', dimensionValue: 'string', granularity: 'string', period: 'string' },
  // The one query shape: an ente, a dimension, a granularity, a range of periods, in period then value order.
  indexes: [{ fields: [['codIpa', 1], ['dimension', 1], ['granularity', 1], ['period', 1], ['dimensionValue', 1]] }],
};

/** Codes never hold '|' (anagrafica codes and codIpa are checked for it), so the id is unambiguous. */
export const statBucketId = (codIpa: string, dimension: StatDimension, dimensionValue: string, granularity: StatGranularity, period: string): string =>
  `${codIpa}|${dimension}|${dimensionValue}|${granularity}|${period}`;

/** The period of a YYYY-MM-DD date at a granularity. */
export function periodOf(date: string, granularity: StatGranularity): string {
  switch (granularity) {
    case 'day':
      return date;
    case 'month':
      return date.slice(0, 7);
    case 'year':
      return date.slice(0, 4);
  }
}
