import { describe, expect, it } from 'vitest';

import { benjaminiHochberg, bonferroni, type PValue } from '../../../src/core/drift/multiple-testing.js';
import { loadFixture } from './fixtures.js';

interface MultipleTestingFixture {
  published_bh: number[];
  cases: { name: string; p_values: PValue[]; bh: PValue[]; bonferroni: PValue[] }[];
}

const fixture = loadFixture<MultipleTestingFixture>('multiple_testing.json');

describe('multiple-testing corrections', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s: equal the numpy reference', (_name, c) => {
    expect(benjaminiHochberg(c.p_values)).toEqual(c.bh);
    expect(bonferroni(c.p_values)).toEqual(c.bonferroni);
  });

  it('reproduces the adjusted p-values of Benjamini & Hochberg (1995) and its 4 vs 3 rejections', () => {
    const textbook = fixture.cases[0].p_values;
    const adjusted = benjaminiHochberg(textbook) as number[];
    adjusted.forEach((q, i) => expect(Math.abs(q - fixture.published_bh[i])).toBeLessThan(5e-9));
    expect(adjusted.filter((q) => q <= 0.05)).toHaveLength(4);
    expect((bonferroni(textbook) as number[]).filter((q) => q <= 0.05)).toHaveLength(3);
  });

  it('leaves untested columns null and out of m', () => {
    expect(benjaminiHochberg([null, 0.01, null, 0.04])).toEqual([null, 0.02, null, 0.04]);
    expect(bonferroni([0.2, null, 0.6])).toEqual([0.4, null, 1]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochberg([null])).toEqual([null]);
  });

  it('is monotone in the p-values and never below them', () => {
    const p = [0.5, 0.001, 0.03, 0.02, 0.9, 0.04, 0.0401];
    const q = benjaminiHochberg(p) as number[];
    const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
    for (let k = 1; k < order.length; k++) expect(q[order[k]]).toBeGreaterThanOrEqual(q[order[k - 1]]);
    p.forEach((v, i) => expect(q[i]).toBeGreaterThanOrEqual(v));
  });
});
