/**
 * The bins PSI and the Jensen–Shannon distance of a numeric column are computed on (DESIGN §4): the cut
 * points are the reference's deciles, `np.percentile(reference, [10, 20, ..., 90])` with numpy's linear
 * interpolation, equal cut points merged (np.unique); the bins are right-closed with open outer bins,
 *   (-inf, e_0], (e_0, e_1], ..., (e_last, +inf),
 * so a constant reference has one cut point and two bins. Counts come from binary searches in the sorted
 * samples (numpy searchsorted 'right' at each cut point).
 */
import { quantileSorted } from '../metrics/percentile.js';

export interface Bins {
  /** The merged cut points, ascending: bins.length = edges.length + 1. */
  edges: number[];
  /** Values of the reference in each bin. */
  reference: number[];
  /** Values of the current sample in each bin. */
  current: number[];
}

/** The deciles' percent levels. */
export const DECILE_LEVELS = [10, 20, 30, 40, 50, 60, 70, 80, 90] as const;

/** Decile cut points of a sorted, non-empty reference, merged where equal. */
export function decileEdges(referenceSorted: Float64Array): number[] {
  const cuts = DECILE_LEVELS.map((p) => quantileSorted(referenceSorted, p / 100));
  // np.unique sorts: linear interpolation is monotone, but each decile is rounded on its own.
  cuts.sort((x, y) => x - y);
  return cuts.filter((c, k) => k === 0 || c !== cuts[k - 1]);
}

/** Number of values ≤ x in a sorted array (numpy searchsorted side='right'). */
export function countAtMost(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of values < x in a sorted array (numpy searchsorted side='left'). */
export function countBelow(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts of a sorted sample in the bins the edges make. */
export function binCounts(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts: number[] = [];
  let below = 0;
  for (const edge of edges) {
    const atMost = countAtMost(sorted, edge);
    counts.push(atMost - below);
    below = atMost;
  }
  counts.push(sorted.length - below);
  return counts;
}

/** The decile bins of a column pair (both sorted; the reference non-empty). */
export function decileBins(referenceSorted: Float64Array, currentSorted: Float64Array): Bins {
  const edges = decileEdges(referenceSorted);
  return {
    edges,
    reference: binCounts(referenceSorted, edges),
    current: binCounts(currentSorted, edges),
  };
}
