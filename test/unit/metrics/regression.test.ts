import { describe, expect, it } from 'vitest';

import { computeRegressionMetrics } from '../../../src/core/metrics/regression.js';
import { regressionCases, regressionInput } from './fixtures.js';

function close(got: unknown, want: number, name: string): void {
  expect(typeof got, name).toBe('number');
  expect(Math.abs((got as number) - want), name).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
}

describe.each(regressionCases)('$name matches scikit-learn 1.2', (c) => {
  it('gives every regression metric within 1e-9 relative, nulls where sklearn has none', () => {
    const report = computeRegressionMetrics(regressionInput(c));
    expect(Object.keys(report.metrics)).toEqual(Object.keys(c.expected));
    for (const [name, want] of Object.entries(c.expected)) {
      if (want === null) {
        expect(report.metrics[name], name).toBeNull();
        expect(report.unavailable[name], name).toBeTruthy();
      } else close(report.metrics[name], want, name);
    }
  });
});

describe('regression conventions', () => {
  const byName = new Map(regressionCases.map((c) => [c.name, c]));

  it('gives r2 = 0.0 on constant y_true and 1.0 when also predicted perfectly, as sklearn', () => {
    expect(
      computeRegressionMetrics(regressionInput(byName.get('regression_constant_y_true')!)).metrics.r2,
    ).toBe(0);
    expect(
      computeRegressionMetrics(regressionInput(byName.get('regression_constant_perfect')!)).metrics.r2,
    ).toBe(1);
  });

  it('refuses r2 below two rows with the reason', () => {
    const report = computeRegressionMetrics(regressionInput(byName.get('regression_one_row')!));
    expect(report.metrics.r2).toBeNull();
    expect(report.unavailable.r2).toMatch(/less than two rows/);
  });

  it('reports NaN predictions as nulls with a count', () => {
    const report = computeRegressionMetrics({
      yTrue: Float64Array.of(1, 2, 3),
      yPred: Float64Array.of(1, NaN, 3),
    });
    expect(report.metrics.mae).toBeNull();
    expect(report.unavailable.mae).toBe('y_pred contains 1 NaN or infinite values');
  });

  it('leaves rows of weight 0 out of max_error (sklearn has no weights there)', () => {
    const report = computeRegressionMetrics({
      yTrue: Float64Array.of(0, 0, 0),
      yPred: Float64Array.of(1, 9, 2),
      weights: Float64Array.of(1, 0, 1),
    });
    expect(report.metrics.max_error).toBe(2);
  });

  it('uses the lower weighted median with weights, as sklearn (even with all weights 1)', () => {
    const yTrue = Float64Array.of(0, 0, 0, 0);
    const yPred = Float64Array.of(1, 2, 3, 4);
    expect(computeRegressionMetrics({ yTrue, yPred }).metrics.median_absolute_error).toBe(2.5);
    expect(
      computeRegressionMetrics({ yTrue, yPred, weights: Float64Array.of(1, 1, 1, 1) }).metrics
        .median_absolute_error,
    ).toBe(2);
  });
});
