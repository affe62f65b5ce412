import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawClient } from './raw-client.js';
import { DEFAULT_HEAD_SHA, startGitHubFake, type GitHubFake } from './index.js';

const sha = 'b'.repeat(40);
let fake: GitHubFake;
let call: ReturnType<typeof rawClient>;

beforeEach(async () => {
  fake = await startGitHubFake({
    repos: ['octo/models'],
    tokens: { 'read-only': { permissions: { contents: 'read' } }, alice: { login: 'alice' } },
  });
  call = rawClient(fake.url);
});
afterEach(() => fake.close());

const repo = (path: string) => `/repos/octo/models${path}`;

describe('request validation', () => {
  it('answers an unknown route 404 and records it', async () => {
    const response = await call('GET', repo('/actions/secrets'));
    expect(response.status).toBe(404);
    expect(fake.validationFailures).toEqual([
      expect.objectContaining({ kind: 'unknown-route', path: '/repos/octo/models/actions/secrets' }),
    ]);
  });

  it('answers a body that breaks the schema 422 and records what is wrong', async () => {
    const response = await call('POST', repo('/check-runs'), {
      name: 'mlgate',
      head_sha: sha,
      status: 'done',
    });
    expect(response.status).toBe(422);
    expect((response.body as { message: string }).message).toMatch(/^Invalid request/);
    expect(fake.validationFailures).toHaveLength(1);
    expect(fake.validationFailures[0]).toMatchObject({ kind: 'body', operationId: 'checks/create' });
    expect(fake.validationFailures[0].errors.join()).toMatch(/body\/status/);
    expect(fake.repo('octo/models').checkRuns).toEqual([]);
  });

  it('refuses a misspelt body field that GitHub would silently ignore', async () => {
    const response = await call('POST', repo('/issues/1/comments'), { bdy: 'typo' });
    expect(response.status).toBe(422);
    expect(fake.validationFailures[0].errors.join()).toMatch(
      /unknown property "bdy"|must have required property 'body'/,
    );
  });

  it('checks path and query parameter types, and refuses unknown query parameters', async () => {
    expect((await call('GET', repo('/releases/latest-one'))).status).toBe(422);
    expect((await call('GET', repo('/releases?per_page=many'))).status).toBe(422);
    expect((await call('GET', repo('/releases?perpage=10'))).status).toBe(422);
    expect(fake.validationFailures.map((f) => f.kind)).toEqual(['parameters', 'parameters', 'parameters']);
    expect(fake.validationFailures[2].errors.join()).toMatch(/unknown property "perpage"/);
  });

  it('accepts valid requests without recording failures', async () => {
    expect((await call('GET', repo('/releases?per_page=10&page=2'))).status).toBe(200);
    expect(fake.validationFailures).toEqual([]);
  });
});

