/**
 * The work on one numeric column pair that needs every value: sort both sides, every statistic
 * (numeric-column.ts), and the data-quality facts read off the sorted values. Run here or on a worker
 * thread (column-worker.ts): it is most of a drift run's time after reading, and columns are independent.
 */
import { countAtMost, countBelow } from './binning.js';
import { numericDrift, sortFloat64, type NumericDriftStats } from './index.js';

export interface NumericPairResult {
  stats: NumericDriftStats;
  constant: { reference: boolean; current: boolean };
  /** Current values below the reference's minimum and above its maximum (when both sides have values). */
  range?: { below: number; above: number; min: number; max: number };
}

export function numericPair(a: Float64Array, b: Float64Array, scratch?: Float64Array): NumericPairResult {
  const need = Math.max(a.length, b.length);
  const spare = scratch && scratch.length >= need ? scratch : new Float64Array(need);
  sortFloat64(a, spare);
  sortFloat64(b, spare);
  const stats = numericDrift(a, b);
  const result: NumericPairResult = {
    stats,
    constant: {
      reference: a.length > 0 && a[0] === a[a.length - 1],
      current: b.length > 0 && b[0] === b[b.length - 1],
    },
  };
  if (a.length > 0 && b.length > 0) {
    const min = a[0];
    const max = a[a.length - 1];
    result.range = { below: countBelow(b, min), above: b.length - countAtMost(b, max), min, max };
  }
  return result;
}
