/**
 * One metric as a function of the weights: the fast path the bootstrap calls once per resample. The
 * input's weight-independent work (validation, sorting by score) is cached per input object.
 */
import { ConfigurationError } from '../errors.js';
import { METRICS, parseMetricName, type ParsedMetric } from './catalogue.js';
import {
  ClassificationEvaluation,
  prepareClassification,
  type PreparedClassification,
} from './classification.js';
import { perClass } from './label-metrics.js';
import { prepareRegression, regressionMetric, type PreparedRegression } from './regression.js';
import type { ClassificationInput, Outcome, RegressionInput, Task } from './types.js';

export type MetricInput = ClassificationInput | RegressionInput;

/**
 * `(input, weights?) => value` for one scalar metric name (catalogue, alias, `recall[CLASS]`,
 * `top_k_accuracy@K`); null when the metric cannot be computed on those weights. Weights given here
 * multiply the input's own weights (a resample of a weighted sample keeps each row's weight).
 */
export function metricFunction(
  task: Task,
  name: string,
): (input: MetricInput, weights?: Float64Array) => number | null {
  const parsed = scalarMetric(task, name);
  const outcome = outcomeFunction(task, parsed);
  return (input, weights) => {
    const v = outcome(input, weights);
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
}

/** Like metricFunction, keeping the reason when there is no value. */
export function outcomeFunction(
  task: Task,
  parsed: ParsedMetric,
): (input: MetricInput, weights?: Float64Array) => Outcome {
  if (task === 'regression') {
    const cache = new WeakMap<MetricInput, PreparedRegression>();
    return (input, weights) => {
      let prepared = cache.get(input);
      if (prepared === undefined) {
        prepared = prepareRegression(input as RegressionInput);
        cache.set(input, prepared);
      }
      return regressionMetric(prepared, parsed.name, combine(input.weights, weights, prepared.n));
    };
  }
  const cache = new WeakMap<MetricInput, PreparedClassification>();
  return (input, weights) => {
    let prepared = cache.get(input);
    if (prepared === undefined) {
      prepared = prepareClassification(task, input as ClassificationInput);
      cache.set(input, prepared);
    }
    const evaluation = new ClassificationEvaluation(prepared, combine(input.weights, weights, prepared.n));
    if (parsed.kind === 'top_k') return evaluation.topK(parsed.k);
    if (parsed.kind === 'per_class') {
      const c = classIndex(prepared, parsed.cls, parsed.name);
      if (prepared.n === 0) return { reason: 'no rows' };
      return perClass(evaluation.counts)[c][parsed.base];
    }
    return evaluation.scalar(parsed.name);
  };
}

/** A name that has one number per evaluation, or a ConfigurationError saying why not. */
export function scalarMetric(task: Task, name: string): ParsedMetric {
  const parsed = parseMetricName(name, task);
  if (parsed.kind === 'latency') {
    throw new ConfigurationError(
      `${parsed.name} is measured by the model runner, not computed from predictions; it has no bootstrap.`,
    );
  }
  if (parsed.kind === 'catalogue' && METRICS[parsed.name].shape === 'matrix') {
    throw new ConfigurationError(
      `${parsed.name} is a table of counts, not one number; name a scalar metric.`,
    );
  }
  if (parsed.kind === 'catalogue' && METRICS[parsed.name].shape === 'by_k') {
    throw new ConfigurationError(
      `${parsed.name} has one value per k; name one k as top_k_accuracy@2, top_k_accuracy@3 or top_k_accuracy@5.`,
    );
  }
  return parsed;
}

/** The class index named by `cls` (its name first, then an index). */
export function classIndex(
  prepared: { classNames: readonly string[]; k: number },
  cls: string,
  metric: string,
): number {
  const byName = prepared.classNames.indexOf(cls);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(cls) && Number(cls) < prepared.k) return Number(cls);
  throw new ConfigurationError(
    `Unknown class "${cls}" in metric "${metric}". Classes: ${prepared.classNames.join(', ')} (or 0..${prepared.k - 1}).`,
  );
}

function combine(
  base: Float64Array | undefined,
  extra: Float64Array | undefined,
  n: number,
): Float64Array | undefined {
  if (extra !== undefined && extra.length !== n) {
    throw new ConfigurationError(`The weights have ${extra.length} values for ${n} rows.`);
  }
  if (base === undefined) return extra;
  if (extra === undefined) return base;
  const product = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) product[i] = base[i] * extra[i];
  return product;
}
