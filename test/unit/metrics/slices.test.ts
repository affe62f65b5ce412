import { describe, expect, it } from 'vitest';

import { computeSlices } from '../../../src/core/metrics/slices.js';
import type { ClassificationInput } from '../../../src/core/metrics/types.js';
import { LABEL_METRICS, loadFixture } from './fixtures.js';

type SliceMetrics = Record<string, number | null>;
interface SlicesFixture {
  yTrue: number[];
  yPred: number[];
  proba: number[];
  radius: number[];
  category: (string | null)[];
  quantile: {
    K: number;
    edges: number[];
    slices: { lo: number; hi: number; rows: number; metrics: SliceMetrics }[];
  };
  explicit: { edges: number[]; slices: { lo: number; hi: number; rows: number; metrics: SliceMetrics }[] };
  categorical: { value: string; rows: number; metrics: SliceMetrics }[];
}

const fixture = loadFixture<SlicesFixture>('slices.json');
const input: ClassificationInput = {
  nClasses: 2,
  yTrue: Int32Array.from(fixture.yTrue),
  yPred: Int32Array.from(fixture.yPred),
  proba: Float64Array.from(fixture.proba),
};
const metrics = ['accuracy', 'f1', 'recall', 'roc_auc'];

function expectMetrics(got: Record<string, unknown>, want: SliceMetrics): void {
  for (const [name, v] of Object.entries(want)) {
    if (v === null) expect(got[name], name).toBeNull();
    else if (LABEL_METRICS.has(name)) expect(got[name], name).toBe(v);
    else expect(Math.abs((got[name] as number) - v), name).toBeLessThanOrEqual(1e-9);
  }
}

describe('computeSlices', () => {
  it('bins a numeric column at numpy quantiles and equals sklearn on each bin', () => {
    const report = computeSlices('binary', input, fixture.radius, {
      column: 'mean radius',
      bins: `quantile:${fixture.quantile.K}`,
      metrics,
      min_size: 10,
    });
    expect(report.edges).toEqual(fixture.quantile.edges);
    expect(report.slices.map((s) => s.rows)).toEqual(fixture.quantile.slices.map((s) => s.rows));
    const last = fixture.quantile.slices.length - 1;
    fixture.quantile.slices.forEach((want, i) => {
      const got = report.slices[i];
      expect(got.value).toBe(`[${want.lo}, ${want.hi}${i === last ? ']' : ')'}`);
      expectMetrics(got.metrics, want.metrics);
    });
  });

  it('bins on explicit right-open edges, the last bin closed', () => {
    const report = computeSlices('binary', input, fixture.radius, {
      column: 'mean radius',
      bins: fixture.explicit.edges,
      metrics,
      min_size: 1,
    });
    expect(report.slices.map((s) => s.value)).toEqual(['[0, 12)', '[12, 15)', '[15, 40]']);
    fixture.explicit.slices.forEach((want, i) => {
      expect(report.slices[i].rows).toBe(want.rows);
      expectMetrics(report.slices[i].metrics, want.metrics);
    });
  });

  it('slices a categorical column, missing keys last as "(missing)", and names the worst slice', () => {
    const report = computeSlices('binary', input, fixture.category, {
      column: 'site',
      metrics,
      min_size: 5,
      thresholds: [
        { metric: 'recall_score', threshold: 0.99 },
        { metric: 'accuracy', threshold: 0.5 },
      ],
    });
    expect(report.slices.map((s) => s.value)).toEqual(fixture.categorical.map((s) => s.value));
    fixture.categorical.forEach((want, i) => {
      expect(report.slices[i].rows).toBe(want.rows);
      expectMetrics(report.slices[i].metrics, want.metrics);
    });
    const recalls = fixture.categorical.map((s) => s.metrics.recall as number);
    const worst = Math.min(...recalls);
    expect(report.worst.recall).toMatchObject({
      value: fixture.categorical[recalls.indexOf(worst)].value,
      metric_value: worst,
      greater_is_better: true,
    });
    const judged = report.slices[0].thresholds;
    expect(judged.map((t) => [t.metric, t.slice])).toEqual([
      ['recall', 'a'],
      ['accuracy', 'a'],
    ]);
  });

  it('lists small slices without measuring them', () => {
    const keys = fixture.yTrue.map((_, i) => (i < 5 ? 'tiny' : 'big'));
    const report = computeSlices('binary', input, keys, {
      column: 'g',
      thresholds: [{ metric: 'accuracy', threshold: 0.5 }],
    });
    const tiny = report.slices.find((s) => s.value === 'tiny')!;
    expect(tiny).toMatchObject({ rows: 5, skipped: 'below min_size', metrics: {}, thresholds: [] });
    expect(report.worst.accuracy.value).toBe('big');
    const big = report.slices.find((s) => s.value === 'big')!;
    expect(Object.keys(big.metrics)).toContain('confusion_matrix');
  });

  it('sorts numeric categories numerically and puts values outside explicit bins in their own slice', () => {
    const small: ClassificationInput = {
      nClasses: 2,
      yTrue: Int32Array.of(0, 1, 0, 1, 1),
      yPred: Int32Array.of(0, 1, 1, 1, 0),
    };
    const cats = computeSlices('binary', small, [10, 2, 10, null, 2], { column: 'c', min_size: 0 });
    expect(cats.slices.map((s) => [s.value, s.rows])).toEqual([
      ['2', 2],
      ['10', 2],
      ['(missing)', 1],
    ]);
    const bins = computeSlices('binary', small, [1, 5, 50, NaN, 10], {
      column: 'x',
      bins: [0, 5, 10],
      min_size: 0,
    });
    expect(bins.slices.map((s) => [s.value, s.rows])).toEqual([
      ['[0, 5)', 1],
      ['[5, 10]', 2],
      ['(out of range)', 1],
      ['(missing)', 1],
    ]);
  });

  it.each([
    [{ column: 'x', bins: 'quantiles:4' }, /bins is "quantiles:4"/],
    [{ column: 'x', bins: [3, 1] }, /strictly ascending/],
    [{ column: 'x', metrics: ['acuracy'] }, /did you mean "accuracy"/],
    [{ column: 'x', min_size: -1 }, /min_size must be a whole number/],
  ])('refuses a bad spec %#', (spec, message) => {
    expect(() => computeSlices('binary', input, fixture.radius, spec)).toThrow(message);
  });
});
