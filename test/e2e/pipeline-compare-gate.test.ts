/**
 * The root action (action.yml → dist/actions/pipeline.js) as the runner runs it on a pull request:
 * validate → evaluate → compare with the production version of a local registry → gate, with the gate's
 * check run and sticky comment posted to the GitHub fake (issue 4 item 8).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../github-fake/index.js';
import { repoRoot, runBundledActionAsync } from '../helpers/run-action.js';

const fullName = 'octo/models';
const HEAD = 'b'.repeat(40);
let fake: GitHubFake;
let workspace: string;

function config(candidate: string, compare: string[] = ['  baseline-from: penguins#production']): string {
  return [
    'version: 1',
    'validate:',
    '  data: penguins.csv',
    '  schema: penguins.schema.json',
    '  checks-file: checks.yml',
    '  fail-on: error',
    'evaluate:',
    `  model: ${candidate}`,
    '  data: penguins-test.csv',
    '  task: multiclass',
    '  label: Species',
    '  classes: [Adelie, Chinstrap, Gentoo]',
    '  thresholds: { accuracy: 0.85 }',
    '  latency: false',
    '  predictions: false',
    'compare:',
    ...compare,
    '  registry: registry',
    '  rules: [{ metric: accuracy, margin: 0.02 }]',
    '  signature: warn',
    '  latency: false',
    'gate:',
    '  name: penguins',
    '',
  ].join('\n');
}

beforeEach(async () => {
  fake = await startGitHubFake({ repos: [fullName] });
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-pipeline-gate-'));
  for (const f of [
    'penguins.csv',
    'penguins.schema.json',
    'checks.yml',
    'penguins-test.csv',
    'model.onnx',
    'model-small.onnx',
  ]) {
    copyFileSync(join(repoRoot, 'examples/penguins', f), join(workspace, f));
  }
  // Production is the strong model, recorded and promoted with the CLI in a local registry.
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), ...args, '--registry', 'registry'], {
      cwd: workspace,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
  expect(cli('release', '--model', 'model.onnx', '--name', 'penguins').status).toBe(0);
  expect(cli('promote', '--name', 'penguins', '--version', '0.1.0', '--stage', 'production').status).toBe(0);
  fake.seedPullRequest(fullName, { number: 12, headSha: HEAD });
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  expect(fake.responseFailures).toEqual([]);
  await fake.close();
  rmSync(workspace, { recursive: true, force: true });
});

async function pipeline(candidate: string, compare?: string[]) {
  writeFileSync(join(workspace, 'mlgate.yml'), config(candidate, compare));
  const event = join(workspace, 'event.json');
  writeFileSync(
    event,
    JSON.stringify({
      pull_request: {
        number: 12,
        head: { sha: HEAD, ref: 'feature', repo: { full_name: fullName } },
        base: { ref: 'main', repo: { full_name: fullName } },
        labels: [],
      },
    }),
  );
  return runBundledActionAsync(
    'dist/actions/pipeline.js',
    { config: 'mlgate.yml', token: 'test-token' },
    {
      workspace,
      env: {
        GITHUB_API_URL: fake.url,
        GITHUB_EVENT_PATH: event,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_SHA: 'c'.repeat(40),
        GITHUB_RUN_ID: '77',
        MLGATE_GITHUB_WRITE_INTERVAL_MS: '0',
      },
    },
  );
}

describe('the root pipeline with compare and gate sections', () => {
  it('fails the gate for a candidate worse than production, with a failed check run and one comment', async () => {
    const r = await pipeline('model-small.onnx');
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ passed: 'false', verdict: 'fail', 'comparison-verdict': 'fail' });
    const jobs = JSON.parse(r.outputs.result) as Record<string, { passed: boolean }>;
    expect(Object.keys(jobs)).toEqual(['validate', 'evaluate', 'compare', 'gate']);
    const comparison = JSON.parse(readFileSync(join(workspace, 'mlgate-out/comparison.json'), 'utf8'));
    expect(comparison.baseline).toMatchObject({
      kind: 'registry',
      ref: 'penguins#production',
      tag: 'penguins@v0.1.0',
    });
    expect(comparison.tests.mcnemar).toMatchObject({ b: 15, c: 1 });
    const verdict = JSON.parse(readFileSync(join(workspace, 'mlgate-out/verdict.json'), 'utf8'));
    expect(verdict).toMatchObject({
      verdict: 'fail',
      passed: false,
      conclusion: 'failure',
      name: 'penguins',
    });
    const runs = fake.repo(fullName).checkRuns;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: 'mlgate gate: penguins', headSha: HEAD, conclusion: 'failure' });
    const comments = fake
      .repo(fullName)
      .comments.filter((c) => c.body.includes('<!-- mlgate:gate:penguins -->'));
    expect(comments).toHaveLength(1);
    expect(r.summary).toContain('mlgate compare');
  });

  it('passes the gate for the production model itself, and a rerun updates the same check run and comment', async () => {
    const first = await pipeline('model.onnx');
    expect(first.status).toBe(0);
    expect(first.outputs).toMatchObject({ passed: 'true', verdict: 'pass', 'comparison-verdict': 'pass' });
    const again = await pipeline('model.onnx');
    expect(again.status).toBe(0);
    const runs = fake.repo(fullName).checkRuns;
    expect(runs).toHaveLength(1);
    expect(runs[0].conclusion).toBe('success');
    expect(
      fake.repo(fullName).comments.filter((c) => c.body.includes('<!-- mlgate:gate:penguins -->')),
    ).toHaveLength(1);
  });

  it("compares in bootstrap mode on a model's first pull request with if-no-baseline: bootstrap", async () => {
    const r = await pipeline('model.onnx', [
      '  baseline-from: newmodel#production',
      '  if-no-baseline: bootstrap',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/::warning::No baseline yet \(newmodel has no stage "production"/);
    const comparison = JSON.parse(readFileSync(join(workspace, 'mlgate-out/comparison.json'), 'utf8'));
    expect(comparison).toMatchObject({ mode: 'bootstrap', baseline: { kind: 'none' }, verdict: 'pass' });
    expect(comparison.policy.rules).toEqual([]);
    expect(r.outputs).toMatchObject({ passed: 'true', verdict: 'pass' });
  });
});
