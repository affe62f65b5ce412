import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GateInputs } from '../../../src/core/gate/inputs.js';
import { resolveGatePolicy } from '../../../src/core/gate/policy.js';
import { decideGate } from '../../../src/core/gate/verdict.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { isGitHubSideEffectError } from '../../../src/github/drift-issue.js';
import {
  ANNOTATIONS_PER_REQUEST,
  gateAnnotations,
  gateCheckRunName,
  lineOfMetric,
  syncGateCheckRun,
  type GateCheckRunRequest,
} from '../../../src/github/gate/check-run.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import { DEFAULT_HEAD_SHA, startGitHubFake, type GitHubFake } from '../../github-fake/index.js';
import { check, comparisonResult, evaluationResult, threshold } from '../gate/result-files.js';

const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
let fake: GitHubFake;

beforeEach(async () => {
  fake = await startGitHubFake({
    repos: [fullName],
    tokens: { 'read-only': { permissions: { contents: 'read', checks: 'read' } } },
  });
});
afterEach(async () => {
  // Every request matched GitHub's description (50 annotations per request at most, summary ≤ 65 535).
  expect(fake.validationFailures).toEqual([]);
  expect(fake.responseFailures).toEqual([]);
  await fake.close();
});

const client = (token = 'test-token', logger = getRecordingLogger()) =>
  createGitHubClient({ token, baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 10, logger });

const source = <T>(kind: string, value: T) => ({
  absolutePath: `/w/out/${kind}.json`,
  path: `out/${kind}.json`,
  sha256: 'f'.repeat(64),
  value,
});

/** A failed gate with `n` missed thresholds: n failure annotations on the config file. */
function failedGate(n: number) {
  const inputs: GateInputs = {
    evaluation: source(
      'evaluation',
      evaluationResult({ thresholds: Array.from({ length: n }, (_, i) => threshold(`m${i}`, 0.1, 0.5)) }),
    ),
  };
  const verdict = decideGate(inputs, resolveGatePolicy(), { name: 'churn' });
  return { inputs, verdict };
}

function request(n: number, extra: Partial<GateCheckRunRequest> = {}): GateCheckRunRequest {
  const { inputs, verdict } = failedGate(n);
  return {
    name: gateCheckRunName('churn'),
    headSha: DEFAULT_HEAD_SHA,
    conclusion: verdict.conclusion,
    title: 'Failed',
    summary: 'summary',
    text: 'detail',
    annotations: gateAnnotations(inputs, verdict, { workspace: '/w', configPath: 'mlgate.yml' }),
    detailsUrl: 'https://github.com/octo/models/actions/runs/5',
    ...extra,
  };
}

const runs = () => fake.repo(fullName).checkRuns;
const writes = () => fake.requests.filter((r) => /checks\/(create|update)/.test(r.operationId ?? ''));
const annotationsIn = (body: unknown) =>
  ((body as { output?: { annotations?: unknown[] } }).output?.annotations ?? []).length;

async function sync(req: GateCheckRunRequest, token?: string) {
  const logger = getRecordingLogger();
  const result = await syncGateCheckRun(client(token, logger), repo, req, logger, { retryDelayMs: 1 });
  return { result, logger };
}

