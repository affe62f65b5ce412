/** Metrics on predicted probabilities that need no ranking: log loss, Brier score, top-k accuracy. */
import { average, pairwiseSum } from './numpy-sum.js';
import type { Outcome } from './types.js';

/** sklearn 1.2's log_loss eps="auto": the float64 machine epsilon. */
const LOG_LOSS_EPS = 2.220446049250313e-16;

/**
 * `log_loss(y_true, proba, labels=range(K))` in sklearn 1.2: clip to [eps, 1 − eps], divide each row by its
 * (pairwise) sum, then the weighted mean of −log p(true class).
 */
export function logLoss(
  proba: Float64Array,
  k: number,
  yTrue: Int32Array,
  weights: Float64Array | undefined,
  scratch: Float64Array,
): Outcome {
  const n = yTrue.length;
  if (n === 0) return { reason: 'no rows' };
  const row = new Float64Array(k);
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) row[c] = Math.min(Math.max(proba[i * k + c], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    losses[i] = -Math.log(row[yTrue[i]] / pairwiseSum(row));
  }
  return weightedMean(losses, weights, scratch);
}

/** `brier_score_loss` on the positive class's probability; refused, as sklearn, outside [0, 1]. */
export function brierScore(
  proba: Float64Array,
  k: number,
  positive: number,
  yTrue: Int32Array,
  weights: Float64Array | undefined,
  scratch: Float64Array,
): Outcome {
  const n = yTrue.length;
  if (n === 0) return { reason: 'no rows' };
  const squares = new Float64Array(n);
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const p = proba[i * k + positive];
    if (p > max) max = p;
    if (p < min) min = p;
    const d = (yTrue[i] === positive ? 1 : 0) - p;
    squares[i] = d * d;
  }
  if (max > 1) return { reason: 'the positive-class scores are not probabilities (values greater than 1)' };
  if (min < 0) return { reason: 'the positive-class scores are not probabilities (values less than 0)' };
  return weightedMean(squares, weights, scratch);
}

/**
 * `top_k_accuracy_score(..., labels=range(K))`: the true class is among the k highest scores. Ties rank
 * as sklearn's reversed stable argsort does: among equal scores the higher class index comes first.
 */
export function topKAccuracy(
  proba: Float64Array,
  k: number,
  top: number,
  yTrue: Int32Array,
  weights: Float64Array | undefined,
  scratch: Float64Array,
): Outcome {
  const n = yTrue.length;
  if (n === 0) return { reason: 'no rows' };
  const hits = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = yTrue[i];
    const s = proba[i * k + t];
    let ahead = 0;
    for (let c = 0; c < k; c++) {
      const v = proba[i * k + c];
      if (v > s || (v === s && c > t)) ahead++;
    }
    hits[i] = ahead < top ? 1 : 0;
  }
  return weightedMean(hits, weights, scratch);
}

function weightedMean(
  values: Float64Array,
  weights: Float64Array | undefined,
  scratch: Float64Array,
): Outcome {
  if (weights !== undefined && pairwiseSum(weights) === 0) return { reason: 'the weights sum to 0' };
  return average(values, weights, scratch);
}
