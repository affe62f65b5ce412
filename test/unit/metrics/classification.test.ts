import { describe, expect, it } from 'vitest';

import { computeClassificationMetrics } from '../../../src/core/metrics/classification.js';
import { classificationCases, classificationInput, LABEL_METRICS } from './fixtures.js';

describe.each(classificationCases)('$name matches scikit-learn 1.2', (c) => {
  const report = computeClassificationMetrics(c.task, classificationInput(c));

  it('reports every metric sklearn computes, with label metrics bit for bit', () => {
    for (const [name, want] of Object.entries(c.expected)) {
      if (name === 'top_k_accuracy') continue;
      const got = report.metrics[name];
      if (want === null) {
        expect(got, name).toBeNull();
        expect(report.unavailable[name], name).toEqual(expect.any(String));
      } else if (LABEL_METRICS.has(name)) {
        expect(got, name).toBe(want);
      } else {
        expect(typeof got, name).toBe('number');
        expect(Math.abs((got as number) - (want as number)), name).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it('gives top-k accuracy for k below the number of classes only', () => {
    if (!('top_k_accuracy' in c.expected))
      return expect(report.metrics).not.toHaveProperty('top_k_accuracy@2');
    const want = c.expected.top_k_accuracy as Record<string, number | null>;
    const got = report.metrics.top_k_accuracy as Record<string, number>;
    expect(Object.keys(got).sort()).toEqual(
      Object.keys(want)
        .filter((k) => want[k] !== null)
        .sort(),
    );
    for (const [k, v] of Object.entries(want)) expect(got[k], `k=${k}`).toBe(v);
  });

  it('gives the confusion matrix and per-class values exactly', () => {
    expect(report.confusion_matrix).toEqual(c.confusion_matrix);
    expect(report.metrics.confusion_matrix).toEqual(c.confusion_matrix);
    const perClass = Object.values(report.per_class ?? {});
    expect(perClass).toEqual(c.per_class);
  });

  it('never reports NaN and explains every null', () => {
    for (const [name, v] of Object.entries(report.metrics)) {
      if (typeof v === 'number') expect(Number.isFinite(v), name).toBe(true);
      if (v === null) expect(report.unavailable[name], name).toBeTruthy();
    }
  });
});

describe('classification edge cases', () => {
  const byName = new Map(classificationCases.map((c) => [c.name, c]));

  it('says the model gives no probabilities when proba is absent', () => {
    const c = byName.get('binary_labels_only')!;
    const report = computeClassificationMetrics('binary', classificationInput(c));
    for (const name of ['roc_auc', 'average_precision', 'log_loss', 'brier_score']) {
      expect(report.metrics[name]).toBeNull();
      expect(report.unavailable[name]).toBe('the model gives no probabilities');
    }
    expect(report.metrics.accuracy).toBe(c.expected.accuracy);
  });

  it('says why ROC AUC is undefined with one class in y_true', () => {
    const c = byName.get('binary_one_class_in_y_true')!;
    const report = computeClassificationMetrics('binary', classificationInput(c));
    expect(report.unavailable.roc_auc).toMatch(/only one class present in y_true/);
  });

  it('names the class absent from y_true for one-vs-rest AUC and still gives one-vs-one', () => {
    const c = byName.get('multiclass_class_absent_from_y_true')!;
    const report = computeClassificationMetrics('multiclass', classificationInput(c));
    expect(report.unavailable.roc_auc_ovr_macro).toMatch(/class 2 is absent from y_true/);
    expect(report.metrics.roc_auc_ovo_macro).toBeCloseTo(c.expected.roc_auc_ovo_macro as number, 12);
  });

  it('refuses multiclass AUC on scores that are not probabilities, as sklearn', () => {
    const c = byName.get('multiclass_scores_not_summing_to_one')!;
    const report = computeClassificationMetrics('multiclass', classificationInput(c));
    expect(report.unavailable.roc_auc_ovr_macro).toMatch(/do not sum to 1/);
    expect(report.metrics.average_precision_macro).toBeCloseTo(
      c.expected.average_precision_macro as number,
      12,
    );
  });

  it('keys per-class values by class name', () => {
    const c = byName.get('wine_logreg')!;
    const report = computeClassificationMetrics('multiclass', {
      ...classificationInput(c),
      classNames: ['barolo', 'grignolino', 'barbera'],
    });
    expect(Object.keys(report.per_class!)).toEqual(['barolo', 'grignolino', 'barbera']);
    expect(report.per_class!.barbera).toEqual(c.per_class[2]);
  });

  it('treats NaN scores as no probabilities with a count, never NaN metrics', () => {
    const c = byName.get('binary_random')!;
    const input = classificationInput(c);
    input.proba![5] = NaN;
    const report = computeClassificationMetrics('binary', input);
    expect(report.metrics.roc_auc).toBeNull();
    expect(report.unavailable.roc_auc).toBe('the scores contain 1 NaN or infinite values');
    expect(report.metrics.accuracy).toBe(c.expected.accuracy);
  });

  it('reports no rows as nulls with a reason', () => {
    const report = computeClassificationMetrics('binary', {
      nClasses: 2,
      yTrue: new Int32Array(0),
      yPred: new Int32Array(0),
      proba: new Float64Array(0),
    });
    expect(report.metrics.accuracy).toBeNull();
    expect(report.unavailable.accuracy).toBe('no rows');
    expect(report.confusion_matrix).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it.each([
    [
      { nClasses: 2, yTrue: Int32Array.of(0, 2), yPred: Int32Array.of(0, 1) },
      /yTrue\[1\] is class 2; classes are 0..1/,
    ],
    [
      { nClasses: 2, yTrue: Int32Array.of(0, 1), yPred: Int32Array.of(0) },
      /yPred has 1 rows but yTrue has 2/,
    ],
    [
      {
        nClasses: 2,
        yTrue: Int32Array.of(0, 1),
        yPred: Int32Array.of(0, 1),
        weights: Float64Array.of(1, -1),
      },
      /weights\[1\] is -1/,
    ],
    [{ nClasses: 3, yTrue: Int32Array.of(0), yPred: Int32Array.of(0) }, /binary task has 2 classes/],
  ])('refuses malformed input %#', (input, message) => {
    expect(() => computeClassificationMetrics('binary', input)).toThrow(message);
  });
});
