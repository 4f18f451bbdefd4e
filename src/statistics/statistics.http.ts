import { invalid } from '../kernel/errors';
import { rejectUnknownParams } from '../../projections/common/query-params';
import type { StatisticsParamNames, StatisticsParams } from '../../projections/statistics/statistics.queries';
import type { StatDimension, StatGranularity } from '../../projections/statistics/statistics.read-model';

/** The REST API's Italian words for dimensions and granularities, as MyPivot's Statistiche pages name them. */
export const DIMENSIONI: Readonly<Record<string, StatDimension>> = {
  totali: 'total',
  'tipi-dovuto': 'tipoDovuto',
  uffici: 'ufficio',
  capitoli: 'capitolo',
  accertamenti: 'accertamento',
};

export const GRANULARITA: Readonly<Record<string, StatGranularity>> = { giorno: 'day', mese: 'month', anno: 'year' };

export const REST_NAMES: StatisticsParamNames = { by: 'dimensione', granularity: 'granularita', from: 'da', to: 'a' };

export interface StatisticheQuery {
  granularita?: string;
  da?: string;
  a?: string;
}

/** The path's dimension and the query's parameters, in the statistics query's terms. Granularity defaults to month. */
export function statisticsParams(dimensione: string, query: StatisticheQuery): StatisticsParams & { by: StatDimension; granularity: StatGranularity } {
  const by = DIMENSIONI[dimensione];
  if (by === undefined) throw invalid('UNKNOWN_DIMENSION', 'dimensione', `unknown statistics "${dimensione}": use one of ${Object.keys(DIMENSIONI).join(', ')}`);
  rejectUnknownParams(query, ['granularita', 'da', 'a']);
  const g = query.granularita ?? 'mese';
  const granularity = GRANULARITA[g];
  if (granularity === undefined) throw invalid('INVALID_GRANULARITY', 'granularita', `granularita "${g}" must be one of ${Object.keys(GRANULARITA).join(', ')}`);
  for (const field of ['da', 'a'] as const)
    if (query[field] === undefined || query[field] === '') throw invalid('INVALID_DATE', field, `${field} is required: a calendar date YYYY-MM-DD, e.g. 2024-01-01`);
  return { by, granularity, from: query.da!, to: query.a! };
}
