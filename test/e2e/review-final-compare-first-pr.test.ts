/**
 * Review: failing on purpose. compare-baseline's `if-no-baseline: bootstrap` (26330f6) for a project's
 * first pull request, run as the runner runs the bundled action against the GitHub fake.
 *
 * 1. With the documented `rules` input (the compare-baseline README's example, mlgate.yml's rules), the
 *    fallback to bootstrap mode is refused by runCompareJob (src/core/jobs/compare-job.ts, the
 *    `request.baseline.kind === 'none' && request.rules?.length` refusal): exit 2 "comparison rules judge a
 *    change against a baseline, and there is none (no-baseline)". The user never said no-baseline; the
 *    first pull request of any workflow that has rules fails, the case if-no-baseline exists for.
 * 2. With no thresholds (workflows-examples/pr-gate.yml's compare step has none) the reason added for the
 *    fallback replaces the one that says nothing was judged: "bootstrap mode, the candidate's value
 *    thresholds only" for a pass that judged nothing (docs/compare.md: with no thresholds "the reason says
 *    that nothing was judged").
 * 3. isMissingVersionError is true of every MissingVersionError, so a stage name typo (penguins#prodution
 *    while production holds a version) or a pinned version that was never recorded becomes "No baseline
 *    yet" and a pass in bootstrap mode, where the docs limit the fallback to "when baseline-from names no
 *    version yet (the first model of a project, nothing promoted)". Without if-no-baseline these exit 2.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/core/compare/result.js';
import { startGitHubFake, type GitHubFake } from '../github-fake/index.js';
import { repoRoot, runBundledActionAsync } from '../helpers/run-action.js';

const fullName = 'octo/models';
let fake: GitHubFake;
let workspace: string;

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
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-review-first-pr-'));
  for (const f of ['model.onnx', 'model-small.onnx', 'penguins-test.csv'])
    copyFileSync(join(repoRoot, 'examples/penguins', f), join(workspace, f));
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  await fake.close();
  rmSync(workspace, { recursive: true, force: true });
});

const compare = (extra: Record<string, string>) =>
  runBundledActionAsync(
    'dist/actions/compare-baseline.js',
    {
      candidate: 'model-small.onnx',
      'baseline-from': 'penguins#production',
      'if-no-baseline': 'bootstrap',
      data: 'penguins-test.csv',
      task: 'multiclass',
      label: 'Species',
      classes: 'Adelie,Chinstrap,Gentoo',
      latency: 'false',
      token: 'test-token',
      ...extra,
    },
    { workspace, env: env() },
  );

const resultOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as ComparisonResult;

/** penguins v0.1.0 = the demo model, recorded and assigned to production. */
async function recordProduction(): Promise<void> {
  const r = await runBundledActionAsync(
    'dist/actions/record-release.js',
    { name: 'penguins', model: 'model.onnx', stage: 'production', artifact: 'false', token: 'test-token' },
    { workspace, env: env({ GITHUB_EVENT_NAME: 'push' }) },
  );
  expect(r.status).toBe(0);
  expect(r.outputs).toMatchObject({ version: '0.1.0', stage: 'production' });
}

describe('review: compare-baseline if-no-baseline: bootstrap', () => {
  it('falls back to bootstrap mode on the first pull request of a workflow that has rules', async () => {
    const r = await compare({ rules: 'accuracy:margin=0.01', thresholds: 'accuracy>=0.5' });
    // Today: exit 2, "... and there is none (no-baseline): drop the rules ..." for a user who gave
    // baseline-from and if-no-baseline: bootstrap, not no-baseline.
    expect(r.stdout).not.toMatch(/there is none \(no-baseline\)/);
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ mode: 'bootstrap', verdict: 'pass' });
    expect(resultOf(r.outputs['result-path']).reasons.join('\n')).toMatch(/No baseline yet/);
  });

  it('says that nothing was judged when the fallback has no thresholds (pr-gate.yml)', async () => {
    const r = await compare({});
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ mode: 'bootstrap', verdict: 'pass' });
    const reasons = resultOf(r.outputs['result-path']).reasons.join('\n');
    expect(reasons).toMatch(/No baseline yet/);
    // Today the only reason is "…: bootstrap mode, the candidate's value thresholds only." (there are none).
    expect(reasons).toMatch(/no value thresholds/);
  });

  it('does not take a stage name typo for "nothing in production yet"', async () => {
    await recordProduction();
    const r = await compare({ 'baseline-from': 'penguins#prodution' });
    // Today: exit 0, verdict pass in bootstrap mode for the weaker model; production is right there.
    expect(r.outputs.mode).not.toBe('bootstrap');
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/::error::penguins has no stage "prodution"/);
  });

  it('does not take a pinned version that was never recorded for the first model of a project', async () => {
    await recordProduction();
    const r = await compare({ 'baseline-from': 'penguins@v0.9.0' });
    // Today: exit 0, "No baseline yet (penguins@v0.9.0 does not exist …; recorded versions: 0.1.0)".
    expect(r.outputs.mode).not.toBe('bootstrap');
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/::error::penguins@v0\.9\.0 does not exist/);
  });
});
