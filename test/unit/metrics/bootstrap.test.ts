import { describe, expect, it } from 'vitest';

import { bootstrapCI, bootstrapCIDetailed } from '../../../src/core/metrics/bootstrap.js';
import { metricFunction } from '../../../src/core/metrics/metric-function.js';
import { Xoshiro128 } from '../../../src/core/metrics/prng.js';
import type { ClassificationInput, RegressionInput } from '../../../src/core/metrics/types.js';
import { loadFixture } from './fixtures.js';

interface BootstrapFixture {
  first_draws: Record<string, number>;
  n: number;
  yTrue: number[];
  score: number[];
  yPred: number[];
  regTrue: number[];
  regPred: number[];
  cases: {
    seed: number;
    resamples: number;
    first_counts: number[];
    ci: Record<string, { lo: number; hi: number; skipped: number }>;
  }[];
}

const fixture = loadFixture<BootstrapFixture>('bootstrap.json');
const n = fixture.n;
const classification: ClassificationInput = {
  nClasses: 2,
  yTrue: Int32Array.from(fixture.yTrue),
  yPred: Int32Array.from(fixture.yPred),
  proba: Float64Array.from(fixture.score.flatMap((s) => [1 - s, s])),
};
const regression: RegressionInput = {
  yTrue: Float64Array.from(fixture.regTrue),
  yPred: Float64Array.from(fixture.regPred),
};

describe('xoshiro128** seeded by splitmix32', () => {
  it('draws the same first numbers as the Python copy in the reference script', () => {
    for (const [seed, want] of Object.entries(fixture.first_draws)) {
      expect(new Xoshiro128(Number(seed)).nextUint32()).toBe(want);
    }
  });

  it('draws the same first resample', () => {
    for (const c of fixture.cases) {
      const rng = new Xoshiro128(c.seed);
      const counts = new Array<number>(n).fill(0);
      for (let j = 0; j < n; j++) counts[rng.nextBelow(n)]++;
      expect(counts).toEqual(c.first_counts);
    }
  });

  it('stays below n for large n', () => {
    const rng = new Xoshiro128(3);
    for (const size of [1, 2, 65535, 65536, 65537, 2 ** 31 - 1]) {
      for (let i = 0; i < 1000; i++) {
        const v = rng.nextBelow(size);
        expect(v >= 0 && v < size && Number.isInteger(v)).toBe(true);
      }
    }
  });
});

describe('bootstrapCI', () => {
  const statistics: Record<string, (w: Float64Array) => number | null> = {
    roc_auc: (w) => metricFunction('binary', 'roc_auc')(classification, w),
    accuracy: (w) => metricFunction('binary', 'accuracy')(classification, w),
    f1: (w) => metricFunction('binary', 'f1')(classification, w),
    mae: (w) => metricFunction('regression', 'mae')(regression, w),
    r2: (w) => metricFunction('regression', 'r2')(regression, w),
  };

  it.each(fixture.cases)(
    'equals sklearn on the same resamples and np.percentile (seed $seed)',
    ({ seed, resamples, ci }) => {
      for (const [name, want] of Object.entries(ci)) {
        const got = bootstrapCI(n, statistics[name], { seed, resamples });
        expect(got, name).not.toBeNull();
        expect(Math.abs(got!.lo - want.lo), name).toBeLessThanOrEqual(1e-12);
        expect(Math.abs(got!.hi - want.hi), name).toBeLessThanOrEqual(1e-12);
        expect(got!.skipped).toBe(want.skipped);
        expect(got).toMatchObject({ resamples, seed, level: 0.95, method: 'percentile' });
      }
    },
  );

  it('gives the same interval for the same seed, bit for bit, and another for another seed', () => {
    const f = statistics.roc_auc;
    const a = bootstrapCI(n, f, { seed: 11, resamples: 300 });
    const b = bootstrapCI(n, f, { seed: 11, resamples: 300 });
    const c = bootstrapCI(n, f, { seed: 12, resamples: 300 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('defaults to 1000 resamples, seed 0 and 95%', () => {
    const ci = bootstrapCI(n, statistics.accuracy);
    expect(ci).toMatchObject({ resamples: 1000, seed: 0, level: 0.95 });
    expect(ci!.lo).toBeLessThan(ci!.hi);
  });

  it('skips and counts resamples without a value, and gives no interval past half', () => {
    let calls = 0;
    const some = bootstrapCI(10, () => (calls++ % 4 === 0 ? null : calls), { resamples: 100 });
    expect(some!.skipped).toBe(25);
    const none = bootstrapCIDetailed(10, () => null, { resamples: 50 });
    expect(none.ci).toBeNull();
    expect(none).toMatchObject({ skipped: 50, reason: expect.stringMatching(/more than half/) });
    expect(bootstrapCI(10, () => null, { resamples: 50 })).toBeNull();
  });

  it('a narrower level gives a narrower interval', () => {
    const wide = bootstrapCI(n, statistics.mae, { level: 0.99, resamples: 400 })!;
    const narrow = bootstrapCI(n, statistics.mae, { level: 0.5, resamples: 400 })!;
    expect(narrow.lo).toBeGreaterThan(wide.lo);
    expect(narrow.hi).toBeLessThan(wide.hi);
  });

  it.each([
    [{ resamples: 0 }, /resamples must be a whole number >= 1, got 0/],
    [{ level: 95 }, /level must be between 0 and 1/],
    [{ seed: -1 }, /seed must be a whole number/],
  ])('refuses bad options %#', (opts, message) => {
    expect(() => bootstrapCI(5, () => 1, opts)).toThrow(message);
  });
});
