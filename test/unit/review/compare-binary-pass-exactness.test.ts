/**
 * Review (issue 4, f9f0df0): the bootstrap's fast paths must give exactly the numbers of the general
 * paths. classPass on a two-class ranking now goes to binaryPass, and with no weights or whole-number
 * counts below 256 to binaryPassCounts (int32 running sums, two area accumulators); accuracy with
 * whole-number weights sums in one plain pass instead of numpy's pairwise blocks.
 *
 * References, none of them the code under test:
 * - the general K-class walk of classPass, reached with the same two-class ranking by passing k = 3
 *   (class 2 never occurs, so it only adds zeros): area2, totals and average precision must be
 *   bit-identical;
 * - a brute-force area over every (positive, negative) pair, 2·w_i·w_j for a win and w_i·w_j for a tie
 *   (exact integers), O(n²) on small inputs and O(D²) over the distinct scores on large ones;
 * - scikit-learn's step-sum average precision written out (Σ ΔR·P over the distinct thresholds);
 * - numpy's pairwise sums (pairwiseSum) for accuracy.
 * Cases: ties (few distinct scores, +0 and −0 together), all-positive and all-negative tie groups,
 * zero weights, bootstrap-like counts, positive = 0 and positive = 1, the comparator sort (< 2048 items),
 * the radix sort (≥ 2048), and the byte-weights path (≥ 65 536 rows).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracy } from '../../../src/core/metrics/label-metrics.js';
import { pairwiseSum } from '../../../src/core/metrics/numpy-sum.js';
import { classPass, rankByColumn, rankCells } from '../../../src/core/metrics/ranking.js';

interface Case {
  scores: number[];
  labels: number[];
  weights: number[] | undefined;
  positive: number;
}

function rankingOf(c: Case) {
  const n = c.scores.length;
  const proba = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    proba[2 * i + c.positive] = c.scores[i];
    proba[2 * i + 1 - c.positive] = 1 - c.scores[i];
  }
  return rankByColumn(proba, 2, c.positive, Int32Array.from(c.labels));
}

/** Twice the ROC area in weight², every pair: exact integers for whole-number weights. */
function bruteArea2(c: Case): { area2: number; pos: number; neg: number } {
  let area2 = 0;
  let pos = 0;
  let neg = 0;
  const w = (i: number) => (c.weights === undefined ? 1 : c.weights[i]);
  for (let i = 0; i < c.scores.length; i++) {
    if (c.labels[i] === c.positive) pos += w(i);
    else neg += w(i);
  }
  for (let i = 0; i < c.scores.length; i++) {
    if (c.labels[i] !== c.positive || w(i) === 0) continue;
    for (let j = 0; j < c.scores.length; j++) {
      if (c.labels[j] === c.positive || w(j) === 0) continue;
      if (c.scores[i] > c.scores[j]) area2 += 2 * w(i) * w(j);
      else if (c.scores[i] === c.scores[j]) area2 += w(i) * w(j);
    }
  }
  return { area2, pos, neg };
}

/** The same over the distinct scores (for large inputs with few distinct values). */
function groupedArea2(c: Case): { area2: number; ap: number } {
  const groups = new Map<number, { p: number; q: number }>();
  for (let i = 0; i < c.scores.length; i++) {
    const key = c.scores[i] === 0 ? 0 : c.scores[i]; // −0 is +0
    const g = groups.get(key) ?? { p: 0, q: 0 };
    const w = c.weights === undefined ? 1 : c.weights[i];
    if (c.labels[i] === c.positive) g.p += w;
    else g.q += w;
    groups.set(key, g);
  }
  const desc = [...groups.entries()].sort((a, b) => b[0] - a[0]).map(([, g]) => g);
  let area2 = 0;
  for (let u = 0; u < desc.length; u++) {
    for (let v = 0; v < desc.length; v++) {
      if (u < v) area2 += 2 * desc[u].p * desc[v].q;
      else if (u === v) area2 += desc[u].p * desc[v].q;
    }
  }
  // scikit-learn: thresholds at the distinct scores, descending; AP = Σ (R_n − R_{n−1}) · P_n.
  const total = desc.reduce((s, g) => s + g.p, 0);
  let tp = 0;
  let fp = 0;
  let ap = 0;
  for (const g of desc) {
    tp += g.p;
    fp += g.q;
    if (g.p > 0) ap += (g.p / total) * (tp / (tp + fp));
  }
  return { area2, ap: total === 0 ? 0 : ap };
}

