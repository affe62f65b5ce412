import { describe, expect, it } from 'vitest';

import { categoricalDrift } from '../../../src/core/drift/categorical-column.js';
import { chiSquareHomogeneity } from '../../../src/core/drift/chi-square.js';
import { twoProportionZTest } from '../../../src/core/drift/z-test.js';
import { loadFixture, relativeError } from './fixtures.js';

interface CategoricalCase {
  name: string;
  reference: Record<string, number>;
  current: Record<string, number>;
  expected: {
    categories: string[];
    reference_counts: number[];
    current_counts: number[];
    chi2: { statistic: number; p_value: number; dof: number } | null;
    z: { statistic: number; p_value: number; category: string } | null;
    psi: number;
    jensen_shannon: number;
  };
}

const cases = loadFixture<{ cases: CategoricalCase[] }>('categorical.json').cases;
const TOLERANCE = 1e-12;

describe('categoricalDrift against scipy 1.10.1 (scripts/reference/drift_reference.py)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const stats = categoricalDrift(new Map(Object.entries(c.reference)), new Map(Object.entries(c.current)));
    const want = c.expected;
    expect(stats.categories).toEqual(want.categories);
    expect(stats.reference).toEqual(want.reference_counts);
    expect(stats.current).toEqual(want.current_counts);
    if (want.chi2 === null) {
      expect(stats.chi2).toBeNull();
      expect(stats.reasons.chi2).toMatch(/one category/);
    } else {
      expect(stats.chi2?.dof).toBe(want.chi2.dof);
      expect(relativeError(stats.chi2!.statistic, want.chi2.statistic)).toBeLessThanOrEqual(TOLERANCE);
      expect(relativeError(stats.chi2!.p_value, want.chi2.p_value)).toBeLessThanOrEqual(TOLERANCE);
    }
    if (want.z === null) {
      expect(stats.z).toBeNull();
      expect(stats.reasons.z).toBeTruthy();
    } else {
      expect(stats.z?.category).toBe(want.z.category);
      expect(relativeError(stats.z!.statistic, want.z.statistic)).toBeLessThanOrEqual(TOLERANCE);
      expect(relativeError(stats.z!.p_value, want.z.p_value)).toBeLessThanOrEqual(TOLERANCE);
    }
    expect(relativeError(stats.psi!, want.psi)).toBeLessThanOrEqual(TOLERANCE);
    expect(relativeError(stats.jensen_shannon!, want.jensen_shannon)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('lists the categories seen on one side only', () => {
    const stats = categoricalDrift(
      new Map([
        ['a', 5],
        ['x', 2],
      ]),
      new Map([
        ['a', 3],
        ['y', 1],
      ]),
    );
    expect(stats.only_reference).toEqual(['x']);
    expect(stats.only_current).toEqual(['y']);
  });
});

describe('categorical tests on degenerate input', () => {
  it('does not test one category on both sides (chi-square dof 0, z pooled proportion 1)', () => {
    const stats = categoricalDrift(new Map([['only', 40]]), new Map([['only', 25]]));
    expect(stats.chi2).toBeNull();
    expect(stats.reasons.chi2).toMatch(/0 degrees of freedom/);
    expect(stats.z).toBeNull();
    expect(stats.reasons.z).toMatch(/pooled proportion 0 or 1/);
    expect(stats.psi).toBe(0);
    expect(stats.jensen_shannon).toBe(0);
  });

  it('reports an empty side instead of testing it', () => {
    const stats = categoricalDrift(new Map(), new Map([['a', 3]]));
    expect(stats.chi2).toBeNull();
    expect(stats.psi).toBeNull();
    expect(stats.reasons.psi).toBe('the reference sample has no values');
    expect(twoProportionZTest(0, 0, 1, 2).reason).toBe('the reference side has no values');
    expect(chiSquareHomogeneity([0, 0], [1, 2]).reason).toBe('the reference side has no values');
  });

  it('keeps the z-test for two values and names the value whose share it compares', () => {
    const stats = categoricalDrift(
      new Map([
        ['n', 60],
        ['y', 40],
      ]),
      new Map([
        ['n', 40],
        ['y', 60],
      ]),
    );
    expect(stats.z?.category).toBe('y');
    expect(stats.z!.statistic).toBeLessThan(0);
    expect(stats.reasons.z).toBeUndefined();
    expect(
      categoricalDrift(
        new Map([
          ['a', 1],
          ['b', 1],
          ['c', 1],
        ]),
        new Map([['a', 2]]),
      ).reasons.z,
    ).toBe('not a binary column: 3 categories');
  });

  it('refuses counts that are not non-negative integers', () => {
    expect(() => categoricalDrift(new Map([['a', 1.5]]), new Map())).toThrow(RangeError);
    expect(() => categoricalDrift(new Map(), new Map([['a', -1]]))).toThrow(/current count of "a" is -1/);
  });
});