describe('authentication and permissions', () => {
  it('needs a token, given as `token` or `bearer`', async () => {
    expect((await rawClient(fake.url, '')('GET', repo(''))).status).toBe(401);
    expect((await call('GET', repo(''), undefined, { authorization: 'bearer abc' })).status).toBe(200);
    expect((await call('GET', repo(''))).status).toBe(200);
  });

  it('answers a write the token may not do with GitHub 403 body and the permission it needs', async () => {
    const readOnly = rawClient(fake.url, 'read-only');
    const response = await readOnly('POST', repo('/releases'), { tag_name: 'm@v1.0.0' });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/releases/releases#create-a-release',
      status: '403',
    });
    expect(response.headers.get('x-accepted-github-permissions')).toBe('contents=write');
    expect((await readOnly('GET', repo('/releases'))).status).toBe(200);
    expect(fake.repo('octo/models').releases).toEqual([]);
  });

  it('shows drafts only to tokens with push access', async () => {
    await call('POST', repo('/releases'), { tag_name: 'm@v1.0.0', draft: true });
    expect((await call('GET', repo('/releases'))).body).toHaveLength(1);
    expect((await rawClient(fake.url, 'read-only')('GET', repo('/releases'))).body).toEqual([]);
  });

  it('refuses unknown tokens when told to', async () => {
    const strict = await startGitHubFake({ onlyKnownTokens: true, tokens: { good: {} } });
    try {
      expect((await rawClient(strict.url, 'bad')('GET', '/repos/owner/repo')).status).toBe(401);
      expect((await rawClient(strict.url, 'good')('GET', '/repos/owner/repo')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('answers 404 for a repository it does not serve', async () => {
    expect((await call('GET', '/repos/octo/other')).status).toBe(404);
  });
});

describe('pagination', () => {
  it('pages lists with per_page and a Link header like GitHub', async () => {
    fake.seedIssue('octo/models', { title: 'one' });
    for (let i = 0; i < 65; i++) await call('POST', repo('/issues/1/comments'), { body: `comment ${i}` });
    const first = await call('GET', repo('/issues/1/comments'));
    expect(first.body).toHaveLength(30);
    expect(first.headers.get('link')).toBe(
      `<${fake.url}${repo('/issues/1/comments')}?page=2>; rel="next", <${fake.url}${repo('/issues/1/comments')}?page=3>; rel="last"`,
    );
    const last = await call('GET', repo('/issues/1/comments?per_page=30&page=3'));
    expect((last.body as { body: string }[]).map((c) => c.body)).toEqual([
      'comment 60',
      'comment 61',
      'comment 62',
      'comment 63',
      'comment 64',
    ]);
    expect(last.headers.get('link')).toContain('rel="prev"');
    expect(last.headers.get('link')).toContain('rel="first"');
    expect(last.headers.get('link')).not.toContain('rel="next"');
    expect((await call('GET', repo('/issues/1/comments?per_page=500'))).body).toHaveLength(65);
  });
});

describe('releases', () => {
  it('does not find a draft by tag, and publishing creates the tag from target_commitish', async () => {
    const created = await call('POST', repo('/releases'), {
      tag_name: 'm@v1.0.0',
      target_commitish: sha,
      draft: true,
    });
    const id = (created.body as { id: number }).id;
    expect((created.body as { html_url: string }).html_url).toMatch(/\/releases\/tag\/untagged-/);
    expect((await call('GET', repo('/releases/tags/m%40v1.0.0'))).status).toBe(404);
    expect(fake.repo('octo/models').refs.has('refs/tags/m@v1.0.0')).toBe(false);

    const published = await call('PATCH', repo(`/releases/${id}`), { draft: false });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ draft: false, tag_name: 'm@v1.0.0' });
    expect((published.body as { published_at: string | null }).published_at).not.toBeNull();
    expect(fake.repo('octo/models').refs.get('refs/tags/m@v1.0.0')).toEqual({
      ref: 'refs/tags/m@v1.0.0',
      sha,
      type: 'commit',
    });
    expect((await call('GET', repo('/releases/tags/m%40v1.0.0'))).body).toMatchObject({ id });
  });

  it('tags a published release from the default branch when no target is given, and keeps an existing tag', async () => {
    await call('POST', repo('/releases'), { tag_name: 'v1' });
    expect(fake.repo('octo/models').refs.get('refs/tags/v1')?.sha).toBe(DEFAULT_HEAD_SHA);
    fake.seedRef('octo/models', 'tags/v2', sha);
    await call('POST', repo('/releases'), { tag_name: 'v2', target_commitish: 'main' });
    expect(fake.repo('octo/models').refs.get('refs/tags/v2')?.sha).toBe(sha);
  });

  it('refuses a second release for a published tag, an unknown target and a tag git cannot hold', async () => {
    await call('POST', repo('/releases'), { tag_name: 'v1' });
    const again = await call('POST', repo('/releases'), { tag_name: 'v1' });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
    });
    expect(
      (await call('POST', repo('/releases'), { tag_name: 'v3', target_commitish: 'no-such-branch' })).status,
    ).toBe(422);
    expect((await call('POST', repo('/releases'), { tag_name: 'bad tag' })).status).toBe(422);
    expect(fake.repo('octo/models').releases).toHaveLength(1);
  });

  it('keeps asset names unique per release and serves the bytes through a 302', async () => {
    const release = (await call('POST', repo('/releases'), { tag_name: 'm@v1', draft: true })).body as {
      id: number;
      upload_url: string;
    };
    expect(release.upload_url).toBe(
      `${fake.url}/repos/octo/models/releases/${release.id}/assets{?name,label}`,
    );
    const bytes = new Uint8Array([0, 1, 2, 250]);
    const upload = (name: string) =>
      call('POST', repo(`/releases/${release.id}/assets?name=${name}`), bytes, {
        'content-type': 'application/octet-stream',
      });
    const asset = (await upload('model.onnx')).body as {
      id: number;
      size: number;
      digest: string;
      browser_download_url: string;
    };
    expect(asset.size).toBe(4);
    expect(asset.digest).toBe('sha256:0b0f6fceacd7dc09be18932772ae85c644f67cbc8f7ac99f1b1494826c95be97');
    const duplicate = await upload('model.onnx');
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toMatchObject({
      errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }],
    });

    const redirect = await call('GET', repo(`/releases/assets/${asset.id}`), undefined, {
      accept: 'application/octet-stream',
    });
    expect(redirect.status).toBe(302);
    const download = await fetch(redirect.headers.get('location')!);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    const viaBrowserUrl = await fetch(asset.browser_download_url);
    expect(new Uint8Array(await viaBrowserUrl.arrayBuffer())).toEqual(bytes);
    expect((await call('GET', repo(`/releases/assets/${asset.id}`))).body).toMatchObject({
      download_count: 2,
    });
  });
});

