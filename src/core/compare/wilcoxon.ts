/**
 * Wilcoxon signed-rank test, as `scipy.stats.wilcoxon(x, y)` computes it in scipy 1.10.1 with its
 * defaults (zero_method 'wilcox', correction False, two-sided, method 'auto'). For the regression
 * comparison x and y are the two models' absolute errors on the same rows.
 */
import { normalSf } from '../drift/special.js';
import { argsortDescending } from '../metrics/ranking.js';

export interface WilcoxonResult {
  /** min(R+, R−), the two-sided statistic scipy returns; null when there is no test. */
  statistic: number | null;
  pValue: number | null;
  /** 'exact' (the null distribution of R+) or 'approx' (normal, tie-corrected); null when no test. */
  method: 'exact' | 'approx' | null;
  /** Pairs the test ranks: all of them for 'exact', the non-zero differences for 'approx'. */
  n: number;
  /** Pairs with x = y. */
  zeros: number;
  /** The normal deviate of 'approx', else null. */
  z: number | null;
  /** Why there is no test, or what the numbers mean, else null. */
  note: string | null;
}

/** scipy 1.10.1 switches from exact to the normal approximation above this many pairs. */
const EXACT_MAX_N = 50;

export function wilcoxonSignedRank(x: ArrayLike<number>, y: ArrayLike<number>): WilcoxonResult {
  const total = x.length;
  if (y.length !== total) throw new Error(`internal: Wilcoxon on ${total} and ${y.length} values`);
  const none = (note: string, zeros = 0): WilcoxonResult => ({
    statistic: null,
    pValue: null,
    method: null,
    n: 0,
    zeros,
    z: null,
    note,
  });
  if (total === 0) return none('no pairs');
  const all = new Float64Array(total);
  let zeros = 0;
  for (let i = 0; i < total; i++) {
    const d = x[i] - y[i];
    if (!Number.isFinite(d)) return none(`pair ${i} has no finite difference (${x[i]} − ${y[i]})`);
    all[i] = d;
    if (d === 0) zeros++;
  }
  // scipy decides on the pair count before zeros are dropped; zeros then force the approximation.
  const method = total <= EXACT_MAX_N && zeros === 0 ? 'exact' : 'approx';
  if (method === 'approx' && zeros === total) {
    return none('every difference is zero: the signed-rank test is undefined (scipy raises)', zeros);
  }
  const d = zeros === 0 ? all : all.filter((v) => v !== 0);
  const count = d.length;
  const abs = d.map(Math.abs);
  const order = argsortDescending(abs);

  // Midranks (rankdata 'average') of |d|, walked by tie group; ranks are halves, so the sums are exact.
  let rPlus = 0;
  let rMinus = 0;
  let tieSum = 0n;
  for (let s = 0; s < count;) {
    let e = s + 1;
    while (e < count && abs[order[e]] === abs[order[s]]) e++;
    const rank = count - (s + e - 1) / 2;
    for (let p = s; p < e; p++) {
      if (d[order[p]] > 0) rPlus += rank;
      else rMinus += rank;
    }
    const t = e - s;
    // scipy sums t(t² − 1) in int64; above 2^53 a double would round, a BigInt does not.
    if (t > 1) tieSum += BigInt(t) * (BigInt(t) * BigInt(t) - 1n);
    s = e;
  }
  const statistic = Math.min(rPlus, rMinus);
  const note = count < 10 && method === 'approx' ? 'fewer than 10 pairs for the normal approximation' : null;

  if (method === 'exact') {
    return {
      statistic,
      pValue: exactPValue(count, rPlus),
      method,
      n: count,
      zeros,
      z: null,
      note:
        tieSum > 0n
          ? 'tied |differences| with the exact distribution: as scipy 1.10.1, R+ is truncated to an integer'
          : null,
    };
  }
  const mn = count * (count + 1) * 0.25;
  let se = count * (count + 1) * (2 * count + 1);
  se -= 0.5 * Number(tieSum);
  se = Math.sqrt(se / 24);
  const z = (statistic - mn) / se;
  return { statistic, pValue: 2 * normalSf(Math.abs(z)), method, n: count, zeros, z, note };
}

/**
 * scipy's exact two-sided p from the distribution of R+ (_get_wilcoxon_distr). Its probabilities are
 * k / 2^n with k < 2^50, so every sum is exact in any order. scipy uses int(R+), truncating a half.
 */
function exactPValue(count: number, rPlusRaw: number): number {
  const pmf = wilcoxonDistribution(count);
  const r = Math.trunc(rPlusRaw);
  if (r === Math.floor((pmf.length - 1) / 2)) return 1;
  let less = 0;
  for (let i = 0; i <= r && i < pmf.length; i++) less += pmf[i];
  let greater = 0;
  for (let i = r; i < pmf.length; i++) greater += pmf[i];
  return Math.min(1, Math.max(0, 2 * Math.min(greater, less)));
}

/** P(R+ = r), r = 0..n(n+1)/2, by scipy's recurrence (each rank joins the plus side with probability ½). */
function wilcoxonDistribution(n: number): Float64Array {
  let c = new Float64Array([1]);
  for (let k = 1; k <= n; k++) {
    const prev = c;
    c = new Float64Array((k * (k + 1)) / 2 + 1);
    const m = prev.length;
    for (let i = 0; i < m; i++) c[i] = prev[i] * 0.5;
    const off = c.length - m;
    for (let i = 0; i < m; i++) c[off + i] += prev[i] * 0.5;
  }
  return c;
}
