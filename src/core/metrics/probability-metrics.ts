/** Metrics on predicted probabilities that need no ranking: log loss, Brier score, top-k accuracy. */
import { averageOf, pairwiseSum, type BlockFill } from './numpy-sum.js';
import type { Outcome } from './types.js';

/** sklearn 1.2's log_loss eps="auto": the float64 machine epsilon. */
const LOG_LOSS_EPS = 2.220446049250313e-16;

/**
 * `log_loss(y_true, proba, labels=range(K))` in sklearn 1.2: clip to [eps, 1 − eps], divide each row by its
 * (pairwise) sum, then the weighted mean of −log p(true class). Losses are made a block at a time for the
 * mean, never as an N-row array.
 */
export function logLoss(
  proba: Float64Array,
  k: number,
  yTrue: Int32Array,
  weights: Float64Array | undefined,
): Outcome {
  const n = yTrue.length;
  if (n === 0) return { reason: 'no rows' };
  const row = new Float64Array(k);
  return weightedMean(n, weights, (block, start, length) => {
    for (let j = 0; j < length; j++) {
      const i = start + j;
      if (k < 8) {
        // numpy's pairwise sum of fewer than 8 values is the plain loop from 0: done without the row copy.
        let sum = 0;
        for (let c = 0; c < k; c++)
          sum += Math.min(Math.max(proba[i * k + c], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
        const p = Math.min(Math.max(proba[i * k + yTrue[i]], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
        block[j] = -Math.log(p / (0 + sum));
        continue;
      }
      for (let c = 0; c < k; c++)
        row[c] = Math.min(Math.max(proba[i * k + c], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
      block[j] = -Math.log(row[yTrue[i]] / pairwiseSum(row));
    }
  });
}

/** `brier_score_loss` on the positive class's probability; refused, as sklearn, outside [0, 1]. */
export function brierScore(
  proba: Float64Array,
  k: number,
  positive: number,
  yTrue: Int32Array,
  weights: Float64Array | undefined,
): Outcome {
  const n = yTrue.length;
  if (n === 0) return { reason: 'no rows' };
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const p = proba[i * k + positive];
    if (p > max) max = p;
    if (p < min) min = p;
  }
  if (max > 1) return { reason: 'the positive-class scores are not probabilities (values greater than 1)' };
  if (min < 0) return { reason: 'the positive-class scores are not probabilities (values less than 0)' };
  return weightedMean(n, weights, (block, start, length) => {
    for (let j = 0; j < length; j++) {
      const i = start + j;
      const d = (yTrue[i] === positive ? 1 : 0) - proba[i * k + positive];
      block[j] = d * d;
    }
  });
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
): Outcome {
  const n = yTrue.length;
  if (n === 0) return { reason: 'no rows' };
  return weightedMean(n, weights, (block, start, length) => {
    for (let j = 0; j < length; j++) {
      const i = start + j;
      const t = yTrue[i];
      const s = proba[i * k + t];
      let ahead = 0;
      for (let c = 0; c < k; c++) {
        const v = proba[i * k + c];
        if (v > s || (v === s && c > t)) ahead++;
      }
      block[j] = ahead < top ? 1 : 0;
    }
  });
}

function weightedMean(n: number, weights: Float64Array | undefined, fill: BlockFill): Outcome {
  if (weights !== undefined && pairwiseSum(weights) === 0) return { reason: 'the weights sum to 0' };
  return averageOf(n, weights, fill);
}
