import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  delongTest,
  mcnemar,
  pairedBootstrap,
  wilcoxonSignedRank,
  type PairedBootstrapResult,
} from '../../../src/core/compare/index.js';
import {
  metricFunction,
  type ClassificationInput,
  type RegressionInput,
  type Task,
} from '../../../src/core/metrics/index.js';

// The acceptance cases of issue 4 from the fixture models' own predictions (test/fixtures/eval), pinned by
// scripts/reference/compare_models_reference.py (scipy 1.10.1, sklearn 1.2.1). Tolerances, each stated
// where it is used: counts and rows exact; McNemar p 1e-12 relative; DeLong as delong.test.ts; Wilcoxon
// statistic exact (half-integer rank sums), p 1e-13 relative; metrics and bootstrap bounds 1e-12
// (weighted sums here, sums over repeated rows in sklearn).

const root = join(import.meta.dirname, '../../..');
const readJson = (rel: string): unknown => JSON.parse(readFileSync(join(root, rel), 'utf8'));

interface ModelRef {
  name: string;
  reference: string;
  model: string;
  model_sha256: string;
}
interface BootRef {
  candidate: number;
  baseline: number;
  delta: number;
  ci95: [number, number];
  used: number;
  skipped: number;
  higher_is_better: boolean;
}
interface PairRef {
  id: string;
  candidate: ModelRef;
  baseline: ModelRef;
  data: string;
  task: Task;
  classes: (string | number)[] | null;
  rows: number;
  metrics: { candidate: Record<string, number>; baseline: Record<string, number> };
  mcnemar: {
    b: number;
    c: number;
    exact_p_value: number;
    statistic: number | null;
    p_value: number;
    b_rows: number[];
    c_rows: number[];
  } | null;
  delong: {
    auc_baseline: number;
    auc_candidate: number;
    difference: number;
    variance: number;
    z: number;
    p_value: number;
    ci95: [number, number];
  } | null;
  wilcoxon: {
    statistic: number;
    p_value: number;
    method: 'exact' | 'approx';
    n: number;
    zeros: number;
  } | null;
  bootstrap: { seed: number; resamples: number; level: number; metrics: Record<string, BootRef> };
  policy: { metric: string; margin: number; higher_is_better: boolean };
  expected_verdict: 'pass' | 'fail' | 'inconclusive';
  acceptance: 'pass' | 'fail' | 'inconclusive' | null;
}
interface EvalRef {
  model_sha256: string;
  data: string;
  task: Task;
  classes: (string | number)[] | null;
  n_rows: number;
  predictions: { y_true: number[]; y_pred: number[]; proba?: number[] };
}

const fixture = readJson('test/fixtures/compare/models-reference.json') as { pairs: PairRef[] };

interface Loaded {
  ref: EvalRef;
  input: ClassificationInput | RegressionInput;
}

function load(m: ModelRef): Loaded {
  const ref = readJson(m.reference) as EvalRef;
  const p = ref.predictions;
  if (ref.task === 'regression') {
    return { ref, input: { yTrue: Float64Array.from(p.y_true), yPred: Float64Array.from(p.y_pred) } };
  }
  const input: ClassificationInput = {
    nClasses: (ref.classes ?? []).length,
    yTrue: Int32Array.from(p.y_true),
    yPred: Int32Array.from(p.y_pred),
    proba: Float64Array.from(p.proba ?? []),
    classNames: (ref.classes ?? []).map(String),
  };
  return { ref, input };
}

/** |actual − expected| ≤ rel·max(1, |expected|). */
function expectNear(actual: number | null | undefined, expected: number, rel: number, what: string): void {
  expect(actual, what).not.toBeNull();
  expect(actual, what).not.toBeUndefined();
  expect(Math.abs((actual as number) - expected), what).toBeLessThanOrEqual(
    rel * Math.max(1, Math.abs(expected)),
  );
}

