import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { thinPolyline } from '../../../../src/core/report/html/polyline-thinning.js';

/** Largest distance from a dropped point to the kept polyline's segment that spans it. */
function maxDeviation(xs: ArrayLike<number>, ys: ArrayLike<number>, keep: readonly number[]): number {
  let worst = 0;
  for (let k = 1; k < keep.length; k++) {
    const [a, b] = [keep[k - 1], keep[k]];
    const dx = xs[b] - xs[a];
    const dy = ys[b] - ys[a];
    const len2 = dx * dx + dy * dy;
    for (let i = a + 1; i < b; i++) {
      const px = xs[i] - xs[a];
      const py = ys[i] - ys[a];
      const t = len2 > 0 ? Math.max(0, Math.min(1, (px * dx + py * dy) / len2)) : 0;
      worst = Math.max(worst, Math.hypot(px - t * dx, py - t * dy));
    }
  }
  return worst;
}

/** A ROC-like staircase of n steps in a 400 × 300 px box (seeded LCG). */
function staircase(n: number): { xs: Float64Array; ys: Float64Array } {
  let s = 7;
  const xs = new Float64Array(n + 1);
  const ys = new Float64Array(n + 1);
  let x = 0;
  let y = 0;
  for (let i = 1; i <= n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    if (s / 2147483648 < 0.35) x += 400 / (0.35 * n);
    else y += 300 / (0.65 * n);
    xs[i] = Math.min(400, x);
    ys[i] = Math.min(300, y);
  }
  return { xs, ys };
}

describe('thinPolyline', () => {
  it('keeps every point when there are no more than the budget', () => {
    expect(thinPolyline([0, 1, 2], [0, 5, 0], 300)).toEqual([0, 1, 2]);
  });

  it('drops collinear points and keeps the corners', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => (i <= 500 ? i : 500));
    const ys = Array.from({ length: 1001 }, (_, i) => (i <= 500 ? 0 : i - 500));
    expect(thinPolyline(xs, ys, 300)).toEqual([0, 500, 1000]);
  });

  it('thins a 100 000-step ROC curve to a quarter pixel of its shape, well within the budget', () => {
    const { xs, ys } = staircase(100_000);
    const t0 = performance.now();
    const keep = thinPolyline(xs, ys, 300);
    const ms = performance.now() - t0;
    expect(keep.length).toBeLessThanOrEqual(300);
    expect(keep[0]).toBe(0);
    expect(keep.at(-1)).toBe(100_000);
    expect(maxDeviation(xs, ys, keep)).toBeLessThanOrEqual(0.25);
    expect(ms).toBeLessThan(500);
  });

  it('keeps exactly the budget on a curve too rough for it, the largest deviations first', () => {
    // A zigzag of 10 000 points, 40 px tall, whose amplitude grows along x: no 300 points draw it.
    const xs = Array.from({ length: 10_000 }, (_, i) => i / 25);
    const ys = xs.map((x, i) => (i % 2 ? 1 : -1) * (x / 10));
    const keep = thinPolyline(xs, ys, 300);
    expect(keep.length).toBe(300);
    // Greedy RDP spends its budget where the curve departs most from the line: the tall end.
    expect(keep.filter((i) => i > 5000).length).toBeGreaterThan(keep.filter((i) => i < 5000).length);
  });

  it('stops before the budget once every dropped point is within the tolerance', () => {
    const xs = Array.from({ length: 2000 }, (_, i) => i / 5);
    const ys = xs.map((x) => 100 * Math.sin(x / 40));
    const keep = thinPolyline(xs, ys, 1000, 0.25);
    expect(keep.length).toBeLessThan(1000);
    expect(maxDeviation(xs, ys, keep)).toBeLessThanOrEqual(0.25);
  });

  it('always keeps the ends and the extremes of x and y, ascending, within the budget', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
            fc.double({ min: -1e3, max: 1e3, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 400,
          },
        ),
        fc.integer({ min: 8, max: 50 }),
        (points, budget) => {
          const xs = points.map((p) => p[0]);
          const ys = points.map((p) => p[1]);
          const keep = thinPolyline(xs, ys, budget);
          const n = points.length;
          expect(keep.length).toBeLessThanOrEqual(Math.max(budget, n <= budget ? n : 6));
          for (let k = 1; k < keep.length; k++) expect(keep[k]).toBeGreaterThan(keep[k - 1]);
          expect(keep[0]).toBe(0);
          expect(keep.at(-1)).toBe(n - 1);
          const kept = new Set(keep);
          const argBy = (v: number[], better: (a: number, b: number) => boolean) =>
            v.reduce((best, x, i) => (better(x, v[best]) ? i : best), 0);
          for (const i of [
            argBy(xs, (a, b) => a < b),
            argBy(xs, (a, b) => a > b),
            argBy(ys, (a, b) => a < b),
            argBy(ys, (a, b) => a > b),
          ]) {
            expect(kept.has(i)).toBe(true);
          }
        },
      ),
      { seed: 20240611, numRuns: 200 },
    );
  });
});