describe('check runs', () => {
  it('takes a conclusion only with status completed', async () => {
    expect(
      (
        await call('POST', repo('/check-runs'), {
          name: 'a',
          head_sha: sha,
          status: 'in_progress',
          conclusion: 'success',
        })
      ).status,
    ).toBe(422);
    expect(
      (await call('POST', repo('/check-runs'), { name: 'a', head_sha: sha, status: 'completed' })).status,
    ).toBe(422);
    const run = await call('POST', repo('/check-runs'), { name: 'a', head_sha: sha, conclusion: 'failure' });
    expect(run.body).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect((run.body as { completed_at: string | null }).completed_at).not.toBeNull();
  });

  it('appends annotations across updates and lists the latest run of each name for a ref', async () => {
    const annotation = (line: number) => ({
      path: 'data.csv',
      start_line: line,
      end_line: line,
      annotation_level: 'warning',
      message: 'x',
    });
    const first = (
      await call('POST', repo('/check-runs'), { name: 'gate', head_sha: sha, status: 'in_progress' })
    ).body as { id: number };
    await call('PATCH', repo(`/check-runs/${first.id}`), {
      output: { title: 't', summary: 's', annotations: [annotation(1), annotation(2)] },
    });
    const updated = await call('PATCH', repo(`/check-runs/${first.id}`), {
      conclusion: 'success',
      output: { title: 't', summary: 's', annotations: [annotation(3)] },
    });
    expect(updated.body).toMatchObject({ status: 'completed', output: { annotations_count: 3 } });
    const second = (
      await call('POST', repo('/check-runs'), { name: 'gate', head_sha: sha, status: 'queued' })
    ).body as { id: number };
    const listed = (await call('GET', repo(`/commits/${sha}/check-runs`))).body as {
      total_count: number;
      check_runs: { id: number }[];
    };
    expect(listed.total_count).toBe(1);
    expect(listed.check_runs.map((r) => r.id)).toEqual([second.id]);
    const all = (await call('GET', repo(`/commits/${sha}/check-runs?filter=all`))).body as {
      total_count: number;
    };
    expect(all.total_count).toBe(2);
  });
});

