/**
 * compare-baseline on a project's first pull request: the registry has no production version yet.
 * `if-no-baseline: fail` (default) stops with exit 2 naming what is missing; `bootstrap` compares in
 * bootstrap mode and says why in the reasons.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../github-fake/index.js';
import { repoRoot, runBundledActionAsync } from '../helpers/run-action.js';

let fake: GitHubFake;
let workspace: string;

beforeEach(async () => {
  fake = await startGitHubFake({ repos: ['octo/models'] });
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-first-pr-'));
  for (const f of ['model.onnx', 'penguins-test.csv'])
    copyFileSync(join(repoRoot, 'examples/penguins', f), join(workspace, f));
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  await fake.close();
  rmSync(workspace, { recursive: true, force: true });
});

const run = (extra: Record<string, string>) =>
  runBundledActionAsync(
    'dist/actions/compare-baseline.js',
    {
      candidate: 'model.onnx',
      'baseline-from': 'penguins#production',
      data: 'penguins-test.csv',
      task: 'multiclass',
      label: 'Species',
      classes: 'Adelie,Chinstrap,Gentoo',
      thresholds: 'accuracy>=0.95',
      token: 't',
      ...extra,
    },
    { workspace, env: { GITHUB_API_URL: fake.url, MLGATE_GITHUB_WRITE_INTERVAL_MS: '0' } },
  );

describe('compare-baseline before anything is in production', () => {
  it('fails with exit 2 naming the missing version by default', async () => {
    const r = await run({});
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/::error::penguins has no stage "production"/);
  });

  it('compares in bootstrap mode with if-no-baseline: bootstrap, and says why', async () => {
    const r = await run({ 'if-no-baseline': 'bootstrap' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/::warning::No baseline yet \(penguins has no stage "production"/);
    expect(r.outputs).toMatchObject({ verdict: 'pass', mode: 'bootstrap' });
    const result = JSON.parse(readFileSync(r.outputs['result-path'], 'utf8'));
    expect(result.baseline).toEqual({ kind: 'none' });
    expect(result.reasons.join('\n')).toMatch(
      /No baseline yet .*bootstrap mode, the candidate's value thresholds only/,
    );
    expect(result.reasons.join('\n')).toMatch(/accuracy = 0\.99\d*, needs ≥ 0\.95: passed/);
  });

  it('still fails on thresholds in bootstrap mode', async () => {
    const r = await run({ 'if-no-baseline': 'bootstrap', thresholds: 'accuracy>=0.999' });
    expect(r.status).toBe(1);
    expect(r.outputs.verdict).toBe('fail');
  });
});
