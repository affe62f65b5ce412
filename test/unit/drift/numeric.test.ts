import { describe, expect, it } from 'vitest';

import { numericDrift } from '../../../src/core/drift/numeric-column.js';
import { sortFloat64 } from '../../../src/core/drift/sort.js';
import { draw, fsum, loadFixture, relativeError, type StoredSample } from './fixtures.js';

interface NumericCase {
  name: string;
  n_reference: number;
  n_current: number;
  reference: number[] | StoredSample;
  current: number[] | StoredSample;
  expected: {
    ks_statistic: number;
    ks_p_value: number;
    ks_method: 'exact' | 'asymptotic';
    wasserstein: number;
    reference_std: number;
    wasserstein_normed: number | null;
    edges: number[];
    reference_counts: number[];
    current_counts: number[];
    psi: number;
    jensen_shannon: number;
  };
}

const cases = loadFixture<{ cases: NumericCase[] }>('numeric.json').cases;

function sample(stored: number[] | StoredSample): Float64Array {
  if (Array.isArray(stored)) return Float64Array.from(stored);
  const values = draw(stored.generate);
  // The redrawn sample is the one scipy saw: same first values, same correctly rounded sum.
  expect([...values.subarray(0, 3)]).toEqual(stored.check.first);
  expect(fsum(values)).toBe(stored.check.sum);
  return values;
}

const TOLERANCE = 1e-12;

describe('numericDrift against scipy 1.10.1 (scripts/reference/drift_reference.py)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const reference = sortFloat64(sample(c.reference));
    const current = sortFloat64(sample(c.current));
    expect(reference.length).toBe(c.n_reference);
    expect(current.length).toBe(c.n_current);
    const stats = numericDrift(reference, current);
    const want = c.expected;

    expect(stats.ks?.method).toBe(want.ks_method);
    expect(relativeError(stats.ks!.statistic, want.ks_statistic)).toBeLessThanOrEqual(TOLERANCE);
    expect(relativeError(stats.ks!.p_value, want.ks_p_value)).toBeLessThanOrEqual(TOLERANCE);
    expect(relativeError(stats.wasserstein!, want.wasserstein)).toBeLessThanOrEqual(TOLERANCE);
    // np.std sums the reference in its original order, numericDrift in sorted order.
    expect(relativeError(stats.reference_std!, want.reference_std)).toBeLessThanOrEqual(TOLERANCE);
    if (want.wasserstein_normed === null) {
      expect(stats.wasserstein_normed).toBeNull();
      expect(stats.reasons.wasserstein_normed).toMatch(/constant/);
    } else {
      expect(relativeError(stats.wasserstein_normed!, want.wasserstein_normed)).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
    expect(stats.bins?.edges).toEqual(want.edges);
    expect(stats.bins?.reference).toEqual(want.reference_counts);
    expect(stats.bins?.current).toEqual(want.current_counts);
    expect(relativeError(stats.psi!, want.psi)).toBeLessThanOrEqual(TOLERANCE);
    expect(relativeError(stats.jensen_shannon!, want.jensen_shannon)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('computes the Wasserstein distance bit for bit (numpy pairwise order, scipy terms)', () => {
    for (const c of cases) {
      const stats = numericDrift(sortFloat64(sample(c.reference)), sortFloat64(sample(c.current)));
      expect(stats.wasserstein, c.name).toBe(c.expected.wasserstein);
    }
  });

  it('gives the exact KS p-value of scipy bit for bit (the same operations)', () => {
    for (const c of cases.filter((x) => x.expected.ks_method === 'exact')) {
      const stats = numericDrift(sortFloat64(sample(c.reference)), sortFloat64(sample(c.current)));
      expect(stats.ks?.p_value, c.name).toBe(c.expected.ks_p_value);
      expect(stats.ks?.statistic, c.name).toBe(c.expected.ks_statistic);
    }
  });
});

describe('numericDrift on degenerate input', () => {
  it('reports an empty side as not computable, with the reason, and no NaN', () => {
    const stats = numericDrift(new Float64Array(0), Float64Array.of(1, 2, 3));
    expect(stats.ks).toBeNull();
    expect(stats.psi).toBeNull();
    expect(stats.reasons.ks).toBe('the reference sample has no values');
    expect(numericDrift(Float64Array.of(1), new Float64Array(0)).reasons.psi).toBe(
      'the current sample has no values',
    );
  });

  it('norms nothing by a constant reference and says so', () => {
    const stats = numericDrift(new Float64Array(50).fill(2), Float64Array.of(1, 2, 3));
    expect(stats.reference_std).toBe(0);
    expect(stats.wasserstein_normed).toBeNull();
    expect(stats.reasons.wasserstein_normed).toMatch(/constant/);
    expect(stats.bins?.edges).toEqual([2]);
    expect(stats.bins?.reference).toEqual([50, 0]);
    expect(stats.bins?.current).toEqual([2, 1]);
    expect(Number.isFinite(stats.psi)).toBe(true);
  });

  it('refuses unsorted input, NaN and infinities (the caller removes them)', () => {
    expect(() => numericDrift(Float64Array.of(2, 1), Float64Array.of(1))).toThrow(
      /not sorted ascending at index 1/,
    );
    expect(() => numericDrift(Float64Array.of(1, NaN, 3), Float64Array.of(1))).toThrow(RangeError);
    expect(() => numericDrift(Float64Array.of(1), Float64Array.of(1, Infinity))).toThrow(/NaN or ±Infinity/);
  });

  it('reports a distance that overflows instead of returning Infinity', () => {
    const stats = numericDrift(Float64Array.of(-1.7e308), Float64Array.of(1.7e308));
    expect(stats.wasserstein).toBeNull();
    expect(stats.reasons.wasserstein).toMatch(/overflows/);
    expect(stats.wasserstein_normed).toBeNull();
    expect(stats.ks?.statistic).toBe(1);
    for (const value of Object.values(stats)) {
      if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
    }
  });
});
