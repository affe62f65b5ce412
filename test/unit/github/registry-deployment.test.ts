import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { GitHubSideEffectError, isGitHubSideEffectError } from '../../../src/github/drift-issue.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import {
  DEPLOYMENT_TASK,
  MAX_DESCRIPTION_LENGTH,
  cutDescription,
  recordDeployment,
  type DeploymentRequest,
} from '../../../src/github/registry/deployment.js';
import { startGitHubFake, type GitHubFake } from '../../github-fake/index.js';

const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
const tag = 'churn@v1.2.0';
const tagSha = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const modelSha = 'ab'.repeat(32);
const runUrl = 'https://github.com/octo/models/actions/runs/42';
let fake: GitHubFake;
let savedEnv: NodeJS.ProcessEnv;

beforeEach(async () => {
  savedEnv = { ...process.env };
  delete process.env.GITHUB_API_URL;
  delete process.env.MLGATE_GITHUB_WRITE_INTERVAL_MS;
  fake = await startGitHubFake({
    repos: [fullName],
    tokens: { 'no-deployments': { permissions: { contents: 'write', deployments: 'read' } } },
  });
  fake.seedRef(fullName, `tags/${tag}`, tagSha);
});
afterEach(async () => {
  // Every request of every test matched GitHub's description (no unknown body fields, right types).
  expect(fake.validationFailures).toEqual([]);
  expect(fake.responseFailures).toEqual([]);
  process.env = savedEnv;
  await fake.close();
});

const client = (token = 'test-token') =>
  createGitHubClient({ token, baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 10 });

const request = (more: Partial<DeploymentRequest> = {}): DeploymentRequest => ({
  environment: 'production',
  ref: tag,
  model: 'churn',
  version: '1.2.0',
  sha256: modelSha,
  stage: 'production',
  logUrl: runUrl,
  runId: '42',
  runAttempt: '1',
  ...more,
});

