import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import {
  DEFAULT_OVERRIDE_LABEL,
  labelAppliedBy,
  readPullRequest,
  resolveOverride,
} from '../../../src/github/gate/override.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import { startGitHubFake, type GitHubFake } from '../../github-fake/index.js';

const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
const head = 'b'.repeat(40);
let fake: GitHubFake;

beforeEach(async () => {
  fake = await startGitHubFake({
    repos: [fullName],
    tokens: { 'contents-only': { permissions: { contents: 'read' } } },
  });
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  expect(fake.responseFailures).toEqual([]);
  await fake.close();
});

const client = (token = 'test-token') =>
  createGitHubClient({ token, baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 10 });

describe('who applied the override label', () => {
  it('is the actor of the most recent labeled event of that label', async () => {
    const pr = fake.seedPullRequest(fullName, {
      number: 7,
      headSha: head,
      labels: [
        { name: 'bug', by: 'carol' },
        { name: DEFAULT_OVERRIDE_LABEL, by: 'alice' },
      ],
    });
    expect(await labelAppliedBy(client(), repo, pr.number, 'mlgate:override')).toBe('alice');
    // Removed and applied again by someone else: the later decision counts.
    fake.repo(fullName).issues.find((i) => i.number === 7)!.labels = ['bug'];
    fake.applyLabel(fullName, 7, DEFAULT_OVERRIDE_LABEL, 'bob');
    expect(await labelAppliedBy(client(), repo, 7, 'MLGATE:Override')).toBe('bob');
  });

  it('reads every page of events', async () => {
    fake.seedPullRequest(fullName, { number: 8, headSha: head });
    for (let i = 0; i < 150; i++) fake.applyLabel(fullName, 8, `noise-${i}`, 'bot');
    fake.applyLabel(fullName, 8, DEFAULT_OVERRIDE_LABEL, 'dave');
    expect(await labelAppliedBy(client(), repo, 8, DEFAULT_OVERRIDE_LABEL)).toBe('dave');
    expect(fake.requestsFor('issues/list-events').length).toBeGreaterThanOrEqual(2);
  });

  it('a token that may not read the events names pull-requests: read', async () => {
    fake.seedPullRequest(fullName, {
      number: 9,
      headSha: head,
      labels: [{ name: DEFAULT_OVERRIDE_LABEL, by: 'alice' }],
    });
    await expect(labelAppliedBy(client('contents-only'), repo, 9, DEFAULT_OVERRIDE_LABEL)).rejects.toThrow(
      /`permissions: pull-requests: read`/,
    );
  });
});

describe('resolveOverride', () => {
  it('the input wins and names the actor', async () => {
    const logger = getRecordingLogger();
    const o = await resolveOverride(
      {
        input: true,
        reason: 'approved in #12',
        actor: 'erin',
        label: DEFAULT_OVERRIDE_LABEL,
        pullNumber: 7,
        labels: [DEFAULT_OVERRIDE_LABEL],
      },
      undefined,
      logger,
    );
    expect(o).toEqual({ via: 'input', by: 'erin', reason: 'approved in #12' });
  });

  it('the label, when on the pull request, with who applied it', async () => {
    fake.seedPullRequest(fullName, {
      number: 7,
      headSha: head,
      labels: [{ name: DEFAULT_OVERRIDE_LABEL, by: 'alice' }],
    });
    const o = await resolveOverride(
      {
        input: false,
        label: DEFAULT_OVERRIDE_LABEL,
        pullNumber: 7,
        labels: ['mlgate:override'],
        reason: 'hotfix',
      },
      { client: client(), repo },
      getRecordingLogger(),
    );
    expect(o).toEqual({
      via: 'label',
      by: 'alice',
      label: DEFAULT_OVERRIDE_LABEL,
      reason: 'the label "mlgate:override" is on pull request #7: hotfix',
    });
  });

  it('no label, no pull request: no override and no request', async () => {
    const none = await resolveOverride(
      { input: false, label: DEFAULT_OVERRIDE_LABEL, pullNumber: 7, labels: ['bug'] },
      { client: client(), repo },
      getRecordingLogger(),
    );
    expect(none).toBeUndefined();
    expect(
      await resolveOverride({ input: false, label: 'x', labels: ['x'] }, undefined, getRecordingLogger()),
    ).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  it('when who applied it cannot be read the label still holds, by unknown, with a warning naming the permission', async () => {
    fake.seedPullRequest(fullName, {
      number: 7,
      headSha: head,
      labels: [{ name: DEFAULT_OVERRIDE_LABEL, by: 'alice' }],
    });
    const logger = getRecordingLogger();
    const o = await resolveOverride(
      { input: false, label: DEFAULT_OVERRIDE_LABEL, pullNumber: 7, labels: [DEFAULT_OVERRIDE_LABEL] },
      { client: client('contents-only'), repo },
      logger,
    );
    expect(o).toMatchObject({ via: 'label', by: null });
    expect(logger.messages.find((m) => m.level === 'warning')!.message).toMatch(/pull-requests: read/);
  });
});

it('readPullRequest gives the current labels and head commit', async () => {
  fake.seedPullRequest(fullName, {
    number: 7,
    headSha: head,
    labels: ['bug', { name: DEFAULT_OVERRIDE_LABEL, by: 'a' }],
  });
  expect(await readPullRequest(client(), repo, 7)).toEqual({
    labels: ['bug', DEFAULT_OVERRIDE_LABEL],
    headSha: head,
  });
  await expect(readPullRequest(client(), repo, 99)).rejects.toThrow(
    /Reading pull request #99 failed: GitHub answered 404/,
  );
});
