/**
 * The two-sided two-sample Kolmogorov–Smirnov test as `scipy.stats.ks_2samp(a, b, method='auto')` (scipy
 * 1.10.1, scipy/stats/_stats_py.py) computes it, given the statistic D = max |F_a - F_b| over the pooled
 * values (numeric-column.ts finds it in its merge of the two sorted samples):
 *   - max(n1, n2) ≤ 10 000: the exact p-value by lattice-path counting. scipy first rounds D to the grid
 *     h / lcm(n1, n2) it lives on (h = round(D·lcm), half to even) and reports that D; equal sizes use
 *     the alternating-sum formula, unequal ones the "inside" recursion of Hodges with Viehmann's 1 − p
 *     form (_compute_outer_prob_inside_method, compiled by pythran in scipy).
 *   - otherwise, or when the exact value comes out of [0, 1] (scipy's overflow/failure test; the D it
 *     rounded is kept): kstwo.sf(D, round(n1·n2 / (n1 + n2))).
 */
import { kstwoSf } from './kolmogorov.js';

/** scipy's MAX_AUTO_N: 'auto' computes the exact p-value when both sizes are at most this. */
export const KS_EXACT_MAX_N = 10_000;

export type KsMethod = 'exact' | 'asymptotic';

export interface KsResult {
  /** D as scipy reports it (on the exact path: h / lcm). */
  statistic: number;
  p_value: number;
  method: KsMethod;
}

/** numpy's round: half to even. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** The p-value (and the reported D) of the two-sided test for sizes n1, n2 ≥ 1 and D in [0, 1]. */
export function ksTwoSided(statistic: number, n1: number, n2: number): KsResult {
  let d = statistic;
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = (h * 1.0) / lcm;
    if (h === 0) return { statistic: d, p_value: 1, method: 'exact' };
    const prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
    if (prob >= 0 && prob <= 1) return { statistic: d, p_value: prob, method: 'exact' };
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  const prob = kstwoSf(d, roundHalfEven(en));
  return { statistic: d, p_value: prob < 0 ? 0 : prob > 1 ? 1 : prob, method: 'asymptotic' };
}

/**
 * Pr(D_{n,n} ≥ h/n): 2 (C(2n, n-h) - C(2n, n-2h) + ...) / C(2n, n), each ratio a product of h factors and
 * the alternating sum in Horner form against cancellation (_compute_prob_outside_square).
 */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k -= 1;
  }
  return 2 * P;
}

/**
 * The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m − y/n| < h / lcm(m, n),
 * computed directly as 1 − p column by column over a sliding window (_compute_outer_prob_inside_method).
 */
export function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = Math.floor(m / g);
  const ng = Math.floor(n / g);
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    const shift = minj - lastminj;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + shift] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1];
}
