/**
 * numpy's quantiles ('linear' method, the default of np.percentile / np.quantile / np.median) and
 * scikit-learn's weighted percentile, with numpy's exact floating-point steps so results are identical.
 */

/** `np.quantile(sorted, q)` on an ascending array without NaN; q in [0, 1]. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return sorted[n - 1];
  if (virtual < 0) return sorted[0];
  const previous = Math.floor(virtual);
  const a = sorted[previous];
  const b = sorted[previous + 1];
  const gamma = virtual - previous;
  const diff = b - a;
  // numpy's _lerp: interpolate from the nearer end so q = 1 - t mirrors q = t.
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** `np.percentile(values, p)` for p in [0, 100] (values need not be sorted). */
export function percentile(values: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedCopy(values), p / 100);
}

/** `np.percentile(values, [p1, p2, ...])` with one sort. */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const sorted = sortedCopy(values);
  return ps.map((p) => quantileSorted(sorted, p / 100));
}

/** `np.median(values)`: the middle value, or the mean of the two middle values. */
export function median(values: ArrayLike<number>): number {
  return medianInPlace(sortedCopy(values));
}

/** `np.median` of an array the caller gives up: sorted in place, no copy. */
export function medianInPlace(values: Float64Array): number {
  const sorted = values.sort();
  const n = sorted.length;
  if (n === 0) return NaN;
  const half = n >> 1;
  return n % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

/** `np.linspace(0, 1, k + 1)`: numpy multiplies by the step and pins the last point to 1. */
export function linspaceQuantiles(k: number): number[] {
  const step = 1 / k;
  const q = Array.from({ length: k + 1 }, (_, i) => i * step + 0);
  q[k] = 1;
  return q;
}

/**
 * scikit-learn 1.2's `_weighted_percentile(values, weights, 50)`: the smallest value whose cumulative
 * weight reaches half the total (no interpolation). Zero-weight rows are never chosen.
 */
export function weightedMedian(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const cdf = new Float64Array(n);
  let running = 0;
  for (let i = 0; i < n; i++) {
    running += weights[order[i]];
    cdf[i] = running;
  }
  let target = 0.5 * cdf[n - 1];
  if (target === 0) target = Number.MIN_VALUE; // np.nextafter(0, 1)
  // np.searchsorted(cdf, target), side 'left': the first index with cdf >= target.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return values[order[Math.min(lo, n - 1)]];
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(values);
  sorted.sort();
  return sorted;
}
