import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { wilcoxonSignedRank } from '../../../src/core/compare/index.js';

interface Case {
  name: string;
  x: number[];
  y: number[];
  statistic: number | null;
  p_value: number | null;
  method: 'exact' | 'approx' | null;
  n: number;
  zeros?: number;
  error?: string;
}
const { cases } = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/compare/wilcoxon.json'), 'utf8'),
) as { cases: Case[] };

describe('wilcoxonSignedRank against scipy.stats.wilcoxon(x, y) 1.10.1 defaults', () => {
  it.each(cases)('$name', (k) => {
    const r = wilcoxonSignedRank(k.x, k.y);
    expect(r.method).toBe(k.method);
    expect(r.n).toBe(k.n);
    expect(r.statistic).toBe(k.statistic);
    if (k.p_value === null) {
      expect(r.pValue).toBeNull();
      expect(r.note).toMatch(/zero/);
    } else {
      expect(r.pValue).not.toBeNull();
      // Exact p-values are sums of k / 2^n: identical. The approximation goes through erfc.
      const tol = k.method === 'exact' ? 0 : 1e-13 * k.p_value + 1e-300;
      expect(Math.abs((r.pValue as number) - k.p_value)).toBeLessThanOrEqual(tol);
    }
    if (k.zeros !== undefined) expect(r.zeros).toBe(k.zeros);
  });

  it('uses the exact distribution at 50 pairs and the normal approximation at 51', () => {
    const x = Array.from({ length: 51 }, (_, i) => i * 1.5);
    const y = x.map((v, i) => v + (i % 3 === 0 ? 1 : -1) * (i + 1));
    expect(wilcoxonSignedRank(x.slice(0, 50), y.slice(0, 50)).method).toBe('exact');
    expect(wilcoxonSignedRank(x, y).method).toBe('approx');
  });

  it('drops zero differences under the approximation and counts them', () => {
    const r = wilcoxonSignedRank([1, 2, 3, 4, 5], [1, 2, 1, 1, 1]);
    expect(r).toMatchObject({ method: 'approx', n: 3, zeros: 2, statistic: 0 });
    expect(r.note).toMatch(/fewer than 10/);
  });

  it('gives no test, with a reason, for no pairs or a non-finite difference', () => {
    expect(wilcoxonSignedRank([], []).note).toBe('no pairs');
    const r = wilcoxonSignedRank([1, Number.NaN], [0, 1]);
    expect(r.pValue).toBeNull();
    expect(r.note).toMatch(/pair 1/);
  });
});
