/**
 * The GitHub store beyond the shared contract: atomic publishing under faults (resets, 5xx, lost
 * answers, rate limits), resuming drafts, permissions, and the tags GTO reads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConfigurationError, isServiceUnavailableError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import { GitHubRegistryStore } from '../../../src/github/registry/github-store.js';
import { bundleFor } from '../../contract/registry-store-contract.js';
import { DEFAULT_HEAD_SHA, startGitHubFake, type GitHubFake } from '../../github-fake/index.js';

const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
let fake: GitHubFake;
let dir: string;
const logger = getRecordingLogger();

beforeEach(async () => {
  fake = await startGitHubFake({
    repos: [fullName],
    tokens: { 'read-only': { permissions: { contents: 'read' } } },
  });
  dir = await mkdtemp(join(tmpdir(), 'mlgate-gh-store-'));
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  expect(fake.responseFailures).toEqual([]);
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const store = (token = 't', retries = 3) =>
  new GitHubRegistryStore(
    createGitHubClient({ token, baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 5, retries }),
    repo,
  );

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const state = () => fake.repo(fullName);
const published = () => state().releases.filter((r) => !r.draft);

describe('GitHub store: publishing is all or nothing', () => {
  it('survives a connection reset during an asset upload', async () => {
    fake.injectFault({ match: 'repos/upload-release-asset', fault: { type: 'reset' } });
    const bundle = await bundleFor(dir, 'churn', '1.0.0', Buffer.from('model'));
    expect(await store().publishVersion(bundle, logger)).toBe('created');
    expect(published()).toHaveLength(1);
    expect(
      published()[0]
        .assets.map((a) => a.name)
        .sort(),
    ).toEqual(['manifest.json', 'model-card.md', 'model.onnx']);
  });

  it('keeps an upload whose answer was lost instead of failing on the name GitHub now holds', async () => {
    fake.injectFault({ match: 'repos/upload-release-asset', fault: { type: 'reset', afterHandling: true } });
    const bundle = await bundleFor(dir, 'churn', '1.0.0', Buffer.from('model'));
    expect(await store().publishVersion(bundle, logger)).toBe('created');
    const assets = published()[0].assets;
    expect(assets).toHaveLength(3);
    expect(new Set(assets.map((a) => a.name)).size).toBe(3);
  });

  it('leaves only an unpublished draft when uploads keep failing, and a rerun completes it', async () => {
    fake.injectFault({
      match: 'repos/upload-release-asset',
      fault: { type: 'status', status: 502 },
      times: Infinity,
    });
    const bundle = await bundleFor(dir, 'churn', '1.0.0', Buffer.from('model'));
    const error = await rejection(store().publishVersion(bundle, logger));
    expect(isServiceUnavailableError(error)).toBe(true);
    expect(error.message).toMatch(
      /uploading .* to the draft churn@v1\.0\.0 failed.*502.*Nothing was published/,
    );
    expect(published()).toHaveLength(0);
    expect(state().releases.filter((r) => r.draft)).toHaveLength(1);
    expect(state().refs.has('refs/tags/churn@v1.0.0')).toBe(false);
    // Readers see nothing.
    expect(await store().listVersions('churn')).toEqual([]);

    fake.clearFaults();
    expect(await store().publishVersion(bundle, logger)).toBe('resumed');
    expect(state().releases).toHaveLength(1);
    expect(published()[0].assets).toHaveLength(3);
    expect((await store().listVersions('churn')).map((v) => v.version)).toEqual(['1.0.0']);
  });

  it('replaces a draft asset whose bytes differ from this run (a half-made earlier attempt)', async () => {
    const s = store();
    const first = await bundleFor(dir, 'churn', '1.0.0', Buffer.from('model'));
    // An earlier attempt: the draft got a different card and then the run died before publishing.
    fake.injectFault({
      match: 'repos/update-release',
      fault: { type: 'status', status: 500 },
      times: Infinity,
    });
    await rejection(s.publishVersion(first, logger));
    fake.clearFaults();
    const draft = state().releases[0];
    expect(draft.draft).toBe(true);
    draft.assets.find((a) => a.name === 'model-card.md')!.data = Buffer.from('stale card');
    expect(await s.publishVersion(first, logger)).toBe('resumed');
    const card = published()[0].assets.find((a) => a.name === 'model-card.md')!;
    expect(card.data.toString()).toBe('# churn v1.0.0\n');
  });

  it('refuses with the permission to grant when the token may only read', async () => {
    const bundle = await bundleFor(dir, 'churn', '1.0.0', Buffer.from('model'));
    const error = await rejection(store('read-only').publishVersion(bundle, logger));
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toContain('`permissions: contents: write`');
    expect(state().releases).toHaveLength(0);
  });

  it('waits out a secondary rate limit with retry-after', async () => {
    fake.injectFault({
      match: 'repos/create-release',
      fault: { type: 'secondary-rate-limit', status: 403, retryAfterSeconds: 1 },
    });
    const bundle = await bundleFor(dir, 'churn', '1.0.0', Buffer.from('model'));
    expect(await store().publishVersion(bundle, logger)).toBe('created');
    expect(published()).toHaveLength(1);
  });

  it("waits out GitHub's primary rate limit when it resets soon", async () => {
    fake.injectFault({
      match: 'repos/list-releases',
      fault: { type: 'primary-rate-limit', resetInSeconds: 1 },
    });
    expect(await store().listVersions('churn')).toEqual([]);
    expect(fake.requestsFor('repos/list-releases').length).toBeGreaterThanOrEqual(2);
  });

  it('says GitHub is unavailable (not a user mistake) when it keeps answering 5xx', async () => {
    fake.injectFault({
      match: 'repos/list-releases',
      fault: { type: 'status', status: 503 },
      times: Infinity,
    });
    const error = await rejection(store('t', 1).listVersions('churn'));
    expect(isServiceUnavailableError(error)).toBe(true);
    expect(error.message).toMatch(/listing the releases failed.*503/);
  });
});

describe('GitHub store: tags GTO reads', () => {
  it("tags a version with an annotated tag on the run's commit, and the release uses it", async () => {
    const bundle = await bundleFor(dir, 'churn', '1.2.0', Buffer.from('model'));
    bundle.commit = 'b'.repeat(40);
    await store().publishVersion(bundle, logger);
    const ref = state().refs.get('refs/tags/churn@v1.2.0')!;
    expect(ref.type).toBe('tag');
    const tag = state().tagObjects.get(ref.sha)!;
    expect(tag.object.sha).toBe('b'.repeat(40));
    expect(tag.message).toMatch(/^Registering artifact 'churn' version 'v1\.2\.0'/);
  });

  it("tags the default branch's head when the run's commit is unknown", async () => {
    const bundle = await bundleFor(dir, 'churn', '1.2.0', Buffer.from('model'));
    bundle.commit = null;
    await store().publishVersion(bundle, logger);
    const ref = state().refs.get('refs/tags/churn@v1.2.0')!;
    expect(state().tagObjects.get(ref.sha)!.object.sha).toBe(DEFAULT_HEAD_SHA);
  });

  it("writes stage tags on the version's commit with GTO's message", async () => {
    const s = store();
    const bundle = await bundleFor(dir, 'churn', '1.2.0', Buffer.from('model'));
    bundle.commit = 'c'.repeat(40);
    await s.publishVersion(bundle, logger);
    await s.assignStage(
      { name: 'churn', stage: 'prod', version: '1.2.0', kind: 'promote', by: 'alice', run: '7' },
      logger,
    );
    const ref = state().refs.get('refs/tags/churn#prod#1')!;
    const tag = state().tagObjects.get(ref.sha)!;
    expect(tag.object.sha).toBe('c'.repeat(40));
    expect(tag.message.split('\n')[0]).toBe("Assigning stage 'prod' to artifact 'churn' version 'v1.2.0'");
  });

  it('reads a lightweight stage tag (no message) by the version tag on the same commit, as GTO does', async () => {
    const s = store();
    const a = await bundleFor(dir, 'churn', '1.0.0', Buffer.from('a'));
    a.commit = 'd'.repeat(40);
    const b = await bundleFor(dir, 'churn', '1.1.0', Buffer.from('b'));
    b.commit = 'e'.repeat(40);
    await s.publishVersion(a, logger);
    await s.publishVersion(b, logger);
    fake.seedRef(fullName, 'tags/churn#prod#1', 'e'.repeat(40));
    const [assignment] = await s.listAssignments('churn');
    expect(assignment).toMatchObject({ stage: 'prod', n: 1, version: '1.1.0', kind: 'promote' });
  });

  it('takes the next counter when another run took this one at the same moment', async () => {
    const s = store();
    await s.publishVersion(await bundleFor(dir, 'churn', '1.0.0', Buffer.from('a')), logger);
    const [x, y] = await Promise.all([
      s.assignStage(
        { name: 'churn', stage: 'prod', version: '1.0.0', kind: 'promote', by: null, run: null },
        logger,
      ),
      s.assignStage(
        { name: 'churn', stage: 'prod', version: '1.0.0', kind: 'promote', by: null, run: null },
        logger,
      ),
    ]);
    expect([x.n, y.n].sort()).toEqual([1, 2]);
    expect(state().refs.has('refs/tags/churn#prod#1')).toBe(true);
    expect(state().refs.has('refs/tags/churn#prod#2')).toBe(true);
  });

  it('does not record a second assignment when the answer to creating its ref was lost', async () => {
    const s = store();
    await s.publishVersion(await bundleFor(dir, 'churn', '1.0.0', Buffer.from('a')), logger);
    fake.injectFault({
      match: 'git/create-ref',
      fault: { type: 'status', status: 502, afterHandling: true },
    });
    const a = await s.assignStage(
      { name: 'churn', stage: 'prod', version: '1.0.0', kind: 'promote', by: null, run: null },
      logger,
    );
    expect(a.n).toBe(1);
    expect([...state().refs.keys()].filter((r) => r.startsWith('refs/tags/churn#'))).toEqual([
      'refs/tags/churn#prod#1',
    ]);
  });

  it('ignores releases with our tag format that mlgate did not record, and refuses to overwrite them', async () => {
    const s = store();
    const client = createGitHubClient({ token: 't', baseUrl: fake.url, writeIntervalMs: 0 });
    await client.rest.repos.createRelease({
      ...repo,
      tag_name: 'churn@v1.0.0',
      name: 'hand-made',
      body: 'by hand',
    });
    expect(await s.listVersions('churn')).toEqual([]);
    const error = await rejection(
      s.publishVersion(await bundleFor(dir, 'churn', '1.0.0', Buffer.from('a')), logger),
    );
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toContain('was not recorded by mlgate');
  });
});
