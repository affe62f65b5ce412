/**
 * `node dist/cli.js compare` on real models and data: issue 4's "Acceptance on real data". The five pairs
 * of test/fixtures/compare/models-reference.json (scripts/reference/compare_models_reference.py: scipy
 * 1.10.1, scikit-learn 1.2.1, numpy, from each model's numpy float32 predictions in
 * test/fixtures/eval/<model>.reference.json) are run through the bundled CLI, which runs both models in
 * ONNX Runtime, and its comparison.json is checked against the reference: verdict, McNemar, DeLong,
 * Wilcoxon, the primary metric's paired bootstrap CI, exit codes. Then the other baselines (stored
 * results, none), the rules, shadow mode and bad input.
 *
 * Tolerances (ONNX Runtime's float32 outputs against the reference's numpy float32 ones, which the eval
 * fixtures document to agree within |Δ| ≤ 1e-6 + 1e-6·|value| per output, not bit for bit):
 * - McNemar b and c exact; its exact and chi-square p-values rtol 1e-9. The counts depend on the predicted
 *   classes only, and no row flips: the one near tie of the fixtures (wine row 9 of
 *   tree-ensemble-classifier, two leaf sums equal) has exact bits in both (leaf weights are multiples of
 *   2^-16), so b and c come out as the reference's.
 * - DeLong and every classification CI bound: AUC and accuracy depend on the order of the scores and on
 *   the predicted classes only, both the reference's, so the values agree to summation order: DeLong's
 *   AUCs 1e-12 absolute, z, p and CI rtol 1e-9; accuracy and roc_auc and their CI bounds 1e-12 absolute.
 * - Regression (rmse, mae and their CI bounds): derived, not guessed. With ε = max over rows of
 *   1e-6 + 1e-6·|ŷ| for each model (from the reference's own predictions), rmse and mae (also weighted,
 *   for a bootstrap resample) move by at most ε (Minkowski), a delta by at most ε_c + ε_b, and a
 *   percentile (linear interpolation between order statistics) by at most the largest move of its
 *   inputs: so |CI bound − reference| ≤ ε_c + ε_b (≈ 6.2e-4 here; measured ≈ 1.8e-6).
 * - Wilcoxon: the statistic is a sum of ranks of |e_c| − |e_b|, exact when no two differences trade
 *   places (they do not here); its p-value rtol 1e-9.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult, PolicyCheck } from '../../src/core/compare/result.js';
import { repoRoot } from '../helpers/run-action.js';

const cli = join(repoRoot, 'dist/cli.js');
const CLASSES = 'Adelie,Chinstrap,Gentoo';

type Verdict = 'pass' | 'fail' | 'inconclusive';
interface ModelRef {
  name: string;
  reference: string;
  model: string;
}
interface BootRef {
  candidate: number;
  baseline: number;
  delta: number;
  ci95: [number, number];
  higher_is_better: boolean;
}
interface PairRef {
  id: string;
  candidate: ModelRef;
  baseline: ModelRef;
  data: string;
  label_column: string;
  task: 'binary' | 'multiclass' | 'regression';
  rows: number;
  metrics: { candidate: Record<string, number>; baseline: Record<string, number> };
  mcnemar: { b: number; c: number; exact_p_value: number; statistic: number | null; p_value: number } | null;
  delong: {
    auc_baseline: number;
    auc_candidate: number;
    difference: number;
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
  expected_verdict: Verdict;
  acceptance: Verdict | null;
}
interface EvalRef {
  tolerance: { abs: number; rel: number };
  predictions: { y_true: number[]; y_pred: number[]; proba?: number[] };
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const fixture = readJson<{ pairs: PairRef[] }>(join(repoRoot, 'test/fixtures/compare/models-reference.json'));
const pairs = new Map(fixture.pairs.map((p) => [p.id, p]));
const pair = (id: string): PairRef => pairs.get(id)!;
const evalRef = (m: ModelRef): EvalRef => readJson<EvalRef>(join(repoRoot, m.reference));

/**
 * What each pair needs besides the models and data the reference names. Three pairs change the
 * signature, which fails a comparison by default; --signature warn reports it only, so the verdict is
 * the statistical one the reference computes:
 * - penguins-small-vs-demo: model-small.onnx has no "Beak Length (mm)" input (an input removed);
 * - breast-mlp-vs-logreg: binary-mlp-logit outputs one logit ("logit"), binary-logreg "label" and
 *   "probabilities" (different outputs); the logit needs --transform sigmoid, the baseline none;
 * - wine-trees-vs-logits: multiclass-logits outputs "logits" only (softmax), the trees "label" and
 *   "probabilities" (different outputs).
 * The penguins labels are class names: --classes in the order of the models' probability columns.
 */
const PAIR_ARGS: Record<string, string[]> = {
  'penguins-small-vs-demo': ['--classes', CLASSES, '--signature', 'warn'],
  'penguins-demo-vs-itself': ['--classes', CLASSES],
  'breast-mlp-vs-logreg': ['--transform', 'sigmoid', '--baseline-transform', 'none', '--signature', 'warn'],
  'diabetes-trees-vs-ridge': [],
  'wine-trees-vs-logits': ['--baseline-transform', 'softmax', '--signature', 'warn'],
};

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'mlgate-compare-cli-'));
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  cwd: string;
}

function mlgate(args: string[], cwd = mkdtempSync(join(scratch, 'run-'))): Run {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, cwd };
}

