/** The regression catalogue, each metric in scikit-learn 1.2's arithmetic (numpy's pairwise sums). */
import { ConfigurationError } from '../errors.js';
import { metricNames } from './catalogue.js';
import { checkWeights } from './classification.js';
import { average, pairwiseSum } from './numpy-sum.js';
import { median, weightedMedian } from './percentile.js';
import type { MetricReport, MetricValue, Outcome, RegressionInput } from './types.js';

/** np.finfo(np.float64).eps: sklearn's MAPE floor on |y_true|. */
const EPS = 2.220446049250313e-16;

export interface PreparedRegression {
  input: RegressionInput;
  n: number;
  /** Why no metric can be computed (NaN in the data, no rows), when none can. */
  reason?: string;
  scratch: Float64Array;
  terms: Float64Array;
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
  return { input, n, reason, scratch: new Float64Array(n), terms: new Float64Array(n) };
}

/** np.average over the prepared terms (pairwise, weighted like sklearn's sample_weight). */
function mean(p: PreparedRegression, weights: Float64Array | undefined): number {
  return average(p.terms, weights, p.scratch);
}

/** sklearn's `_assemble_r2_explained_variance` with force_finite=True. */
function assemble(numerator: number, denominator: number): number {
  if (numerator === 0) return 1;
  if (denominator === 0) return 0;
  return 1 - numerator / denominator;
}

export function regressionMetric(
  p: PreparedRegression,
  name: string,
  weights: Float64Array | undefined,
): Outcome {
  if (p.reason !== undefined) return { reason: p.reason };
  const { yTrue, yPred } = p.input;
  const n = p.n;
  const t = p.terms;
  if (weights !== undefined && pairwiseSum(weights) === 0) return { reason: 'the weights sum to 0' };
  switch (name) {
    case 'mae':
      for (let i = 0; i < n; i++) t[i] = Math.abs(yPred[i] - yTrue[i]);
      return mean(p, weights);
    case 'mse':
    case 'rmse': {
      for (let i = 0; i < n; i++) {
        const d = yTrue[i] - yPred[i];
        t[i] = d * d;
      }
      const mse = mean(p, weights);
      return name === 'mse' ? mse : Math.sqrt(mse);
    }
    case 'mape':
      for (let i = 0; i < n; i++) t[i] = Math.abs(yPred[i] - yTrue[i]) / Math.max(Math.abs(yTrue[i]), EPS);
      return mean(p, weights);
    case 'r2': {
      let rows = n;
      if (weights !== undefined) {
        rows = 0;
        for (let i = 0; i < n; i++) if (weights[i] > 0) rows++;
      }
      if (rows < 2) return { reason: 'R^2 is not well-defined with less than two rows' };
      for (let i = 0; i < n; i++) t[i] = yTrue[i];
      const yMean = mean(p, weights);
      for (let i = 0; i < n; i++) {
        const d = yTrue[i] - yPred[i];
        t[i] = weights === undefined ? d * d : weights[i] * (d * d);
      }
      const numerator = pairwiseSum(t, 0, n);
      for (let i = 0; i < n; i++) {
        const d = yTrue[i] - yMean;
        t[i] = weights === undefined ? d * d : weights[i] * (d * d);
      }
      return assemble(numerator, pairwiseSum(t, 0, n));
    }
    case 'explained_variance': {
      for (let i = 0; i < n; i++) t[i] = yTrue[i] - yPred[i];
      const diffMean = mean(p, weights);
      for (let i = 0; i < n; i++) {
        const d = yTrue[i] - yPred[i] - diffMean;
        t[i] = d * d;
      }
      const numerator = mean(p, weights);
      for (let i = 0; i < n; i++) t[i] = yTrue[i];
      const yMean = mean(p, weights);
      for (let i = 0; i < n; i++) {
        const d = yTrue[i] - yMean;
        t[i] = d * d;
      }
      return assemble(numerator, mean(p, weights));
    }
    case 'median_absolute_error': {
      const errors = new Float64Array(n);
      for (let i = 0; i < n; i++) errors[i] = Math.abs(yPred[i] - yTrue[i]);
      return weights === undefined ? median(errors) : weightedMedian(errors, weights);
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
