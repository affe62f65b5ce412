/**
 * McNemar's test on paired label correctness. b = rows the baseline got right and the candidate wrong,
 * c = rows the baseline got wrong and the candidate right (DESIGN §4). Both forms are reported: the exact
 * two-sided binomial test, `scipy.stats.binomtest(min(b, c), b + c, 0.5)`, and the chi-square statistic
 * with continuity correction as statsmodels' `mcnemar(exact=False, correction=True)` defines it.
 */
import { chiSquareSf } from '../drift/special.js';

export interface McNemarResult {
  /** Baseline right, candidate wrong (weighted when weights were given). */
  b: number;
  /** Baseline wrong, candidate right. */
  c: number;
  exact: { pValue: number };
  /** statistic is null when b + c = 0 (0/0); its p-value is then 1. */
  chiSquare: { statistic: number | null; pValue: number };
  /** Why a value is conventional rather than computed (b + c = 0), else null. */
  note: string | null;
}

/**
 * McNemar from two correctness arrays (truthy = correct) and optional whole-number weights per row, such
 * as bootstrap counts. Rows with weight 0 do not count.
 */
export function mcnemar(
  baselineCorrect: ArrayLike<number | boolean>,
  candidateCorrect: ArrayLike<number | boolean>,
  weights?: ArrayLike<number>,
): McNemarResult {
  const n = baselineCorrect.length;
  if (candidateCorrect.length !== n) {
    throw new Error(`internal: McNemar on ${n} baseline rows and ${candidateCorrect.length} candidate rows`);
  }
  if (weights !== undefined && weights.length !== n) {
    throw new Error(`internal: McNemar on ${n} rows with ${weights.length} weights`);
  }
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const base = Boolean(baselineCorrect[i]);
    if (base === Boolean(candidateCorrect[i])) continue;
    const w = weights === undefined ? 1 : weights[i];
    // The exact test is defined on counts: a fractional weight has no binomial meaning.
    if (!(Number.isInteger(w) && w >= 0)) throw new Error(`internal: McNemar weight ${w} at row ${i}`);
    if (base) b += w;
    else c += w;
  }
  return mcnemarFromCounts(b, c);
}

/** McNemar from the discordant counts directly. */
export function mcnemarFromCounts(b: number, c: number): McNemarResult {
  if (!(Number.isSafeInteger(b) && b >= 0 && Number.isSafeInteger(c) && c >= 0)) {
    throw new Error(`internal: McNemar counts b=${b}, c=${c}`);
  }
  const total = b + c;
  if (total === 0) {
    return {
      b,
      c,
      exact: { pValue: 1 },
      chiSquare: { statistic: null, pValue: 1 },
      note: 'no discordant pairs (b + c = 0): both models are right and wrong on the same rows; p-value 1',
    };
  }
  // statsmodels does not clamp |b − c| − 1 at 0: b = c gives 1 / (b + c), and so do we.
  const d = Math.abs(b - c) - 1;
  const statistic = (d * d) / total;
  return {
    b,
    c,
    exact: { pValue: binomTestTwoSidedHalf(Math.min(b, c), total) },
    chiSquare: { statistic, pValue: chiSquareSf(statistic, 1) },
    note: null,
  };
}

/**
 * `scipy.stats.binomtest(k, n, 0.5).pvalue` for k ≤ n / 2. With p = ½ the distribution is symmetric, so
 * scipy's cdf(k) + sf(n − k − 1) is 2·cdf(k), capped at 1.
 */
export function binomTestTwoSidedHalf(k: number, n: number): number {
  if (2 * k === n) return 1;
  if (2 * k > n) throw new Error(`internal: binomial test with k=${k} above n/2 (n=${n})`);
  return Math.min(1, 2 * binomialCdfHalf(k, n));
}

/** Up to here the cdf is summed in exact integers: 2^n stays finite and the cost is negligible. */
const EXACT_MAX_N = 1000;

/**
 * P(X ≤ k) for X ~ Binomial(n, ½), k < n / 2. For n ≤ 1000 it is Σ C(n, i) / 2^n in BigInt, rounded
 * once (Number(bigint) rounds to nearest; dividing by 2^n is exact). Above, every term comes from
 * Loader's saddle-point pmf (relative error ~1e-15 at any n; a recurrence from one term would drift by an
 * ulp a step), summed from k down until the terms no longer change the sum: below the mode they fall.
 */
function binomialCdfHalf(k: number, n: number): number {
  if (n <= EXACT_MAX_N) {
    let term = 1n;
    let total = 1n;
    for (let i = 1; i <= k; i++) {
      term = (term * BigInt(n - i + 1)) / BigInt(i);
      total += term;
    }
    return Number(total) / Math.pow(2, n);
  }
  let sum = 0;
  for (let i = k; i >= 0; i--) {
    const term = binomialPmfHalf(i, n);
    if (term < sum * 1e-18) break;
    sum += term;
  }
  return sum;
}

const LN_2PI = 1.8378770664093453;

/** Loader (2000), "Fast and accurate computation of binomial probabilities", dbinom_raw with p = q = ½. */
function binomialPmfHalf(x: number, n: number): number {
  if (x === 0 || x === n) return Math.pow(0.5, n);
  const half = n / 2;
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, half) - bd0(n - x, half);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

/**
 * stirlerr(k) = log(k!) − (k + ½)·log(k) + k − ½·log(2π) for k = 0..15, computed with mpmath at 40
 * digits (the series below loses accuracy there).
 */
const STIRLERR_SMALL = [
  0.08106146679532726, 0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093,
  0.016644691189821193, 0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733,
  0.00833056343336287, 0.007573675487951841, 0.00694284010720953, 0.006408994188004207, 0.0059513701127588475,
  0.005554733551962801,
];
const S0 = 1 / 12;
const S1 = 1 / 360;
const S2 = 1 / 1260;
const S3 = 1 / 1680;
const S4 = 1 / 1188;

/** The error of Stirling's formula for log(n!), Loader's stirlerr (Stirling–De Moivre series above 15). */
function stirlerr(n: number): number {
  if (n <= 15) return STIRLERR_SMALL[n];
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** Loader's bd0(x, np) = x·log(x / np) + np − x, by a series where the two nearly cancel. */
function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    let ej = 2 * x * v;
    v = v * v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / np) + np - x;
}