function checkAgainstGeneral(c: Case): void {
  const ranking = rankingOf(c);
  const weights = c.weights === undefined ? undefined : Float64Array.from(c.weights);
  const fast = classPass(ranking, c.positive, 2, weights);
  const general = classPass(ranking, c.positive, 3, weights);
  const negative = 1 - c.positive;
  expect(fast.area2[negative]).toBe(general.area2[negative]);
  expect(fast.totals[negative]).toBe(general.totals[negative]);
  expect(fast.totals[c.positive]).toBe(general.totals[c.positive]);
  expect(Object.is(fast.averagePrecision, general.averagePrecision)).toBe(true);
  const grouped = groupedArea2(c);
  expect(fast.area2[negative]).toBe(grouped.area2);
  if (grouped.ap === 0) expect(fast.averagePrecision).toBe(0);
  else expect(Math.abs(fast.averagePrecision - grouped.ap)).toBeLessThanOrEqual(1e-12 * grouped.ap);
}

/** Scores from a small set (ties), with +0 and −0 among them. */
const tiedScore = fc.constantFrom(-0, 0, 0.1, 0.25, 0.5, 0.5000000000000001, 0.75, 1);
const anyScore = fc.oneof(tiedScore, fc.double({ min: 0, max: 1, noNaN: true }));

const caseOf = (minLength: number, maxLength: number, score = anyScore) =>
  fc.integer({ min: minLength, max: maxLength }).chain((n) =>
    fc.record<Case>({
      scores: fc.array(score, { minLength: n, maxLength: n }),
      // Biased labels give all-positive and all-negative tie groups (and whole classes missing).
      labels: fc.oneof(
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
        fc.array(fc.constantFrom(0, 0, 0, 0, 1), { minLength: n, maxLength: n }),
        fc.array(fc.constantFrom(0), { minLength: n, maxLength: n }),
        fc.array(fc.constantFrom(1), { minLength: n, maxLength: n }),
      ),
      weights: fc.oneof(
        fc.constant(undefined),
        // Bootstrap counts: mostly 0, 1, 2, sometimes more, zero weights included.
        fc.array(fc.constantFrom(0, 0, 1, 1, 1, 2, 3, 7), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: n, maxLength: n }),
      ),
      positive: fc.constantFrom(0, 1),
    }),
  );

