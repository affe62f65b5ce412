/**
 * Review of the GitHub store (issue 5: "a rerun that duplicates a release"): create-release is a POST that
 * octokit's retry plugin sends again after a 5xx or a dropped connection. When GitHub had created the
 * draft before the answer was lost, the retry creates a second draft under the same tag; the run then
 * fills and publishes the second one and the first stays as an empty draft "churn v1.0.0" on the releases
 * page for good (nothing ever looks at it again: the version is published). deployment.ts avoids exactly
 * this for deployments (creates are "never blindly retried": it looks for the earlier attempt first); the
 * release store does not. Expected: one release for the tag.
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
let fake: GitHubFake;
let dir: string;

beforeEach(async () => {
  fake = await startGitHubFake({ repos: [fullName] });
  dir = await mkdtemp(join(tmpdir(), 'mlgate-review-dup-draft-'));
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('review: a lost answer to creating the draft', () => {
  it('leaves one release for the tag, not an extra empty draft', async () => {
    const store = new GitHubRegistryStore(
      createGitHubClient({ token: 't', baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 5 }),
      { owner: 'octo', repo: 'models' },
    );
    // GitHub created the draft, then the connection broke before the answer (a 502 after the work).
    fake.injectFault({
      match: 'repos/create-release',
      fault: { type: 'status', status: 502, afterHandling: true },
    });
    const bundle = await bundleFor(dir, 'churn', '1.0.0', Buffer.from('model'));
    expect(await store.publishVersion(bundle, getRecordingLogger())).toBe('created');
    const releases = fake.repo(fullName).releases.filter((r) => r.tagName === 'churn@v1.0.0');
    expect(releases.map((r) => ({ draft: r.draft, assets: r.assets.length }))).toEqual([
      { draft: false, assets: 3 },
    ]);
  });
});
