import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_PERMISSIONS } from './permissions.js';
import { rawClient, type RawResponse } from './raw-client.js';
import { DEFAULT_HEAD_SHA, startGitHubFake, subset, validateResponseBody, type GitHubFake } from './index.js';

// Every operation of the subset, called once with a valid request: the answer must be a success and
// match the description's schema for that status, checked here on the bytes the client received.
describe('the GitHub fake answers every operation in the shape GitHub describes', () => {
  let fake: GitHubFake;
  let call: ReturnType<typeof rawClient>;
  const answered = new Map<string, RawResponse>();
  const sha = 'a'.repeat(40);

  beforeAll(async () => {
    fake = await startGitHubFake({ repos: ['octo/models'] });
    call = rawClient(fake.url);
  });
  afterAll(() => fake.close());

  async function op(
    operationId: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) {
    const response = await call(method, `/repos/octo/models${path}`, body, headers);
    answered.set(operationId, response);
    return response;
  }

  it('serves a full registry, gate and drift round trip', async () => {
    const pr = fake.seedPullRequest('octo/models', {
      number: 7,
      headSha: sha,
      labels: [{ name: 'mlgate:override', by: 'alice' }],
    });
    expect(pr.number).toBe(7);

    await op('repos/get', 'GET', '');
    await op('pulls/get', 'GET', '/pulls/7');
    const check = await op('checks/create', 'POST', '/check-runs', {
      name: 'mlgate',
      head_sha: sha,
      status: 'in_progress',
    });
    const checkId = (check.body as { id: number }).id;
    await op('checks/update', 'PATCH', `/check-runs/${checkId}`, {
      conclusion: 'success',
      output: {
        title: 'ok',
        summary: 'all good',
        annotations: [
          { path: 'm.onnx', start_line: 1, end_line: 1, annotation_level: 'notice', message: 'fine' },
        ],
      },
    });
    await op('checks/get', 'GET', `/check-runs/${checkId}`);
    await op('checks/list-for-ref', 'GET', `/commits/${sha}/check-runs`);

    const comment = await op('issues/create-comment', 'POST', '/issues/7/comments', {
      body: '<!-- mlgate -->\nhello',
    });
    const commentId = (comment.body as { id: number }).id;
    await op('issues/list-comments', 'GET', '/issues/7/comments');
    await op('issues/update-comment', 'PATCH', `/issues/comments/${commentId}`, { body: 'updated' });
    await op('issues/delete-comment', 'DELETE', `/issues/comments/${commentId}`);
    await op('issues/list-events', 'GET', '/issues/7/events');

    await op('issues/create-label', 'POST', '/labels', { name: 'drift', color: 'ff0000' });
    await op('issues/get-label', 'GET', '/labels/drift');
    await op('issues/create', 'POST', '/issues', {
      title: 'Drift in model m',
      body: 'details',
      labels: ['drift'],
    });
    await op('issues/list-for-repo', 'GET', '/issues?state=all&labels=drift');
    await op('issues/get', 'GET', '/issues/8');
    await op('issues/add-labels', 'POST', '/issues/8/labels', { labels: ['model:m'] });
    await op('issues/remove-label', 'DELETE', '/issues/8/labels/model%3Am');
    await op('issues/update', 'PATCH', '/issues/8', { state: 'closed', state_reason: 'completed' });

    const release = await op('repos/create-release', 'POST', '/releases', {
      tag_name: 'm@v1.0.0',
      name: 'm 1.0.0',
      draft: true,
    });
    const releaseId = (release.body as { id: number }).id;
    const asset = await op(
      'repos/upload-release-asset',
      'POST',
      `/releases/${releaseId}/assets?name=model.onnx`,
      new Uint8Array([1, 2, 3]),
      { 'content-type': 'application/octet-stream' },
    );
    const assetId = (asset.body as { id: number }).id;
    await op('repos/list-release-assets', 'GET', `/releases/${releaseId}/assets`);
    await op('repos/get-release-asset', 'GET', `/releases/assets/${assetId}`);
    await op('repos/get-release', 'GET', `/releases/${releaseId}`);
    await op('repos/update-release', 'PATCH', `/releases/${releaseId}`, { draft: false });
    await op('repos/get-release-by-tag', 'GET', '/releases/tags/m%40v1.0.0');
    await op('repos/list-releases', 'GET', '/releases');
    await op('repos/delete-release-asset', 'DELETE', `/releases/assets/${assetId}`);
    await op('repos/delete-release', 'DELETE', `/releases/${releaseId}`);

    const tag = await op('git/create-tag', 'POST', '/git/tags', {
      tag: 'm#production#1',
      message: 'promote',
      object: sha,
      type: 'commit',
    });
    const tagSha = (tag.body as { sha: string }).sha;
    await op('git/get-tag', 'GET', `/git/tags/${tagSha}`);
    await op('git/create-ref', 'POST', '/git/refs', { ref: 'refs/tags/m#production#1', sha: tagSha });
    await op('git/get-ref', 'GET', '/git/ref/tags%2Fm%23production%231');
    await op('git/list-matching-refs', 'GET', '/git/matching-refs/tags%2Fm%23');
    await op('repos/list-tags', 'GET', '/tags');
    await op('git/update-ref', 'PATCH', '/git/refs/tags%2Fm%23production%231', {
      sha: DEFAULT_HEAD_SHA,
      force: true,
    });
    await op('git/delete-ref', 'DELETE', '/git/refs/tags%2Fm%23production%231');

    const deployment = await op('repos/create-deployment', 'POST', '/deployments', {
      ref: 'main',
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
      payload: { version: '1.0.0' },
    });
    const deploymentId = (deployment.body as { id: number }).id;
    await op('repos/create-deployment-status', 'POST', `/deployments/${deploymentId}/statuses`, {
      state: 'success',
      log_url: 'https://example.com/run/1',
    });
    await op('repos/list-deployments', 'GET', '/deployments?environment=production');
    await op('repos/list-deployment-statuses', 'GET', `/deployments/${deploymentId}/statuses`);

    await op('repos/create-dispatch-event', 'POST', '/dispatches', {
      event_type: 'retrain',
      client_payload: { model: 'm' },
    });
    await op('actions/create-workflow-dispatch', 'POST', '/actions/workflows/retrain.yml/dispatches', {
      ref: 'main',
      inputs: { model: 'm' },
    });

    for (const [operationId, response] of answered) {
      expect(response.status, `${operationId}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
      expect(validateResponseBody(operationId, response.status, response.body), operationId).toEqual([]);
    }
    expect(fake.validationFailures).toEqual([]);
    expect(fake.responseFailures).toEqual([]);
  });

  it('has exercised every operation of the subset', () => {
    expect([...answered.keys()].sort()).toEqual(Object.keys(subset.operations).sort());
  });

  it('knows the permission each operation needs', () => {
    expect(Object.keys(OPERATION_PERMISSIONS).sort()).toEqual(Object.keys(subset.operations).sort());
  });

  it('records the source of the subset', () => {
    expect(subset.source).toMatchObject({ package: '@octokit/openapi', version: '23.0.2' });
  });
});
