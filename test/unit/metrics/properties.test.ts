import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { metricNames } from '../../../src/core/metrics/catalogue.js';
import { computeClassificationMetrics } from '../../../src/core/metrics/classification.js';
import { pairwiseSum } from '../../../src/core/metrics/numpy-sum.js';
import { argsortDescending } from '../../../src/core/metrics/ranking.js';
import { computeRegressionMetrics } from '../../../src/core/metrics/regression.js';
import type { ClassificationInput, MetricReport, RegressionInput } from '../../../src/core/metrics/types.js';

const K = 3;

/** Rows of a K-class problem with rounded scores (ties) that sum to 1, and small integer weights. */
const classificationRows = fc.array(
  fc.record({
    t: fc.integer({ min: 0, max: K - 1 }),
    p: fc.integer({ min: 0, max: K - 1 }),
    s: fc.tuple(
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
    ),
    w: fc.integer({ min: 0, max: 3 }),
  }),
  { minLength: 1, maxLength: 40 },
);

type Row = { t: number; p: number; s: [number, number, number]; w: number };

function toInput(rows: Row[], weights: boolean): ClassificationInput {
  return {
    nClasses: K,
    yTrue: Int32Array.from(rows, (r) => r.t),
    yPred: Int32Array.from(rows, (r) => r.p),
    proba: Float64Array.from(rows.flatMap((r) => r.s.map((v) => v / (r.s[0] + r.s[1] + r.s[2])))),
    weights: weights ? Float64Array.from(rows, (r) => r.w) : undefined,
  };
}

function expectSameReport(a: MetricReport, b: MetricReport, exact: Set<string>): void {
  for (const [name, v] of Object.entries(a.metrics)) {
    const w = b.metrics[name];
    if (typeof v === 'number' && typeof w === 'number') {
      if (exact.has(name)) expect(v, name).toBe(w);
      else expect(Math.abs(v - w), name).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w)));
    } else if (v === null || w === null) expect([name, v], name).toEqual([name, w]);
    else expect(v, name).toEqual(w);
  }
}

// Counts summed in any order are exact; ratios of the same integers are the same float.
const EXACT = new Set(['accuracy', 'precision_micro', 'recall_micro', 'f1_micro', 'confusion_matrix']);