describe('review: binaryPass / binaryPassCounts give the general pass numbers exactly', () => {
  it('small inputs (comparator sort): fast = general = brute-force pairs', () => {
    fc.assert(
      fc.property(caseOf(1, 60), (c) => {
        checkAgainstGeneral(c);
        const fast = classPass(
          rankingOf(c),
          c.positive,
          2,
          c.weights === undefined ? undefined : Float64Array.from(c.weights),
        );
        const brute = bruteArea2(c);
        expect(fast.area2[1 - c.positive]).toBe(brute.area2);
        expect(fast.totals[c.positive]).toBe(brute.pos);
        expect(fast.totals[1 - c.positive]).toBe(brute.neg);
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });

  it('radix-sorted rankings (2048 ≤ n ≤ 3000), with ties and ±0', () => {
    fc.assert(
      fc.property(caseOf(2048, 3000, tiedScore), (c) => {
        expect(c.scores.length).toBeGreaterThanOrEqual(2048);
        checkAgainstGeneral(c);
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  it('a radix-sorted ranking of continuous scores against every pair', () => {
    const n = 2500;
    let s = 12345;
    const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (const positive of [0, 1]) {
      const c: Case = {
        scores: Array.from({ length: n }, () => (rand() < 0.1 ? 0.5 : Math.fround(rand()))),
        labels: Array.from({ length: n }, () => (rand() < 0.3 ? 1 : 0)),
        weights: Array.from({ length: n }, () => Math.floor(rand() * 4)),
        positive,
      };
      checkAgainstGeneral(c);
      const fast = classPass(rankingOf(c), positive, 2, Float64Array.from(c.weights!));
      expect(fast.area2[1 - positive]).toBe(bruteArea2(c).area2);
    }
  });

  it('byte weights (≥ 65 536 rows, bootstrap counts) and unweighted, both positive classes', () => {
    const n = 70_000;
    let s = 99;
    const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const scores = Array.from({ length: n }, () => Math.round(rand() * 200) / 200);
    const labels = Array.from({ length: n }, () => (rand() < 0.2 ? 1 : 0));
    // Multinomial-like counts: n draws of a row index.
    const counts = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(rand() * n)]++;
    for (const positive of [0, 1]) {
      checkAgainstGeneral({ scores, labels, weights: counts, positive });
      checkAgainstGeneral({ scores, labels, weights: undefined, positive });
    }
  });

  it('micro-average cells (rankCells, k = 3) through the two-class pass equal the general pass', () => {
    const n = 30_000;
    let s = 5;
    const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const proba = new Float64Array(3 * n);
    for (let i = 0; i < 3 * n; i++) proba[i] = Math.round(rand() * 50) / 50;
    const yTrue = Int32Array.from({ length: n }, () => Math.floor(rand() * 3));
    const counts = new Float64Array(n);
    for (let i = 0; i < n; i++) counts[Math.floor(rand() * n)]++;
    const cells = rankCells(proba, 3, yTrue);
    for (const w of [undefined, counts]) {
      const fast = classPass(cells, 1, 2, w);
      const general = classPass(cells, 1, 3, w);
      expect(fast.area2[0]).toBe(general.area2[0]);
      expect([fast.totals[0], fast.totals[1]]).toEqual([general.totals[0], general.totals[1]]);
      expect(Object.is(fast.averagePrecision, general.averagePrecision)).toBe(true);
    }
  });
});

describe("review: accuracy's whole-number fast path equals numpy's pairwise sums", () => {
  it('whole-number weights (with zeros) give right/total of the pairwise sums, bit for bit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }).chain((n) =>
          fc.tuple(
            fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
            fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
            fc.array(fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 0, max: 2 ** 40 })), {
              minLength: n,
              maxLength: n,
            }),
          ),
        ),
        ([t, p, w]) => {
          const weights = Float64Array.from(w);
          const got = accuracy(Int32Array.from(t), Int32Array.from(p), weights);
          const total = pairwiseSum(weights);
          const right = pairwiseSum(weights.map((x, i) => (t[i] === p[i] ? x : 0)));
          if (total === 0) expect(got).toEqual({ reason: 'the weights sum to 0' });
          else expect(Object.is(got, right / total)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });

  it('fractional, negative, infinite or huge weights keep the pairwise path', () => {
    const t = Int32Array.from([0, 1, 1, 0, 2]);
    const p = Int32Array.from([0, 1, 0, 0, 1]);
    for (const w of [
      [0.1, 0.2, 0.3, 0.4, 0.5],
      [1, 2, -1, 3, 4],
      [2 ** 53, 1, 1, 1, 1],
    ]) {
      const weights = Float64Array.from(w);
      const total = pairwiseSum(weights);
      const right = pairwiseSum(weights.map((x, i) => (t[i] === p[i] ? x : 0)));
      expect(Object.is(accuracy(t, p, weights), right / total)).toBe(true);
    }
  });
});
