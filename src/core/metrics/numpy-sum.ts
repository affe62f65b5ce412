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
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= BLOCK) {
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
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/** `np.mean(values)`: the pairwise sum over the count. */
export function mean(values: ArrayLike<number>): number {
  return pairwiseSum(values) / values.length;
}

/**
 * `np.average(values, weights=weights)`: pairwise Σ v·w over pairwise Σ w; `np.mean` without weights.
 * `scratch` (length >= n) avoids an allocation per call on hot paths such as bootstrap resamples.
 */
export function average(
  values: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  scratch?: Float64Array,
): number {
  const n = values.length;
  if (weights === undefined) return pairwiseSum(values) / n;
  const products = scratch !== undefined && scratch.length >= n ? scratch : new Float64Array(n);
  for (let i = 0; i < n; i++) products[i] = values[i] * weights[i];
  return pairwiseSum(products, 0, n) / pairwiseSum(weights);
}
