import { describe, expect, it } from 'vitest';

import { computeClassificationMetrics } from '../../../src/core/metrics/classification.js';
import { argsortDescending, rankByColumn } from '../../../src/core/metrics/ranking.js';

/**
 * Review finding (twoPassCompact): when the keys' varying bits are an odd count (23 for float32 scores in
 * one binade such as [0.5, 1)), the two digits are 12 bits wide and the second digit of the histogram
 * includes one constant bit above the highest varying bit. The compact keys are masked to `range` bits,
 * so twoPassCompact's second pass drops that bit: when it is 1 (the exponent's lowest bit of [0.5, 1) after
 * the descending flip) every item lands in a bucket whose start offset belongs to the empty lower half,
 * items overwrite each other and most of the output stays 0.
 */

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

describe('two-pass compact radix sort: keys varying in an odd number of bits', () => {
  it('argsortDescending sorts float32 scores in [0.5, 1)', () => {
    const u = stream(23);
    const keys = new Float64Array(10000);
    for (let i = 0; i < keys.length; i++) keys[i] = Math.fround(0.5 + u() * 0.5);
    expect(Array.from(argsortDescending(keys))).toEqual(stableOrder(keys));
  });

  it('argsortDescending sorts float32 scores in [2, 4) and in [-2, -1)', () => {
    const u = stream(29);
    for (const [low, width] of [
      [2, 2],
      [-2, 1],
    ]) {
      const keys = new Float64Array(10000);
      for (let i = 0; i < keys.length; i++) keys[i] = Math.fround(low + u() * width);
      expect(Array.from(argsortDescending(keys)), `[${low}, ${low + width})`).toEqual(stableOrder(keys));
    }
  });

  /** A binary model that predicts the positive class for every row: its P(positive) all lie in [0.5, 1). */
  function confidentModel() {
    const u = stream(31);
    const n = 4000;
    const proba = new Float64Array(2 * n);
    const yTrue = new Int32Array(n);
    const yPred = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = Math.fround(0.5 + u() * 0.5);
      proba[2 * i + 1] = p;
      proba[2 * i] = Math.fround(1 - p);
      yTrue[i] = u() < 2 * p - 1 ? 1 : 0;
      yPred[i] = 1;
    }
    const keys = Array.from({ length: n }, (_, i) => proba[2 * i + 1]);
    return { n, proba, yTrue, yPred, keys };
  }

  it('rankByColumn ranks the rows of a binary model whose positive scores all lie in [0.5, 1)', () => {
    const { proba, yTrue, keys } = confidentModel();
    const ranking = rankByColumn(proba, 2, 1, yTrue);
    expect(Array.from(ranking.items, (v) => v >>> 1)).toEqual(stableOrder(keys));
  });

  it('ROC AUC of that model equals the Mann-Whitney count', () => {
    const { n, proba, yTrue, yPred, keys } = confidentModel();

    // ROC AUC by its definition (Mann-Whitney: a positive above a negative counts 1, a tie 1/2).
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      if (yTrue[i] !== 1) continue;
      for (let j = 0; j < n; j++) {
        if (yTrue[j] !== 0) continue;
        pairs++;
        wins += keys[i] > keys[j] ? 1 : keys[i] === keys[j] ? 0.5 : 0;
      }
    }
    const { metrics } = computeClassificationMetrics('binary', { nClasses: 2, yTrue, yPred, proba });
    expect(metrics.roc_auc as number).toBeCloseTo(wins / pairs, 12);
  });
});
