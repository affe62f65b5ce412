import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import {
  GitHubRateLimitError,
  createGitHubClient,
  describeGitHubError,
  readActionsContext,
  releaseUploadBaseUrl,
  repoFromEnv,
  type GitHubClientOptions,
} from '../../../src/github/octokit.js';
import { startGitHubFake, type GitHubFake } from '../../github-fake/index.js';

const sha = 'c'.repeat(40);
const owner = 'octo';
const repo = 'models';
let fake: GitHubFake;
let savedEnv: NodeJS.ProcessEnv;

beforeEach(async () => {
  savedEnv = { ...process.env };
  delete process.env.GITHUB_API_URL;
  delete process.env.MLGATE_GITHUB_WRITE_INTERVAL_MS;
  fake = await startGitHubFake({
    repos: [`${owner}/${repo}`],
    tokens: { 'read-only': { permissions: { contents: 'read', issues: 'write' } } },
  });
});
afterEach(async () => {
  process.env = savedEnv;
  await fake.close();
});

/** A client as tests configure it: short retry delays, no write spacing. */
const client = (options: Partial<GitHubClientOptions> = {}) =>
  createGitHubClient({
    token: 'test-token',
    baseUrl: fake.url,
    retryDelayMs: 10,
    writeIntervalMs: 0,
    ...options,
  });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('createGitHubClient against the GitHub fake', () => {
  it('makes a request round trip with the token and mlgate user agent', async () => {
    const { data } = await client().rest.repos.get({ owner, repo });
    expect(data).toMatchObject({ full_name: 'octo/models', default_branch: 'main', visibility: 'public' });
    const [request] = fake.requestsFor('repos/get');
    expect(request.headers.authorization).toBe('token test-token');
    expect(request.headers['user-agent']).toMatch(/^mlgate /);
    expect(fake.validationFailures).toEqual([]);
  });

  it('takes its base URL from GITHUB_API_URL when none is given', async () => {
    process.env.GITHUB_API_URL = `${fake.url}/`;
    const octokit = createGitHubClient({ token: 't', writeIntervalMs: 0 });
    expect((await octokit.rest.repos.get({ owner, repo })).status).toBe(200);
  });

  it('retries a 5xx answer and succeeds', async () => {
    const logger = getRecordingLogger();
    fake.injectFault({
      match: 'repos/get',
      fault: { type: 'status', status: 502, body: { message: 'Bad Gateway' } },
    });
    const { status } = await client({ logger }).rest.repos.get({ owner, repo });
    expect(status).toBe(200);
    expect(fake.requestsFor('repos/get').map((r) => r.status)).toEqual([502, 200]);
    expect(logger.messages.map((m) => m.message)).toEqual([
      expect.stringMatching(/failed \(502 Bad Gateway\)/),
    ]);
  });

  it('retries a connection reset and succeeds', async () => {
    fake.injectFault({ match: 'issues/create', fault: { type: 'reset' } });
    const { data } = await client().rest.issues.create({ owner, repo, title: 'Drift' });
    expect(data.number).toBe(1);
    expect(fake.requestsFor('issues/create').map((r) => r.status)).toEqual([undefined, 201]);
  });

  it('gives up after a bounded number of retries', async () => {
    fake.injectFault({ match: 'repos/get', fault: { type: 'status', status: 503 }, times: Infinity });
    const error = await rejection(client({ retries: 2 }).rest.repos.get({ owner, repo }));
    expect(error).toMatchObject({ status: 503 });
    expect(fake.requestsFor('repos/get')).toHaveLength(3);
    expect(describeGitHubError(error, 'reading the repository')).toBe(
      'reading the repository failed: GitHub answered 503 Server Error on GET /repos/octo/models, after retries.',
    );
  });

  it.each([404, 409, 422])('never retries a %i', async (status) => {
    fake.injectFault({ match: 'repos/get', fault: { type: 'status', status, body: { message: 'no' } } });
    await expect(client().rest.repos.get({ owner, repo })).rejects.toMatchObject({ status });
    expect(fake.requestsFor('repos/get')).toHaveLength(1);
  });

  it.each([403, 429] as const)(
    'waits out a %i secondary rate limit with retry-after 1 and succeeds',
    async (status) => {
      const logger = getRecordingLogger();
      fake.injectFault({
        match: 'repos/get',
        fault: { type: 'secondary-rate-limit', status, retryAfterSeconds: 1 },
      });
      const started = Date.now();
      expect((await client({ logger }).rest.repos.get({ owner, repo })).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(fake.requestsFor('repos/get').map((r) => r.status)).toEqual([status, 200]);
      expect(logger.messages).toContainEqual({
        level: 'warning',
        message: expect.stringMatching(/secondary rate limit on GET .*: waiting 1 s/),
      });
    },
  );

  it('waits for a primary rate limit that resets within the limit', async () => {
    // Resets now: octokit waits the second it adds to every reset.
    fake.injectFault({ match: 'repos/get', fault: { type: 'primary-rate-limit', resetInSeconds: 0 } });
    expect((await client().rest.repos.get({ owner, repo })).status).toBe(200);
    expect(fake.requestsFor('repos/get').map((r) => r.status)).toEqual([403, 200]);
  });

  it('fails fast on a primary rate limit that resets later, naming the limit and the reset time', async () => {
    fake.injectFault({ match: 'repos/get', fault: { type: 'primary-rate-limit', resetInSeconds: 3600 } });
    const started = Date.now();
    const error = await rejection(client().rest.repos.get({ owner, repo }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(GitHubRateLimitError);
    const limit = error as GitHubRateLimitError;
    expect(limit.limit).toBe('primary');
    expect(Math.abs(limit.resetAt.getTime() - (Date.now() + 3600_000))).toBeLessThan(5000);
    expect(limit.message).toContain(`resets at ${limit.resetAt.toISOString()}`);
    expect(limit.message).toMatch(
      /^GitHub's primary rate limit \(core, 5000 requests an hour\) is used up on GET \/repos\/octo\/models/,
    );
    expect(limit.message).toMatch(/more than the 60 s mlgate waits/);
    expect(describeGitHubError(error, 'reading the repository')).toBe(
      `reading the repository failed: ${limit.message}`,
    );
    expect(fake.requestsFor('repos/get')).toHaveLength(1);
  });

  it('fails on a secondary rate limit whose retry-after is over the configured wait', async () => {
    fake.injectFault({ match: 'repos/get', fault: { type: 'secondary-rate-limit', retryAfterSeconds: 30 } });
    const error = await rejection(client({ maxRateLimitWaitSeconds: 5 }).rest.repos.get({ owner, repo }));
    expect(error).toMatchObject({ limit: 'secondary', status: 403 });
    expect((error as Error).message).toMatch(
      /secondary rate limit .*\(in 30 s, more than the 5 s mlgate waits\)/,
    );
  });

  it('names the permissions: block a 403 needs', async () => {
    const readOnly = client({ token: 'read-only' });
    const error = await rejection(readOnly.rest.repos.createRelease({ owner, repo, tag_name: 'm@v1.0.0' }));
    expect(fake.requestsFor('repos/create-release')).toHaveLength(1);
    expect(
      describeGitHubError(error, 'creating the release m@v1.0.0', { permission: 'contents: write' }),
    ).toBe(
      "creating the release m@v1.0.0 failed: the workflow's token may not do this (403 Resource not accessible by " +
        'integration on POST /repos/octo/models/releases). Give the job `permissions: contents: write`; on pull ' +
        'requests from forks the token is read-only whatever the workflow says.',
    );
    // Without a hint, GitHub's x-accepted-github-permissions header names it.
    expect(describeGitHubError(error, 'creating the release')).toContain('`permissions: contents: write`');
  });

  it('pages through three pages', async () => {
    const octokit = client();
    fake.seedIssue(`${owner}/${repo}`, { title: 'Drift' });
    for (let i = 1; i <= 65; i++) fake.seedComment(`${owner}/${repo}`, 1, `c${i}`);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: 1,
      per_page: 30,
    });
    expect(comments.map((c) => c.body)).toEqual(Array.from({ length: 65 }, (_, i) => `c${i + 1}`));
    expect(fake.requestsFor('issues/list-comments').map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(fake.validationFailures).toEqual([]);
  });

  it('uploads and downloads a release asset through the upload URL the release names', async () => {
    const octokit = client();
    const { data: release } = await octokit.rest.repos.createRelease({
      owner,
      repo,
      tag_name: 'm@v1.0.0',
      draft: true,
    });
    expect(releaseUploadBaseUrl(release.upload_url)).toBe(fake.url);
    expect(releaseUploadBaseUrl('https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}')).toBe(
      'https://uploads.github.com',
    );
    const bytes = Buffer.from('onnx bytes');
    const { data: asset } = await octokit.rest.repos.uploadReleaseAsset({
      owner,
      repo,
      release_id: release.id,
      name: 'model.onnx',
      data: bytes as unknown as string,
      baseUrl: releaseUploadBaseUrl(release.upload_url),
      headers: { 'content-type': 'application/octet-stream', 'content-length': bytes.length },
    });
    expect(asset.size).toBe(bytes.length);
    const download = await octokit.rest.repos.getReleaseAsset({
      owner,
      repo,
      asset_id: asset.id,
      headers: { accept: 'application/octet-stream' },
    });
    expect(Buffer.from(download.data as unknown as ArrayBuffer).toString()).toBe('onnx bytes');
    expect(fake.validationFailures).toEqual([]);
  });

  it('spaces writes by the configured interval', async () => {
    const octokit = client({ writeIntervalMs: 150 });
    const started = Date.now();
    await octokit.rest.issues.create({ owner, repo, title: 'a' });
    await octokit.rest.issues.create({ owner, repo, title: 'b' });
    await octokit.rest.issues.create({ owner, repo, title: 'c' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('refuses a bad MLGATE_GITHUB_WRITE_INTERVAL_MS', () => {
    process.env.MLGATE_GITHUB_WRITE_INTERVAL_MS = 'fast';
    expect(() => createGitHubClient({ token: 't', baseUrl: fake.url })).toThrow(ConfigurationError);
  });

  it('sends nothing the description does not allow', async () => {
    const octokit = client();
    const { data: run } = await octokit.rest.checks.create({
      owner,
      repo,
      name: 'mlgate',
      head_sha: sha,
      status: 'in_progress',
    });
    await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: run.id,
      conclusion: 'success',
      output: { title: 'ok', summary: 'ok' },
    });
    await octokit.rest.issues.addLabels({
      owner,
      repo,
      issue_number: fake.seedIssue(`${owner}/${repo}`, { title: 'x' }).number,
      labels: ['drift'],
    });
    await octokit.rest.git.createRef({ owner, repo, ref: 'refs/tags/m@v1', sha });
    await octokit.rest.git.getRef({ owner, repo, ref: 'tags/m@v1' });
    await octokit.rest.repos.createDispatchEvent({ owner, repo, event_type: 'retrain' });
    expect(fake.validationFailures).toEqual([]);
  });

  it('has its request caught by the fake when the body breaks the schema, without a retry', async () => {
    const error = await rejection(
      client().request('POST /repos/{owner}/{repo}/check-runs', {
        owner,
        repo,
        name: 'mlgate',
        head_sha: sha,
        // @ts-expect-error the point of the test: a status the description does not allow
        status: 'done',
      }),
    );
    expect(error).toMatchObject({ status: 422 });
    expect(fake.validationFailures).toEqual([
      expect.objectContaining({ operationId: 'checks/create', kind: 'body' }),
    ]);
    expect(fake.requestsFor('checks/create')).toHaveLength(1);
    expect(describeGitHubError(error, 'creating the check run')).toMatch(
      /^creating the check run failed: GitHub refused the request \(422 Invalid request\. body\/status must be equal to one of the allowed values/,
    );
  });
});

describe('describeGitHubError', () => {
  const httpError = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
    status,
    message: String((data as { message?: string }).message),
    request: { method: 'POST', url: 'https://api.github.com/repos/o/r/releases' },
    response: { status, headers, data },
  });

  it('explains a 401 as a token problem', () => {
    expect(describeGitHubError(httpError(401, { message: 'Bad credentials' }), 'recording the release')).toBe(
      'recording the release failed: GitHub refused the token (401 Bad credentials) on POST /repos/o/r/releases. ' +
        'Give the step a valid token (the default is ${{ github.token }}).',
    );
  });

  it('explains a 404 as a missing thing or a token that cannot see the repository', () => {
    expect(
      describeGitHubError(httpError(404, { message: 'Not Found' }), 'listing releases', {
        repository: 'o/r',
      }),
    ).toBe(
      'listing releases failed: GitHub answered 404 Not Found on POST /repos/o/r/releases. Either it does not ' +
        'exist, or the token cannot see the repository o/r (check GITHUB_REPOSITORY or the repository input, and ' +
        'that the token has access to it).',
    );
  });

  it("lists a 422's field errors", () => {
    const error = httpError(422, {
      message: 'Validation Failed',
      errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
    });
    expect(describeGitHubError(error, 'uploading model.onnx')).toBe(
      'uploading model.onnx failed: GitHub refused the request (422 Validation Failed: ReleaseAsset.name ' +
        'already_exists) on POST /repos/o/r/releases.',
    );
  });

  it('names the alternatives of x-accepted-github-permissions in the permissions: spelling', () => {
    const error = httpError(
      403,
      { message: 'Resource not accessible by integration' },
      {
        'x-accepted-github-permissions': 'issues=write; pull_requests=write',
      },
    );
    expect(describeGitHubError(error, 'commenting')).toContain(
      '`permissions: issues: write or pull-requests: write`',
    );
  });

  it('says when GitHub could not be reached, and passes other errors through', () => {
    const network = {
      status: 500,
      message: 'other side closed',
      request: { method: 'GET', url: 'https://api.github.com/x' },
    };
    expect(describeGitHubError(network, 'reading')).toBe(
      'reading failed: could not reach GitHub (other side closed) on GET /x, after retries.',
    );
    expect(describeGitHubError(new Error('boom'), 'reading')).toBe('reading failed: boom');
  });
});

describe('repoFromEnv', () => {
  it('reads owner/name from GITHUB_REPOSITORY', () => {
    expect(repoFromEnv({ GITHUB_REPOSITORY: 'octo/models' })).toEqual({ owner: 'octo', repo: 'models' });
  });

  it.each([[undefined], [''], ['octo'], ['octo/models/extra']])('refuses %s', (value) => {
    expect(() => repoFromEnv({ GITHUB_REPOSITORY: value })).toThrow(ConfigurationError);
  });
});

describe('readActionsContext', () => {
  const event = (payload: unknown) => () => JSON.stringify(payload);

  it('reads a pull_request event: head sha (not the merge sha), fork, labels, run URL', () => {
    const context = readActionsContext(
      {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: '/event.json',
        GITHUB_REPOSITORY: 'octo/models',
        GITHUB_SHA: 'merge000',
        GITHUB_REF: 'refs/pull/7/merge',
        GITHUB_RUN_ID: '123',
        GITHUB_SERVER_URL: 'https://github.example.com',
      },
      event({
        pull_request: {
          number: 7,
          head: { sha: sha, ref: 'feature', repo: { full_name: 'someone/models' } },
          base: { ref: 'main', repo: { full_name: 'octo/models' } },
          labels: [{ name: 'mlgate:override' }],
        },
      }),
    );
    expect(context).toMatchObject({
      eventName: 'pull_request',
      repository: { owner: 'octo', repo: 'models' },
      sha: 'merge000',
      ref: 'refs/pull/7/merge',
      runId: 123,
      runUrl: 'https://github.example.com/octo/models/actions/runs/123',
      pullRequest: {
        number: 7,
        headSha: sha,
        headRef: 'feature',
        baseRef: 'main',
        fromFork: true,
        labels: ['mlgate:override'],
      },
    });
  });

  it('has no pull request for other events, and defaults the server URL', () => {
    const context = readActionsContext(
      { GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: '/e' },
      event({ schedule: '0 * * * *' }),
    );
    expect(context.pullRequest).toBeUndefined();
    expect(context.serverUrl).toBe('https://github.com');
    expect(context.runUrl).toBeUndefined();
  });

  it('sees a pull request from the same repository as not a fork', () => {
    const context = readActionsContext(
      { GITHUB_EVENT_PATH: '/e' },
      event({
        pull_request: {
          number: 1,
          head: { sha, repo: { full_name: 'o/r' } },
          base: { repo: { full_name: 'o/r' } },
        },
      }),
    );
    expect(context.pullRequest?.fromFork).toBe(false);
  });

  it('refuses an event file that is not JSON', () => {
    expect(() => readActionsContext({ GITHUB_EVENT_PATH: '/e' }, () => 'not json')).toThrow(
      ConfigurationError,
    );
  });
});
