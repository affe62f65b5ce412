/**
 * The bundled compare-baseline action as the runner runs it (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
 * GITHUB_API_URL at the GitHub fake), with its baseline from the registry on Releases: the penguins demo
 * model is recorded by the bundled record-release action and promoted to production, then the weaker
 * model-small.onnx is compared with `baseline-from: penguins#production`. The numbers are pinned against
 * test/fixtures/compare/models-reference.json (scipy 1.10.1 / sklearn 1.2.1, made by
 * scripts/reference/compare_models_reference.py), pair penguins-small-vs-demo.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/core/compare/result.js';
import { startGitHubFake, type GitHubFake } from '../github-fake/index.js';
import { repoRoot, runBundledActionAsync, type ActionRun } from '../helpers/run-action.js';

const fullName = 'octo/models';
const CLASSES = 'Adelie,Chinstrap,Gentoo';

interface PairRef {
  id: string;
  rows: number;
  metrics: { candidate: Record<string, number>; baseline: Record<string, number> };
  mcnemar: { b: number; c: number; exact_p_value: number; statistic: number; p_value: number };
  bootstrap: { metrics: Record<string, { delta: number; ci95: [number, number] }> };
  expected_verdict: string;
}
const reference = (
  JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/compare/models-reference.json'), 'utf8')) as {
    pairs: PairRef[];
  }
).pairs.find((p) => p.id === 'penguins-small-vs-demo')!;

let fake: GitHubFake;
let workspace: string;

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const relErr = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

const env = (extra: Record<string, string> = {}) => ({
  GITHUB_API_URL: fake.url,
  GITHUB_TOKEN: 'test-token',
  GITHUB_RUN_ID: '900',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_REF: 'refs/heads/main',
  GITHUB_ACTOR: 'alice',
  MLGATE_GITHUB_WRITE_INTERVAL_MS: '0',
  ...extra,
});

beforeEach(async () => {
  fake = await startGitHubFake({ repos: [fullName] });
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-compare-baseline-'));
  for (const file of ['model.onnx', 'model-small.onnx', 'penguins-test.csv'])
    copyFileSync(join(repoRoot, 'examples/penguins', file), join(workspace, file));
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  expect(fake.responseFailures).toEqual([]);
  await fake.close();
  rmSync(workspace, { recursive: true, force: true });
});

/** penguins v0.1.0 = the demo model, recorded and assigned to production by record-release. */
async function recordProduction(): Promise<void> {
  const r = await runBundledActionAsync(
    'dist/actions/record-release.js',
    { name: 'penguins', model: 'model.onnx', stage: 'production', artifact: 'false', token: 'test-token' },
    { workspace, env: env({ GITHUB_EVENT_NAME: 'push' }) },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.outputs).toMatchObject({ version: '0.1.0', tag: 'penguins@v0.1.0', stage: 'production' });
}

function compare(inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runBundledActionAsync(
    'dist/actions/compare-baseline.js',
    {
      candidate: 'model-small.onnx',
      'baseline-from': 'penguins#production',
      data: 'penguins-test.csv',
      task: 'multiclass',
      label: 'Species',
      classes: CLASSES,
      latency: 'false',
      token: 'test-token',
      ...inputs,
    },
    { workspace, env: env() },
  );
}

/** Downloads of the release's model.onnx asset (the manifest is read through the same operation). */
function modelDownloads() {
  const ids = new Set(
    fake
      .repo(fullName)
      .releases.flatMap((r) => r.assets)
      .filter((a) => a.name === 'model.onnx')
      .map((a) => String(a.id)),
  );
  return fake
    .requestsFor('repos/get-release-asset')
    .filter((q) => ids.has(q.path.split('/').at(-1)!) && q.headers.accept === 'application/octet-stream');
}

/** The summary as a reader sees it: without the word joiners and Markdown escapes. */
const plain = (md: string) => md.replace(/\u2060/g, '').replace(/\\(.)/g, '$1');