const result = (r: Run, out = 'mlgate-out'): ComparisonResult =>
  readJson<ComparisonResult>(join(r.cwd, out, 'comparison.json'));

/** The pair's compare command: its models, data, task, label and PAIR_ARGS, then `extra`. */
function pairArgs(p: PairRef, extra: string[] = [], swap = false): string[] {
  const [candidate, baseline] = swap ? [p.baseline, p.candidate] : [p.candidate, p.baseline];
  return [
    'compare',
    '--candidate',
    join(repoRoot, candidate.model),
    '--baseline',
    join(repoRoot, baseline.model),
    '--data',
    join(repoRoot, p.data),
    '--task',
    p.task,
    '--label',
    p.label_column,
    ...PAIR_ARGS[p.id],
    ...extra,
  ];
}

const relErr = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

function expectClose(actual: number | null | undefined, expected: number, tol: number, what: string) {
  expect(typeof actual, what).toBe('number');
  expect(Math.abs((actual as number) - expected), what).toBeLessThanOrEqual(tol);
}

/** ε of the header: the most ONNX Runtime's prediction may differ from the reference's for any row. */
function predictionTolerance(m: ModelRef): number {
  const ref = evalRef(m);
  return Math.max(...ref.predictions.y_pred.map((y) => ref.tolerance.abs + ref.tolerance.rel * Math.abs(y)));
}

/** The tolerance for a metric value (side) or a delta and its CI bounds (side undefined). */
function metricTolerance(p: PairRef, side?: 'candidate' | 'baseline'): number {
  if (p.task !== 'regression') return 1e-12;
  if (side) return predictionTolerance(p[side]);
  return predictionTolerance(p.candidate) + predictionTolerance(p.baseline);
}

