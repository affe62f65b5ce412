/**
 * `scipy.spatial.distance.jensenshannon(p, q, base=2)` (scipy 1.10.1) on the raw proportions of the same
 * bins (no 1e-4 replacement): p and q are divided by their sums, m = (p + q) / 2, and
 *   JS = sqrt((Σ rel_entr(p, m) + Σ rel_entr(q, m)) / ln 2 / 2),  rel_entr(x, y) = x·ln(x / y), 0 for x = 0.
 * In [0, 1]. When p and q nearly coincide the two sums can round to a tiny negative number, where scipy
 * returns NaN; here that is 0 (the distance of equal distributions) so no NaN leaves.
 */
import { numpySum } from './numpy-reduce-sum.js';

function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/** JS distance (base 2) of two non-negative vectors with positive sums, e.g. count / n per bin. */
export function jensenShannonDistance(pRaw: ArrayLike<number>, qRaw: ArrayLike<number>): number {
  const k = pRaw.length;
  if (qRaw.length !== k) throw new RangeError(`Jensen–Shannon: ${k} bins against ${qRaw.length}`);
  const p = Float64Array.from(pRaw);
  const q = Float64Array.from(qRaw);
  const pSum = numpySum(p);
  const qSum = numpySum(q);
  if (!(pSum > 0 && qSum > 0)) throw new RangeError('Jensen–Shannon: a side has no mass');
  for (let i = 0; i < k; i++) {
    p[i] = p[i] / pSum;
    q[i] = q[i] / qSum;
  }
  const left = new Float64Array(k);
  const right = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const m = (p[i] + q[i]) / 2.0;
    left[i] = relEntr(p[i], m);
    right[i] = relEntr(q[i], m);
  }
  let js = numpySum(left) + numpySum(right);
  js /= Math.log(2);
  js = js / 2.0;
  return js > 0 ? Math.sqrt(js) : 0;
}
