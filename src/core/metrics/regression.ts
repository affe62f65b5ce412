/** The regression catalogue, each metric in scikit-learn 1.2's arithmetic (numpy's pairwise sums). */
import { ConfigurationError } from '../errors.js';
import { metricNames } from './catalogue.js';
import { checkWeights } from './classification.js';
import { averageOf, pairwiseSum, pairwiseSumOf } from './numpy-sum.js';
import { medianInPlace, weightedMedian } from './percentile.js';
import type { MetricReport, MetricValue, Outcome, RegressionInput } from './types.js';

/** np.finfo(np.float64).eps: sklearn's MAPE floor on |y_true|. */
const EPS = 2.220446049250313e-16;

export interface PreparedRegression {
  input: RegressionInput;
  n: number;
  /** Why no metric can be computed (NaN in the data, no rows), when none can. */
  reason?: string;
}

export function prepareRegression(input: RegressionInput): PreparedRegression {
  const n = input.yTrue.length;
  if (input.yPred.length !== n) {
    throw new ConfigurationError(`yPred has ${input.yPred.length} rows but yTrue has ${n}.`);
  }
  checkWeights(input.weights, n);
  let reason: string | undefined;
  if (n === 0) reason = 'no rows';
  for (const [name, values] of [
    ['y_true', input.yTrue],
    ['y_pred', input.yPred],
  ] as const) {
    let bad = 0;
    for (let i = 0; i < n; i++) if (!Number.isFinite(values[i])) bad++;
    if (bad > 0 && reason === undefined) reason = `${name} contains ${bad} NaN or infinite values`;
  }
  return { input, n, reason };
}

/** sklearn's `_assemble_r2_explained_variance` with force_finite=True. */
function assemble(numerator: number, denominator: number): number {
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}

/** Σ w·(a − b)², or Σ (a − b)² without weights, pairwise, as numpy sums `weight * (y − ŷ) ** 2`. */
function squaresSum(
  n: number,
  a: Float64Array,
  b: Float64Array | number,
  weights: Float64Array | undefined,
): number {
  return pairwiseSumOf(n, (block, start, length) => {
    for (let j = 0; j < length; j++) {
      const i = start + j;
      const d = a[i] - (typeof b === 'number' ? b : b[i]);
      block[j] = weights === undefined ? d * d : weights[i] * (d * d);
    }
  });
}

/**
 * One regression metric. The per-row terms are made a block at a time for numpy's pairwise sums, so a
 * metric needs no N-row temporary (the median sorts one copy of the errors).
 */
export function regressionMetric(
  p: PreparedRegression,
  name: string,
  weights: Float64Array | undefined,
): Outcome {
  if (p.reason !== undefined) return { reason: p.reason };
  const { yTrue, yPred } = p.input;
  const n = p.n;
  if (weights !== undefined && pairwiseSum(weights) === 0) return { reason: 'the weights sum to 0' };
  const yMean = (): number =>
    averageOf(n, weights, (block, start, length) => {
      for (let j = 0; j < length; j++) block[j] = yTrue[start + j];
    });
  switch (name) {
    case 'mae':
      return averageOf(n, weights, (block, start, length) => {
        for (let j = 0; j < length; j++) block[j] = Math.abs(yPred[start + j] - yTrue[start + j]);
      });
    case 'mse':
    case 'rmse': {
      const mse = averageOf(n, weights, (block, start, length) => {
        for (let j = 0; j < length; j++) {
          const d = yTrue[start + j] - yPred[start + j];
          block[j] = d * d;
        }
      });
      return name === 'mse' ? mse : Math.sqrt(mse);
    }
    case 'mape':
      return averageOf(n, weights, (block, start, length) => {
        for (let j = 0; j < length; j++) {
          const i = start + j;
          block[j] = Math.abs(yPred[i] - yTrue[i]) / Math.max(Math.abs(yTrue[i]), EPS);
        }
      });
    case 'r2': {
      let rows = n;
      if (weights !== undefined) {
        rows = 0;
        for (let i = 0; i < n; i++) if (weights[i] > 0) rows++;
      }
      if (rows < 2) return { reason: 'R^2 is not well-defined with less than two rows' };
      const mean = yMean();
      return assemble(squaresSum(n, yTrue, yPred, weights), squaresSum(n, yTrue, mean, weights));
    }
    case 'explained_variance': {
      const diffMean = averageOf(n, weights, (block, start, length) => {
        for (let j = 0; j < length; j++) block[j] = yTrue[start + j] - yPred[start + j];
      });
      const numerator = averageOf(n, weights, (block, start, length) => {
        for (let j = 0; j < length; j++) {
          const d = yTrue[start + j] - yPred[start + j] - diffMean;
          block[j] = d * d;
        }
      });
      const mean = yMean();
      const denominator = averageOf(n, weights, (block, start, length) => {
        for (let j = 0; j < length; j++) {
          const d = yTrue[start + j] - mean;
          block[j] = d * d;
        }
      });
      return assemble(numerator, denominator);
    }
    case 'median_absolute_error': {
      const errors = new Float64Array(n);
      for (let i = 0; i < n; i++) errors[i] = Math.abs(yPred[i] - yTrue[i]);
      return weights === undefined ? medianInPlace(errors) : weightedMedian(errors, weights);
    }
    case 'max_error': {
      // sklearn's max_error has no sample_weight: a row of weight 0 is a row not there.
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        if (weights !== undefined && weights[i] === 0) continue;
        const e = Math.abs(yTrue[i] - yPred[i]);
        if (e > max) max = e;
      }
      return max;
    }
  }
  throw new Error(`internal: ${name} is not a regression metric`);
}

/** Every regression metric. */
export function computeRegressionMetrics(input: RegressionInput): MetricReport {
  const prepared = prepareRegression(input);
  const metrics: Record<string, MetricValue> = {};
  const unavailable: Record<string, string> = {};
  for (const name of metricNames('regression')) {
    const outcome = regressionMetric(prepared, name, input.weights);
    if (typeof outcome === 'number' && Number.isFinite(outcome)) metrics[name] = outcome;
    else {
      metrics[name] = null;
      unavailable[name] = typeof outcome === 'number' ? `the value is ${outcome}` : outcome.reason;
    }
  }
  return { metrics, unavailable };
}
