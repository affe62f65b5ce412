/**
 * Sums in numpy's order. numpy adds float64 arrays pairwise (blocks of 8 partial sums, halves above 128
 * elements); mirroring it makes weighted label metrics bit-identical to scikit-learn's, not just close.
 */

const BLOCK = 128;

/** `np.sum(values[offset:offset+length])` bit for bit (numpy's pairwise_sum, started from 0). */
export function pairwiseSum(values: ArrayLike<number>, offset = 0, length = values.length - offset): number {
  return 0 + pairwise(values, offset, length);
}

function pairwise(a: ArrayLike<number>, start: number, n: number): number {
  if (n <= BLOCK) return leaf(a, start, n);
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/** numpy's pairwise_sum on a block of at most 128 values: a plain loop under 8, else 8 partial sums. */
function leaf(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  let r0 = a[start],
    r1 = a[start + 1],
    r2 = a[start + 2],
    r3 = a[start + 3];
  let r4 = a[start + 4],
    r5 = a[start + 5],
    r6 = a[start + 6],
    r7 = a[start + 7];
  const end = n - (n % 8);
  let i = 8;
  for (; i < end; i += 8) {
    const j = start + i;
    r0 += a[j];
    r1 += a[j + 1];
    r2 += a[j + 2];
    r3 += a[j + 3];
    r4 += a[j + 4];
    r5 += a[j + 5];
    r6 += a[j + 6];
    r7 += a[j + 7];
  }
  let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
  for (; i < n; i++) res += a[start + i];
  return res;
}

/**
 * Writes the values of rows start..start+length-1 into block[0..length). length is at most 128, the
 * size of numpy's pairwise leaves, so a sum of derived values needs 1 KB instead of an N-row array.
 */
export type BlockFill = (block: Float64Array, start: number, length: number) => void;

/** `np.sum` of n values produced block by block by `fill`: bit for bit pairwiseSum of the full array. */
export function pairwiseSumOf(n: number, fill: BlockFill): number {
  return 0 + pairwiseBlocks(new Float64Array(BLOCK), fill, 0, n);
}

function pairwiseBlocks(block: Float64Array, fill: BlockFill, start: number, n: number): number {
  if (n <= BLOCK) {
    fill(block, start, n);
    return leaf(block, 0, n);
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseBlocks(block, fill, start, n2) + pairwiseBlocks(block, fill, start + n2, n - n2);
}

/**
 * `np.average(values, weights=weights)` of n values produced by `fill` (np.mean without weights), with
 * numpy's steps: pairwise Σ v·w over pairwise Σ w. No N-row temporary.
 */
export function averageOf(n: number, weights: ArrayLike<number> | undefined, fill: BlockFill): number {
  if (weights === undefined) return pairwiseSumOf(n, fill) / n;
  const numerator = pairwiseSumOf(n, (block, start, length) => {
    fill(block, start, length);
    for (let j = 0; j < length; j++) block[j] *= weights[start + j];
  });
  return numerator / pairwiseSum(weights);
}

/** `np.mean(values)`: the pairwise sum over the count. */
export function mean(values: ArrayLike<number>): number {
  return pairwiseSum(values) / values.length;
}
