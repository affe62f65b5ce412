/**
 * DeLong's test for the difference of two correlated ROC AUCs on the same rows (binary), by the fast
 * algorithm of Sun & Xu (2014), "Fast implementation of DeLong's algorithm for comparing the areas under
 * correlated receiver operating characteristic curves", IEEE Signal Processing Letters 21(11): midranks
 * replace the O(m·n) pair comparisons, so one sort per model makes it O(N log N).
 */
import { normalSf } from '../drift/special.js';
import { argsortDescending } from '../metrics/ranking.js';

export interface DeLongResult {
  aucBaseline: number | null;
  aucCandidate: number | null;
  /** AUC(candidate) − AUC(baseline). */
  difference: number | null;
  /** DeLong's variance of the difference; null when a class has fewer than two rows. */
  variance: number | null;
  z: number | null;
  pValue: number | null;
  /** difference ± z₀.₉₇₅·√variance. */
  ci95: [number, number] | null;
  positives: number;
  negatives: number;
  /** Why a value is null, else null. */
  note: string | null;
}

/** scipy.stats.norm.ppf(0.975). */
const Z975 = 1.959963984540054;

/**
 * `positive[i]` truthy marks a positive row; the scores are each model's score for the positive class
 * (higher = more positive). Scores must be finite.
 */
export function delongTest(
  positive: ArrayLike<number | boolean>,
  baselineScores: ArrayLike<number>,
  candidateScores: ArrayLike<number>,
): DeLongResult {
  const total = positive.length;
  if (baselineScores.length !== total || candidateScores.length !== total) {
    throw new Error(
      `internal: DeLong on ${total} labels, ${baselineScores.length} and ${candidateScores.length} scores`,
    );
  }
  const isPositive = new Uint8Array(total);
  let m = 0;
  for (let i = 0; i < total; i++) {
    if (positive[i]) {
      isPositive[i] = 1;
      m++;
    }
  }
  const n = total - m;
  const empty = (note: string): DeLongResult => ({
    aucBaseline: null,
    aucCandidate: null,
    difference: null,
    variance: null,
    z: null,
    pValue: null,
    ci95: null,
    positives: m,
    negatives: n,
    note,
  });
  if (m === 0 || n === 0) {
    return empty(`ROC AUC is undefined with one class only (${m} positive, ${n} negative rows)`);
  }
  for (const [name, scores] of [
    ['baseline', baselineScores],
    ['candidate', candidateScores],
  ] as const) {
    for (let i = 0; i < total; i++) {
      if (!Number.isFinite(scores[i])) return empty(`the ${name} score of row ${i} is ${scores[i]}`);
    }
  }
  const a = structuralComponents(isPositive, m, n, baselineScores);
  const b = structuralComponents(isPositive, m, n, candidateScores);
  const difference = b.auc - a.auc;
  const partial = { aucBaseline: a.auc, aucCandidate: b.auc, difference, positives: m, negatives: n };
  if (m < 2 || n < 2) {
    return {
      ...partial,
      variance: null,
      z: null,
      pValue: null,
      ci95: null,
      note: `DeLong's variance needs two rows of each class (${m} positive, ${n} negative)`,
    };
  }
  // Var(θB − θA) = [S10(A,A) + S10(B,B) − 2 S10(A,B)] / m + the same with S01 / n (Sun & Xu eq. 5).
  const s10 = covariance2(a.v10, b.v10);
  const s01 = covariance2(a.v01, b.v01);
  const variance = (s10[0] + s10[2] - 2 * s10[1]) / m + (s01[0] + s01[2] - 2 * s01[1]) / n;
  if (!(variance > 0)) {
    // The two models rank every positive-negative pair alike (e.g. the same scores): nothing varies.
    return {
      ...partial,
      variance: 0,
      z: null,
      pValue: difference === 0 ? 1 : null,
      ci95: difference === 0 ? [0, 0] : null,
      note: 'the variance of the AUC difference is 0: the models order every positive-negative pair alike',
    };
  }
  const sd = Math.sqrt(variance);
  const z = difference / sd;
  return {
    ...partial,
    variance,
    z,
    pValue: 2 * normalSf(Math.abs(z)),
    ci95: [difference - Z975 * sd, difference + Z975 * sd],
    note: null,
  };
}

interface Components {
  auc: number;
  /** Per positive (in row order): the share of negatives it outranks, ties half (Tz − Tx) / n. */
  v10: Float64Array;
  /** Per negative: the share of positives that outrank it, ties half: 1 − (Tz − Ty) / m. */
  v01: Float64Array;
}

/**
 * One descending sort; within a tie group every positive outranks the negatives below the group plus
 * half those in it, which is Tz − Tx of the midranks, exactly (all halves), without forming the ranks.
 */
function structuralComponents(
  isPositive: Uint8Array,
  m: number,
  n: number,
  scores: ArrayLike<number>,
): Components {
  const total = isPositive.length;
  const keys = Float64Array.from(scores);
  const order = argsortDescending(keys);
  const perRow = new Float64Array(total);
  let positivesAbove = 0;
  let negativesAbove = 0;
  for (let s = 0; s < total;) {
    const key = keys[order[s]];
    let e = s;
    let pg = 0;
    while (e < total && keys[order[e]] === key) {
      pg += isPositive[order[e]];
      e++;
    }
    const ng = e - s - pg;
    const negativesBelow = n - negativesAbove - ng;
    const pos = (negativesBelow + ng / 2) / n;
    const neg = 1 - (m - positivesAbove - pg + pg / 2) / m;
    for (let p = s; p < e; p++) perRow[order[p]] = isPositive[order[p]] ? pos : neg;
    positivesAbove += pg;
    negativesAbove += ng;
    s = e;
  }
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let ip = 0;
  let ineg = 0;
  for (let i = 0; i < total; i++) {
    if (isPositive[i]) v10[ip++] = perRow[i];
    else v01[ineg++] = perRow[i];
  }
  let sum = 0;
  for (let i = 0; i < m; i++) sum += v10[i];
  return { auc: sum / m, v10, v01 };
}

/** The sample covariance matrix (ddof 1) of two series: [var(x), cov(x, y), var(y)]. */
function covariance2(x: Float64Array, y: Float64Array): [number, number, number] {
  const k = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < k; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= k;
  my /= k;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < k; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  return [sxx / (k - 1), sxy / (k - 1), syy / (k - 1)];
}
