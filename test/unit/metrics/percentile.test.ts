import { describe, expect, it } from 'vitest';

import { pairwiseSum } from '../../../src/core/metrics/numpy-sum.js';
import {
  linspaceQuantiles,
  median,
  percentile,
  percentiles,
  quantileSorted,
  weightedMedian,
} from '../../../src/core/metrics/percentile.js';
import { loadFixture } from './fixtures.js';

interface PercentileFixture {
  percentile: { values: number[]; percentiles: [number, number][]; median: number }[];
  quantile_edges: { values: number[]; K: number; q: number[]; edges: number[] }[];
  weighted_median: { values: number[]; weights: number[]; median: number }[];
  sums: { values: number[]; sum: number }[];
}

const fixture = loadFixture<PercentileFixture>('percentile.json');

describe('numpy percentiles', () => {
  it.each(fixture.percentile.map((c) => [c.values.length, c] as const))(
    'np.percentile and np.median on %i values, bit for bit',
    (_, c) => {
      for (const [p, want] of c.percentiles) expect(percentile(c.values, p), `p=${p}`).toBe(want);
      expect(
        percentiles(
          c.values,
          c.percentiles.map(([p]) => p),
        ),
      ).toEqual(c.percentiles.map(([, v]) => v));
      expect(median(c.values)).toBe(c.median);
    },
  );

  it('reproduces np.linspace(0, 1, K + 1) and np.quantile at those points', () => {
    for (const c of fixture.quantile_edges) {
      expect(linspaceQuantiles(c.K)).toEqual(c.q);
      const sorted = Float64Array.from(c.values).sort();
      expect(c.q.map((q) => quantileSorted(sorted, q))).toEqual(c.edges);
    }
  });

  it("reproduces scikit-learn's _weighted_percentile at 50", () => {
    for (const c of fixture.weighted_median) expect(weightedMedian(c.values, c.weights)).toBe(c.median);
  });
});

describe('numpy pairwise sums', () => {
  it.each(fixture.sums.map((c) => [c.values.length, c] as const))(
    'np.sum of %i values, bit for bit',
    (_, c) => {
      expect(pairwiseSum(c.values)).toBe(c.sum);
      expect(pairwiseSum(Float64Array.from(c.values))).toBe(c.sum);
    },
  );
});
