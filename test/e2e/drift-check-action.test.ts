import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../github-fake/index.js';
import { writeShiftedBreastCancer } from '../helpers/breast-cancer-drift.js';
import { repoRoot, runBundledActionAsync } from '../helpers/run-action.js';

// The bundled drift-check action as the runner runs it, against the local GitHub fake: one issue per
// watched model, opened on drift, updated on a rerun of the same run, commented on while drift lasts,
// closed when it clears.

let fake: GitHubFake;
let workspace: string;

/** A seeded stream in [0, 1). */
function stream(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

function writeData(name: string, rows: number, shift: number, seed: number): string {
  const u = stream(seed);
  const lines = ['id,amount,"plan / tier",score'];
  for (let i = 0; i < rows; i++) {
    const amount = (u() + u() + u() - 1.5) * 10 + shift;
    const plan = u() < 0.5 + shift / 20 ? 'basic' : u() < 0.5 ? 'pro' : 'team';
    lines.push(`${i},${amount.toFixed(4)},${plan},${(u() * 100).toFixed(3)}`);
  }
  writeFileSync(join(workspace, name), `${lines.join('\n')}\n`);
  return name;
}

beforeAll(async () => {
  fake = await startGitHubFake({ repos: ['octo/models'] });
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-drift-action-'));
  writeData('reference.csv', 600, 0, 1);
  writeData('same.csv', 400, 0, 2);
  writeData('shifted.csv', 400, 4, 3);
});

afterAll(async () => {
  await fake.close();
});

function run(current: string, runId: string, extra: Record<string, string> = {}) {
  return runBundledActionAsync(
    'dist/actions/drift-check.js',
    {
      reference: 'reference.csv',
      current,
      name: 'churn model',
      exclude: 'id',
      issue: 'true',
      'issue-labels': 'mlgate-drift',
      'fail-on-drift': 'false',
      summary: 'true',
      'output-dir': `out-${runId}`,
      ...extra,
    },
    {
      workspace,
      env: {
        GITHUB_API_URL: fake.url,
        GITHUB_TOKEN: 'test-token',
        GITHUB_RUN_ID: runId,
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_EVENT_NAME: 'schedule',
        MLGATE_GITHUB_WRITE_INTERVAL_MS: '0',
      },
    },
  );
}

const openIssues = () => fake.repo('octo/models').issues.filter((i) => i.state === 'open' && !i.pullRequest);

describe('drift-check action', () => {
  it('opens one issue on drift, updates it on a rerun, comments while drift lasts, closes it when drift clears', async () => {
    const first = await run('shifted.csv', '101');
    expect(first.stderr).not.toMatch(/Error|at .*\.js:\d+/);
    expect(first.status).toBe(0);
    expect(first.outputs.drifted).toBe('true');
    expect(JSON.parse(first.outputs['drifted-columns'])).toEqual(expect.arrayContaining(['amount']));
    expect(first.outputs['issue-action']).toBe('opened');
    expect(first.summary).toContain('mlgate drift');
    expect(first.outputs['report-path']).toBe(join(workspace, 'out-101', 'drift.html'));
    expect(readFileSync(first.outputs['report-path'], 'utf8')).toMatch(/^<!doctype html>/i);
    const result = JSON.parse(readFileSync(join(workspace, 'out-101', 'drift.json'), 'utf8'));
    expect(result.dataset_drift).toBe(true);
    expect(result.columns.amount.method).toBe('ks');
    expect(result.columns['plan / tier'].type).toBe('categorical');
    expect(openIssues()).toHaveLength(1);
    const issue = openIssues()[0];
    expect(issue.title).toContain('churn model');
    expect(issue.labels).toEqual(['mlgate-drift']);
    expect(issue.body).toContain('amount');

    const rerun = await run('shifted.csv', '101');
    expect(rerun.outputs['issue-action']).toBe('updated');
    expect(openIssues()).toHaveLength(1);

    const next = await run('shifted.csv', '102');
    expect(next.outputs['issue-action']).toBe('commented');
    expect(openIssues()).toHaveLength(1);
    const comments = () => fake.repo('octo/models').comments.filter((c) => c.issueNumber === issue.number);
    const before = comments().length;

    const cleared = await run('same.csv', '103');
    expect(cleared.outputs.drifted).toBe('false');
    expect(cleared.outputs['issue-action']).toBe('closed');
    expect(openIssues()).toHaveLength(0);
    expect(comments().length).toBe(before + 1);
    expect(fake.validationFailures).toEqual([]);
  });

  it('requests retraining once per workflow run on drift (not again on a rerun)', async () => {
    const extra = {
      name: 'dispatch model',
      dispatch: 'repository_dispatch',
      'dispatch-event-type': 'retrain',
    };
    const dispatches = () => fake.repo('octo/models').dispatches;
    const before = dispatches().length;
    const first = await run('shifted.csv', '301', extra);
    expect(first.outputs.dispatched).toBe('true');
    expect(dispatches()).toHaveLength(before + 1);
    const sent = dispatches().at(-1)!;
    expect(sent).toMatchObject({ kind: 'repository_dispatch', eventType: 'retrain' });
    expect(sent.kind === 'repository_dispatch' && sent.clientPayload).toMatchObject({
      model: 'dispatch model',
      drifted_columns: expect.arrayContaining(['amount']),
    });
    const rerun = await run('shifted.csv', '301', extra);
    expect(rerun.outputs['issue-action']).toBe('updated');
    expect(rerun.outputs.dispatched).toBeUndefined();
    expect(dispatches()).toHaveLength(before + 1);
    const calm = await run('same.csv', '302', extra);
    expect(calm.outputs.dispatched).toBeUndefined();
    expect(dispatches()).toHaveLength(before + 1);
    expect(fake.validationFailures).toEqual([]);
  });

  it('fails the step on drift when fail-on-drift is true, and the verdict stands when GitHub refuses the issue', async () => {
    fake.setToken('read-only', { permissions: { issues: 'read', contents: 'read' } });
    const r = await runBundledActionAsync(
      'dist/actions/drift-check.js',
      {
        reference: 'reference.csv',
        current: 'shifted.csv',
        name: 'other model',
        exclude: 'id',
        'fail-on-drift': 'true',
        'output-dir': 'out-ro',
      },
      {
        workspace,
        env: {
          GITHUB_API_URL: fake.url,
          GITHUB_TOKEN: 'read-only',
          GITHUB_RUN_ID: '201',
          MLGATE_GITHUB_WRITE_INTERVAL_MS: '0',
        },
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/::warning::Drift issue not updated: .*issues: write/);
    expect(r.stdout).toMatch(/::error::Dataset drift: /);
    expect(r.outputs.drifted).toBe('true');
    expect(fake.repo('octo/models').issues.filter((i) => i.title.includes('other model'))).toHaveLength(0);
  });

  it('with a model, compares its outputs on both sides (CPU, ONNX Runtime found as for evaluate-model)', async () => {
    writeShiftedBreastCancer(workspace, { reference: 'bc-reference.csv', current: 'bc-current.csv' });
    const r = await runBundledActionAsync(
      'dist/actions/drift-check.js',
      {
        reference: 'bc-reference.csv',
        current: 'bc-current.csv',
        model: join(repoRoot, 'test/fixtures/models/binary-logreg.onnx'),
        task: 'binary',
        label: 'target',
        issue: 'false',
        'output-dir': 'out-model',
      },
      { workspace, env: { GITHUB_API_URL: fake.url } },
    );
    expect(r.stdout).not.toContain('::error::');
    expect(r.status).toBe(0);
    expect(r.outputs['predictions-drifted']).toBe('true');
    const p = JSON.parse(readFileSync(join(workspace, 'out-model', 'drift.json'), 'utf8')).prediction_drift;
    const sklearn = JSON.parse(
      readFileSync(join(repoRoot, 'test/fixtures/eval/binary-logreg.reference.json'), 'utf8'),
    ) as { metrics: { roc_auc: number } };
    expect(p.metric.reference).toBeCloseTo(sklearn.metrics.roc_auc, 12);
    expect(p.metric.current).toBeNull();
    expect(p.score.drifted).toBe(true);
  });

  it("takes its data and settings from mlgate.yml's drift section, inputs overriding it", async () => {
    writeFileSync(
      join(workspace, 'mlgate.yml'),
      'version: 1\ndrift:\n  name: from config\n  reference: reference.csv\n  current: shifted.csv\n  exclude: [id]\n  fail-on-drift: true\n  methods: { amount: wasserstein }\n',
    );
    const env = { GITHUB_API_URL: fake.url };
    const fromConfig = await runBundledActionAsync(
      'dist/actions/drift-check.js',
      { config: 'mlgate.yml', issue: 'false', 'output-dir': 'out-config' },
      { workspace, env },
    );
    expect(fromConfig.status).toBe(1);
    expect(fromConfig.stdout).toMatch(/::error::Dataset drift: /);
    const result = JSON.parse(readFileSync(join(workspace, 'out-config', 'drift.json'), 'utf8'));
    expect(result.name).toBe('from config');
    expect(result.columns.amount.method).toBe('wasserstein');
    expect(result.columns.id).toBeUndefined();
    const overridden = await runBundledActionAsync(
      'dist/actions/drift-check.js',
      {
        config: 'mlgate.yml',
        current: 'same.csv',
        'fail-on-drift': 'false',
        issue: 'false',
        'output-dir': 'out-config-2',
      },
      { workspace, env },
    );
    expect(overridden.status).toBe(0);
    expect(overridden.outputs.drifted).toBe('false');
  });

  it('refuses bad inputs with one line and exit code 2 before reading anything', async () => {
    const r = await runBundledActionAsync(
      'dist/actions/drift-check.js',
      { reference: 'reference.csv', current: 'shifted.csv', alpha: '2', issue: 'false' },
      { workspace, env: { GITHUB_API_URL: fake.url } },
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('::error::');
    expect(r.stdout).toContain('alpha must be a number in (0, 1); got 2');
    expect(r.stdout).not.toMatch(/at .*\.js:\d+/);
  });
});
