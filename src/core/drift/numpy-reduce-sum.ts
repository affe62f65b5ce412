/**
 * `np.sum` of a float64 array as numpy 1.24 computes it, bit for bit at every length: the reduction runs
 * its inner loop over buffers of 8192 elements (the ufunc buffer size), each summed pairwise
 * (metrics/numpy-sum.ts: blocks of 128 with 8 accumulators) and added in turn to the running total,
 * which starts at 0. pairwiseSum alone matches only up to 8192 elements; scripts/reference checks this
 * order against np.sum on random lengths up to 200 000.
 */
import { pairwiseSumOf, type BlockFill } from '../metrics/numpy-sum.js';

/** numpy's ufunc buffer size: the reduction's chunk. */
export const NUMPY_BUFFER_SIZE = 8192;

/** `np.sum` of n values produced in order, block by block, by `fill` (start is the index of block[0]). */
export function numpySumOf(n: number, fill: BlockFill): number {
  let total = 0;
  for (let chunk = 0; chunk < n; chunk += NUMPY_BUFFER_SIZE) {
    const length = Math.min(NUMPY_BUFFER_SIZE, n - chunk);
    total += pairwiseSumOf(length, (block, start, count) => fill(block, chunk + start, count));
  }
  return total;
}

/** `np.sum(values)`. */
export function numpySum(values: ArrayLike<number>): number {
  return numpySumOf(values.length, (block, start, count) => {
    for (let k = 0; k < count; k++) block[k] = values[start + k];
  });
}
