import type { RecordedEvent } from '../../src/kernel/events';
import type { DocumentKey, Projection } from '../../src/read-store/projection';
import { contributionsOf } from './statistics.contributions';
import { periodOf, STAT_BUCKETS, STAT_GRANULARITIES, statBucketId, statBucketsModel, type StatBucket } from './statistics.read-model';

/**
 * The `statistics` read model: position events and closed accertamenti, summed into day, month and year buckets
 * (see statistics.contributions.ts for what counts and by which date).
 *
 * Idempotence. Each bucket keeps `lastPosition`, the log position of the last event added to it, and evolve
 * ignores an event at or before it. Log positions strictly increase and the runner applies events in log order,
 * so "position ≤ lastPosition" means exactly "already in this bucket". Recording the ids of contributing
 * payments instead would make a bucket grow with every payment (a year bucket of a large ente would hold a
 * million ids); the position is one number and gives the same guarantee. The guard is per bucket, so an event
 * that touches many buckets (a closed accertamento) is added to each exactly once.
 */

type Totals = Pick<StatBucket, 'paidAmount' | 'paidCount' | 'reportedAmount' | 'reportedCount' | 'cashedAmount' | 'cashedCount'>;
type Delta = Omit<StatBucket, 'lastPosition'>;

const ZERO: Totals = { paidAmount: 0, paidCount: 0, reportedAmount: 0, reportedCount: 0, cashedAmount: 0, cashedCount: 0 };

/**
 * What an event adds to each bucket, by bucket id. Pure; memoised per event object because the runner calls
 * evolve once per touched bucket with the same event, and a closed accertamento of ten thousand payments should
 * be summed once, not once per bucket.
 */
const memo = new WeakMap<RecordedEvent, Map<string, Delta>>();

export function bucketDeltas(event: RecordedEvent): ReadonlyMap<string, Delta> {
  const cached = memo.get(event);
  if (cached) return cached;
  const deltas = new Map<string, Delta>();
  for (const c of contributionsOf(event)) {
    for (const granularity of STAT_GRANULARITIES) {
      const period = periodOf(c.date, granularity);
      const id = statBucketId(c.codIpa, c.dimension, c.dimensionValue, granularity, period);
      let d = deltas.get(id);
      if (!d) deltas.set(id, (d = { id, codIpa: c.codIpa, dimension: c.dimension, dimensionValue: c.dimensionValue, granularity, period, ...ZERO }));
      // Fixed property names, not d[`${measure}Amount`]: computed writes turn the object into a slow dictionary.
      switch (c.measure) {
        case 'paid':
          d.paidAmount += c.amount;
          d.paidCount += c.count;
          break;
        case 'reported':
          d.reportedAmount += c.amount;
          d.reportedCount += c.count;
          break;
        case 'cashed':
          d.cashedAmount += c.amount;
          d.cashedCount += c.count;
          break;
      }
    }
  }
  memo.set(event, deltas);
  return deltas;
}

function add(base: StatBucket | undefined, d: Delta, position: bigint): StatBucket {
  const b = base ?? ZERO;
  // Every field written out: this runs a few times per event, and a spread of a whole bucket costs more than the sums.
  return {
    id: d.id,
    codIpa: d.codIpa,
    dimension: d.dimension,
    dimensionValue: d.dimensionValue,
    granularity: d.granularity,
    period: d.period,
    paidAmount: b.paidAmount + d.paidAmount,
    paidCount: b.paidCount + d.paidCount,
    reportedAmount: b.reportedAmount + d.reportedAmount,
    reportedCount: b.reportedCount + d.reportedCount,
    cashedAmount: b.cashedAmount + d.cashedAmount,
    cashedCount: b.cashedCount + d.cashedCount,
    lastPosition: position.toString(),
  };
}

export const STATISTICS_EVENTS = ['ReceiptReceived', 'PositionReported', 'PositionCashed', 'AccertamentoClosed'] as const;

/**
 * `id` is the key being evolved. It is needed when the bucket does not exist yet: one event creates several
 * buckets of the same collection (day, month and year at least), and an absent document does not say which one is
 * asked for. The runner and applyEventsInMemory pass it as the fourth argument.
 */
export function evolveStatistics(collection: string, doc: StatBucket | undefined, event: RecordedEvent, id?: string): StatBucket | undefined {
  if (collection !== STAT_BUCKETS) return undefined;
  if (doc !== undefined && BigInt(doc.lastPosition) >= event.position) return undefined;
  const key = doc?.id ?? id;
  if (key === undefined)
    throw new Error(`statistics: evolve was called for a new "${collection}" bucket without its id; the projection runner must pass the key as evolve's fourth argument`);
  const delta = bucketDeltas(event).get(key);
  return delta ? add(doc, delta, event.position) : undefined;
}

export const statisticsProjection = {
  name: 'statistics',
  version: 1,
  background: true,
  readModels: [statBucketsModel],
  handles: STATISTICS_EVENTS,
  keys(event): DocumentKey[] {
    return [...bucketDeltas(event).keys()].map((id) => ({ collection: STAT_BUCKETS, id }));
  },
  evolve: evolveStatistics,
} satisfies Projection<StatBucket>;