describe('weights', () => {
  it('integer weights equal repeating rows (every classification metric)', () => {
    fc.assert(
      fc.property(classificationRows, (rows) => {
        const repeated = rows.flatMap((r) => Array.from({ length: r.w }, () => ({ ...r, w: 1 })));
        fc.pre(repeated.length > 0);
        for (const task of ['multiclass'] as const) {
          expectSameReport(
            computeClassificationMetrics(task, toInput(rows, true)),
            computeClassificationMetrics(task, toInput(repeated, false)),
            EXACT,
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('integer weights equal repeating rows (binary, every metric)', () => {
    fc.assert(
      fc.property(classificationRows, (rows) => {
        const two = rows.map((r) => ({
          ...r,
          t: r.t % 2,
          p: r.p % 2,
          s: [r.s[0], r.s[1], 0] as [number, number, number],
        }));
        const binaryInput = (rs: Row[], weighted: boolean): ClassificationInput => ({
          nClasses: 2,
          yTrue: Int32Array.from(rs, (r) => r.t),
          yPred: Int32Array.from(rs, (r) => r.p),
          proba: Float64Array.from(
            rs.flatMap((r) => [r.s[0] / (r.s[0] + r.s[1]), r.s[1] / (r.s[0] + r.s[1])]),
          ),
          weights: weighted ? Float64Array.from(rs, (r) => r.w) : undefined,
        });
        const repeated = two.flatMap((r) => Array.from({ length: r.w }, () => ({ ...r, w: 1 })));
        fc.pre(repeated.length > 0);
        expectSameReport(
          computeClassificationMetrics('binary', binaryInput(two, true)),
          computeClassificationMetrics('binary', binaryInput(repeated, false)),
          EXACT,
        );
      }),
      { numRuns: 150 },
    );
  });

  it('integer weights equal repeating rows (regression)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            t: fc.double({ min: -100, max: 100, noNaN: true }),
            p: fc.double({ min: -100, max: 100, noNaN: true }),
            w: fc.integer({ min: 1, max: 3 }),
          }),
          { minLength: 2, maxLength: 40 },
        ),
        (rows) => {
          const weighted: RegressionInput = {
            yTrue: Float64Array.from(rows, (r) => r.t),
            yPred: Float64Array.from(rows, (r) => r.p),
            weights: Float64Array.from(rows, (r) => r.w),
          };
          const repeated = rows.flatMap((r) => Array.from({ length: r.w }, () => r));
          const plain: RegressionInput = {
            yTrue: Float64Array.from(repeated, (r) => r.t),
            yPred: Float64Array.from(repeated, (r) => r.p),
            // sklearn's weighted median is the lower median: compare like with like.
            weights: new Float64Array(repeated.length).fill(1),
          };
          const a = computeRegressionMetrics(weighted).metrics;
          const b = computeRegressionMetrics(plain).metrics;
          for (const name of metricNames('regression')) {
            const va = a[name] as number;
            const vb = b[name] as number;
            const scale = Math.max(1, Math.abs(vb), name === 'r2' || name === 'explained_variance' ? 1e3 : 1);
            expect(Math.abs(va - vb), name).toBeLessThanOrEqual(1e-9 * scale);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a row of weight 0 is a row not there', () => {
    fc.assert(
      fc.property(classificationRows, (rows) => {
        const kept = rows.filter((r) => r.w > 0);
        fc.pre(kept.length > 0);
        expectSameReport(
          computeClassificationMetrics('multiclass', toInput(rows, true)),
          computeClassificationMetrics('multiclass', toInput(kept, true)),
          new Set(),
        );
      }),
      { numRuns: 150 },
    );
  });
});

describe('ranking metrics', () => {
  const binaryRows = fc.array(
    fc.record({ t: fc.integer({ min: 0, max: 1 }), s: fc.integer({ min: 0, max: 20 }) }),
    { minLength: 2, maxLength: 60 },
  );

  function auc(rows: { t: number; s: number }[], f: (s: number) => number): MetricReport {
    return computeClassificationMetrics('binary', {
      nClasses: 2,
      yTrue: Int32Array.from(rows, (r) => r.t),
      yPred: Int32Array.from(rows, (r) => r.t),
      proba: Float64Array.from(rows.flatMap((r) => [1 - f(r.s), f(r.s)])),
    });
  }

  it('ROC AUC and AP are unchanged by a strictly increasing transform of the scores', () => {
    fc.assert(
      fc.property(binaryRows, (rows) => {
        const a = auc(rows, (s) => s / 20);
        const b = auc(rows, (s) => Math.exp(s / 7) / 1000);
        expect(a.metrics.roc_auc === null).toBe(b.metrics.roc_auc === null);
        if (a.metrics.roc_auc !== null) {
          expect(b.metrics.roc_auc as number).toBeCloseTo(a.metrics.roc_auc as number, 12);
          expect(b.metrics.average_precision as number).toBeCloseTo(
            a.metrics.average_precision as number,
            12,
          );
        }
      }),
    );
  });

  it('ROC AUC equals the pair count with ties at half (Mann-Whitney)', () => {
    fc.assert(
      fc.property(binaryRows, (rows) => {
        const pos = rows.filter((r) => r.t === 1);
        const neg = rows.filter((r) => r.t === 0);
        fc.pre(pos.length > 0 && neg.length > 0);
        let wins = 0;
        for (const p of pos) for (const q of neg) wins += p.s > q.s ? 1 : p.s === q.s ? 0.5 : 0;
        expect(auc(rows, (s) => s / 20).metrics.roc_auc as number).toBeCloseTo(
          wins / (pos.length * neg.length),
          12,
        );
      }),
    );
  });

  it('sorts large arrays like a comparison sort (radix path)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1, -1)),
          {
            minLength: 2048,
            maxLength: 3000,
          },
        ),
        (values) => {
          const keys = Float64Array.from(values);
          const order = argsortDescending(keys);
          expect(new Set(order).size).toBe(keys.length);
          for (let i = 1; i < order.length; i++) expect(keys[order[i - 1]] >= keys[order[i]]).toBe(true);
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('pairwiseSum', () => {
  it('is exact on integers in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { maxLength: 500 }), (values) => {
        expect(pairwiseSum(values)).toBe(values.reduce((a, b) => a + b, 0));
      }),
    );
  });
});
