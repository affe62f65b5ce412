import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { binomTestTwoSidedHalf, mcnemar, mcnemarFromCounts } from '../../../src/core/compare/index.js';

interface Expected {
  b: number;
  c: number;
  exact_p: number;
  chi2_statistic: number | null;
  chi2_p: number;
}
interface ArrayCase extends Expected {
  name: string;
  baseline: number[];
  candidate: number[];
  weights: number[] | null;
}
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/compare/mcnemar.json'), 'utf8'),
) as { arrays: ArrayCase[]; counts: Expected[] };

/** Relative error, with an absolute floor for values near 0 (p-values underflow together). */
function relErr(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}

describe('mcnemar against scipy.stats.binomtest and the statsmodels chi-square', () => {
  it.each(fixture.arrays)('$name: counts b, c from the correctness arrays and both p-values', (k) => {
    const r = mcnemar(Uint8Array.from(k.baseline), Uint8Array.from(k.candidate), k.weights ?? undefined);
    expect([r.b, r.c]).toEqual([k.b, k.c]);
    expect(relErr(r.exact.pValue, k.exact_p)).toBeLessThan(1e-13);
    expect(r.chiSquare.statistic).toBe(k.chi2_statistic);
    expect(relErr(r.chiSquare.pValue, k.chi2_p)).toBeLessThan(1e-13);
  });

  it.each(fixture.counts)('b=$b c=$c', (k) => {
    const r = mcnemarFromCounts(k.b, k.c);
    expect(relErr(r.exact.pValue, k.exact_p)).toBeLessThan(1e-12);
    expect(r.chiSquare.statistic).toBe(k.chi2_statistic);
    expect(relErr(r.chiSquare.pValue, k.chi2_p)).toBeLessThan(1e-12);
  });

  it('puts baseline-right-candidate-wrong rows in b (DESIGN §4)', () => {
    const r = mcnemar([true, true, false, false, true], [false, false, true, true, true]);
    expect([r.b, r.c]).toEqual([2, 2]);
    const s = mcnemar([1, 1, 1, 0], [0, 0, 0, 1]);
    expect([s.b, s.c]).toEqual([3, 1]);
  });

  it('weights count a row as many times as it was drawn and skip weight 0', () => {
    const r = mcnemar([1, 0, 1], [0, 1, 1], [3, 0, 5]);
    expect([r.b, r.c]).toEqual([3, 0]);
    expect(r).toEqual(mcnemarFromCounts(3, 0));
  });

  it('gives p 1 with a note and no chi-square statistic when no pair is discordant', () => {
    const r = mcnemar([1, 0, 1], [1, 0, 1]);
    expect(r.exact.pValue).toBe(1);
    expect(r.chiSquare).toEqual({ statistic: null, pValue: 1 });
    expect(r.note).toMatch(/b \+ c = 0/);
  });

  it('refuses fractional weights, which have no binomial meaning', () => {
    expect(() => mcnemar([1], [0], [0.5])).toThrow(/weight/);
  });

  it('is symmetric in b and c for the p-values and hand-checkable on small counts', () => {
    // binomtest(1, 4): 2·(1 + 4) / 16 = 0.625.
    expect(binomTestTwoSidedHalf(1, 4)).toBe(0.625);
    expect(mcnemarFromCounts(1, 3).exact.pValue).toBe(0.625);
    expect(mcnemarFromCounts(3, 1).exact.pValue).toBe(0.625);
    // (|1 − 3| − 1)² / 4 = 0.25.
    expect(mcnemarFromCounts(3, 1).chiSquare.statistic).toBe(0.25);
  });

  it('stays finite and ordered on 100 000 discordant pairs', () => {
    const p = [49_000, 49_500, 49_900, 49_990, 50_000].map((k) => binomTestTwoSidedHalf(k, 100_000));
    for (let i = 1; i < p.length; i++) expect(p[i]).toBeGreaterThan(p[i - 1]);
    expect(p[4]).toBe(1);
  });
});
