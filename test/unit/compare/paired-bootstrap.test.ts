import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { pairedBootstrap } from '../../../src/core/compare/index.js';
import { bootstrapCIDetailed } from '../../../src/core/metrics/bootstrap.js';

interface Pair {
  yTrue: number[];
  baseline: number[];
  candidate: number[];
}
interface Case {
  metric: 'accuracy' | 'mae';
  data: 'breast' | 'diabetes';
  seed: number;
  resamples: number;
  candidate: number;
  baseline: number;
  delta: number;
  ci95: [number, number];
  skipped: number;
}
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/compare/paired_bootstrap.json'), 'utf8'),
) as {
  breast: Pair;
  diabetes: Pair;
  cases: Case[];
  skip: { n: number; x: number[]; seed: number; resamples: number; skipped: number; ci95: [number, number] };
};

function weightedMean(values: (i: number) => number, w: Float64Array): number {
  let s = 0;
  let t = 0;
  for (let i = 0; i < w.length; i++) {
    s += w[i] * values(i);
    t += w[i];
  }
  return s / t;
}

function metricOf(k: Case): (w: Float64Array) => { candidate: number; baseline: number } {
  const d = fixture[k.data];
  const loss =
    k.metric === 'accuracy'
      ? (p: number[]) => (i: number) => (p[i] === d.yTrue[i] ? 1 : 0)
      : (p: number[]) => (i: number) => Math.abs(d.yTrue[i] - p[i]);
  const c = loss(d.candidate);
  const b = loss(d.baseline);
  return (w) => ({ candidate: weightedMean(c, w), baseline: weightedMean(b, w) });
}

describe('pairedBootstrap against sklearn on the same xoshiro128** resamples (Python port)', () => {
  it.each(fixture.cases)('$metric on $data, seed $seed, $resamples resamples', (k) => {
    const r = pairedBootstrap(fixture[k.data].yTrue.length, metricOf(k), {
      seed: k.seed,
      resamples: k.resamples,
    });
    expect(r.candidate).toBeCloseTo(k.candidate, 13);
    expect(r.baseline).toBeCloseTo(k.baseline, 13);
    expect(r.delta).toBeCloseTo(k.delta, 13);
    // Weighted sums and sklearn's sums over repeated rows round differently: 1e-12 absolute, no more.
    expect(Math.abs((r.ci?.[0] ?? NaN) - k.ci95[0])).toBeLessThan(1e-12 * Math.max(1, Math.abs(k.ci95[0])));
    expect(Math.abs((r.ci?.[1] ?? NaN) - k.ci95[1])).toBeLessThan(1e-12 * Math.max(1, Math.abs(k.ci95[1])));
    expect(r).toMatchObject({ resamples: k.resamples, used: k.resamples, skipped: 0, seed: k.seed });
  });

  it('skips exactly the resamples where a metric has no value, as the reference counts them', () => {
    const s = fixture.skip;
    const r = pairedBootstrap(
      s.n,
      (w) => ({ candidate: w[0] === 0 ? null : weightedMean((i) => s.x[i], w), baseline: 0.5 }),
      { seed: s.seed, resamples: s.resamples },
    );
    expect(r.skipped).toBe(s.skipped);
    expect(r.used).toBe(s.resamples - s.skipped);
    expect(r.ci?.[0]).toBeCloseTo(s.ci95[0], 14);
    expect(r.ci?.[1]).toBeCloseTo(s.ci95[1], 14);
  });

  it('on two rows, one right and one wrong, draws deltas −½, 0, ½ about ¼, ½, ¼ of the time', () => {
    const seen = new Map<number, number>();
    const r = pairedBootstrap(
      2,
      (w) => {
        const candidate = w[0] / (w[0] + w[1]);
        if (w[0] + w[1] === 2) {
          const delta = candidate - 0.5;
          seen.set(delta, (seen.get(delta) ?? 0) + 1);
        }
        return { candidate, baseline: 0.5 };
      },
      { seed: 3, resamples: 2000 },
    );
    // The point value (weights 1, 1) is counted once too.
    const counts = [-0.5, 0, 0.5].map((d) => seen.get(d) ?? 0);
    expect(counts.reduce((a, b) => a + b)).toBe(2001);
    // Binomial sd of a quarter of 2000 is ~19: 6 sd either side.
    expect(Math.abs(counts[0] - 500)).toBeLessThan(120);
    expect(Math.abs(counts[1] - 1001)).toBeLessThan(140);
    expect(r.delta).toBe(0);
    expect(r.ci).toEqual([-0.5, 0.5]);
  });

  it('draws the same resamples as the metrics bootstrap for the same seed', () => {
    const seen: number[] = [];
    const firstRows = (w: Float64Array) => w[0] * 1000 + w[1] * 100 + w[2] * 10 + w[3];
    pairedBootstrap(4, (w) => (seen.push(firstRows(w)), { candidate: 0, baseline: 0 }), {
      seed: 9,
      resamples: 50,
    });
    const expected: number[] = [];
    bootstrapCIDetailed(4, (w) => (expected.push(firstRows(w)), 0), { seed: 9, resamples: 50 });
    expect(seen.slice(1)).toEqual(expected);
  });

  it('gives no interval, with the reason, when most resamples have no value', () => {
    const r = pairedBootstrap(3, (w) => ({ candidate: w[0] > 1 ? 1 : null, baseline: 0 }), {
      resamples: 100,
    });
    expect(r.ci).toBeNull();
    expect(r.delta).toBeNull();
    expect(r.note).toMatch(/no value on all rows/);
    expect(r.skipped).toBeGreaterThan(50);
    const s = pairedBootstrap(3, (w) => ({ candidate: w[0] > 1 ? 1 : Number.NaN, baseline: 0.25 }), {
      resamples: 100,
    });
    expect(s.delta).toBeNull();
    expect(s.candidate).toBeNull();
  });
});
