import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { isGitHubSideEffectError } from '../../../src/github/drift-issue.js';
import {
  MAX_COMMENT_LENGTH,
  gateCommentMarker,
  syncGateComment,
  type GateCommentRequest,
} from '../../../src/github/gate/pr-comment.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import { startGitHubFake, type GitHubFake } from '../../github-fake/index.js';

const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
let fake: GitHubFake;
let pull: number;

beforeEach(async () => {
  fake = await startGitHubFake({
    repos: [fullName],
    tokens: { 'read-only': { permissions: { contents: 'read', pull_requests: 'read', issues: 'read' } } },
  });
  pull = fake.seedPullRequest(fullName, { number: 7, headSha: 'a'.repeat(40) }).number;
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  expect(fake.responseFailures).toEqual([]);
  await fake.close();
});

async function sync(request: Partial<GateCommentRequest> = {}, token = 'test-token') {
  const logger = getRecordingLogger();
  const client = createGitHubClient({
    token,
    baseUrl: fake.url,
    writeIntervalMs: 0,
    retryDelayMs: 10,
    logger,
  });
  const result = await syncGateComment(
    client,
    repo,
    { pullNumber: pull, model: 'churn', body: '## verdict: fail', ...request },
    logger,
    { retryDelayMs: 1 },
  );
  return { result, logger };
}

const comments = () => fake.repo(fullName).comments.filter((c) => c.issueNumber === pull);

describe('gateCommentMarker', () => {
  it('encodes the model so no name can end the comment or spell another marker', () => {
    expect(gateCommentMarker('churn')).toBe('<!-- mlgate:gate:churn -->');
    expect(gateCommentMarker('a --> <!-- mlgate:gate:b')).toBe(
      '<!-- mlgate:gate:a%20--%3E%20%3C%21--%20mlgate%3Agate%3Ab -->',
    );
  });
});

describe('syncGateComment', () => {
  it('creates the comment with the marker first, then updates it in place on a rerun (no duplicates)', async () => {
    const first = await sync();
    expect(first.result.action).toBe('created');
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toBe('<!-- mlgate:gate:churn -->\n## verdict: fail');

    const second = await sync({ body: '## verdict: pass' });
    expect(second.result).toMatchObject({ action: 'updated', id: first.result.id });
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toBe('<!-- mlgate:gate:churn -->\n## verdict: pass');

    fake.clearRequests();
    const third = await sync({ body: '## verdict: pass' });
    expect(third.result.action).toBe('unchanged');
    expect(fake.requestsFor('issues/update-comment')).toHaveLength(0);
  });

  it("finds its comment on a later page among others' comments, and keeps models apart", async () => {
    for (let i = 0; i < 130; i++) fake.seedComment(fullName, pull, `comment ${i}`, 'someone');
    const first = await sync();
    for (let i = 0; i < 20; i++) fake.seedComment(fullName, pull, `later ${i}`, 'someone');
    // A comment that only quotes the marker further down is not the model's comment.
    fake.seedComment(
      fullName,
      pull,
      'see `<!-- mlgate:gate:churn -->` below\n<!-- mlgate:gate:churn -->',
      'eve',
    );
    const again = await sync({ body: 'v2' });
    expect(again.result).toMatchObject({ action: 'updated', id: first.result.id });
    const listed = fake.requestsFor('issues/list-comments');
    expect(listed.some((r) => r.query.page === '2')).toBe(true);
    await sync({ model: 'fraud', body: 'fraud verdict' });
    const ours = comments().filter((c) => c.body.startsWith('<!-- mlgate:gate:'));
    expect(ours.map((c) => c.body.split('\n')[0])).toEqual([
      '<!-- mlgate:gate:churn -->',
      '<!-- mlgate:gate:fraud -->',
    ]);
  });

  it('a create whose answer was lost is found before it is sent again', async () => {
    fake.injectFault({
      match: 'issues/create-comment',
      fault: { type: 'status', status: 502, afterHandling: true },
    });
    const { result } = await sync();
    expect(result.action).toBe('created');
    expect(comments()).toHaveLength(1);
    expect(fake.requestsFor('issues/create-comment')).toHaveLength(1);
  });

  it('a create that did not land is sent again', async () => {
    fake.injectFault({ match: 'issues/create-comment', fault: { type: 'reset' } });
    await sync();
    expect(comments()).toHaveLength(1);
    expect(fake.requestsFor('issues/create-comment')).toHaveLength(2);
  });

  it.each([
    ['a 5xx on the listing', { type: 'status', status: 503 }, 'issues/list-comments'],
    [
      'a 403 secondary rate limit',
      { type: 'secondary-rate-limit', status: 403, retryAfterSeconds: 1 },
      'issues/update-comment',
    ],
    ['a 429', { type: 'secondary-rate-limit', status: 429, retryAfterSeconds: 1 }, 'issues/list-comments'],
    ['a reset of the update', { type: 'reset' }, 'issues/update-comment'],
  ] as const)('survives %s', async (_, fault, match) => {
    await sync();
    fake.injectFault({ match, fault });
    const { result } = await sync({ body: 'again' });
    expect(result.action).toBe('updated');
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toContain('again');
  });

  it('a read-only token fails with a message naming pull-requests: write', async () => {
    let caught: unknown;
    try {
      await sync({}, 'read-only');
    } catch (error) {
      caught = error;
    }
    expect(isGitHubSideEffectError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(
      /^Commenting on pull request #7 failed: .*`permissions: pull-requests: write`; on pull requests from forks the token is read-only/,
    );
    expect(comments()).toHaveLength(0);
  });

  it("refuses a body beyond GitHub's limit (the renderer keeps to it)", async () => {
    await expect(sync({ body: 'x'.repeat(MAX_COMMENT_LENGTH) })).rejects.toThrow(
      /characters long; GitHub takes 65536/,
    );
  });
});
