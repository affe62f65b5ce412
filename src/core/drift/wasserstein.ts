/**
 * The Wasserstein distance normed by the reference's spread, as Evidently's "normed Wasserstein"
 * (wasserstein_distance / np.std(reference)). The distance itself comes from ecdf-walk.ts.
 * Evidently divides by max(std, 0.001); mlgate divides by the std itself and reports a constant reference
 * (std 0), or a quotient that overflows, as not computable rather than inventing a floor.
 */
import { numpySum, numpySumOf } from './numpy-reduce-sum.js';

/** `np.std(values)` (ddof 0) with numpy's steps: np.sum / n, np.sum of (x − mean)², / n, sqrt. */
export function populationStd(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const mean = numpySum(values) / n;
  const squares = numpySumOf(n, (block, start, length) => {
    for (let k = 0; k < length; k++) {
      const d = values[start + k] - mean;
      block[k] = d * d;
    }
  });
  return Math.sqrt(squares / n);
}

export type NormedWasserstein = { value: number; reason: null } | { value: null; reason: string };

/** distance / std, or null with the reason when the reference has no spread or the quotient overflows. */
export function normedWasserstein(distance: number, referenceStd: number): NormedWasserstein {
  if (!(referenceStd > 0)) {
    return { value: null, reason: 'the reference is constant (standard deviation 0): nothing to norm by' };
  }
  const value = distance / referenceStd;
  if (!Number.isFinite(value)) {
    return {
      value: null,
      reason: `the distance ${distance} over the reference's standard deviation ${referenceStd} overflows`,
    };
  }
  return { value, reason: null };
}
