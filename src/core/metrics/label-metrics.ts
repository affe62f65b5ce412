/**
 * Metrics on predicted labels, each in scikit-learn 1.2's exact arithmetic: the same sums in the same
 * order (bincount and the confusion matrix add rows in order; numpy reductions are pairwise), so values
 * are identical to sklearn's, not just close. zero_division = 0 throughout.
 */
import { pairwiseSum, pairwiseSumOf } from './numpy-sum.js';
import type { Outcome, PerClassMetrics } from './types.js';

/** Weighted label counts (weights absent = 1). */
export interface LabelCounts {
  k: number;
  /** K×K row-major, rows = true class; each cell adds its rows' weights in row order. */
  cm: Float64Array;
  /** `np.bincount(y_pred, weights)`. */
  predTotal: Float64Array;
  /** `np.bincount(y_true, weights)`. */
  trueTotal: Float64Array;
  /** Classes with a row of positive weight in y_true or y_pred, ascending (sklearn's unique_labels). */
  present: number[];
  /** Σ weights in numpy's order, and the weight of rows predicted right. */
  totalWeight: number;
}

export function countLabels(
  k: number,
  yTrue: Int32Array,
  yPred: Int32Array,
  weights: Float64Array | undefined,
): LabelCounts {
  const cm = new Float64Array(k * k);
  const predTotal = new Float64Array(k);
  const trueTotal = new Float64Array(k);
  const n = yTrue.length;
  for (let i = 0; i < n; i++) {
    const w = weights === undefined ? 1 : weights[i];
    const t = yTrue[i];
    const p = yPred[i];
    cm[t * k + p] += w;
    predTotal[p] += w;
    trueTotal[t] += w;
  }
  const present: number[] = [];
  for (let c = 0; c < k; c++) if (trueTotal[c] > 0 || predTotal[c] > 0) present.push(c);
  const totalWeight = weights === undefined ? n : pairwiseSum(weights);
  return { k, cm, predTotal, trueTotal, present, totalWeight };
}

/** `accuracy_score`: np.average(y_true == y_pred, weights). */
export function accuracy(yTrue: Int32Array, yPred: Int32Array, weights: Float64Array | undefined): Outcome {
  const n = yTrue.length;
  if (n === 0) return { reason: 'no rows' };
  if (weights === undefined) {
    let hits = 0;
    for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) hits++;
    return hits / n;
  }
  // Whole-number weights (bootstrap counts): integer sums are exact in any order, so one plain pass gives
  // numpy's pairwise sums exactly (the bootstrap's hot path; pairwise blocks cost 4× as much).
  let wholeTotal = 0;
  let wholeRight = 0;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    whole &&= w === Math.trunc(w) && w >= 0;
    wholeTotal += w;
    wholeRight += yTrue[i] === yPred[i] ? w : 0;
  }
  if (whole && wholeTotal < 2 ** 53) {
    if (wholeTotal === 0) return { reason: 'the weights sum to 0' };
    return wholeRight / wholeTotal;
  }
  const total = pairwiseSum(weights);
  if (total === 0) return { reason: 'the weights sum to 0' };
  const right = pairwiseSumOf(n, (block, start, length) => {
    for (let j = 0; j < length; j++) {
      const i = start + j;
      block[j] = yTrue[i] === yPred[i] ? weights[i] : 0;
    }
  });
  return right / total;
}

interface Stats {
  precision: number;
  recall: number;
  f1: number;
  /** tp + fn, the support. */
  trueSum: number;
  predSum: number;
}