describe('issues, comments and labels', () => {
  it('refuses a comment over 65 536 characters as GitHub does', async () => {
    fake.seedIssue('octo/models', { title: 'x' });
    expect((await call('POST', repo('/issues/1/comments'), { body: 'é'.repeat(65_536) })).status).toBe(201);
    const tooLong = await call('POST', repo('/issues/1/comments'), { body: 'a'.repeat(65_537) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'unprocessable',
          field: 'data',
          message: 'Body is too long (maximum is 65536 characters)',
        },
      ],
    });
  });

  it('creates labels on first use and lists pull requests among issues, with pull_request set', async () => {
    fake.seedPullRequest('octo/models', { headSha: sha, labels: ['model'] });
    await call('POST', repo('/issues'), { title: 'Drift', labels: ['drift', 'model'] });
    expect(fake.repo('octo/models').labels.map((l) => l.name)).toEqual(['model', 'drift']);
    const all = (await call('GET', repo('/issues?labels=model'))).body as {
      number: number;
      pull_request?: unknown;
    }[];
    expect(all.map((i) => [i.number, i.pull_request !== undefined])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(((await call('GET', repo('/issues?labels=drift,model'))).body as unknown[]).length).toBe(1);
  });

  it('closes and reopens, filtering by state, and records who applied a label', async () => {
    fake.seedPullRequest('octo/models', { number: 4, headSha: sha });
    fake.applyLabel('octo/models', 4, 'mlgate:override', 'maintainer');
    const events = (await call('GET', repo('/issues/4/events'))).body as {
      event: string;
      actor: { login: string };
      label: { name: string };
    }[];
    expect(events.map((e) => [e.event, e.actor.login, e.label.name])).toEqual([
      ['labeled', 'maintainer', 'mlgate:override'],
    ]);

    await rawClient(fake.url, 'alice')('PATCH', repo('/issues/4'), { state: 'closed' });
    expect(((await call('GET', repo('/issues'))).body as unknown[]).length).toBe(0);
    expect((await call('GET', repo('/issues?state=closed'))).body).toMatchObject([
      { number: 4, state_reason: 'completed', closed_by: { login: 'alice' } },
    ]);
    await call('PATCH', repo('/issues/4'), { state: 'open' });
    expect((await call('GET', repo('/issues/4'))).body).toMatchObject({
      state: 'open',
      state_reason: 'reopened',
    });
  });
});

describe('git refs and tags', () => {
  it('stores annotated tags, peels them in the tag list and refuses an existing ref', async () => {
    const tag = (
      await call('POST', repo('/git/tags'), {
        tag: 'm#prod#1',
        message: 'promote',
        object: sha,
        type: 'commit',
      })
    ).body as { sha: string };
    expect((await call('POST', repo('/git/refs'), { ref: 'refs/tags/m#prod#1', sha: tag.sha })).status).toBe(
      201,
    );
    expect((await call('POST', repo('/git/refs'), { ref: 'refs/tags/m#prod#1', sha: tag.sha })).status).toBe(
      422,
    );
    expect((await call('GET', repo('/git/ref/tags/m%23prod%231'))).body).toMatchObject({
      object: { type: 'tag', sha: tag.sha },
    });
    expect((await call('GET', repo('/tags'))).body).toMatchObject([{ name: 'm#prod#1', commit: { sha } }]);
    expect(((await call('GET', repo('/git/matching-refs/tags/m%23'))).body as unknown[]).length).toBe(1);
    expect(((await call('GET', repo('/git/matching-refs/tags/other'))).body as unknown[]).length).toBe(0);
    expect((await call('DELETE', repo('/git/refs/tags/m%23prod%231'))).status).toBe(204);
    expect((await call('GET', repo('/git/ref/tags/m%23prod%231'))).status).toBe(404);
  });
});

describe('deployments and dispatches', () => {
  it('marks earlier successful non-production deployments of the environment inactive', async () => {
    const deploy = async (environment: string) => {
      const d = (
        await call('POST', repo('/deployments'), { ref: 'main', environment, required_contexts: [] })
      ).body as { id: number };
      await call('POST', repo(`/deployments/${d.id}/statuses`), { state: 'success' });
      return d.id;
    };
    const states = async (id: number) =>
      ((await call('GET', repo(`/deployments/${id}/statuses`))).body as { state: string }[]).map(
        (s) => s.state,
      );
    const staging1 = await deploy('staging');
    const production1 = await deploy('production');
    const staging2 = await deploy('staging');
    await deploy('production');
    expect(await states(staging1)).toEqual(['inactive', 'success']);
    expect(await states(staging2)).toEqual(['success']);
    // Production deployments are left alone (the description says non-production).
    expect(await states(production1)).toEqual(['success']);
  });

  it('records repository and workflow dispatches', async () => {
    await call('POST', repo('/dispatches'), { event_type: 'retrain', client_payload: { model: 'm' } });
    await call('POST', repo('/actions/workflows/retrain.yml/dispatches'), {
      ref: 'main',
      inputs: { model: 'm' },
    });
    expect(fake.repo('octo/models').dispatches).toEqual([
      expect.objectContaining({
        kind: 'repository_dispatch',
        eventType: 'retrain',
        clientPayload: { model: 'm' },
      }),
      expect.objectContaining({
        kind: 'workflow_dispatch',
        workflowId: 'retrain.yml',
        ref: 'main',
        inputs: { model: 'm' },
      }),
    ]);
  });
});

