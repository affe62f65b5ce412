import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import {
  DRIFTED_COLUMNS_MAX_LENGTH,
  buildRetrainingRequest,
  triggerRetraining,
  type RetrainingFacts,
  type RetrainingSpec,
} from '../../../src/github/dispatch.js';
import { GitHubSideEffectError } from '../../../src/github/drift-issue.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import { startGitHubFake, type GitHubFake } from '../../github-fake/index.js';

const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
const runUrl = 'https://github.com/octo/models/actions/runs/42';
let fake: GitHubFake;
let savedEnv: NodeJS.ProcessEnv;

beforeEach(async () => {
  savedEnv = { ...process.env };
  delete process.env.GITHUB_API_URL;
  delete process.env.MLGATE_GITHUB_WRITE_INTERVAL_MS;
  fake = await startGitHubFake({
    repos: [fullName],
    tokens: {
      'contents-read': { permissions: { contents: 'read', actions: 'write' } },
      'actions-read': { permissions: { contents: 'write', actions: 'read' } },
    },
  });
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  expect(fake.responseFailures).toEqual([]);
  process.env = savedEnv;
  await fake.close();
});

const client = (token = 'test-token') =>
  createGitHubClient({ token, baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 10 });

const facts = (more: Partial<RetrainingFacts> = {}): RetrainingFacts => ({
  model: 'churn',
  driftedColumns: ['age', 'income'],
  runUrl,
  ...more,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('triggerRetraining against the GitHub fake', () => {
  it('sends a repository_dispatch with the model, drifted columns and run URL', async () => {
    const logger = getRecordingLogger();
    const result = await triggerRetraining(
      client(),
      repo,
      {
        kind: 'repository_dispatch',
        eventType: 'retrain-model',
        payload: facts({ extra: { stage: 'prod' } }),
      },
      logger,
    );
    const [dispatch] = fake.repo(fullName).dispatches;
    expect(fake.repo(fullName).dispatches).toHaveLength(1);
    expect(dispatch).toMatchObject({
      kind: 'repository_dispatch',
      eventType: 'retrain-model',
      clientPayload: {
        model: 'churn',
        drifted_columns: ['age', 'income'],
        drifted_column_count: 2,
        run_url: runUrl,
        stage: 'prod',
      },
    });
    expect(result.workflowRun).toBeUndefined();
    expect(logger.messages[0].message).toContain('sent the repository_dispatch event "retrain-model"');
  });

  it('dispatches a workflow by file name with string inputs and returns the started run', async () => {
    const result = await triggerRetraining(client(), repo, {
      kind: 'workflow_dispatch',
      workflow: './.github/workflows/retrain.yml',
      ref: 'main',
      inputs: facts({ extra: { epochs: 5, full: true } }),
    });
    expect(fake.repo(fullName).dispatches).toMatchObject([
      {
        kind: 'workflow_dispatch',
        workflowId: 'retrain.yml',
        ref: 'main',
        inputs: {
          model: 'churn',
          drifted_columns: '["age","income"]',
          run_url: runUrl,
          epochs: '5',
          full: 'true',
        },
      },
    ]);
    const [request] = fake.requestsFor('actions/create-workflow-dispatch');
    expect(request.path).toBe('/repos/octo/models/actions/workflows/retrain.yml/dispatches');
    expect(result.workflowRun).toEqual({
      id: expect.any(Number),
      url: expect.stringMatching(/^https:\/\/github\.com\/octo\/models\/actions\/runs\/\d+$/),
    });
  });

  it('dispatches a workflow by numeric id', async () => {
    await triggerRetraining(client(), repo, {
      kind: 'workflow_dispatch',
      workflow: '1234',
      ref: 'main',
      inputs: facts(),
    });
    expect(fake.requestsFor('actions/create-workflow-dispatch')[0].path).toBe(
      '/repos/octo/models/actions/workflows/1234/dispatches',
    );
  });

  it('bounds the drifted columns it sends and still counts them all', async () => {
    const columns = Array.from({ length: 2000 }, (_, i) => `feature_${String(i).padStart(5, '0')}`);
    await triggerRetraining(client(), repo, {
      kind: 'repository_dispatch',
      eventType: 'retrain',
      payload: facts({ driftedColumns: columns }),
    });
    const payload = fake.repo(fullName).dispatches[0] as { clientPayload: Record<string, unknown> };
    const sent = payload.clientPayload.drifted_columns as string[];
    expect(JSON.stringify(sent).length).toBeLessThanOrEqual(DRIFTED_COLUMNS_MAX_LENGTH);
    // Each name is 15 characters of JSON, 16 with its comma: 2 + 15 + 16 × 248 = 3985 ≤ 4000 < 4001.
    expect(sent).toEqual(columns.slice(0, 249));
    expect(payload.clientPayload.drifted_column_count).toBe(2000);
  });

  it('names `permissions: contents: write` when repository_dispatch is refused', async () => {
    const error = await rejection(
      triggerRetraining(client('contents-read'), repo, {
        kind: 'repository_dispatch',
        eventType: 'retrain',
        payload: facts(),
      }),
    );
    expect(error).toBeInstanceOf(GitHubSideEffectError);
    expect((error as GitHubSideEffectError).status).toBe(403);
    expect((error as Error).message).toContain(
      'Sending the repository_dispatch event "retrain" to octo/models failed',
    );
    expect((error as Error).message).toContain('`permissions: contents: write`');
  });

  it('names `permissions: actions: write` when workflow_dispatch is refused', async () => {
    const error = await rejection(
      triggerRetraining(client('actions-read'), repo, {
        kind: 'workflow_dispatch',
        workflow: 'retrain.yml',
        ref: 'main',
        inputs: facts(),
      }),
    );
    expect((error as GitHubSideEffectError).status).toBe(403);
    expect((error as Error).message).toContain('`permissions: actions: write`');
  });

  it("passes GitHub's 422 on with what the workflow must declare", async () => {
    const error = await rejection(
      triggerRetraining(client(), repo, {
        kind: 'workflow_dispatch',
        workflow: 'retrain.yml',
        ref: 'nope',
        inputs: facts(),
      }),
    );
    expect((error as GitHubSideEffectError).status).toBe(422);
    expect((error as Error).message).toMatch(/422 No ref found for: nope/);
    expect((error as Error).message).toContain(
      'declare the inputs mlgate sends (model, drifted_columns, run_url)',
    );
  });

  it('does not resend a dispatch after a 502 (a repeat could start a second retraining)', async () => {
    fake.injectFault({
      match: 'repos/create-dispatch-event',
      fault: { type: 'status', status: 502, afterHandling: true },
    });
    const error = await rejection(
      triggerRetraining(client(), repo, {
        kind: 'repository_dispatch',
        eventType: 'retrain',
        payload: facts(),
      }),
    );
    expect((error as GitHubSideEffectError).status).toBe(502);
    expect(fake.requestsFor('repos/create-dispatch-event')).toHaveLength(1);
    expect(fake.repo(fullName).dispatches).toHaveLength(1);
  });
});

describe('buildRetrainingRequest', () => {
  const tooMany = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`k${i}`, i]));
  const tooManyInputs = Object.fromEntries(Array.from({ length: 23 }, (_, i) => [`k${i}`, 'v']));
  it.each<[string, RetrainingSpec, RegExp]>([
    [
      'an unknown kind',
      { kind: 'push' } as unknown as RetrainingSpec,
      /the kind is "push": expected repository_dispatch or workflow_dispatch/,
    ],
    [
      'an empty event type',
      { kind: 'repository_dispatch', eventType: ' ', payload: facts() },
      /event type is " ": expected a name of 1 to 100/,
    ],
    [
      'a 101-character event type',
      { kind: 'repository_dispatch', eventType: 'e'.repeat(101), payload: facts() },
      /expected a name of 1 to 100/,
    ],
    [
      'a missing payload',
      { kind: 'repository_dispatch', eventType: 'e' } as unknown as RetrainingSpec,
      /payload is missing/,
    ],
    [
      'no model',
      { kind: 'repository_dispatch', eventType: 'e', payload: facts({ model: '' }) },
      /payload.model is "": expected the model's name/,
    ],
    [
      'columns that are not a list',
      {
        kind: 'repository_dispatch',
        eventType: 'e',
        payload: facts({ driftedColumns: 'age' as unknown as string[] }),
      },
      /driftedColumns must be a list/,
    ],
    [
      'a run URL that is not http(s)',
      { kind: 'repository_dispatch', eventType: 'e', payload: facts({ runUrl: 'ftp://x' }) },
      /runUrl is "ftp:\/\/x": expected an http\(s\) URL/,
    ],
    [
      'an extra key mlgate sets',
      { kind: 'repository_dispatch', eventType: 'e', payload: facts({ extra: { model: 'x' } }) },
      /payload.extra.model is a key mlgate sets itself/,
    ],
    [
      '11 top-level payload keys',
      { kind: 'repository_dispatch', eventType: 'e', payload: facts({ extra: tooMany }) },
      /client_payload would have 11 top-level keys .*GitHub allows 10/,
    ],
    [
      'a payload of 64 KB',
      {
        kind: 'repository_dispatch',
        eventType: 'e',
        payload: facts({ extra: { blob: 'b'.repeat(65_536) } }),
      },
      /client_payload is \d+ bytes of JSON; GitHub takes less than 65536/,
    ],
    [
      'a value that is not JSON',
      { kind: 'repository_dispatch', eventType: 'e', payload: facts({ extra: { f: () => 1 } }) },
      /payload.extra.f is not a JSON value/,
    ],
    [
      'a workflow path outside .github/workflows',
      { kind: 'workflow_dispatch', workflow: 'ci/retrain.yml', ref: 'main', inputs: facts() },
      /the workflow is "ci\/retrain.yml": expected the file name/,
    ],
    [
      'a workflow that is not a YAML file',
      { kind: 'workflow_dispatch', workflow: 'retrain', ref: 'main', inputs: facts() },
      /expected the file name of a workflow/,
    ],
    [
      'workflow id 0',
      { kind: 'workflow_dispatch', workflow: 0, ref: 'main', inputs: facts() },
      /the workflow is 0/,
    ],
    [
      'an empty ref',
      { kind: 'workflow_dispatch', workflow: 'r.yml', ref: '', inputs: facts() },
      /the ref is "": expected the branch or tag/,
    ],
    [
      'an object input',
      {
        kind: 'workflow_dispatch',
        workflow: 'r.yml',
        ref: 'main',
        inputs: facts({ extra: { cfg: { a: 1 } } }),
      },
      /inputs.extra.cfg is \{"a":1\}: workflow inputs are strings, numbers or booleans/,
    ],
    [
      'a bad input id',
      { kind: 'workflow_dispatch', workflow: 'r.yml', ref: 'main', inputs: facts({ extra: { '1st': 'x' } }) },
      /inputs.extra has the key "1st"/,
    ],
    [
      '26 workflow inputs',
      { kind: 'workflow_dispatch', workflow: 'r.yml', ref: 'main', inputs: facts({ extra: tooManyInputs }) },
      /26 workflow inputs would be sent; GitHub allows 25/,
    ],
  ])('refuses %s before any request', async (_name, spec, message) => {
    expect(() => buildRetrainingRequest(spec)).toThrow(ConfigurationError);
    expect(() => buildRetrainingRequest(spec)).toThrow(message);
    await expect(triggerRetraining(client(), repo, spec)).rejects.toThrow(message);
    expect(fake.requests).toHaveLength(0);
  });

  it('accepts exactly 10 payload keys and 25 inputs', () => {
    const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, i]));
    const request = buildRetrainingRequest({
      kind: 'repository_dispatch',
      eventType: 'e',
      payload: facts({ extra: six }),
    });
    expect(Object.keys(request.kind === 'repository_dispatch' ? request.client_payload : {})).toHaveLength(
      10,
    );
    const twentyTwo = Object.fromEntries(Array.from({ length: 22 }, (_, i) => [`k${i}`, 'v']));
    const workflow = buildRetrainingRequest({
      kind: 'workflow_dispatch',
      workflow: 7,
      ref: 'main',
      inputs: facts({ extra: twentyTwo }),
    });
    expect(Object.keys(workflow.kind === 'workflow_dispatch' ? workflow.inputs : {})).toHaveLength(25);
  });

  it.each([
    'retrain.yml',
    '.github/workflows/retrain.yml',
    './.github/workflows/retrain.yml',
    ' retrain.yml ',
  ])('takes the workflow %j as the file name retrain.yml', (workflow) => {
    const request = buildRetrainingRequest({
      kind: 'workflow_dispatch',
      workflow,
      ref: 'main',
      inputs: facts(),
    });
    expect(request.kind === 'workflow_dispatch' && request.workflow_id).toBe('retrain.yml');
  });

  it('sends an empty run_url input when the run is unknown, and leaves it out of a payload', () => {
    const workflow = buildRetrainingRequest({
      kind: 'workflow_dispatch',
      workflow: 'r.yaml',
      ref: 'v1',
      inputs: facts({ runUrl: undefined }),
    });
    expect(workflow).toEqual({
      kind: 'workflow_dispatch',
      workflow_id: 'r.yaml',
      ref: 'v1',
      inputs: { model: 'churn', drifted_columns: '["age","income"]', run_url: '' },
    });
    const payload = buildRetrainingRequest({
      kind: 'repository_dispatch',
      eventType: 'e',
      payload: facts({ runUrl: undefined }),
    });
    expect(payload.kind === 'repository_dispatch' && 'run_url' in payload.client_payload).toBe(false);
  });
});