function deploy(more: Partial<DeploymentRequest> = {}, token?: string) {
  const logger = getRecordingLogger();
  return {
    logger,
    result: recordDeployment(client(token), repo, request(more), logger, { retryDelayMs: 1 }),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const deployments = () => fake.repo(fullName).deployments;
const bodyOf = (operationId: string, index = 0) =>
  fake.requestsFor(operationId)[index].body as Record<string, unknown>;

describe('recordDeployment against the GitHub fake', () => {
  it('creates a deployment of the tag with the model in its payload, and a success status', async () => {
    const { result, logger } = deploy({ environmentUrl: 'https://models.example.com/churn' });
    const recorded = await result;

    expect(deployments()).toHaveLength(1);
    const [deployment] = deployments();
    expect(deployment).toMatchObject({
      id: recorded.id,
      ref: tag,
      sha: tagSha,
      task: DEPLOYMENT_TASK,
      environment: 'production',
      description: 'churn v1.2.0 → production',
      payload: { model: 'churn', version: '1.2.0', sha256: modelSha, stage: 'production', run_id: '42' },
    });
    expect(deployment.statuses).toHaveLength(1);
    expect(deployment.statuses[0]).toMatchObject({
      id: recorded.statusId,
      state: 'success',
      logUrl: runUrl,
      environmentUrl: 'https://models.example.com/churn',
      description: 'churn v1.2.0 → production',
    });
    expect(recorded.url).toBe(`${fake.url}/repos/${fullName}/deployments/${recorded.id}`);
    expect(recorded.reused).toBe(false);

    // What was sent: no commit-status gate, no merge of the default branch.
    expect(bodyOf('repos/create-deployment')).toMatchObject({
      auto_merge: false,
      required_contexts: [],
      task: 'deploy:model',
      payload: { run_attempt: '1' },
    });
    expect(bodyOf('repos/create-deployment')).not.toHaveProperty('production_environment');
    expect(logger.messages.map((m) => m.message)).toContain(
      `Recorded deployment ${recorded.id} of ${tag} to production (status success).`,
    );
  });

  it('passes production_environment and transient_environment on when given', async () => {
    await deploy({
      environment: 'staging',
      stage: 'staging',
      productionEnvironment: false,
      transientEnvironment: true,
    }).result;
    expect(bodyOf('repos/create-deployment')).toMatchObject({
      environment: 'staging',
      production_environment: false,
      transient_environment: true,
      description: 'churn v1.2.0 → staging',
    });
    expect(deployments()[0]).toMatchObject({ productionEnvironment: false, transientEnvironment: true });
  });

  it('reuses the deployment and its status when the same run is rerun', async () => {
    const first = await deploy().result;
    const { result, logger } = deploy({ runAttempt: '2' });
    const second = await result;

    expect(second).toEqual({ ...first, reused: true });
    expect(deployments()).toHaveLength(1);
    expect(deployments()[0].statuses).toHaveLength(1);
    expect(fake.requestsFor('repos/create-deployment')).toHaveLength(1);
    expect(fake.requestsFor('repos/create-deployment-status')).toHaveLength(1);
    expect(logger.messages.map((m) => m.message).join('\n')).toContain(
      `was recorded by an earlier attempt of run 42: reused.`,
    );
  });

  it('completes a rerun whose first attempt created the deployment but not its status', async () => {
    fake.injectFault({
      match: 'repos/create-deployment-status',
      fault: { type: 'status', status: 503 },
      times: 3,
    });
    const error = await rejection(deploy().result);
    expect(isGitHubSideEffectError(error)).toBe(true);
    expect(deployments()).toHaveLength(1);
    expect(deployments()[0].statuses).toHaveLength(0);

    const { result, logger } = deploy({ runAttempt: '2' });
    const rerun = await result;
    expect(rerun.reused).toBe(true);
    expect(rerun.id).toBe(deployments()[0].id);
    expect(deployments()).toHaveLength(1);
    expect(deployments()[0].statuses.map((s) => s.state)).toEqual(['success']);
    expect(logger.messages.map((m) => m.message).join('\n')).toContain('reused, and marked a success');
  });

  it('records a new deployment for another run, or another environment of the same run', async () => {
    const first = await deploy().result;
    const other = await deploy({ runId: '43' }).result;
    const staging = await deploy({ environment: 'staging', stage: 'staging' }).result;
    expect(new Set([first.id, other.id, staging.id]).size).toBe(3);
    expect(deployments()).toHaveLength(3);
  });

  it('records a new deployment each time outside a workflow run (no run id)', async () => {
    const a = await deploy({ runId: undefined, runAttempt: undefined }).result;
    const b = await deploy({ runId: undefined, runAttempt: undefined }).result;
    expect(a.id).not.toBe(b.id);
    expect(fake.requestsFor('repos/list-deployments')).toHaveLength(0);
    const payloads = deployments().map((d) => d.payload as Record<string, unknown>);
    expect(payloads.every((p) => typeof p.request_id === 'string' && !('run_id' in p))).toBe(true);
    expect(payloads[0].request_id).not.toBe(payloads[1].request_id);
  });

  it('names `permissions: deployments: write` when the token may not create deployments', async () => {
    const error = await rejection(deploy({}, 'no-deployments').result);
    expect(error).toBeInstanceOf(GitHubSideEffectError);
    expect((error as GitHubSideEffectError).status).toBe(403);
    expect((error as Error).message).toMatch(
      /^Recording the deployment of churn@v1\.2\.0 to production in octo\/models failed: the workflow's token may not do this \(403 Resource not accessible by integration on POST \/repos\/octo\/models\/deployments\)/,
    );
    expect((error as Error).message).toContain('Give the job `permissions: deployments: write`');
    expect(deployments()).toHaveLength(0);
  });

  it('sends the create again after a 502 where GitHub did nothing', async () => {
    fake.injectFault({ match: 'repos/create-deployment', fault: { type: 'status', status: 502 } });
    const recorded = await deploy().result;
    expect(fake.requestsFor('repos/create-deployment')).toHaveLength(2);
    expect(deployments()).toHaveLength(1);
    expect(deployments()[0].id).toBe(recorded.id);
    expect(deployments()[0].statuses).toHaveLength(1);
  });

  it.each([
    ['a 502 after GitHub created it', { type: 'status', status: 502, afterHandling: true } as const],
    ['a reset after GitHub created it', { type: 'reset', afterHandling: true } as const],
  ])('records one deployment after %s, found again instead of created twice', async (_name, fault) => {
    fake.injectFault({ match: 'repos/create-deployment', fault });
    const { result, logger } = deploy();
    const recorded = await result;
    expect(fake.requestsFor('repos/create-deployment')).toHaveLength(1);
    expect(deployments()).toHaveLength(1);
    expect(recorded.id).toBe(deployments()[0].id);
    expect(logger.messages.map((m) => m.message).join('\n')).toContain('the earlier attempt went through');
  });

  it('adds one success status after a lost status answer', async () => {
    fake.injectFault({
      match: 'repos/create-deployment-status',
      fault: { type: 'status', status: 502, afterHandling: true },
    });
    const recorded = await deploy().result;
    expect(fake.requestsFor('repos/create-deployment-status')).toHaveLength(1);
    expect(deployments()[0].statuses).toHaveLength(1);
    expect(recorded.statusId).toBe(deployments()[0].statuses[0].id);
  });

  it("survives a 5xx on the lookup through octokit's retry of reads", async () => {
    fake.injectFault({ match: 'repos/list-deployments', fault: { type: 'status', status: 500 } });
    await deploy().result;
    expect(fake.requestsFor('repos/list-deployments')).toHaveLength(2);
    expect(deployments()).toHaveLength(1);
  });

  it('gives up on a create that keeps failing, as a GitHubSideEffectError', async () => {
    fake.injectFault({
      match: 'repos/create-deployment',
      fault: { type: 'status', status: 503 },
      times: Infinity,
    });
    const error = await rejection(deploy().result);
    expect((error as GitHubSideEffectError).status).toBe(503);
    expect((error as Error).message).toMatch(
      /^Recording the deployment of churn@v1\.2\.0 to production in octo\/models failed: GitHub answered 503/,
    );
    expect(fake.requestsFor('repos/create-deployment')).toHaveLength(3);
    expect(deployments()).toHaveLength(0);
  });

  it('says the tag must exist when GitHub knows no such ref', async () => {
    const error = await rejection(deploy({ ref: 'churn@v9.9.9', version: '9.9.9' }).result);
    expect((error as GitHubSideEffectError).status).toBe(422);
    expect((error as Error).message).toContain('422 No ref found for: churn@v9.9.9');
    expect((error as Error).message).toContain('The ref churn@v9.9.9 must exist in the repository');
  });

  it('cuts a description longer than 140 characters, in the deployment and its status', async () => {
    const long = `Promoted after review: ${'the candidate beats production on every slice; '.repeat(6)}`;
    expect(long.length).toBeGreaterThan(MAX_DESCRIPTION_LENGTH);
    await deploy({ description: long }).result;
    const sent = bodyOf('repos/create-deployment').description as string;
    expect(sent).toHaveLength(MAX_DESCRIPTION_LENGTH);
    expect(sent.endsWith('…')).toBe(true);
    expect(long.startsWith(sent.slice(0, -1))).toBe(true);
    expect(bodyOf('repos/create-deployment-status').description).toBe(sent);
    expect(deployments()[0].description).toBe(sent);
  });

  it('keeps a description of exactly 140 characters whole', async () => {
    const exact = 'd'.repeat(MAX_DESCRIPTION_LENGTH);
    await deploy({ description: exact }).result;
    expect(bodyOf('repos/create-deployment').description).toBe(exact);
  });
});

describe('cutDescription', () => {
  it('never splits a surrogate pair', () => {
    // 138 ASCII characters, then an emoji (two UTF-16 units) straddling the cut.
    const text = `${'a'.repeat(138)}😀tail`;
    const cut = cutDescription(text);
    expect(cut).toBe(`${'a'.repeat(138)}…`);
    expect(cut.length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
  });

  it('folds line breaks and runs of spaces into one space', () => {
    expect(cutDescription('churn  v1.2.0\n→ production ')).toBe('churn v1.2.0 → production');
  });
});

describe('recordDeployment input', () => {
  it.each<[string, Partial<DeploymentRequest>, RegExp]>([
    ['an empty environment', { environment: ' ' }, /the environment is " ": expected an environment name/],
    [
      'a 256-character environment',
      { environment: 'e'.repeat(256) },
      /the environment name is 256 characters long: GitHub allows 255/,
    ],
    ['an empty ref', { ref: '' }, /the ref is "": expected the version's tag/],
    ['a ref with a space', { ref: 'churn v1' }, /the ref "churn v1" holds white space/],
    ['a short sha256', { sha256: 'abc' }, /the sha256 is "abc": expected 64 hex digits/],
    ['no stage', { stage: '' }, /the stage is "": expected a stage/],
    [
      'a log URL that is not http(s)',
      { logUrl: 'ftp://x' },
      /the log URL is "ftp:\/\/x": expected an http\(s\) URL/,
    ],
    ['a run id that is not a number', { runId: 'abc' }, /the run id is "abc": expected a number/],
  ])('refuses %s before any request', async (_name, more, message) => {
    const error = await rejection(deploy(more).result);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^Recording a deployment: /);
    expect((error as Error).message).toMatch(message);
    expect(fake.requests).toHaveLength(0);
  });

  it('accepts an environment name of exactly 255 characters', async () => {
    const environment = 'e'.repeat(255);
    await deploy({ environment, description: 'x' }).result;
    expect(deployments()[0].environment).toBe(environment);
  });
});