describe('compare-baseline against the production model on Releases, as the runner runs it', () => {
  it('fails the weaker candidate with McNemar as scipy counts it, and says so in every output', async () => {
    await recordProduction();
    const r = await compare();
    expect(r.stderr).toBe('');
    // fail-on fail (the default): the step fails on the verdict, exit 1.
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::error::Comparison fail: /);

    expect(r.outputs).toMatchObject({ verdict: 'fail', passed: 'false', mode: 'paired' });
    expect(isAbsolute(r.outputs['result-path'])).toBe(true);
    expect(r.outputs['result-path']).toBe(join(workspace, 'mlgate-out/comparison.json'));
    expect(r.outputs['report-path']).toBe(join(workspace, 'mlgate-out/comparison.html'));
    expect(existsSync(r.outputs['report-path'])).toBe(true);

    const result = JSON.parse(readFileSync(r.outputs['result-path'], 'utf8')) as ComparisonResult;
    expect(result.verdict).toBe(reference.expected_verdict);
    expect(result.rows).toBe(reference.rows);
    // The baseline is the registry version: its tag and the sha256 of the model recorded.
    expect(result.baseline).toMatchObject({
      kind: 'registry',
      ref: 'penguins#production',
      tag: 'penguins@v0.1.0',
      version: '0.1.0',
      sha256: sha(join(workspace, 'model.onnx')),
    });
    expect(result.candidate.sha256).toBe(sha(join(workspace, 'model-small.onnx')));
    // The downloaded baseline is the recorded model, byte for byte.
    const downloaded = join(workspace, 'mlgate-out/baseline/penguins-v0.1.0.onnx');
    expect(sha(downloaded)).toBe(sha(join(workspace, 'model.onnx')));

    // Counts exact; p-values as scipy's binomtest and chi2.sf (rtol 1e-9).
    const m = result.tests.mcnemar!;
    expect([m.b, m.c]).toEqual([reference.mcnemar.b, reference.mcnemar.c]);
    expect(m.statistic).toBe(reference.mcnemar.statistic);
    expect(relErr(m.exact_p_value, reference.mcnemar.exact_p_value)).toBeLessThan(1e-9);
    expect(relErr(m.p_value, reference.mcnemar.p_value)).toBeLessThan(1e-9);
    // accuracy depends on the predicted classes only, and they are the reference's (b and c above):
    // the point values and the bootstrap bounds agree to rounding (1e-12).
    const acc = result.metrics.accuracy;
    expect(Math.abs(acc.candidate! - reference.metrics.candidate.accuracy)).toBeLessThan(1e-12);
    expect(Math.abs(acc.baseline! - reference.metrics.baseline.accuracy)).toBeLessThan(1e-12);
    const ci = reference.bootstrap.metrics.accuracy.ci95;
    expect(Math.abs(acc.ci95![0] - ci[0])).toBeLessThan(1e-12);
    expect(Math.abs(acc.ci95![1] - ci[1])).toBeLessThan(1e-12);

    // Two failed checks: the accuracy CI wholly below 0 and the removed input (signature: fail).
    expect(result.checks.map((c) => [c.rule, c.metric, c.status]).sort()).toEqual([
      ['non_inferiority', 'accuracy', 'fail'],
      ['signature', 'signature', 'fail'],
    ]);

    // The result output: the verdict, the mode, the reasons, the primary metric with its CI, McNemar.
    const output = JSON.parse(r.outputs.result) as {
      verdict: string;
      mode: string;
      reasons: string[];
      primary_metric: string;
      primary: { candidate: number; baseline: number; ci95: [number, number] };
      mcnemar: { b: number; c: number; exact_p_value: number };
    };
    expect(output).toMatchObject({ verdict: 'fail', mode: 'paired', primary_metric: 'accuracy' });
    expect(output.reasons).toEqual(result.reasons);
    expect(output.primary.ci95).toEqual(acc.ci95);
    expect(output.mcnemar).toMatchObject({ b: reference.mcnemar.b, c: reference.mcnemar.c });

    // The job summary: the verdict, the checks with their reasons, and the McNemar counts.
    const summary = plain(r.summary);
    expect(summary).toMatch(
      /^## mlgate compare: ❌ fail — model-small\.onnx vs penguins#production \(penguins@v0\.1\.0\)/,
    );
    expect(summary).toContain(
      `sha256 ${result.baseline.kind === 'registry' && result.baseline.sha256.slice(0, 12)}`,
    );
    for (const check of result.checks) expect(summary).toContain(check.reason);
    expect(summary).toContain(
      `b = ${reference.mcnemar.b} (baseline right, candidate wrong), c = ${reference.mcnemar.c} (baseline wrong, candidate right)`,
    );
    expect(r.summary.trimEnd()).toBe(
      readFileSync(join(workspace, 'mlgate-out/comparison.md'), 'utf8').trimEnd(),
    );

    // Outside a runner there is no Actions cache: the model was downloaded from the release once.
    expect(modelDownloads()).toHaveLength(1);
    expect(r.stdout).not.toMatch(/from the cache/);
  });

  it('downloads the model again on a second run (no actions cache outside a runner) and gives the same numbers', async () => {
    await recordProduction();
    const first = await compare();
    const firstResult = JSON.parse(readFileSync(first.outputs['result-path'], 'utf8')) as ComparisonResult;
    const again = await compare();
    expect(again.status).toBe(1);
    expect(again.outputs).toMatchObject({ verdict: 'fail', passed: 'false', mode: 'paired' });
    expect(modelDownloads()).toHaveLength(2);
    expect(again.stdout).not.toMatch(/from the cache/);
    const second = JSON.parse(readFileSync(again.outputs['result-path'], 'utf8')) as ComparisonResult;
    // Seeded bootstrap, deterministic statistics: everything but the timestamp is the same.
    const strip = (r: ComparisonResult) => ({ ...r, created_at: undefined });
    expect(strip(second)).toEqual(strip(firstResult));
    // Nothing was written to the registry by a comparison.
    expect(fake.repo(fullName).releases).toHaveLength(1);
  });

  it('exits 0 with fail-on never and still reports the verdict fail', async () => {
    await recordProduction();
    const r = await compare({ 'fail-on': 'never' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('::error::');
    expect(r.outputs).toMatchObject({ verdict: 'fail', passed: 'false', mode: 'paired' });
    expect(JSON.parse(r.outputs.result).verdict).toBe('fail');
  });

  it.each([
    [
      'a stage nobody was promoted to',
      'penguins#staging',
      /penguins has no stage "staging".*its stages: production/,
    ],
    [
      'a version that was never recorded',
      'penguins@v9.9.9',
      /penguins@v9\.9\.9 does not exist.*recorded versions: 0\.1\.0/,
    ],
    ['a model name with no versions', 'churn#production', /churn has no stage "production"/],
  ])('exits 2 naming the reference for %s', async (_what, ref, named) => {
    await recordProduction();
    const r = await compare({ 'baseline-from': ref });
    expect(r.status).toBe(2);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(named);
    expect(r.stdout).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.outputs.verdict).toBeUndefined();
    expect(modelDownloads()).toHaveLength(0);
  });
});