function divide(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function fScore(precision: number, recall: number): number {
  const denom = precision + recall;
  return denom === 0 ? 0 : (2 * precision * recall) / denom;
}

/** precision_recall_fscore_support for one label, with sklearn's tp + (pred − tp) steps. */
function labelStats(counts: LabelCounts, c: number): Stats {
  const tp = counts.cm[c * counts.k + c];
  const predSum = tp + (counts.predTotal[c] - tp);
  const trueSum = tp + (counts.trueTotal[c] - tp);
  const precision = divide(tp, predSum);
  const recall = divide(tp, trueSum);
  return { precision, recall, f1: fScore(precision, recall), trueSum, predSum };
}

export type Average = 'binary' | 'macro' | 'micro' | 'weighted';

/** Precision, recall and F1 averaged as sklearn does over the present labels (or the positive one). */
export function precisionRecallF1(
  counts: LabelCounts,
  average: Average,
  positive: number,
): { precision: number; recall: number; f1: number } {
  if (average === 'binary') {
    const s = labelStats(counts, positive);
    return { precision: s.precision, recall: s.recall, f1: s.f1 };
  }
  const labels = counts.present;
  const stats = labels.map((c) => labelStats(counts, c));
  if (average === 'micro') {
    const tp = pairwiseSum(labels.map((c) => counts.cm[c * counts.k + c]));
    const pred = pairwiseSum(stats.map((s) => s.predSum));
    const truth = pairwiseSum(stats.map((s) => s.trueSum));
    const precision = divide(tp, pred);
    const recall = divide(tp, truth);
    return { precision, recall, f1: fScore(precision, recall) };
  }
  const pick = (key: 'precision' | 'recall' | 'f1'): number[] => stats.map((s) => s[key]);
  if (average === 'macro') {
    const m = (values: number[]): number => pairwiseSum(values) / values.length;
    return { precision: m(pick('precision')), recall: m(pick('recall')), f1: m(pick('f1')) };
  }
  const support = stats.map((s) => s.trueSum);
  const supportSum = pairwiseSum(support);
  if (supportSum === 0) return { precision: 0, recall: 0, f1: 0 };
  const w = (values: number[]): number => pairwiseSum(values.map((v, i) => v * support[i])) / supportSum;
  return { precision: w(pick('precision')), recall: w(pick('recall')), f1: w(pick('f1')) };
}

/** Per-class precision, recall, F1 and support for every class index 0..K-1. */
export function perClass(counts: LabelCounts): PerClassMetrics[] {
  return Array.from({ length: counts.k }, (_, c) => {
    const s = labelStats(counts, c);
    return { precision: s.precision, recall: s.recall, f1: s.f1, support: s.trueSum };
  });
}

/** The confusion matrix restricted to the present labels, as sklearn builds it without `labels`. */
function presentMatrix(counts: LabelCounts): { m: number; cell: (i: number, j: number) => number } {
  const { present, cm, k } = counts;
  return { m: present.length, cell: (i, j) => cm[present[i] * k + present[j]] };
}

function rowSums(m: number, cell: (i: number, j: number) => number): number[] {
  return Array.from({ length: m }, (_, i) => pairwiseSum(Array.from({ length: m }, (_, j) => cell(i, j))));
}

/** Column sums: numpy adds the rows one after another. */
function columnSums(m: number, cell: (i: number, j: number) => number): number[] {
  const sums = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) sums[j] += cell(i, j);
  return sums;
}

/** `balanced_accuracy_score`: mean recall over the classes present in y_true. */
export function balancedAccuracy(counts: LabelCounts): Outcome {
  const { m, cell } = presentMatrix(counts);
  const rows = rowSums(m, cell);
  const recalls: number[] = [];
  for (let i = 0; i < m; i++) {
    const r = cell(i, i) / rows[i];
    if (!Number.isNaN(r)) recalls.push(r);
  }
  if (recalls.length === 0) return { reason: 'no rows' };
  return pairwiseSum(recalls) / recalls.length;
}

/** `matthews_corrcoef` (multiclass form); 0 when a marginal has no variance, as sklearn. */
export function matthewsCorrcoef(counts: LabelCounts): Outcome {
  const { m, cell } = presentMatrix(counts);
  if (m === 0) return { reason: 'no rows' };
  const tSum = rowSums(m, cell);
  const pSum = columnSums(m, cell);
  const nCorrect = pairwiseSum(Array.from({ length: m }, (_, i) => cell(i, i)));
  const nSamples = pairwiseSum(pSum);
  const dot = (a: number[], b: number[]): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  };
  const covYtYp = nCorrect * nSamples - dot(tSum, pSum);
  const covYpYp = nSamples * nSamples - dot(pSum, pSum);
  const covYtYt = nSamples * nSamples - dot(tSum, tSum);
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}

/** `cohen_kappa_score` (unweighted kappa). Undefined (0/0) when rater agreement by chance is certain. */
export function cohenKappa(counts: LabelCounts): Outcome {
  const { m, cell } = presentMatrix(counts);
  if (m === 0) return { reason: 'no rows' };
  const sum0 = columnSums(m, cell);
  const sum1 = rowSums(m, cell);
  const total = pairwiseSum(sum0);
  const observed = new Float64Array(m * m);
  const expected = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      observed[i * m + j] = cell(i, j);
      expected[i * m + j] = (sum0[i] * sum1[j]) / total;
    }
  }
  const kappa = 1 - pairwiseSum(observed) / pairwiseSum(expected);
  if (!Number.isFinite(kappa)) {
    return {
      reason: 'cohen_kappa is undefined: chance agreement is certain (one class in y_true and y_pred)',
    };
  }
  return kappa;
}

/** The K×K confusion matrix as rows of numbers. */
export function confusionRows(counts: LabelCounts): number[][] {
  const { k, cm } = counts;
  return Array.from({ length: k }, (_, i) => Array.from(cm.subarray(i * k, (i + 1) * k)));
}
