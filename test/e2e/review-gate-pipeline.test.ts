/**
 * Review: failing on purpose. The root pipeline (src/actions/pipeline/main.ts) with a gate section, run as
 * the runner runs dist/actions/pipeline.js on a pull request against the GitHub fake.
 *
 * 1. An inconclusive gate under the default policy (inconclusive: neutral) is `passed: false` in
 *    verdict.json, the gate action's `passed` output and the comment ("passed: no"), but the pipeline sets
 *    `gatePassed = verdict.conclusion !== 'failure'` (main.ts:159) and then `passed` from it (main.ts:169):
 *    its `passed` output is "true" and its `result` says the gate passed. action.yml documents `passed` as
 *    "true when every job of the pipeline passed"; a deploy step guarded by
 *    `steps.mlgate.outputs.passed == 'true'` ships a candidate the gate did not pass. (Whether the step
 *    itself fails on a neutral gate is a separate choice; the gate action passes it with a warning.)
 * 2. compare.candidate (schema: "Default: the evaluate section's model") names another model than
 *    evaluate.model: the loader accepts the file, validate/evaluate/compare all run, and then the gate is
 *    handed the evaluation of one model and the comparison of the other; readGateInputs refuses them
 *    ("are of different models; give the results of the same candidate"), so the run ends with exit 2
 *    after all the work and posts no check run and no comment. A config the schema accepts should either
 *    be refused before anything runs or be gated.
 * 3. drift.fail-on-drift: true (docs/config.md: "Whether dataset drift fails the pipeline") is dropped as
 *    soon as the file has a gate section: the pipeline's passed is the gate's (main.ts:169), the gate's
 *    drift policy defaults to warn and is not derived from fail-on-drift, so dataset drift (5 of 6 columns
 *    here) passes the pipeline, exit 0, although the file asks for the opposite.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../github-fake/index.js';
import { repoRoot, runBundledActionAsync } from '../helpers/run-action.js';

const fullName = 'octo/models';
const HEAD = 'b'.repeat(40);
let fake: GitHubFake;
let workspace: string;

const evaluateSection = (model: string) => [
  'evaluate:',
  `  model: ${model}`,
  '  data: penguins-test.csv',
  '  task: multiclass',
  '  label: Species',
  '  classes: [Adelie, Chinstrap, Gentoo]',
  '  thresholds: { accuracy: 0.85 }',
  '  latency: false',
  '  predictions: false',
];

beforeEach(async () => {
  fake = await startGitHubFake({ repos: [fullName] });
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-review-pipeline-'));
  for (const f of [
    'penguins-test.csv',
    'model.onnx',
    'model-small.onnx',
    'penguins.csv',
    'penguins-new-batch.csv',
  ]) {
    copyFileSync(join(repoRoot, 'examples/penguins', f), join(workspace, f));
  }
  fake.seedPullRequest(fullName, { number: 12, headSha: HEAD });
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  await fake.close();
  rmSync(workspace, { recursive: true, force: true });
});

async function pipeline(lines: string[]) {
  writeFileSync(join(workspace, 'mlgate.yml'), ['version: 1', ...lines, ''].join('\n'));
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
        GITHUB_RUN_ID: '78',
        MLGATE_GITHUB_WRITE_INTERVAL_MS: '0',
      },
    },
  );
}

const readJson = (path: string) => JSON.parse(readFileSync(join(workspace, path), 'utf8'));

describe('review: the root pipeline with a gate section', () => {
  it('an inconclusive gate (inconclusive: neutral) is not passed: the pipeline says passed false too', async () => {
    // The baseline as stored results: unpaired, so the default no-regression rule is inconclusive.
    const evaluated = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'dist/cli.js'),
        'evaluate',
        '--model',
        'model.onnx',
        '--data',
        'penguins-test.csv',
        '--task',
        'multiclass',
        '--label',
        'Species',
        '--classes',
        'Adelie,Chinstrap,Gentoo',
        '--out',
        'production',
      ],
      { cwd: workspace, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    );
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const r = await pipeline([
      ...evaluateSection('model.onnx'),
      'compare:',
      '  baseline-results: production/evaluation.json',
      'gate:',
      '  name: penguins',
    ]);
    const verdict = readJson('mlgate-out/verdict.json');
    expect(verdict).toMatchObject({ verdict: 'inconclusive', passed: false, conclusion: 'neutral' });
    expect(r.outputs.verdict).toBe('inconclusive');
    const jobs = JSON.parse(r.outputs.result) as Record<string, { passed: boolean }>;
    expect(jobs.gate.passed).toBe(false);
    expect(r.outputs.passed).toBe('false');
  });

  it('compare.candidate other than evaluate.model: refused before the jobs run, or gated', async () => {
    const r = await pipeline([
      ...evaluateSection('model.onnx'),
      'compare:',
      '  candidate: model-small.onnx',
      '  baseline: model.onnx',
      '  latency: false',
      'gate:',
      '  name: penguins',
    ]);
    const ranJobs = existsSync(join(workspace, 'mlgate-out/comparison.json'));
    const gated = existsSync(join(workspace, 'mlgate-out/verdict.json'));
    // Today: every job ran, then exit 2 with "… are of different models", nothing gated or posted.
    expect({ status: r.status, ranJobs, gated, checkRuns: fake.repo(fullName).checkRuns.length }).toSatisfy(
      (o: { status: number | null; ranJobs: boolean; gated: boolean; checkRuns: number }) =>
        o.status === 2 ? !o.ranJobs : o.gated && o.checkRuns === 1,
    );
  });

  it('drift.fail-on-drift: true still fails the pipeline on dataset drift when there is a gate section', async () => {
    const r = await pipeline([
      'drift:',
      '  name: penguins',
      '  reference: penguins.csv',
      '  current: penguins-new-batch.csv',
      '  exclude: [id]',
      '  fail-on-drift: true',
      'gate:',
      '  name: penguins',
    ]);
    expect(readJson('mlgate-out/drift.json').dataset_drift).toBe(true);
    const jobs = JSON.parse(r.outputs.result) as Record<string, { passed: boolean }>;
    expect(jobs.drift.passed).toBe(false);
    expect(r.outputs.passed).toBe('false');
    expect(r.status).toBe(1);
  });
});
