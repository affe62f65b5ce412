import { describe, expect, it } from 'vitest';

import { computeClassificationMetrics } from '../../../src/core/metrics/classification.js';
import { computeRegressionMetrics } from '../../../src/core/metrics/regression.js';
import { evaluateThresholds, taskOfReport } from '../../../src/core/metrics/thresholds.js';
import type { MetricReport } from '../../../src/core/metrics/types.js';

const binary = computeClassificationMetrics('binary', {
  nClasses: 2,
  yTrue: Int32Array.of(0, 0, 1, 1, 1, 0),
  yPred: Int32Array.of(0, 1, 1, 1, 0, 0),
  proba: Float64Array.of(0.9, 0.1, 0.4, 0.6, 0.2, 0.8, 0.3, 0.7, 0.6, 0.4, 0.8, 0.2),
  classNames: ['no', 'yes'],
});
// accuracy 4/6, recall[yes] = 2/3, log_loss > 0.

describe('evaluateThresholds', () => {
  it('passes when the value is at least the threshold for greater-is-better metrics', () => {
    const [ok, bad, edge] = evaluateThresholds(
      [
        { metric: 'accuracy', threshold: 0.6 },
        { metric: 'accuracy_score', threshold: 0.7 },
        { metric: 'accuracy', threshold: 4 / 6 },
      ],
      binary,
    );
    expect(ok).toEqual({
      metric: 'accuracy',
      threshold: 0.6,
      greater_is_better: true,
      on: 'value',
      value: 4 / 6,
      passed: true,
    });
    expect(bad).toMatchObject({
      metric: 'accuracy',
      passed: false,
      reason: expect.stringMatching(/below the threshold 0.7/),
    });
    expect(edge.passed).toBe(true);
  });

  it('passes when the value is at most the threshold for losses, and honours greater_is_better', () => {
    const logLoss = binary.metrics.log_loss as number;
    const [loss, flipped] = evaluateThresholds(
      [
        { metric: 'log_loss', threshold: logLoss + 0.01 },
        { metric: 'log_loss', threshold: logLoss + 0.01, greater_is_better: true },
      ],
      binary,
    );
    expect(loss).toMatchObject({ greater_is_better: false, passed: true });
    expect(flipped).toMatchObject({ greater_is_better: true, passed: false });
  });

  it('judges per-class values and skips specs without a threshold (change margins belong to compare)', () => {
    const results = evaluateThresholds(
      [
        { metric: 'recall[yes]', threshold: 0.6 },
        { metric: 'f1[0]', threshold: 0.99 },
        { metric: 'accuracy', min_absolute_change: 0.01 },
      ],
      binary,
    );
    expect(results.map((r) => [r.metric, r.value, r.passed])).toEqual([
      ['recall[yes]', 2 / 3, true],
      ['f1[0]', binary.per_class!.no.f1, false],
    ]);
  });

  it('judges a CI bound: lower, upper, and the pessimistic side by direction', () => {
    const cis = { accuracy: { lo: 0.55, hi: 0.8 }, log_loss: { lo: 0.3, hi: 0.9 } };
    const results = evaluateThresholds(
      [
        { metric: 'accuracy', threshold: 0.6, on: 'ci_lower' },
        { metric: 'accuracy', threshold: 0.6, on: 'ci_pessimistic' },
        { metric: 'accuracy', threshold: 0.6, on: 'ci_upper' },
        { metric: 'log_loss', threshold: 0.8, on: 'ci_pessimistic' },
      ],
      binary,
      cis,
    );
    expect(results.map((r) => [r.value, r.passed])).toEqual([
      [0.55, false],
      [0.55, false],
      [0.8, true],
      [0.9, false],
    ]);
  });

  it('fails, with the reason, on a null metric or a missing CI or latency value', () => {
    const noProba = computeClassificationMetrics('binary', {
      nClasses: 2,
      yTrue: Int32Array.of(0, 1),
      yPred: Int32Array.of(0, 1),
    });
    const results = evaluateThresholds(
      [
        { metric: 'roc_auc', threshold: 0.5 },
        { metric: 'accuracy', threshold: 0.5, on: 'ci_lower' },
        { metric: 'latency_p95_ms', threshold: 20 },
      ],
      noProba,
      { accuracy: null },
      { ciReasons: { accuracy: 'the metric had no value in 600 of 1000 resamples' } },
    );
    expect(results.map((r) => [r.passed, r.value, r.reason])).toEqual([
      [false, null, 'the model gives no probabilities'],
      [false, null, 'the metric had no value in 600 of 1000 resamples'],
      [false, null, 'no latency_p95_ms in the results (latency is measured by the model runner)'],
    ]);
  });

  it('judges latency when the caller adds its values to the report', () => {
    const withLatency: MetricReport = {
      ...binary,
      metrics: { ...binary.metrics, latency_p95_ms: 12, rows_per_s: 900 },
    };
    const results = evaluateThresholds(
      [
        { metric: 'latency_p95_ms', threshold: 20 },
        { metric: 'rows_per_s', threshold: 1000 },
      ],
      withLatency,
    );
    expect(results.map((r) => [r.greater_is_better, r.passed])).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it('infers the task from the report', () => {
    const regression = computeRegressionMetrics({
      yTrue: Float64Array.of(1, 2, 3),
      yPred: Float64Array.of(1, 2, 4),
    });
    expect(taskOfReport(regression)).toBe('regression');
    expect(taskOfReport(binary)).toBe('binary');
    const [r] = evaluateThresholds([{ metric: 'mean_absolute_error', threshold: 0.5 }], regression);
    expect(r).toMatchObject({ metric: 'mae', greater_is_better: false, value: 1 / 3, passed: true });
  });

  it.each([
    [
      { metric: 'acuracy', threshold: 1 },
      /Unknown metric "acuracy" \(thresholds\[0\]\).*did you mean "accuracy"/,
    ],
    [{ metric: 'accuracy', threshold: Number.NaN }, /threshold" must be a finite number/],
    [{ metric: 'accuracy', threshold: 1, on: 'ci' as never }, /"on" is "ci"; allowed: value, ci_lower/],
    [{ metric: 'confusion_matrix', threshold: 1 }, /not one number/],
    [{ metric: 'latency_p95_ms', threshold: 1, on: 'ci_lower' as const }, /no confidence interval/],
  ])('refuses a bad spec %#', (spec, message) => {
    expect(() => evaluateThresholds([spec], binary)).toThrow(message);
  });
});
