/**
 * Review of the GitHub store against GitHub's REST description (something the fake does not model):
 * `make_latest` on create/update a release "Specifies whether this release should be set as the latest
 * release for the repository. ... Defaults to true for newly published releases." publishVersion never
 * sends it, so every model version mlgate publishes becomes the repository's "Latest release": in a
 * repository that also releases its software, `GET /repos/{owner}/{repo}/releases/latest`, the badge,
 * `gh release download` without a tag and install scripts that fetch the latest release all get a model
 * version (churn@v0.3.0) instead of the application's release; with several models, "latest" flips to
 * whichever model was recorded last. A registry entry should not take over the repository's latest
 * release: the publish (or the draft's creation) should say make_latest: "false".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import { GitHubRegistryStore } from '../../../src/github/registry/github-store.js';
import { bundleFor } from '../../contract/registry-store-contract.js';
import { startGitHubFake, type GitHubFake } from '../../github-fake/index.js';

const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
let fake: GitHubFake;
let dir: string;

beforeEach(async () => {
  fake = await startGitHubFake({ repos: [fullName] });
  dir = await mkdtemp(join(tmpdir(), 'mlgate-review-latest-'));
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe("review: a model version does not become the repository's latest release", () => {
  it('creates or publishes the release with make_latest "false"', async () => {
    const store = new GitHubRegistryStore(
      createGitHubClient({ token: 't', baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 5 }),
      repo,
    );
    const bundle = await bundleFor(dir, 'churn', '0.3.0', Buffer.from('model'));
    expect(await store.publishVersion(bundle, getRecordingLogger())).toBe('created');
    const sent = [
      ...fake.requestsFor('repos/create-release'),
      ...fake.requestsFor('repos/update-release'),
    ].map((r) => (r.body as { make_latest?: string }).make_latest);
    expect(sent).toContain('false');
  });
});