/** Exactly one line on stderr, naming the command, nothing on stdout, no stack trace. */
function expectOneLineError(r: Run, pattern: RegExp): void {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^mlgate compare: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

const check = (r: ComparisonResult, rule: PolicyCheck['rule'], metric?: string): PolicyCheck[] =>
  r.checks.filter((c) => c.rule === rule && (metric === undefined || c.metric === metric));

// ---------------------------------------------------------------------------------------------------

describe.each(fixture.pairs.map((p) => [p.id, p] as const))(
  'mlgate compare on %s, against scipy and scikit-learn',
  (id, ref) => {
    let run: Run;
    let r: ComparisonResult;
    beforeAll(() => {
      // Latency is no reference value: measured once, below.
      run = mlgate(pairArgs(ref, ['--no-latency']));
      r = result(run);
    });

    it(`gives the verdict ${ref.expected_verdict} and the exit code --fail-on fail gives it`, () => {
      expect(run.stderr).toBe('');
      if (ref.acceptance !== null) expect(ref.expected_verdict).toBe(ref.acceptance);
      expect(r.verdict).toBe(ref.expected_verdict);
      expect(run.status).toBe(ref.expected_verdict === 'fail' ? 1 : 0);
      expect(run.stdout).toMatch(
        new RegExp(
          `^mlgate compare: ${ref.expected_verdict.toUpperCase()} \\(paired, ${ref.rows} rows,`,
          'm',
        ),
      );
      expect(r).toMatchObject({ mode: 'paired', task: ref.task, rows: ref.rows });
      expect(r.primary_metric).toBe(ref.policy.metric);
      expect(r.policy).toMatchObject({
        source: 'default',
        rules: [{ metric: ref.policy.metric, margin: 0 }],
      });
      const primary = check(r, 'non_inferiority', ref.policy.metric);
      expect(primary).toHaveLength(1);
      expect(primary[0].status).toBe(ref.expected_verdict);
      expect(r.reasons).toContain(primary[0].reason);
    });

    it("gives both models' metrics and the primary metric's paired bootstrap CI of the change", () => {
      expect(r.bootstrap).toEqual({
        resamples: ref.bootstrap.resamples,
        seed: ref.bootstrap.seed,
        level: ref.bootstrap.level,
        method: 'percentile',
      });
      for (const side of ['candidate', 'baseline'] as const) {
        for (const [name, want] of Object.entries(ref.metrics[side])) {
          // log_loss and r2 move with every float32 ulp of the scores; the metrics the CIs are built on
          // (accuracy, roc_auc, rmse, mae) are the ones held to the tolerances of the header.
          if (name === 'log_loss' || name === 'r2') {
            expect(relErr(r.metrics[name][side]!, want), `${side} ${name}`).toBeLessThan(1e-6);
          } else expectClose(r.metrics[name][side], want, metricTolerance(ref, side), `${side} ${name}`);
        }
      }
      const boot = ref.bootstrap.metrics[ref.policy.metric];
      const m = r.metrics[ref.policy.metric];
      expect(m.higher_is_better).toBe(boot.higher_is_better);
      expectClose(m.delta, boot.delta, metricTolerance(ref), 'delta');
      expect(m.ci95).not.toBeNull();
      expectClose(m.ci95![0], boot.ci95[0], metricTolerance(ref), 'CI lower bound');
      expectClose(m.ci95![1], boot.ci95[1], metricTolerance(ref), 'CI upper bound');
    });

    if (ref.mcnemar) {
      const mc = ref.mcnemar;
      it(`counts McNemar's b = ${mc.b}, c = ${mc.c} with scipy's exact and chi-square p-values`, () => {
        const t = r.tests.mcnemar!;
        expect(t.b).toBe(mc.b);
        expect(t.c).toBe(mc.c);
        expect(t.statistic).toBe(mc.statistic);
        expect(relErr(t.exact_p_value, mc.exact_p_value)).toBeLessThan(1e-9);
        expect(relErr(t.p_value, mc.p_value)).toBeLessThan(1e-9);
        expect(run.stdout).toContain(`McNemar: b = ${mc.b}, c = ${mc.c}`);
      });
    } else {
      it('runs no McNemar test on a regression', () => expect(r.tests.mcnemar).toBeUndefined());
    }

    if (ref.delong) {
      const d = ref.delong;
      it("runs DeLong's test on the AUC difference as the numpy Sun & Xu port does", () => {
        const t = r.tests.delong!;
        expectClose(t.auc_candidate, d.auc_candidate, 1e-12, 'AUC candidate');
        expectClose(t.auc_baseline, d.auc_baseline, 1e-12, 'AUC baseline');
        expectClose(t.difference, d.difference, 1e-12, 'difference');
        expect(relErr(t.z!, d.z)).toBeLessThan(1e-9);
        expect(relErr(t.p_value!, d.p_value)).toBeLessThan(1e-9);
        expect(relErr(t.ci95![0], d.ci95[0])).toBeLessThan(1e-9);
        expect(relErr(t.ci95![1], d.ci95[1])).toBeLessThan(1e-9);
        expect(t.note).toBeNull();
      });
    } else {
      it('runs DeLong on binary tasks only', () => expect(r.tests.delong).toBeUndefined());
    }

    if (ref.wilcoxon) {
      const w = ref.wilcoxon;
      it('runs the Wilcoxon signed-rank test on the absolute errors as scipy.stats.wilcoxon does', () => {
        const t = r.tests.wilcoxon!;
        expect(t).toMatchObject({ statistic: w.statistic, method: w.method, n: w.n, zeros: w.zeros });
        expect(relErr(t.p_value!, w.p_value)).toBeLessThan(1e-9);
      });
    } else {
      it('runs Wilcoxon on regression only', () => expect(r.tests.wilcoxon).toBeUndefined());
    }
  },
);

describe('the acceptance cases of issue 4 through the CLI', () => {
  it('measures the latency ratio interleaved when a model is compared with itself', () => {
    // A ratio no machine reaches for one model against itself: the check is there and passes.
    const r = result(mlgate(pairArgs(pair('penguins-demo-vs-itself'), ['--max-latency-ratio', '1000'])));
    expect(r.verdict).toBe('pass');
    expect(check(r, 'latency_ratio')).toEqual([
      expect.objectContaining({ metric: 'latency_p95_ms', threshold: 1000, status: 'pass' }),
    ]);
    expect(r.policy.max_latency_ratio).toBe(1000);
    expect(r.latency).not.toBeNull();
    expect(r.latency!.rounds).toBeGreaterThan(0);
    expect(r.latency!.candidate.p95_ms).toBeGreaterThan(0);
    expect(r.latency!.ratio_p95).toBeCloseTo(r.latency!.candidate.p95_ms / r.latency!.baseline.p95_ms, 2);
    expect(r.signature).toEqual({ breaking: [], compatible: expect.any(Array) as unknown });
  });

  it('fails a pair whose outputs differ when --signature is left at fail, though the statistics are inconclusive', () => {
    const p = pair('breast-mlp-vs-logreg');
    const args = pairArgs(p, ['--no-latency']).filter(
      (a, i, all) => a !== '--signature' && all[i - 1] !== '--signature',
    );
    const run = mlgate(args);
    expect(run.status).toBe(1);
    const r = result(run);
    expect(r.verdict).toBe('fail');
    expect(r.policy.signature).toBe('fail');
    const sig = check(r, 'signature');
    expect(sig).toHaveLength(1);
    expect(sig[0].status).toBe('fail');
    expect(sig[0].reason).toMatch(/output "label" removed; output "probabilities" removed/);
    expect(check(r, 'non_inferiority', 'roc_auc')[0].status).toBe(p.expected_verdict);
  });

  it.each([
    ['penguins-small-vs-demo', { fail: 1, inconclusive: 1, never: 0 }],
    ['penguins-demo-vs-itself', { fail: 0, inconclusive: 0, never: 0 }],
    ['breast-mlp-vs-logreg', { fail: 0, inconclusive: 1, never: 0 }],
  ] as const)('%s: exits as --fail-on fail, inconclusive and never say', (id, codes) => {
    const p = pair(id);
    for (const [failOn, code] of Object.entries(codes)) {
      const run = mlgate(pairArgs(p, ['--no-latency', '--fail-on', failOn]));
      expect(run.stderr).toBe('');
      expect(result(run).verdict, failOn).toBe(p.expected_verdict);
      expect(run.status, `--fail-on ${failOn}`).toBe(code);
    }
  });
});

// ---------------------------------------------------------------------------------------------------

describe('mlgate compare against stored results and without a baseline', () => {
  const p = pair('penguins-small-vs-demo');
  const data = join(repoRoot, p.data);
  const base = ['--data', data, '--task', 'multiclass', '--label', 'Species', '--classes', CLASSES];
  let evaluation: string;

  beforeAll(() => {
    // The baseline's stored results, written by mlgate evaluate itself.
    const ev = mlgate(['evaluate', '--model', join(repoRoot, p.baseline.model), ...base, '--no-latency']);
    expect(ev.status).toBe(0);
    evaluation = join(ev.cwd, 'mlgate-out/evaluation.json');
  });

  const candidate = ['compare', '--candidate', join(repoRoot, p.candidate.model), ...base];

  it('compares point values only (mode unpaired), and the default margin rule is inconclusive, said in the reasons', () => {
    const run = mlgate([...candidate, '--baseline-results', evaluation]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const r = result(run);
    expect(r.mode).toBe('unpaired');
    expect(r.verdict).toBe('inconclusive');
    expect(r.baseline).toMatchObject({ kind: 'results' });
    expect(r.baseline.kind === 'results' && r.baseline.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.tests).toEqual({});
    expect(r.bootstrap).toBeNull();
    expect(r.latency).toBeNull();
    const acc = r.metrics.accuracy;
    expectClose(acc.candidate, p.metrics.candidate.accuracy, 1e-12, 'candidate accuracy');
    expectClose(acc.baseline, p.metrics.baseline.accuracy, 1e-12, 'stored baseline accuracy');
    expect(acc.ci95).toBeNull();
    expect(acc.note).toMatch(/unpaired/);
    expect(r.checks).toHaveLength(1);
    expect(r.checks[0]).toMatchObject({
      metric: 'accuracy',
      rule: 'non_inferiority',
      status: 'inconclusive',
    });
    expect(r.reasons).toEqual([r.checks[0].reason]);
    expect(r.reasons[0]).toMatch(/stored results \(unpaired\).*no paired interval/);
    expect(run.stdout).toMatch(/INCONCLUSIVE \(unpaired, 134 rows,.*stored results/);
    expect(mlgate([...candidate, '--baseline-results', evaluation, '--fail-on', 'inconclusive']).status).toBe(
      1,
    );
  });

  it('says a latency ratio cannot be judged against stored results (no baseline model is timed)', () => {
    const run = mlgate([...candidate, '--baseline-results', evaluation, '--max-latency-ratio', '2']);
    expect(run.status).toBe(0);
    const ratio = check(result(run), 'latency_ratio');
    expect(ratio).toHaveLength(1);
    expect(ratio[0]).toMatchObject({ status: 'inconclusive', threshold: 2 });
    expect(ratio[0].reason).toMatch(/cannot be judged: the baseline is stored results/);
  });

  it("judges MLflow's min_absolute_change on the stored point values", () => {
    const run = mlgate([
      ...candidate,
      '--baseline-results',
      evaluation,
      '--rule',
      'accuracy:min_absolute_change=0',
    ]);
    const r = result(run);
    const c = p.metrics.candidate.accuracy;
    const b = p.metrics.baseline.accuracy;
    const expected = c >= b + 0 ? 'pass' : 'fail';
    expect(expected).toBe('fail');
    expect(check(r, 'min_absolute_change', 'accuracy')[0].status).toBe(expected);
    expect(r.verdict).toBe(expected);
    expect(run.status).toBe(1);
  });

  it.each([
    ['accuracy>=0.9', 0.9],
    ['accuracy>=0.85', 0.85],
  ])(
    'judges the candidate by its value threshold only with --no-baseline (bootstrap mode): %s',
    (threshold, value) => {
      const run = mlgate([...candidate, '--no-baseline', '--threshold', threshold]);
      const r = result(run);
      const expected = p.metrics.candidate.accuracy >= value ? 'pass' : 'fail';
      expect(r.mode).toBe('bootstrap');
      expect(r.baseline).toEqual({ kind: 'none' });
      expect(r.tests).toEqual({});
      expect(r.bootstrap).toBeNull();
      expect(r.checks).toHaveLength(1);
      expect(r.checks[0]).toMatchObject({ metric: 'accuracy', rule: 'value_threshold', threshold: value });
      expect(r.checks[0].status).toBe(expected);
      expect(r.verdict).toBe(expected);
      expect(run.status).toBe(expected === 'fail' ? 1 : 0);
      expectClose(r.metrics.accuracy.candidate, p.metrics.candidate.accuracy, 1e-12, 'accuracy');
      expect(r.metrics.accuracy).toMatchObject({ baseline: null, delta: null, ci95: null });
      expect(run.stdout).toMatch(/\(bootstrap, 134 rows, .* vs no baseline\)/);
    },
  );

  it('passes in bootstrap mode with no threshold, and says why', () => {
    const run = mlgate([...candidate, '--no-baseline']);
    expect(run.status).toBe(0);
    const r = result(run);
    expect(r).toMatchObject({ mode: 'bootstrap', verdict: 'pass' });
    expect(r.reasons).toEqual([
      expect.stringMatching(/No baseline and no value thresholds: bootstrap mode passes/),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("comparison rules with MLflow's semantics and non-inferiority margins", () => {
  /** Expected status of a rule, by the formulas of policy.ts's comment, from the reference's values. */
  function expectedStatus(
    rule: 'min_absolute_change' | 'min_relative_change' | 'margin',
    x: number,
    c: number,
    b: number,
    ci: [number, number],
    higherIsBetter: boolean,
  ): Verdict {
    if (rule === 'min_absolute_change') return (higherIsBetter ? c >= b + x : c <= b - x) ? 'pass' : 'fail';
    if (rule === 'min_relative_change')
      return (higherIsBetter ? c >= b * (1 + x) : c <= b * (1 - x)) ? 'pass' : 'fail';
    const [lo, hi] = higherIsBetter ? ci : [-ci[1], -ci[0]];
    return hi < -x ? 'fail' : lo >= -x ? 'pass' : 'inconclusive';
  }

  /** Every rule is away from its boundary by far more than the tolerance, so the verdict cannot flip. */
  function expectAwayFromBoundary(
    rule: string,
    x: number,
    c: number,
    b: number,
    ci: [number, number],
    hib: boolean,
    tol: number,
  ) {
    const gaps =
      rule === 'min_absolute_change'
        ? [c - (hib ? b + x : b - x)]
        : rule === 'min_relative_change'
          ? [c - (hib ? b * (1 + x) : b * (1 - x))]
          : [ci[0] - (hib ? -x : x), ci[1] - (hib ? -x : x)];
    for (const g of gaps) expect(Math.abs(g), `${rule}=${x}`).toBeGreaterThan(100 * tol);
  }

  // [pair, swap candidate and baseline, metric, rule, value]
  const CASES: [string, boolean, string, 'min_absolute_change' | 'min_relative_change' | 'margin', number][] =
    [
      // higher is better (accuracy): the wine trees are 1/54 better than the logits
      ['wine-trees-vs-logits', false, 'accuracy', 'min_absolute_change', 0.01],
      ['wine-trees-vs-logits', false, 'accuracy', 'min_absolute_change', 0.03],
      ['wine-trees-vs-logits', false, 'accuracy', 'min_relative_change', 0.01],
      ['wine-trees-vs-logits', false, 'accuracy', 'min_relative_change', 0.03],
      ['wine-trees-vs-logits', false, 'accuracy', 'margin', 0.06],
      ['wine-trees-vs-logits', false, 'accuracy', 'margin', 0.05],
      ['penguins-small-vs-demo', false, 'accuracy', 'margin', 0.04],
      ['penguins-small-vs-demo', false, 'accuracy', 'margin', 0.1],
      ['penguins-small-vs-demo', false, 'accuracy', 'margin', 0.2],
      // higher is better (roc_auc) within noise
      ['breast-mlp-vs-logreg', false, 'roc_auc', 'margin', 0.007],
      ['breast-mlp-vs-logreg', false, 'roc_auc', 'min_absolute_change', 0],
      // lower is better (rmse): the trees are worse than ridge; swapped, ridge is the better candidate
      ['diabetes-trees-vs-ridge', false, 'rmse', 'min_absolute_change', 0],
      ['diabetes-trees-vs-ridge', true, 'rmse', 'min_absolute_change', 3],
      ['diabetes-trees-vs-ridge', true, 'rmse', 'min_absolute_change', 4],
      ['diabetes-trees-vs-ridge', true, 'rmse', 'min_relative_change', 0.05],
      ['diabetes-trees-vs-ridge', true, 'rmse', 'min_relative_change', 0.07],
      ['diabetes-trees-vs-ridge', false, 'rmse', 'margin', 0.3],
      ['diabetes-trees-vs-ridge', false, 'rmse', 'margin', 2],
      ['diabetes-trees-vs-ridge', false, 'rmse', 'margin', 8],
      ['diabetes-trees-vs-ridge', true, 'rmse', 'margin', 0],
    ];

  it.each(CASES)('%s (swapped: %s): %s:%s=%s', (id, swap, metric, rule, x) => {
    const p = pair(id);
    const boot = p.bootstrap.metrics[metric];
    // Swapped, delta and its CI change sign: the same resamples, and np.percentile's interpolation at
    // 2.5% and 97.5% of 1000 values is symmetric (positions 24.975 and 974.025).
    const [c, b] = swap ? [boot.baseline, boot.candidate] : [boot.candidate, boot.baseline];
    const ci: [number, number] = swap ? [-boot.ci95[1], -boot.ci95[0]] : boot.ci95;
    const hib = boot.higher_is_better;
    const tol = metricTolerance(p);
    expectAwayFromBoundary(rule, x, c, b, ci, hib, tol);
    const want = expectedStatus(rule, x, c, b, ci, hib);

    const run = mlgate(pairArgs(p, ['--no-latency', '--rule', `${metric}:${rule}=${x}`], swap));
    const r = result(run);
    expect(r.policy).toMatchObject({ source: 'inputs', rules: [{ metric, [rule]: x }] });
    const checks = check(r, rule === 'margin' ? 'non_inferiority' : rule, metric);
    expect(checks).toHaveLength(1);
    expect(checks[0].threshold).toBe(x);
    expect(checks[0].status).toBe(want);
    expect(r.verdict).toBe(want);
    expect(run.status).toBe(want === 'fail' ? 1 : 0);
    expectClose(r.metrics[metric].ci95![0], ci[0], tol, 'CI lower bound');
    expectClose(r.metrics[metric].ci95![1], ci[1], tol, 'CI upper bound');
    if (rule === 'min_absolute_change')
      expect(checks[0].reason).toMatch(
        new RegExp(`\\(min_absolute_change, ${hib ? 'higher' : 'lower'} is better\\)`),
      );
    if (rule === 'margin' && want === 'inconclusive') expect(checks[0].reason).toMatch(/straddles/);
  });

  it('covers pass, fail and inconclusive for each rule kind and both directions', () => {
    const seen = new Set<string>();
    for (const [id, swap, metric, rule, x] of CASES) {
      const boot = pair(id).bootstrap.metrics[metric];
      const [c, b] = swap ? [boot.baseline, boot.candidate] : [boot.candidate, boot.baseline];
      const ci: [number, number] = swap ? [-boot.ci95[1], -boot.ci95[0]] : boot.ci95;
      seen.add(
        `${rule} ${boot.higher_is_better} ${expectedStatus(rule, x, c, b, ci, boot.higher_is_better)}`,
      );
    }
    for (const hib of [true, false]) {
      for (const rule of ['min_absolute_change', 'min_relative_change'])
        for (const s of ['pass', 'fail']) expect(seen).toContain(`${rule} ${hib} ${s}`);
      for (const s of ['pass', 'fail', 'inconclusive']) expect(seen).toContain(`margin ${hib} ${s}`);
    }
  });

  it("judges rules on per-class and top-k metrics with scikit-learn's per-class recall and top_k_accuracy_score", () => {
    // recall[Chinstrap] and top_k_accuracy@2 are not in the report's scalar metrics: computed for the rule.
    const p = pair('penguins-small-vs-demo');
    const ev = (m: ModelRef) =>
      readJson<{ per_class: { recall: number[] }; metrics: { top_k_accuracy: Record<string, number> } }>(
        join(repoRoot, m.reference),
      );
    const [c, b] = [ev(p.candidate), ev(p.baseline)];
    const recall = [c.per_class.recall[1], b.per_class.recall[1]];
    const topK = [c.metrics.top_k_accuracy['2'], b.metrics.top_k_accuracy['2']];
    const run = mlgate(
      pairArgs(p, [
        '--no-latency',
        '--rule',
        'recall[Chinstrap]:min_absolute_change=0',
        '--rule',
        'recall[Chinstrap]:min_relative_change=0.1',
        '--rule',
        'top_k_accuracy@2:min_absolute_change=0',
      ]),
    );
    const r = result(run);
    for (const [name, [cv, bv]] of [
      ['recall[Chinstrap]', recall],
      ['top_k_accuracy@2', topK],
    ] as const) {
      expectClose(r.metrics[name].candidate, cv, 1e-12, `${name} candidate`);
      expectClose(r.metrics[name].baseline, bv, 1e-12, `${name} baseline`);
      // Its paired CI is computed too (no reference value for it: only that it is there).
      expect(r.metrics[name].ci95, name).not.toBeNull();
    }
    const status = (name: string, rule: PolicyCheck['rule']) => check(r, rule, name).map((x) => x.status);
    expect(status('recall[Chinstrap]', 'min_absolute_change')).toEqual([
      expectedStatus('min_absolute_change', 0, recall[0], recall[1], [0, 0], true),
    ]);
    expect(status('recall[Chinstrap]', 'min_relative_change')).toEqual([
      expectedStatus('min_relative_change', 0.1, recall[0], recall[1], [0, 0], true),
    ]);
    expect(status('top_k_accuracy@2', 'min_absolute_change')).toEqual([
      expectedStatus('min_absolute_change', 0, topK[0], topK[1], [0, 0], true),
    ]);
    expect(recall[0]).toBeLessThan(recall[1]);
    expect(r.verdict).toBe('fail');
    expect(run.status).toBe(1);
  });

  it("gives the secondary metric's paired CI when a rule names it, and the worst check decides", () => {
    for (const [id, primary, secondary] of [
      ['breast-mlp-vs-logreg', 'roc_auc', 'accuracy'],
      ['diabetes-trees-vs-ridge', 'rmse', 'mae'],
    ] as const) {
      const p = pair(id);
      const run = mlgate(
        pairArgs(p, ['--no-latency', '--rule', `${primary}:margin=0`, '--rule', `${secondary}:margin=0`]),
      );
      const r = result(run);
      const tol = metricTolerance(p);
      for (const name of [primary, secondary]) {
        const boot = p.bootstrap.metrics[name];
        expectClose(r.metrics[name].ci95![0], boot.ci95[0], tol, `${id} ${name} CI lower bound`);
        expectClose(r.metrics[name].ci95![1], boot.ci95[1], tol, `${id} ${name} CI upper bound`);
        const status = expectedStatus(
          'margin',
          0,
          boot.candidate,
          boot.baseline,
          boot.ci95,
          boot.higher_is_better,
        );
        expect(check(r, 'non_inferiority', name)[0].status, `${id} ${name}`).toBe(status);
      }
      const statuses = r.checks.map((c) => c.status);
      const worst = statuses.includes('fail')
        ? 'fail'
        : statuses.includes('inconclusive')
          ? 'inconclusive'
          : 'pass';
      expect(r.verdict).toBe(worst);
      // Reasons worst first.
      expect(r.reasons[0]).toBe(r.checks.find((c) => c.status === worst)!.reason);
    }
  });
});

// ---------------------------------------------------------------------------------------------------

describe('mlgate compare --shadow on unlabelled data', () => {
  /** The data file without its label column (the fixtures' CSVs have no quoted fields). */
  function unlabelled(p: PairRef): string {
    const lines = readFileSync(join(repoRoot, p.data), 'utf8').trimEnd().split('\n');
    const at = lines[0].split(',').indexOf(p.label_column);
    expect(at).toBeGreaterThanOrEqual(0);
    const file = join(mkdtempSync(join(scratch, 'shadow-')), 'recent.csv');
    writeFileSync(
      file,
      lines
        .map((l) =>
          l
            .split(',')
            .filter((_, i) => i !== at)
            .join(','),
        )
        .join('\n') + '\n',
    );
    return file;
  }

  it('penguins-small-vs-demo: the agreement rate is the share of rows where both predict the same class', () => {
    const p = pair('penguins-small-vs-demo');
    const shadow = unlabelled(p);
    expect(readFileSync(shadow, 'utf8').split('\n')[0]).not.toContain(p.label_column);
    const run = mlgate(pairArgs(p, ['--no-latency', '--shadow', shadow]));
    expect(run.stderr).toBe('');
    const r = result(run);
    const cand = evalRef(p.candidate).predictions;
    const base = evalRef(p.baseline).predictions;
    const agree = cand.y_pred.filter((y, i) => y === base.y_pred[i]).length;
    expect(agree).toBe(118);
    expect(r.shadow).not.toBeNull();
    expect(r.shadow!.rows).toBe(p.rows);
    expect(r.shadow!.agreement_rate).toBe(agree / p.rows);
    expect(r.shadow!.score_shift).not.toBeNull();
    // The labelled comparison is unchanged by the shadow data.
    expect(r.verdict).toBe(p.expected_verdict);
    expect([r.tests.mcnemar?.b, r.tests.mcnemar?.c]).toEqual([p.mcnemar!.b, p.mcnemar!.c]);

    // The rows they disagree on most: the largest total variation between the two probability vectors,
    // from the reference's probabilities, as far down as the order is clear beyond the tolerance
    // (each probability within 2e-6, so each distance within 2e-6). Reference index i is data row i + 1
    // (the first row after the header is 1).
    const k = cand.proba!.length / p.rows;
    const tv = Array.from({ length: p.rows }, (_, i) => {
      let d = 0;
      for (let j = 0; j < k; j++) d += Math.abs(cand.proba![i * k + j] - base.proba![i * k + j]) / 2;
      return { index: i, d };
    }).sort((a, b) => b.d - a.d);
    let clear = 0;
    while (clear < 10 && tv[clear].d - tv[clear + 1].d > 1e-5) clear++;
    expect(clear).toBeGreaterThanOrEqual(5);
    const names = CLASSES.split(',');
    const top = r.shadow!.top_disagreements;
    expect(top.length).toBeGreaterThanOrEqual(clear);
    expect(top.slice(0, clear).map((t) => t.row)).toEqual(tv.slice(0, clear).map((t) => t.index + 1));
    // The first: data row 79 (id 201), where model-small.onnx says Adelie and model.onnx Chinstrap.
    expect(top[0]).toMatchObject({ row: 79, candidate: 'Adelie', baseline: 'Chinstrap' });
    expect(readFileSync(join(repoRoot, p.data), 'utf8').split('\n')[79].split(',')[0]).toBe('201');
    for (const [at, want] of tv.slice(0, clear).entries()) {
      expect(Math.abs(top[at].difference - want.d), `top ${at + 1}`).toBeLessThan(1e-5);
      expect(top[at].candidate, `top ${at + 1}`).toBe(names[cand.y_pred[want.index]]);
      expect(top[at].baseline, `top ${at + 1}`).toBe(names[base.y_pred[want.index]]);
    }
  });

  it.each(['breast-mlp-vs-logreg', 'wine-trees-vs-logits'])(
    '%s: runs the baseline on the shadow data with its own outputs (--baseline-transform)',
    (id) => {
      const p = pair(id);
      const run = mlgate(pairArgs(p, ['--no-latency', '--shadow', unlabelled(p)]));
      expect(run.stderr).toBe('');
      const cand = evalRef(p.candidate).predictions.y_pred;
      const base = evalRef(p.baseline).predictions.y_pred;
      const agree = cand.filter((y, i) => y === base[i]).length;
      expect(agree).toBeLessThan(p.rows);
      expect(result(run).shadow).toMatchObject({ rows: p.rows, agreement_rate: agree / p.rows });
    },
  );

  it('penguins-demo-vs-itself: a model agrees with itself on every row and nothing shifts', () => {
    const p = pair('penguins-demo-vs-itself');
    const r = result(mlgate(pairArgs(p, ['--no-latency', '--shadow', unlabelled(p)])));
    expect(r.shadow).toMatchObject({ rows: p.rows, agreement_rate: 1, top_disagreements: [] });
    expect(r.shadow!.score_shift).toMatchObject({ statistic: 0, p_value: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------

describe('mlgate compare refuses bad input with exit 2 and one line', () => {
  const p = pair('penguins-small-vs-demo');
  const candidate = join(repoRoot, p.candidate.model);
  const baseline = join(repoRoot, p.baseline.model);
  const data = join(repoRoot, p.data);
  const args = (...extra: string[]) => [
    'compare',
    '--candidate',
    candidate,
    '--data',
    data,
    '--task',
    'multiclass',
    '--label',
    'Species',
    '--classes',
    CLASSES,
    '--no-latency',
    ...extra,
  ];

  it('without a baseline', () => {
    expectOneLineError(mlgate(args()), /Give a baseline: --baseline B\.onnx, --baseline-from NAME#STAGE/);
  });

  it('with two baselines', () => {
    expectOneLineError(
      mlgate(args('--baseline', baseline, '--no-baseline')),
      /--baseline and --no-baseline exclude each other: give one baseline/,
    );
  });

  it.each([
    ['accuracy', /"accuracy" is not a comparison rule; expected METRIC:KEY=VALUE/],
    ['accuracy:margn=0.1', /"margn=0\.1" in "accuracy:margn=0\.1" is not KEY=VALUE/],
    ['acuracy:margin=0.1', /Unknown metric "acuracy" for task multiclass; did you mean "accuracy"\?/],
    ['accuracy:margin=-1', /margin in "accuracy:margin=-1" is "-1"; expected a number ≥ 0/],
    [
      'latency_p95_ms:margin=0',
      /^mlgate compare: --rule: latency_p95_ms is a latency figure; compare latency with max-latency-ratio/,
    ],
    [
      'confusion_matrix:margin=0',
      /^mlgate compare: --rule: confusion_matrix is a table of counts, not one number/,
    ],
  ])('with a bad rule %s', (rule, message) => {
    expectOneLineError(mlgate(args('--baseline', baseline, '--rule', rule)), message);
  });

  it('with a latency ratio and the latency switched off', () => {
    expectOneLineError(
      mlgate(args('--baseline', baseline, '--max-latency-ratio', '2')),
      /max-latency-ratio needs the latency measured: drop --no-latency/,
    );
  });

  it('with rows that cannot be paired: a row the baseline cannot score (a feature only it reads is missing)', () => {
    // Row 5 without "Beak Length (mm)": model-small.onnx does not read it, model.onnx gets NaN for it.
    // compare runs both models with non-finite outputs as errors (it has no drop option), so a row one
    // model cannot score stops the run, named, before the pairing is checked: runCompareJob's own
    // "the rows cannot be paired" messages cannot be reached from the CLI.
    const lines = readFileSync(data, 'utf8').trimEnd().split('\n');
    const at = lines[0].split(',').indexOf('Beak Length (mm)');
    const cells = lines[5].split(',');
    cells[at] = '';
    lines[5] = cells.join(',');
    const holes = join(mkdtempSync(join(scratch, 'holes-')), 'holes.csv');
    writeFileSync(holes, lines.join('\n') + '\n');
    const run = mlgate([
      ...args('--baseline', baseline, '--signature', 'warn').map((a) => (a === data ? holes : a)),
    ]);
    expectOneLineError(
      run,
      /penguins\/model\.onnx: output "probabilities" is NaN or infinite for data row 5\b/,
    );
  });

  it('with classes in another order than the models’ probability columns', () => {
    const run = mlgate(
      args('--baseline', baseline, '--signature', 'warn').map((a) =>
        a === CLASSES ? 'Gentoo,Adelie,Chinstrap' : a,
      ),
    );
    expectOneLineError(
      run,
      /label output and its probabilities disagree on 134 of 134 rows.*not in the order/,
    );
  });

  it('with models whose class lists differ (a labels-only baseline that saw one class)', () => {
    // multiclass on breast-cancer rows that are all class 0 and that zipmap-with-label (label output only,
    // its ZipMap cannot be read) predicts as 0: binary-logreg has two probability columns, the baseline
    // knows one class. The run stops in the baseline's metrics before the class lists are compared, with
    // a message that names neither model nor flag (only exit 2, one line and no stack are held here).
    const zip = evalRef({
      name: 'zipmap-with-label',
      reference: 'test/fixtures/eval/zipmap-with-label.reference.json',
      model: '',
    });
    const lines = readFileSync(join(repoRoot, 'test/fixtures/eval/breast-cancer.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    const rows = zip.predictions.y_true
      .map((y, i) => (y === 0 && zip.predictions.y_pred[i] === 0 ? i : -1))
      .filter((i) => i >= 0)
      .slice(0, 10);
    expect(rows).toHaveLength(10);
    const file = join(mkdtempSync(join(scratch, 'one-class-')), 'negatives.csv');
    writeFileSync(file, [lines[0], ...rows.map((i) => lines[i + 1])].join('\n') + '\n');
    const run = mlgate([
      'compare',
      '--candidate',
      join(repoRoot, 'test/fixtures/models/binary-logreg.onnx'),
      '--baseline',
      join(repoRoot, 'test/fixtures/models/zipmap-with-label.onnx'),
      '--data',
      file,
      '--task',
      'multiclass',
      '--label',
      'target',
      '--signature',
      'warn',
      '--no-latency',
    ]);
    expectOneLineError(run, /./);
  });

  it.each([
    [
      'the candidate',
      (a: string[]) => a.map((x) => (x === candidate ? join(scratch, 'missing.onnx') : x)),
      /missing\.onnx: no such file/,
    ],
    ['the baseline', () => args('--baseline', join(scratch, 'missing.onnx')), /missing\.onnx: no such file/],
    [
      'the data',
      (a: string[]) => a.map((x) => (x === data ? join(scratch, 'missing.csv') : x)),
      /missing\.csv: no such file/,
    ],
    [
      'the stored results',
      () => args('--baseline-results', join(scratch, 'missing.json')),
      /baseline results .*missing\.json: .*expected the baseline's evaluation\.json/,
    ],
  ] as const)('with a missing file: %s', (_what, build, message) => {
    expectOneLineError(mlgate(build(args('--baseline', baseline))), message);
  });
});
