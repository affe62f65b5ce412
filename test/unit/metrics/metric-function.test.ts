import { describe, expect, it } from 'vitest';

import { METRICS, metricNames } from '../../../src/core/metrics/catalogue.js';
import { computeClassificationMetrics } from '../../../src/core/metrics/classification.js';
import { metricFunction } from '../../../src/core/metrics/metric-function.js';
import { computeRegressionMetrics } from '../../../src/core/metrics/regression.js';
import { classificationCases, classificationInput, regressionCases, regressionInput } from './fixtures.js';

const weighted = ['binary_fractional_weights', 'multiclass_12_fractional_weights', 'digits_logreg'];

describe('metricFunction', () => {
  it.each(weighted)('gives the same value as the full report for every scalar metric (%s)', (name) => {
    const c = classificationCases.find((x) => x.name === name)!;
    const input = classificationInput(c);
    const report = computeClassificationMetrics(c.task, input);
    const bare = { ...input, weights: undefined };
    for (const metric of metricNames(c.task)) {
      if (METRICS[metric].shape !== 'scalar') continue;
      // Weights passed to the function act like the input's own weights.
      expect(metricFunction(c.task, metric)(bare, input.weights), metric).toBe(report.metrics[metric]);
    }
  });

  it('gives per-class values and top-k at one k', () => {
    const c = classificationCases.find((x) => x.name === 'digits_logreg')!;
    const input = {
      ...classificationInput(c),
      classNames: ['zero', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    };
    const report = computeClassificationMetrics('multiclass', input);
    expect(metricFunction('multiclass', 'recall[zero]')(input)).toBe(report.per_class!.zero.recall);
    expect(metricFunction('multiclass', 'f1[0]')(input)).toBe(report.per_class!.zero.f1);
    expect(metricFunction('multiclass', 'top_k_accuracy@3')(input)).toBe(
      (report.metrics.top_k_accuracy as Record<string, number>)['3'],
    );
    expect(metricFunction('multiclass', 'top_k_accuracy@12')(input)).toBeNull();
  });

  it('multiplies its weights with the input weights', () => {
    const c = regressionCases.find((x) => x.name === 'regression_integer_weights')!;
    const input = regressionInput(c);
    const twice = Float64Array.from(input.weights!, () => 2);
    const f = metricFunction('regression', 'mean_absolute_error');
    expect(f(input, twice)).toBeCloseTo(computeRegressionMetrics(input).metrics.mae as number, 14);
  });

  it('is null, never NaN, when the metric has no value for those weights', () => {
    const c = classificationCases.find((x) => x.name === 'binary_random')!;
    const input = classificationInput(c);
    const onlyNegatives = Float64Array.from(input.yTrue, (t) => (t === 0 ? 1 : 0));
    expect(metricFunction('binary', 'roc_auc')(input, onlyNegatives)).toBeNull();
    expect(metricFunction('binary', 'accuracy')(input, new Float64Array(input.yTrue.length))).toBeNull();
  });

  it.each([
    ['confusion_matrix', /table of counts/],
    ['top_k_accuracy', /name one k/],
    ['latency_p95_ms', /measured by the model runner/],
    ['acc', /Unknown metric "acc"/],
  ])('refuses %s', (name, message) => {
    expect(() => metricFunction('multiclass', name)).toThrow(message);
  });
});
