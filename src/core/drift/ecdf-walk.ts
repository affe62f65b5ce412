/**
 * One merge of two sorted samples that yields both statistics defined on their empirical CDFs:
 *   - the two-sample KS statistic D = max(max(F_a − F_b), max(F_b − F_a)) over the pooled values, with
 *     F(t) = #{x ≤ t} / n (numpy searchsorted 'right'; ks_2samp clips the negative side to [0, 1]);
 *   - the Wasserstein-1 distance Σ_k |F_a(z_k) − F_b(z_k)| · (z_{k+1} − z_k) over the pooled sorted values
 *     z, summed in np.sum's order (numpy-reduce-sum.ts), so it equals `scipy.stats.wasserstein_distance(a,
 *     b)` (an np.sum over the same terms) bit for bit.
 * Within a run of equal pooled values the gap is 0, so the term is 0 whichever sample's copy comes first,
 * and after the run's last copy the counts are the searchsorted ones: scipy's terms exactly, in O(n1 + n2)
 * with no array of terms.
 */
import { numpySumOf } from './numpy-reduce-sum.js';

export interface EcdfStatistics {
  /** The two-sided KS statistic as ks_2samp computes it before any rounding. */
  ksStatistic: number;
  /** `scipy.stats.wasserstein_distance(a, b)`. */
  wasserstein: number;
}

/** The merge's position and the running extremes of F_a − F_b at the ends of runs of equal values. */
class Walk {
  i = 0;
  j = 0;
  maxDiff = 0;
  minDiff = 0;

  constructor(
    readonly a: Float64Array,
    readonly b: Float64Array,
  ) {}

  /** Writes the next `count` terms into block[0..count): each consumes one pooled value. */
  fill(block: Float64Array, count: number): void {
    const a = this.a;
    const b = this.b;
    const na = a.length;
    const nb = b.length;
    let i = this.i;
    let j = this.j;
    let maxDiff = this.maxDiff;
    let minDiff = this.minDiff;
    for (let t = 0; t < count; t++) {
      let current: number;
      if (j >= nb || (i < na && a[i] <= b[j])) current = a[i++];
      else current = b[j++];
      const next = i < na ? (j < nb && b[j] < a[i] ? b[j] : a[i]) : b[j];
      const diff = i / na - j / nb;
      const gap = next - current;
      if (gap > 0) {
        if (diff > maxDiff) maxDiff = diff;
        if (diff < minDiff) minDiff = diff;
      }
      block[t] = Math.abs(diff) * gap;
    }
    this.i = i;
    this.j = j;
    this.maxDiff = maxDiff;
    this.minDiff = minDiff;
  }
}

/** Both statistics of two non-empty ascending samples without NaN (the caller checks). */
export function ecdfStatistics(a: Float64Array, b: Float64Array): EcdfStatistics {
  const walk = new Walk(a, b);
  // numpySumOf asks for the terms in order, block by block: the walk advances with it.
  const wasserstein = numpySumOf(a.length + b.length - 1, (block, _start, length) =>
    walk.fill(block, length),
  );
  // The last pooled value: both CDFs are 1 there, so it adds neither a term nor a larger difference.
  const minS = Math.min(Math.max(-walk.minDiff, 0), 1);
  const maxS = walk.maxDiff;
  return { ksStatistic: minS > maxS ? minS : maxS, wasserstein };
}
