import { describe, expect, it } from 'vitest';

import { ecdfStatistics } from '../../../src/core/drift/ecdf-walk.js';
import { ksTwoSided, outerProbInside, probOutsideSquare, roundHalfEven } from '../../../src/core/drift/ks.js';

describe('two-sample KS p-values', () => {
  it('rounds like numpy (half to even)', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999999999999996, 3.5000000000000004].map(roundHalfEven)).toEqual([
      0, 2, 2, 4, 2, 4,
    ]);
  });

  it('counts lattice paths: both exact methods agree where both apply and match small hand cases', () => {
    // n1 = n2 = 2, D = 1: only the 2 of C(4,2) = 6 paths that go fully one way first.
    expect(probOutsideSquare(2, 2)).toBeCloseTo(2 / 6, 15);
    // The inside method on equal sizes (scipy uses the square formula there) gives the same probability.
    for (const [n, h] of [
      [10, 3],
      [25, 7],
      [60, 12],
    ]) {
      expect(outerProbInside(n, n, n, h)).toBeCloseTo(probOutsideSquare(n, h), 13);
    }
  });

  it('falls back to the asymptotic p-value when the exact one leaves [0, 1], keeping the rounded D', () => {
    expect(probOutsideSquare(5, 1)).toBeGreaterThan(1);
    expect(ksTwoSided(0.2, 5, 5)).toEqual({ statistic: 0.2, p_value: 1, method: 'asymptotic' });
  });

  it('switches to the asymptotic p-value above 10 000 values on a side', () => {
    expect(ksTwoSided(0.01, 10_000, 10_000).method).toBe('exact');
    expect(ksTwoSided(0.01, 10_001, 10_000).method).toBe('asymptotic');
    expect(ksTwoSided(0, 20_000, 20_000)).toEqual({ statistic: 0, p_value: 1, method: 'asymptotic' });
  });

  it('takes the statistic at the ends of runs of ties, whichever side a tied value comes from', () => {
    const a = Float64Array.of(1, 2, 2, 2, 3);
    const b = Float64Array.of(2, 2, 3, 3, 3, 4);
    // F_a - F_b at 1: 0.2; at 2: 0.8 - 2/6; at 3: 1 - 5/6; at 4: 0.
    expect(ecdfStatistics(a, b).ksStatistic).toBe(0.8 - 2 / 6);
    expect(ecdfStatistics(b, a).ksStatistic).toBe(0.8 - 2 / 6);
  });
});
