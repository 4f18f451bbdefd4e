import { DomainError, invalid } from '../../src/kernel/errors';
import { centsToEuros } from '../../src/kernel/money';
import { isCalendarDate } from '../../src/positions/domain/calendar-date';
import type { ReadStore } from '../../src/read-store/read-store.port';
import { checkRange } from '../common/query-params';
import { periodOf, STAT_BUCKETS, STAT_DIMENSIONS, STAT_GRANULARITIES, type StatBucket, type StatDimension, type StatGranularity } from './statistics.read-model';

/** MyPivot's cruscotto covers a budget history; longer ranges are almost always a typo in a year. */
export const MAX_RANGE_YEARS = 20;
/** Beyond this a response is too big to read or chart: ask for a coarser granularity or a shorter range. */
export const MAX_ROWS = 50_000;

export interface StatisticsParams {
  by: StatDimension | string;
  granularity: StatGranularity | string;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
}

export interface StatisticsMeasure {
  /** Euros with two decimals, e.g. "147.92". */
  amount: string;
  count: number;
}

export interface StatisticsRow {
  /** YYYY-MM-DD | YYYY-MM | YYYY */
  period: string;
  /** The tipo dovuto, ufficio, capitolo or accertamento code; '' for totals. */
  dimensionValue: string;
  paid: StatisticsMeasure;
  reported: StatisticsMeasure;
  cashed: StatisticsMeasure;
}

export interface StatisticsQuery {
  by: StatDimension;
  granularity: StatGranularity;
  from: string;
  to: string;
}

/** The date MAX_RANGE_YEARS after `date`, as text (29 February maps to a text that sorts right even in a common year). */
const yearsAfter = (date: string, years: number) => `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;

/** How the caller names the parameters (the REST API and the CLI use their own words), for the errors. */
export interface StatisticsParamNames {
  by: string;
  granularity: string;
  from: string;
  to: string;
}
const OWN_NAMES: StatisticsParamNames = { by: 'by', granularity: 'granularity', from: 'from', to: 'to' };

/** Checks the parameters and refuses what cannot be answered exactly, naming the parameter as the caller wrote it. */
export function parseStatisticsParams(params: StatisticsParams, names: StatisticsParamNames = OWN_NAMES): StatisticsQuery {
  const { by, granularity, from, to } = params;
  if (!STAT_DIMENSIONS.includes(by as StatDimension))
    throw invalid('UNKNOWN_DIMENSION', names.by, `cannot group statistics by "${String(by)}": use one of ${STAT_DIMENSIONS.join(', ')}`);
  if (!STAT_GRANULARITIES.includes(granularity as StatGranularity))
    throw invalid('INVALID_GRANULARITY', names.granularity, `${names.granularity} "${String(granularity)}" must be one of ${STAT_GRANULARITIES.join(', ')}`);
  for (const [field, value] of [[names.from, from], [names.to, to]] as const)
    if (!isCalendarDate(value)) throw invalid('INVALID_DATE', field, `${field} ${JSON.stringify(value)} must be a calendar date YYYY-MM-DD, e.g. 2024-12-31`);
  checkRange(from, to, names.from, names.to);
  // More than 20 years: `to` on or after the same day 20 years later.
  if (to >= yearsAfter(from, MAX_RANGE_YEARS))
    throw invalid('RANGE_TOO_LONG', names.to, `the range ${from} .. ${to} is longer than ${MAX_RANGE_YEARS} years: ask for at most ${MAX_RANGE_YEARS} years at a time`, {
      maxYears: MAX_RANGE_YEARS,
    });
  return { by: by as StatDimension, granularity: granularity as StatGranularity, from, to };
}

const measure = (amount: number, count: number): StatisticsMeasure => ({ amount: centsToEuros(amount), count });

/**
 * Statistics of one ente, per period (and per dimension value), sorted by period then value.
 * Buckets are whole periods: with granularity month, from 2024-03-15 includes all of March (a pre-aggregated
 * month cannot be cut); ask for day granularity to get exact day bounds. Periods without any amount have no row.
 */
export async function statistics(store: ReadStore, codIpa: string, params: StatisticsParams, names?: StatisticsParamNames): Promise<StatisticsRow[]> {
  const q = parseStatisticsParams(params, names);
  const { items } = await store.find<StatBucket>(STAT_BUCKETS, {
    filter: { codIpa, dimension: q.by, granularity: q.granularity, period: { $gte: periodOf(q.from, q.granularity), $lte: periodOf(q.to, q.granularity) } },
    sort: [
      ['period', 1],
      ['dimensionValue', 1],
    ],
    limit: MAX_ROWS + 1,
  });
  if (items.length > MAX_ROWS)
    throw new DomainError(
      'RESULT_TOO_LARGE',
      `more than ${MAX_ROWS} rows: ask for a coarser granularity (month or year) or a shorter range`,
      'too_large',
      'granularity',
      { maxRows: MAX_ROWS },
    );
  return items.map((b) => ({
    period: b.period,
    dimensionValue: b.dimensionValue,
    paid: measure(b.paidAmount, b.paidCount),
    reported: measure(b.reportedAmount, b.reportedCount),
    cashed: measure(b.cashedAmount, b.cashedCount),
  }));
}