describe('faults', () => {
  it('answers a queued 5xx for the matching requests only, `times` times', async () => {
    fake.injectFault({
      match: 'repos/get',
      fault: { type: 'status', status: 502, body: { message: 'Bad Gateway' } },
      times: 2,
    });
    expect((await call('GET', repo('/releases'))).status).toBe(200);
    expect((await call('GET', repo(''))).status).toBe(502);
    expect((await call('GET', repo(''))).status).toBe(502);
    expect((await call('GET', repo(''))).status).toBe(200);
    expect(fake.faults).toEqual([]);
  });

  it('sends GitHub rate-limit answers', async () => {
    fake.injectFault({ match: '/repos/*/*', fault: { type: 'primary-rate-limit', resetInSeconds: 120 } });
    fake.injectFault({
      method: 'GET',
      match: /\/repos\//,
      fault: { type: 'secondary-rate-limit', status: 429, retryAfterSeconds: 7 },
    });
    const primary = await call('GET', repo(''));
    expect(primary.status).toBe(403);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(primary.headers.get('x-ratelimit-reset')) - Date.now() / 1000).toBeGreaterThan(100);
    const secondary = await call('GET', repo(''));
    expect(secondary.status).toBe(429);
    expect(secondary.headers.get('retry-after')).toBe('7');
    expect((secondary.body as { message: string }).message).toMatch(/secondary rate limit/);
  });

  it('resets the connection, before or after applying the request', async () => {
    fake.injectFault({ match: 'issues/create', fault: { type: 'reset' } });
    await expect(call('POST', repo('/issues'), { title: 'lost' })).rejects.toThrow();
    expect(fake.repo('octo/models').issues).toEqual([]);
    fake.injectFault({ match: 'issues/create', fault: { type: 'reset', afterHandling: true } });
    await expect(call('POST', repo('/issues'), { title: 'applied' })).rejects.toThrow();
    expect(fake.repo('octo/models').issues.map((i) => i.title)).toEqual(['applied']);
    expect(fake.requestsFor('issues/create').map((r) => r.status)).toEqual([undefined, undefined]);
  });

  it('answers late when told to', async () => {
    fake.injectFault({ match: '/repos/**', fault: { type: 'delay', ms: 300 } });
    const started = Date.now();
    expect((await call('GET', repo('/releases'))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('recording', () => {
  it('records method, path, query, headers and body of every request', async () => {
    await call('POST', repo('/issues'), { title: 'hello' }, { 'x-test': '1' });
    await call('GET', repo('/issues?state=all'));
    expect(fake.requests.map((r) => [r.method, r.path, r.query, r.operationId, r.status])).toEqual([
      ['POST', '/repos/octo/models/issues', {}, 'issues/create', 201],
      ['GET', '/repos/octo/models/issues', { state: 'all' }, 'issues/list-for-repo', 200],
    ]);
    expect(fake.requests[0].body).toEqual({ title: 'hello' });
    expect(fake.requests[0].headers['x-test']).toBe('1');
  });
});

describe('use from a child process', () => {
  // What end-to-end tests do with a bundled action. The child must be spawned asynchronously:
  // spawnSync would block the event loop this fake answers on.
  it('serves a process that finds it through GITHUB_API_URL', async () => {
    const script = `
      const response = await fetch(process.env.GITHUB_API_URL + '/repos/octo/models/issues', {
        method: 'POST',
        headers: { authorization: 'token ' + process.env.GITHUB_TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'from the child' }),
      });
      console.log(response.status);`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, GITHUB_API_URL: fake.url, GITHUB_TOKEN: 't' },
    });
    expect(stdout.trim()).toBe('201');
    expect(fake.repo('octo/models').issues.map((i) => i.title)).toEqual(['from the child']);
  });
});