describe('syncGateCheckRun', () => {
  it('creates one check run with the conclusion and sends 120 annotations in 3 requests of at most 50', async () => {
    const { result } = await sync(request(120));
    expect(result).toMatchObject({
      action: 'created',
      requests: 3,
      annotationsSent: 120,
      annotationsDropped: 0,
    });
    expect(runs()).toHaveLength(1);
    const run = runs()[0];
    expect(run).toMatchObject({
      id: result.id,
      name: 'mlgate gate: churn',
      headSha: DEFAULT_HEAD_SHA,
      status: 'completed',
      conclusion: 'failure',
      detailsUrl: 'https://github.com/octo/models/actions/runs/5',
    });
    expect(run.output).toEqual({ title: 'Failed', summary: 'summary', text: 'detail' });
    expect(run.annotations).toHaveLength(120);
    expect(run.annotations[0]).toEqual({
      path: 'mlgate.yml',
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      title: 'm0 misses its threshold',
      message: 'm0 = 0.1, needs ≥ 0.5',
    });
    const sent = writes();
    expect(sent.map((r) => r.operationId)).toEqual(['checks/create', 'checks/update', 'checks/update']);
    expect(sent.map((r) => annotationsIn(r.body))).toEqual([50, 50, 20]);
    for (const r of sent) expect(annotationsIn(r.body)).toBeLessThanOrEqual(ANNOTATIONS_PER_REQUEST);
    // The run is in progress until the last request gives the conclusion.
    expect((sent[0].body as { status?: string }).status).toBe('in_progress');
    expect((sent[2].body as { conclusion?: string }).conclusion).toBe('failure');
  });

  it('a rerun updates the same check run and sends none of the annotations already there', async () => {
    const first = await sync(request(120));
    fake.clearRequests();
    const again = await sync(request(120));
    expect(again.result).toMatchObject({
      id: first.result.id,
      action: 'updated',
      requests: 1,
      annotationsSent: 0,
    });
    expect(runs()).toHaveLength(1);
    expect(runs()[0].annotations).toHaveLength(120);
    expect(writes().map((r) => r.operationId)).toEqual(['checks/update']);
    const find = fake.requestsFor('checks/list-for-ref')[0];
    expect(find.query).toMatchObject({ check_name: 'mlgate gate: churn', filter: 'latest' });
  });

  it('a rerun with a new verdict updates the conclusion in place', async () => {
    await sync(request(3));
    const { result } = await sync(request(0, { conclusion: 'success', title: 'Passed' }));
    expect(result.action).toBe('updated');
    expect(runs()).toHaveLength(1);
    expect(runs()[0]).toMatchObject({ conclusion: 'success', status: 'completed' });
    expect(runs()[0].output.title).toBe('Passed');
  });

  it('one request when there are no more than 50 annotations; each model has its own run', async () => {
    await sync(request(50));
    await sync(request(1, { name: gateCheckRunName('fraud') }));
    expect(writes().map((r) => r.operationId)).toEqual(['checks/create', 'checks/create']);
    expect(runs().map((r) => [r.name, r.annotations.length])).toEqual([
      ['mlgate gate: churn', 50],
      ['mlgate gate: fraud', 1],
    ]);
  });

  it('a create whose answer was lost is found, not sent again', async () => {
    fake.injectFault({ match: 'checks/create', fault: { type: 'status', status: 502, afterHandling: true } });
    const { result, logger } = await sync(request(120));
    expect(runs()).toHaveLength(1);
    expect(runs()[0].annotations).toHaveLength(120);
    expect(runs()[0].conclusion).toBe('failure');
    expect(result.action).toBe('created');
    expect(logger.messages.some((m) => /no answer from GitHub/.test(m.message))).toBe(true);
  });

  it('an update whose answer was lost is read back: its annotations are not appended twice', async () => {
    fake.injectFault({ match: 'checks/update', fault: { type: 'reset', afterHandling: true } });
    await sync(request(120));
    expect(runs()[0].annotations).toHaveLength(120);
    expect(fake.requestsFor('checks/get')).toHaveLength(1);
  });

  it('an update that did not land (reset before handling, 5xx) is sent again', async () => {
    fake.injectFault({ match: 'checks/update', fault: { type: 'reset' } });
    fake.injectFault({ match: 'checks/update', fault: { type: 'status', status: 503 } });
    await sync(request(120));
    expect(runs()[0].annotations).toHaveLength(120);
    expect(runs()[0].conclusion).toBe('failure');
  });

  it.each([
    [
      '403 secondary rate limit with retry-after',
      { type: 'secondary-rate-limit', status: 403, retryAfterSeconds: 1 },
    ],
    ['429 with retry-after', { type: 'secondary-rate-limit', status: 429, retryAfterSeconds: 1 }],
  ] as const)('waits out a %s and goes on', async (_, fault) => {
    fake.injectFault({ match: 'checks/update', fault });
    const started = Date.now();
    const { logger } = await sync(request(120));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(runs()[0].annotations).toHaveLength(120);
    expect(logger.messages.some((m) => m.level === 'warning' && /rate limit/.test(m.message))).toBe(true);
  });

  it('survives 5xx on the lookup (retried by octokit) and a slow answer', async () => {
    fake.injectFault({ match: 'checks/list-for-ref', fault: { type: 'status', status: 500 }, times: 2 });
    fake.injectFault({ match: 'checks/create', fault: { type: 'delay', ms: 300 } });
    const { result } = await sync(request(10));
    expect(result.action).toBe('created');
    expect(runs()).toHaveLength(1);
  });

  it('a token without checks: write fails with a message naming the permission', async () => {
    let caught: unknown;
    try {
      await sync(request(2), 'read-only');
    } catch (error) {
      caught = error;
    }
    expect(isGitHubSideEffectError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(
      /^Creating the check run "mlgate gate: churn" failed: .*`permissions: checks: write`/,
    );
    expect(runs()).toHaveLength(0);
  });

  it('persistent 5xx ends in a GitHubSideEffectError, not a hang', async () => {
    fake.injectFault({ match: 'checks/create', fault: { type: 'status', status: 500 }, times: Infinity });
    await expect(sync(request(2))).rejects.toThrow(
      /Creating the check run "mlgate gate: churn" failed: GitHub answered 500/,
    );
  });
});

describe('gateAnnotations', () => {
  const inputs: GateInputs = {
    evaluation: source(
      'evaluation',
      evaluationResult({ thresholds: [threshold('roc_auc', 0.7, 0.8), threshold('f1', 0.9, 0.5)] }),
    ),
    comparison: source(
      'comparison',
      comparisonResult({
        checks: [check('roc_auc', 'fail'), check('accuracy', 'inconclusive'), check('f1', 'pass')],
      }),
    ),
  };
  const verdict = decideGate(inputs, resolveGatePolicy(), { name: 'churn' });

  it('missed thresholds and failed comparison checks are failures, inconclusive ones warnings, on the metric line', () => {
    const config = [
      'version: 1',
      'evaluate:',
      '  thresholds:',
      '    roc_auc: {min: 0.8}',
      'compare:',
      '  policy:',
      '    - metric: accuracy',
      '      margin: 0.01',
    ].join('\n');
    const list = gateAnnotations(inputs, verdict, {
      workspace: '/w',
      configPath: '/w/mlgate.yml',
      configText: config,
    });
    expect(list.map((a) => [a.path, a.start_line, a.annotation_level, a.title])).toEqual([
      ['mlgate.yml', 4, 'failure', 'roc_auc misses its threshold'],
      ['mlgate.yml', 4, 'failure', 'roc_auc: non inferiority fail'],
      ['mlgate.yml', 7, 'warning', 'accuracy: non inferiority inconclusive'],
    ]);
  });

  it('without a config: the model file, else the result file, when inside the workspace', () => {
    const list = gateAnnotations(inputs, verdict, { workspace: '/w' });
    expect(list[0].path).toBe('models/churn.onnx');
    const outside: GateInputs = {
      evaluation: source(
        'evaluation',
        evaluationResult({ modelPath: '/tmp/elsewhere/m.onnx', thresholds: [threshold('f1', 0.1, 0.5)] }),
      ),
    };
    const v = decideGate(outside, resolveGatePolicy(), { name: 'm' });
    expect(gateAnnotations(outside, v, { workspace: '/w' })[0].path).toBe('out/evaluation.json');
  });

  it('evaluation: warn makes warnings, ignore none', () => {
    const warn = decideGate(inputs, resolveGatePolicy({ evaluation: 'warn' }), { name: 'c' });
    expect(gateAnnotations(inputs, warn, { workspace: '/w' })[0].annotation_level).toBe('warning');
    const ignore = decideGate(inputs, resolveGatePolicy({ evaluation: 'ignore' }), { name: 'c' });
    expect(gateAnnotations(inputs, ignore, { workspace: '/w' }).map((a) => a.title)).toEqual([
      'roc_auc: non inferiority fail',
      'accuracy: non inferiority inconclusive',
    ]);
  });

  it('lineOfMetric finds keys and metric: values, else line 1', () => {
    expect(lineOfMetric('a: 1\n  "f1": {min: 1}\n', 'f1')).toBe(2);
    expect(lineOfMetric('x:\n  - metric: "roc_auc" # primary\n', 'roc_auc')).toBe(2);
    expect(lineOfMetric('roc_auc_ovr: 1\n', 'roc_auc')).toBe(1);
    expect(lineOfMetric(undefined, 'f1')).toBe(1);
  });
});
