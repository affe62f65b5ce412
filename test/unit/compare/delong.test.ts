import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { delongTest } from '../../../src/core/compare/index.js';

interface Case {
  name: string;
  yTrue: number[];
  baseline: number[];
  candidate: number[];
  auc_baseline: number | null;
  auc_candidate: number | null;
  difference: number | null;
  variance: number | null;
  z: number | null;
  p_value: number | null;
  ci95: [number, number] | null;
}
const { cases } = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/compare/delong.json'), 'utf8'),
) as { cases: Case[] };

function expectClose(actual: number | null, expected: number | null, rel: number): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(rel * Math.abs(expected) + 1e-15);
}

describe('delongTest against the numpy Sun & Xu reference (AUCs checked by sklearn.roc_auc_score)', () => {
  it.each(cases)('$name', (k) => {
    const r = delongTest(k.yTrue, k.baseline, k.candidate);
    expectClose(r.aucBaseline, k.auc_baseline, 1e-14);
    expectClose(r.aucCandidate, k.auc_candidate, 1e-14);
    expectClose(r.difference, k.difference, 1e-12);
    if (k.variance === 0) expect(r.variance).toBe(0);
    else expectClose(r.variance, k.variance, 1e-10);
    expectClose(r.z, k.z, 1e-10);
    expectClose(r.pValue ?? null, k.variance === 0 ? 1 : k.p_value, 1e-8);
    if (k.ci95 === null && k.variance !== 0) expect(r.ci95).toBeNull();
    if (k.ci95 !== null) {
      expectClose(r.ci95?.[0] ?? null, k.ci95[0], 1e-10);
      expectClose(r.ci95?.[1] ?? null, k.ci95[1], 1e-10);
    }
    if (k.auc_baseline === null || k.variance === null || k.variance === 0) expect(r.note).not.toBeNull();
  });

  it('gives half credit to ties: one positive tied with one negative is AUC 0.5', () => {
    const r = delongTest([1, 0], [0.3, 0.3], [0.9, 0.1]);
    expect(r.aucBaseline).toBe(0.5);
    expect(r.aucCandidate).toBe(1);
    expect(r.variance).toBeNull();
  });

  it('says why with one class only, and refuses non-finite scores with the row', () => {
    expect(delongTest([0, 0, 0], [0.1, 0.2, 0.3], [0.3, 0.2, 0.1]).note).toMatch(/one class only/);
    const r = delongTest([0, 1, 0, 1], [0.1, Number.NaN, 0.3, 0.4], [0.1, 0.2, 0.3, 0.4]);
    expect(r.aucBaseline).toBeNull();
    expect(r.note).toMatch(/baseline score of row 1/);
  });

  it('is antisymmetric: swapping the models flips the difference and keeps the p-value', () => {
    const k = cases.find((c) => c.name === 'medium continuous') as Case;
    const ab = delongTest(k.yTrue, k.baseline, k.candidate);
    const ba = delongTest(k.yTrue, k.candidate, k.baseline);
    expect(ba.difference).toBeCloseTo(-(ab.difference as number), 15);
    expect(ba.pValue).toBeCloseTo(ab.pValue as number, 14);
  });
});
