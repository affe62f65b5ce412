/**
 * The bundled gate action (dist/actions/gate.js) run as the runner runs it: INPUT_* variables,
 * GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, a pull_request (or workflow_run) payload in GITHUB_EVENT_PATH and
 * GITHUB_API_URL at the GitHub fake, which checks every request against GitHub's description.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubFake, type GitHubFake } from '../github-fake/index.js';
import { runBundledActionAsync } from '../helpers/run-action.js';
import {
  check,
  comparisonResult,
  driftResult,
  evaluationResult,
  threshold,
  validationResult,
  writeResults,
} from '../unit/gate/result-files.js';

const fullName = 'octo/models';
const head = '7e57000000000000000000000000000000000007';
let fake: GitHubFake;
let workspace: string;

beforeAll(async () => {
  fake = await startGitHubFake({
    repos: [fullName],
    tokens: { 'read-only': { permissions: { contents: 'read', checks: 'read', pull_requests: 'read' } } },
  });
  fake.seedPullRequest(fullName, { number: 7, headSha: head });
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-gate-action-'));
  // A failing candidate: 120 missed thresholds (120 annotations) and a failed comparison check.
  writeResults(join(workspace, 'fail'), {
    validation: validationResult(),
    evaluation: evaluationResult({
      thresholds: Array.from({ length: 119 }, (_, i) => threshold(`metric_${i}`, 0.1, 0.5)),
    }),
    comparison: comparisonResult({ checks: [check('roc_auc', 'fail')] }),
    drift: driftResult({ drifted: ['amount'] }),
  });
  writeResults(join(workspace, 'pass'), { evaluation: evaluationResult(), comparison: comparisonResult() });
  writeResults(join(workspace, 'inconclusive'), {
    comparison: comparisonResult({ checks: [check('roc_auc', 'inconclusive')] }),
  });
});
afterAll(async () => {
  await fake.close();
  rmSync(workspace, { recursive: true, force: true });
});
beforeEach(() => fake.clearRequests());

function pullRequestEvent(o: { labels?: string[]; fork?: boolean } = {}) {
  return {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      head: { sha: head, ref: 'candidate', repo: { full_name: o.fork ? 'someone/models' : fullName } },
      base: { ref: 'main', repo: { full_name: fullName } },
      labels: (o.labels ?? []).map((name) => ({ name })),
    },
  };
}

let events = 0;
function run(
  set: string,
  inputs: Record<string, string>,
  event: unknown = pullRequestEvent(),
  env: Record<string, string> = {},
) {
  const eventPath = join(workspace, `event-${++events}.json`);
  writeFileSync(eventPath, JSON.stringify(event));
  return runBundledActionAsync(
    'dist/actions/gate.js',
    {
      validation: existsSync(join(workspace, set, 'results/validation.json'))
        ? `${set}/results/validation.json`
        : '',
      evaluation: existsSync(join(workspace, set, 'results/evaluation.json'))
        ? `${set}/results/evaluation.json`
        : '',
      comparison: `${set}/results/comparison.json`,
      drift: existsSync(join(workspace, set, 'results/drift.json')) ? `${set}/results/drift.json` : '',
      name: 'churn',
      token: 'test-token',
      'check-run': 'true',
      'override-label': 'mlgate:override',
      'output-dir': `out-${set}`,
      ...inputs,
    },
    {
      workspace,
      env: {
        GITHUB_API_URL: fake.url,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_SHA: 'aaaa000000000000000000000000000000000000',
        GITHUB_RUN_ID: '4242',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_ACTOR: 'erin',
        MLGATE_GITHUB_WRITE_INTERVAL_MS: '0',
        MLGATE_GITHUB_RETRY_DELAY_MS: '10',
        ...env,
      },
    },
  );
}

const state = () => fake.repo(fullName);
const gateComments = () => state().comments.filter((c) => c.body.startsWith('<!-- mlgate:gate:churn -->'));
const checkWrites = () => fake.requests.filter((r) => /^checks\/(create|update)$/.test(r.operationId ?? ''));

describe('gate action', () => {
  it('posts a failed check run with 120 annotations in 3 requests, one comment and the summary; exit 1', async () => {
    const r = await run('fail', {});
    expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(r.status).toBe(1);
    expect(r.outputs).toMatchObject({ verdict: 'fail', passed: 'false', conclusion: 'failure' });
    expect(r.outputs['result-path']).toBe(join(workspace, 'out-fail', 'verdict.json'));
    const verdict = JSON.parse(readFileSync(r.outputs['result-path'], 'utf8'));
    expect(verdict).toMatchObject({ name: 'churn', verdict: 'fail', passed: false, conclusion: 'failure' });
    expect(JSON.parse(r.outputs.result)).toMatchObject({
      verdict: 'fail',
      check_run_id: Number(r.outputs['check-run-id']),
    });

    const runs = state().checkRuns;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      id: Number(r.outputs['check-run-id']),
      name: 'mlgate gate: churn',
      headSha: head,
      status: 'completed',
      conclusion: 'failure',
      detailsUrl: 'https://github.com/octo/models/actions/runs/4242',
    });
    expect(runs[0].output.title).toBe('Failed: 120 reasons');
    expect(runs[0].output.summary).toContain('**Verdict: fail**');
    expect(runs[0].output.text).toContain('### Comparison');
    expect(runs[0].annotations).toHaveLength(120);
    expect(runs[0].annotations.filter((a) => a.annotation_level === 'failure')).toHaveLength(120);
    expect(runs[0].annotations[0].path).toBe('models/churn.onnx');
    const sizes = checkWrites().map(
      (w) => (w.body as { output: { annotations?: unknown[] } }).output.annotations?.length ?? 0,
    );
    expect(sizes).toEqual([50, 50, 20]);

    expect(gateComments()).toHaveLength(1);
    expect(Number(r.outputs['comment-id'])).toBe(gateComments()[0].id);
    expect(gateComments()[0].body).toContain('## ❌ mlgate gate: fail — churn');
    expect(r.summary).toContain('## ❌ mlgate gate: fail — churn');
    expect(r.stdout).toMatch(/::error::mlgate gate for churn: fail/);
    expect(fake.validationFailures).toEqual([]);
  });

  it('a rerun updates the same check run and the same comment (no duplicates)', async () => {
    const before = { run: state().checkRuns[0].id, comment: gateComments()[0].id };
    const r = await run('fail', {});
    expect(r.status).toBe(1);
    expect(state().checkRuns).toHaveLength(1);
    expect(Number(r.outputs['check-run-id'])).toBe(before.run);
    expect(state().checkRuns[0].annotations).toHaveLength(120);
    expect(gateComments()).toHaveLength(1);
    expect(Number(r.outputs['comment-id'])).toBe(before.comment);
    expect(fake.requestsFor('checks/create')).toHaveLength(0);
    expect(fake.requestsFor('issues/create-comment')).toHaveLength(0);
    expect(fake.validationFailures).toEqual([]);
  });

  it('the override label lets the failed gate through and records who applied it', async () => {
    fake.applyLabel(fullName, 7, 'mlgate:override', 'alice');
    const r = await run('fail', {}, pullRequestEvent({ labels: ['mlgate:override'] }));
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ verdict: 'fail', passed: 'true', conclusion: 'success' });
    const verdict = JSON.parse(readFileSync(r.outputs['result-path'], 'utf8'));
    expect(verdict.override).toMatchObject({
      applied: true,
      by: 'alice',
      via: 'label',
      label: 'mlgate:override',
    });
    expect(state().checkRuns).toHaveLength(1);
    expect(state().checkRuns[0]).toMatchObject({ conclusion: 'success' });
    expect(state().checkRuns[0].output.title).toBe('Failed: 120 reasons; overridden by @alice');
    expect(gateComments()).toHaveLength(1);
    expect(gateComments()[0].body).toContain(
      '🔓 **Overridden** by @alice through the label `mlgate:override`',
    );
    expect(r.summary).toContain('Overridden** by @alice');
    expect(fake.requestsFor('issues/list-events')).toHaveLength(1);
    // The label is removed again for the tests below.
    state().issues.find((i) => i.number === 7)!.labels = [];
  });

  it('the override input records GITHUB_ACTOR and needs a reason', async () => {
    const r = await run('fail', {
      override: 'true',
      'override-reason': 'accepted by the model owner',
      'check-run': 'false',
      comment: 'false',
    });
    expect(r.status).toBe(0);
    const verdict = JSON.parse(readFileSync(r.outputs['result-path'], 'utf8'));
    expect(verdict.override).toEqual({
      applied: true,
      by: 'erin',
      via: 'input',
      reason: 'accepted by the model owner',
    });
    expect(fake.requests).toHaveLength(0);

    const bad = await run('fail', { override: 'true' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toMatch(/::error::Input "override" is true without "override-reason"/);
  });

  it('on a pull request from a fork posts nothing and says how to post from workflow_run', async () => {
    const r = await run('pass', {}, pullRequestEvent({ fork: true }));
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ verdict: 'pass', passed: 'true' });
    expect(r.outputs['check-run-id']).toBeUndefined();
    expect(r.outputs['comment-id']).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
    expect(r.stdout).toMatch(
      /::warning::No check run and no comment: the pull request comes from a fork.*workflow_run.*pr-gate\.yml/,
    );
    expect(r.summary).toContain('✅ mlgate gate: pass — churn');
  });

  it('a token without checks: write or pull-requests: write warns naming them; the verdict decides the exit code', async () => {
    const r = await run('pass', { token: 'read-only' });
    expect(r.status).toBe(0);
    expect(r.outputs.passed).toBe('true');
    expect(r.stdout).toMatch(/::warning::Check run not posted: .*`permissions: checks: write`/);
    expect(r.stdout).toMatch(
      /::warning::Pull request comment not posted: .*`permissions: pull-requests: write`/,
    );
    expect(fake.validationFailures).toEqual([]);
  });

  it('an inconclusive comparison gives a neutral check run and passes the step with a warning', async () => {
    const r = await run('inconclusive', { comment: 'false' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ verdict: 'inconclusive', passed: 'false', conclusion: 'neutral' });
    expect(state().checkRuns.at(-1)).toMatchObject({ name: 'mlgate gate: churn', conclusion: 'neutral' });
    expect(r.stdout).toMatch(/::warning::mlgate gate for churn: inconclusive.*the check run is neutral/);

    const strict = await run('inconclusive', { comment: 'false', inconclusive: 'fail' });
    expect(strict.status).toBe(1);
    expect(strict.outputs.conclusion).toBe('failure');
  });

  it('in a workflow_run job: posts to the named pull request on the run head commit, after checking it', async () => {
    const workflowRun = {
      workflow_run: { id: 99, head_sha: head, event: 'pull_request', pull_requests: [] },
    };
    const env = { GITHUB_EVENT_NAME: 'workflow_run', GITHUB_SHA: 'bbbb000000000000000000000000000000000000' };
    const r = await run('pass', { 'pull-request': '7' }, workflowRun, env);
    expect(r.status).toBe(0);
    expect(fake.requestsFor('pulls/get')).toHaveLength(1);
    const posted = state().checkRuns.find((c) => c.id === Number(r.outputs['check-run-id']))!;
    expect(posted.headSha).toBe(head);
    expect(posted.conclusion).toBe('success');
    expect(gateComments()).toHaveLength(1);
    expect(gateComments()[0].body).toContain('✅ mlgate gate: pass — churn');

    // An artifact naming a pull request whose head is another commit: the check run goes to the run's
    // commit, nothing is posted to that pull request.
    fake.seedPullRequest(fullName, { number: 8, headSha: 'cccc000000000000000000000000000000000000' });
    const other = await run('pass', { 'pull-request': '8', 'head-sha': head }, workflowRun, env);
    expect(other.status).toBe(0);
    expect(other.stdout).toMatch(/::warning::Pull request #8's head is cccc00000000, not 7e5700000000/);
    expect(other.outputs['comment-id']).toBeUndefined();
    expect(state().comments.filter((c) => c.issueNumber === 8)).toHaveLength(0);
    expect(fake.validationFailures).toEqual([]);
  });

  it('in a workflow_run job the override label is read from GitHub, not from the artifact', async () => {
    fake.applyLabel(fullName, 7, 'mlgate:override', 'frank');
    const workflowRun = {
      workflow_run: { id: 100, head_sha: head, event: 'pull_request', pull_requests: [{ number: 7 }] },
    };
    const r = await run('fail', {}, workflowRun, { GITHUB_EVENT_NAME: 'workflow_run' });
    expect(r.status).toBe(0);
    expect(r.outputs).toMatchObject({ verdict: 'fail', passed: 'true' });
    expect(JSON.parse(readFileSync(r.outputs['result-path'], 'utf8')).override).toMatchObject({
      by: 'frank',
      via: 'label',
    });
    expect(fake.requestsFor('pulls/get')).toHaveLength(1);
    state().issues.find((i) => i.number === 7)!.labels = [];
  });

  it('a missing result file fails the step with exit code 2 naming it, and leaves no verdict behind', async () => {
    writeFileSync(join(workspace, 'out-pass', 'verdict.json'), '{}');
    const r = await run('pass', { comparison: 'pass/results/nope.json' });
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/::error::comparison file pass\/results\/nope\.json: no such file/);
    expect(existsSync(join(workspace, 'out-pass', 'verdict.json'))).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });

  it('survives GitHub faults: a 502 after the create, a reset, a 429 with retry-after', async () => {
    fake.injectFault({ match: 'checks/create', fault: { type: 'status', status: 502, afterHandling: true } });
    fake.injectFault({ match: 'issues/list-comments', fault: { type: 'reset' } });
    fake.injectFault({
      match: 'issues/create-comment',
      fault: { type: 'secondary-rate-limit', status: 429, retryAfterSeconds: 1 },
    });
    const r = await run('fail', { name: 'fraud' });
    expect(r.status).toBe(1);
    const runs = state().checkRuns.filter((c) => c.name === 'mlgate gate: fraud');
    expect(runs).toHaveLength(1);
    expect(runs[0].annotations).toHaveLength(120);
    expect(state().comments.filter((c) => c.body.startsWith('<!-- mlgate:gate:fraud -->'))).toHaveLength(1);
    expect(r.stdout).not.toMatch(/::warning::(Check run|Pull request comment) not posted/);
    expect(r.stdout).toMatch(/::warning::GitHub secondary rate limit on POST .*waiting 1 s/);
    expect(fake.faults).toEqual([]);
    expect(fake.validationFailures).toEqual([]);
  });
});