function relErr(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

/** The default policy (no regression of the primary metric, margin 0) applied to a paired CI. */
function defaultVerdict(ci: [number, number], higherIsBetter: boolean): 'pass' | 'fail' | 'inconclusive' {
  const [lo, hi] = ci;
  if (higherIsBetter) return hi < 0 ? 'fail' : lo >= 0 ? 'pass' : 'inconclusive';
  return lo > 0 ? 'fail' : hi <= 0 ? 'pass' : 'inconclusive';
}

const correct = (input: ClassificationInput): Uint8Array =>
  Uint8Array.from(input.yTrue, (y, i) => (y === input.yPred[i] ? 1 : 0));

const absErrors = (input: RegressionInput): Float64Array =>
  Float64Array.from(input.yTrue, (y, i) => Math.abs(y - input.yPred[i]));

describe.each(fixture.pairs)('$id: $candidate.name vs $baseline.name', (pair) => {
  const cand = load(pair.candidate);
  const base = load(pair.baseline);

  it('reads the eval fixtures the reference was computed from: same rows, same models', () => {
    expect(cand.ref.model_sha256).toBe(pair.candidate.model_sha256);
    expect(base.ref.model_sha256).toBe(pair.baseline.model_sha256);
    expect(cand.ref.data).toBe(pair.data);
    expect(base.ref.data).toBe(pair.data);
    expect(cand.ref.predictions.y_true).toEqual(base.ref.predictions.y_true);
    expect(cand.ref.n_rows).toBe(pair.rows);
    expect(cand.ref.task).toBe(pair.task);
  });

  it("computes both models' metrics as sklearn does", () => {
    for (const [side, loaded] of [
      ['candidate', cand],
      ['baseline', base],
    ] as const) {
      for (const [name, want] of Object.entries(pair.metrics[side])) {
        const got = metricFunction(pair.task, name)(loaded.input);
        // Weighted sums against sklearn's own summation order: 1e-12 relative.
        expectNear(got, want, 1e-12, `${side} ${name}`);
      }
    }
  });

  if (pair.mcnemar !== null) {
    const ref = pair.mcnemar;
    it(`counts McNemar's b = ${ref.b} and c = ${ref.c} on the same rows, with scipy's p-values`, () => {
      const baseRight = correct(base.input as ClassificationInput);
      const candRight = correct(cand.input as ClassificationInput);
      const r = mcnemar(baseRight, candRight);
      expect(r.b).toBe(ref.b);
      expect(r.c).toBe(ref.c);
      const rows = (keep: (i: number) => boolean): number[] =>
        Array.from(baseRight.keys())
          .filter(keep)
          .map((i) => i + 1);
      expect(rows((i) => baseRight[i] === 1 && candRight[i] === 0)).toEqual(ref.b_rows);
      expect(rows((i) => baseRight[i] === 0 && candRight[i] === 1)).toEqual(ref.c_rows);
      expect(relErr(r.exact.pValue, ref.exact_p_value)).toBeLessThan(1e-12);
      if (ref.statistic === null) {
        expect(r.chiSquare.statistic).toBeNull();
        expect(r.note).not.toBeNull();
      } else {
        // (|b − c| − 1)² / (b + c) of small integers: the same double.
        expect(r.chiSquare.statistic).toBe(ref.statistic);
      }
      expect(relErr(r.chiSquare.pValue, ref.p_value)).toBeLessThan(1e-12);
    });
  }

  if (pair.delong !== null) {
    const ref = pair.delong;
    it("runs DeLong's test on P(class 1) as the numpy Sun & Xu port does", () => {
      const b = base.input as ClassificationInput;
      const c = cand.input as ClassificationInput;
      const positive = (input: ClassificationInput): Float64Array =>
        Float64Array.from({ length: input.yTrue.length }, (_, i) => (input.proba as Float64Array)[2 * i + 1]);
      const r = delongTest(
        Array.from(b.yTrue, (y) => y === 1),
        positive(b),
        positive(c),
      );
      // As delong.test.ts: AUCs 1e-14, difference 1e-12, variance, z and CI 1e-10, p 1e-8 relative.
      expect(relErr(r.aucBaseline as number, ref.auc_baseline)).toBeLessThan(1e-14);
      expect(relErr(r.aucCandidate as number, ref.auc_candidate)).toBeLessThan(1e-14);
      expect(relErr(r.difference as number, ref.difference)).toBeLessThan(1e-12);
      expect(relErr(r.variance as number, ref.variance)).toBeLessThan(1e-10);
      expect(relErr(r.z as number, ref.z)).toBeLessThan(1e-10);
      expect(relErr(r.pValue as number, ref.p_value)).toBeLessThan(1e-8);
      expect(relErr((r.ci95 as [number, number])[0], ref.ci95[0])).toBeLessThan(1e-10);
      expect(relErr((r.ci95 as [number, number])[1], ref.ci95[1])).toBeLessThan(1e-10);
      expect(r.note).toBeNull();
    });
  }

  if (pair.wilcoxon !== null) {
    const ref = pair.wilcoxon;
    it('runs the Wilcoxon signed-rank test on the absolute errors as scipy.stats.wilcoxon does', () => {
      const r = wilcoxonSignedRank(
        absErrors(cand.input as RegressionInput),
        absErrors(base.input as RegressionInput),
      );
      expect(r.method).toBe(ref.method);
      expect(r.n).toBe(ref.n);
      expect(r.zeros).toBe(ref.zeros);
      expect(r.statistic).toBe(ref.statistic);
      // Exact p-values are sums of k / 2^n: identical. The normal approximation goes through erfc: 1e-13.
      if (ref.method === 'exact') expect(r.pValue).toBe(ref.p_value);
      else expect(relErr(r.pValue as number, ref.p_value)).toBeLessThan(1e-13);
    });
  }

  const results = new Map<string, PairedBootstrapResult>();
  const boot = (name: string): PairedBootstrapResult => {
    let r = results.get(name);
    if (r === undefined) {
      const f = metricFunction(pair.task, name);
      // The defaults (seed 0, 1000 resamples, level 0.95) are what the reference used: none passed here.
      r = pairedBootstrap(pair.rows, (w) => ({ candidate: f(cand.input, w), baseline: f(base.input, w) }));
      results.set(name, r);
    }
    return r;
  };

  it.each(Object.entries(pair.bootstrap.metrics))(
    'gives the paired bootstrap CI of the %s change over the same resamples as the Python port',
    (name, ref) => {
      const r = boot(name);
      expect(r).toMatchObject({
        seed: pair.bootstrap.seed,
        resamples: pair.bootstrap.resamples,
        level: pair.bootstrap.level,
        used: ref.used,
        skipped: ref.skipped,
        method: 'percentile',
      });
      expectNear(r.candidate, ref.candidate, 1e-12, 'candidate');
      expectNear(r.baseline, ref.baseline, 1e-12, 'baseline');
      expectNear(r.delta, ref.delta, 1e-12, 'delta');
      expect(r.ci).not.toBeNull();
      // Weighted metrics against sklearn on repeated rows, then the same percentile: 1e-12.
      expectNear(r.ci?.[0], ref.ci95[0], 1e-12, 'ci lo');
      expectNear(r.ci?.[1], ref.ci95[1], 1e-12, 'ci hi');
    },
  );

  it(`is ${pair.expected_verdict} under the default policy (no regression of ${pair.policy.metric}, margin 0)`, () => {
    const r = boot(pair.policy.metric);
    expect(pair.policy.margin).toBe(0);
    const ci = r.ci as [number, number];
    expect(defaultVerdict(ci, pair.policy.higher_is_better)).toBe(pair.expected_verdict);
    if (pair.acceptance !== null) expect(pair.expected_verdict).toBe(pair.acceptance);
  });
});

describe('the acceptance cases of issue 4', () => {
  const byId = new Map(fixture.pairs.map((p) => [p.id, p]));
  it('has a clearly weaker candidate that fails, a model against itself that passes, and one within noise', () => {
    expect(byId.get('penguins-small-vs-demo')?.expected_verdict).toBe('fail');
    expect(byId.get('penguins-demo-vs-itself')?.expected_verdict).toBe('pass');
    expect(byId.get('breast-mlp-vs-logreg')?.expected_verdict).toBe('inconclusive');
  });

  it('gives a model against itself no discordant rows and a zero-width interval at 0', () => {
    const same = byId.get('penguins-demo-vs-itself') as PairRef;
    expect(same.mcnemar).toMatchObject({ b: 0, c: 0, exact_p_value: 1, statistic: null, p_value: 1 });
    expect(same.bootstrap.metrics.accuracy.ci95).toEqual([0, 0]);
  });
});
