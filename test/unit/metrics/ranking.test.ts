import { describe, expect, it } from 'vitest';

import { computeClassificationMetrics } from '../../../src/core/metrics/classification.js';
import { argsortDescending, rankByColumn, rankCells } from '../../../src/core/metrics/ranking.js';
import type { ClassificationInput } from '../../../src/core/metrics/types.js';

/** A seeded xorshift32 stream in [0, 1). */
function stream(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** The order a stable comparison sort gives: descending key, ascending position among equal keys. */
function stableOrder(keys: ArrayLike<number>): number[] {
  return Array.from({ length: keys.length }, (_, i) => i).sort((a, b) => keys[b] - keys[a] || a - b);
}

/** The ranking rankByColumn must give, built the slow way from a stable comparison sort. */
function expectedRanking(keys: number[], classOf: (item: number) => [number, number]) {
  const order = stableOrder(keys);
  return {
    items: order.map((item, i) => {
      const [row] = classOf(item);
      return (row << 1) | (i === 0 || keys[item] !== keys[order[i - 1]] ? 1 : 0);
    }),
    classes: order.map((item) => classOf(item)[1]),
  };
}

describe('radix ranking (inputs above the comparison-sort cutoff)', () => {
  it('argsortDescending is stable on many ties, negative scores and a 64-bit range', () => {
    const u = stream(7);
    const n = 20000;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = u();
      keys[i] = r < 0.3 ? Math.floor(u() * 20) / 20 : r < 0.6 ? Math.fround(u() - 0.5) : (u() - 0.5) * 1e6;
    }
    expect(Array.from(argsortDescending(keys))).toEqual(stableOrder(keys));
  });

  it('rankByColumn reads a binary column in place and packs rows, group starts and classes', () => {
    const u = stream(11);
    const n = 9000;
    const proba = new Float64Array(2 * n);
    const yTrue = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = Math.fround(Math.floor(u() * 300) / 300);
      proba[2 * i + 1] = p;
      proba[2 * i] = 1 - p;
      yTrue[i] = u() < p ? 1 : 0;
    }
    const keys = Array.from({ length: n }, (_, i) => proba[2 * i + 1]);
    const ranking = rankByColumn(proba, 2, 1, yTrue);
    const expected = expectedRanking(keys, (row) => [row, yTrue[row]]);
    expect(Array.from(ranking.items)).toEqual(expected.items);
    expect(Array.from(ranking.classes)).toEqual(expected.classes);
  });

  // float32 scores vary in ~29 bits: these take the two-pass path that carries compact keys along.
  it('argsortDescending is stable on float32 scores with many ties', () => {
    const u = stream(13);
    const n = 30000;
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      keys[i] = u() < 0.4 ? Math.fround(Math.floor(u() * 40) / 40 + 1e-3) : Math.fround(u() * 0.999 + 1e-4);
    }
    expect(Array.from(argsortDescending(keys))).toEqual(stableOrder(keys));
  });

  it('rankByColumn on float32 scores spanning many binades packs rows, group starts and classes', () => {
    const u = stream(17);
    const n = 12000;
    const proba = new Float64Array(2 * n);
    const yTrue = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const z = (u() - 0.5) * 40;
      const p = u() < 0.2 ? Math.fround(Math.floor(u() * 8) / 8 + 0.01) : Math.fround(1 / (1 + Math.exp(-z)));
      proba[2 * i + 1] = p;
      proba[2 * i] = Math.fround(1 - p);
      yTrue[i] = u() < p ? 1 : 0;
    }
    const keys = Array.from({ length: n }, (_, i) => proba[2 * i + 1]);
    const ranking = rankByColumn(proba, 2, 1, yTrue);
    const expected = expectedRanking(keys, (row) => [row, yTrue[row]]);
    expect(Array.from(ranking.items)).toEqual(expected.items);
    expect(Array.from(ranking.classes)).toEqual(expected.classes);
  });

  it('rankCells on float32 scores ranks every (row, class) cell with the true-class indicator', () => {
    const u = stream(19);
    const n = 4000;
    const k = 4;
    const proba = new Float64Array(n * k);
    const yTrue = new Int32Array(n);
    for (let i = 0; i < n * k; i++) proba[i] = Math.fround(0.25 + Math.floor(u() * 3000) / 4001);
    for (let i = 0; i < n; i++) yTrue[i] = Math.floor(u() * k);
    const ranking = rankCells(proba, k, yTrue);
    const expected = expectedRanking(Array.from(proba), (cell) => {
      const row = Math.floor(cell / k);
      return [row, yTrue[row] === cell % k ? 1 : 0];
    });
    expect(Array.from(ranking.items)).toEqual(expected.items);
    expect(Array.from(ranking.classes)).toEqual(expected.classes);
  });

  it('keeps +0 and -0 in one group, +0 rows first', () => {
    const n = 5000;
    const proba = new Float64Array(2 * n);
    const yTrue = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      proba[2 * i + 1] = i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : 0.5;
      yTrue[i] = i % 2;
    }
    const ranking = rankByColumn(proba, 2, 1, yTrue);
    const rows = Array.from(ranking.items, (v) => v >>> 1);
    const starts = Array.from(ranking.items, (v) => v & 1);
    const half = rows.filter((r) => r % 3 === 2);
    const positiveZero = rows.filter((r) => r % 3 === 1);
    const negativeZero = rows.filter((r) => r % 3 === 0);
    expect(rows).toEqual([...half, ...positiveZero, ...negativeZero]);
    expect(half).toEqual([...half].sort((a, b) => a - b));
    expect(starts.filter((s) => s === 1)).toHaveLength(2);
    expect(starts[half.length]).toBe(1);
  });

  it('rankCells ranks every (row, class) cell with the true-class indicator', () => {
    const u = stream(3);
    const n = 1500;
    const k = 3;
    const proba = new Float64Array(n * k);
    const yTrue = new Int32Array(n);
    for (let i = 0; i < n * k; i++) proba[i] = Math.floor(u() * 50) / 50;
    for (let i = 0; i < n; i++) yTrue[i] = Math.floor(u() * k);
    const ranking = rankCells(proba, k, yTrue);
    const expected = expectedRanking(Array.from(proba), (cell) => {
      const row = Math.floor(cell / k);
      return [row, yTrue[row] === cell % k ? 1 : 0];
    });
    expect(Array.from(ranking.items)).toEqual(expected.items);
    expect(Array.from(ranking.classes)).toEqual(expected.classes);
  });

  it('integer weights equal repeated rows on a large binary input', () => {
    const u = stream(5);
    const n = 6000;
    const input: ClassificationInput = {
      nClasses: 2,
      yTrue: new Int32Array(n),
      yPred: new Int32Array(n),
      proba: new Float64Array(2 * n),
      weights: new Float64Array(n),
    };
    const repeated: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = Math.fround(Math.floor(u() * 500) / 500);
      input.proba![2 * i + 1] = p;
      input.proba![2 * i] = 1 - p;
      input.yTrue[i] = u() < p ? 1 : 0;
      input.yPred[i] = p >= 0.5 ? 1 : 0;
      input.weights![i] = Math.floor(u() * 3);
      for (let r = 0; r < input.weights![i]; r++) repeated.push(i);
    }
    const m = repeated.length;
    const copy: ClassificationInput = {
      nClasses: 2,
      yTrue: Int32Array.from(repeated, (i) => input.yTrue[i]),
      yPred: Int32Array.from(repeated, (i) => input.yPred[i]),
      proba: new Float64Array(2 * m),
    };
    repeated.forEach((i, j) => {
      copy.proba![2 * j] = input.proba![2 * i];
      copy.proba![2 * j + 1] = input.proba![2 * i + 1];
    });
    const weighted = computeClassificationMetrics('binary', input).metrics;
    const plain = computeClassificationMetrics('binary', copy).metrics;
    for (const name of ['roc_auc', 'average_precision', 'accuracy', 'f1', 'matthews_corrcoef']) {
      expect(weighted[name], name).toBe(plain[name]);
    }
    expect(weighted.log_loss as number).toBeCloseTo(plain.log_loss as number, 12);
    expect(weighted.brier_score as number).toBeCloseTo(plain.brier_score as number, 12);
  });
});
