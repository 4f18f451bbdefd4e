/**
 * Several versions of the same receipt, notification, FR or movement may arrive (a resent RT, a
 * re-imported journal, a new FR revision). The current one is the greatest by a total order on the
 * data alone (rank, then source id), never by arrival: so the state after all versions is the same
 * whatever order they came in, and re-applying a version already seen changes nothing.
 */
export type Rank = readonly (string | number)[];

export interface Versioned<T> {
  readonly sourceId: string;
  readonly rank: Rank;
  readonly data: T;
}

/** ISO instants compare as instants when both parse (offsets differ), otherwise as text. */
function compareText(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta < tb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRankPart(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  return compareText(String(a), String(b));
}

export function compareVersions(a: Pick<Versioned<unknown>, 'sourceId' | 'rank'>, b: Pick<Versioned<unknown>, 'sourceId' | 'rank'>): number {
  const n = Math.max(a.rank.length, b.rank.length);
  for (let i = 0; i < n; i++) {
    const c = compareRankPart(a.rank[i] ?? '', b.rank[i] ?? '');
    if (c !== 0) return c;
  }
  return a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0;
}

/** True when `candidate` must replace `current`: strictly newer. The same source again is not newer. */
export const supersedes = <T>(candidate: Versioned<T>, current: Versioned<T> | undefined): boolean =>
  current === undefined || compareVersions(candidate, current) > 0;
