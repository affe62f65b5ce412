import { describe, expect, it } from 'vitest';

import {
  LATENCY_METRICS,
  METRICS,
  metricDirection,
  metricNames,
  resolveMetricName,
} from '../../../src/core/metrics/catalogue.js';
import { isConfigurationError } from '../../../src/core/errors.js';

describe('the catalogue', () => {
  it('lists the DESIGN §4 names per task', () => {
    expect(metricNames('binary')).toEqual([
      'accuracy',
      'balanced_accuracy',
      'precision',
      'recall',
      'f1',
      'precision_macro',
      'precision_micro',
      'precision_weighted',
      'recall_macro',
      'recall_micro',
      'recall_weighted',
      'f1_macro',
      'f1_micro',
      'f1_weighted',
      'roc_auc',
      'average_precision',
      'log_loss',
      'brier_score',
      'matthews_corrcoef',
      'cohen_kappa',
      'confusion_matrix',
    ]);
    expect(metricNames('multiclass')).toEqual(
      expect.arrayContaining([
        'roc_auc_ovr_macro',
        'roc_auc_ovr_weighted',
        'roc_auc_ovo_macro',
        'roc_auc_ovo_weighted',
        'average_precision_macro',
        'average_precision_micro',
        'average_precision_weighted',
        'top_k_accuracy',
      ]),
    );
    expect(metricNames('multiclass')).not.toContain('precision');
    expect(metricNames('multiclass')).not.toContain('brier_score');
    expect(metricNames('regression')).toEqual([
      'mae',
      'mse',
      'rmse',
      'r2',
      'mape',
      'median_absolute_error',
      'explained_variance',
      'max_error',
    ]);
  });

  it('knows every direction', () => {
    for (const name of [
      'log_loss',
      'brier_score',
      'mae',
      'mse',
      'rmse',
      'mape',
      'median_absolute_error',
      'max_error',
    ]) {
      expect(METRICS[name].greaterIsBetter, name).toBe(false);
      expect(metricDirection(name), name).toBe(false);
    }
    for (const name of ['accuracy', 'roc_auc', 'r2', 'explained_variance', 'cohen_kappa', 'f1_macro']) {
      expect(metricDirection(name), name).toBe(true);
    }
    expect(metricDirection('latency_p95_ms')).toBe(false);
    expect(metricDirection('rows_per_s')).toBe(true);
    expect(metricDirection('mean_absolute_error')).toBe(false);
    expect(metricDirection('recall[setosa]')).toBe(true);
    expect(Object.keys(LATENCY_METRICS)).toEqual([
      'latency_p50_ms',
      'latency_p95_ms',
      'latency_p99_ms',
      'rows_per_s',
    ]);
  });

  it('marks the metrics that need probabilities', () => {
    const needing = Object.keys(METRICS).filter((m) => METRICS[m].needsProba);
    expect(needing.sort()).toEqual(
      [
        'roc_auc',
        'roc_auc_ovr_macro',
        'roc_auc_ovr_weighted',
        'roc_auc_ovo_macro',
        'roc_auc_ovo_weighted',
        'average_precision',
        'average_precision_macro',
        'average_precision_micro',
        'average_precision_weighted',
        'log_loss',
        'brier_score',
        'top_k_accuracy',
      ].sort(),
    );
  });
});

describe('resolveMetricName', () => {
  it.each([
    ['accuracy_score', 'binary', 'accuracy'],
    ['f1_score', 'binary', 'f1'],
    ['f1_score', 'multiclass', 'f1_weighted'],
    ['precision_score', 'binary', 'precision'],
    ['recall_score', 'multiclass', 'recall_weighted'],
    ['roc_auc', 'binary', 'roc_auc'],
    ['roc_auc', 'multiclass', 'roc_auc_ovr_weighted'],
    ['precision_recall_auc', 'binary', 'average_precision'],
    ['log_loss', 'multiclass', 'log_loss'],
    ['mean_absolute_error', 'regression', 'mae'],
    ['mean_squared_error', 'regression', 'mse'],
    ['root_mean_squared_error', 'regression', 'rmse'],
    ['r2_score', 'regression', 'r2'],
    ['max_error', 'regression', 'max_error'],
    ['mean_absolute_percentage_error', 'regression', 'mape'],
    ['  Accuracy ', 'binary', 'accuracy'],
    ['top_k_accuracy@3', 'multiclass', 'top_k_accuracy@3'],
    ['recall[setosa]', 'multiclass', 'recall[setosa]'],
    ['f1[2]', 'binary', 'f1[2]'],
    ['latency_p95_ms', 'regression', 'latency_p95_ms'],
    ['rows_per_s', 'binary', 'rows_per_s'],
  ] as const)('%s under %s is %s', (name, task, want) => {
    expect(resolveMetricName(name, task)).toBe(want);
  });

  it('resolves per-class names by class name or index when the classes are known', () => {
    const classNames = ['setosa', 'versicolor', 'virginica'];
    expect(resolveMetricName('recall[virginica]', 'multiclass', { classNames })).toBe('recall[virginica]');
    expect(resolveMetricName('f1_score[1]', 'multiclass', { classNames })).toBe('f1[versicolor]');
    expect(() => resolveMetricName('recall[virginca]', 'multiclass', { classNames })).toThrow(
      /Unknown class "virginca".*did you mean "virginica"/,
    );
  });

  function errorOf(fn: () => unknown): Error {
    try {
      fn();
    } catch (e) {
      expect(isConfigurationError(e)).toBe(true);
      return e as Error;
    }
    throw new Error('no error');
  }

  it('refuses unknown names with a hint and the allowed names for the task', () => {
    const e = errorOf(() => resolveMetricName('f1_scor', 'binary', { where: 'thresholds[0].metric' }));
    expect(e.message).toMatch(
      /^Unknown metric "f1_scor" \(thresholds\[0\]\.metric\) for task binary; did you mean "f1_score"\?/,
    );
    expect(e.message).toMatch(/Allowed: accuracy, balanced_accuracy, precision/);
    expect(e.message).toContain('latency_p95_ms');
  });

  it('says when a name belongs to another task', () => {
    expect(errorOf(() => resolveMetricName('mae', 'binary')).message).toMatch(/it is a regression metric/);
    expect(errorOf(() => resolveMetricName('precision', 'multiclass')).message).toMatch(
      /it is a binary metric/,
    );
    expect(() => resolveMetricName('top_k_accuracy@3', 'binary')).toThrow(/Unknown metric/);
  });

  it('says example_count is not a metric', () => {
    expect(errorOf(() => resolveMetricName('example_count', 'binary')).message).toMatch(/not a metric/);
  });
});
