/**
 * Review of the GitHub store's listAssignments order (the store contract: "every stage assignment of
 * the model, oldest first (by n within a stage, then by time)"; versions.json's `history` is this list).
 *
 * It sorts with `a.stage === b.stage ? a.n - b.n : by tagger date`, which is not an order: a lightweight
 * stage tag has no date (`at: ''`, earlier than every date), so across two stages the comparator cycles
 * and Array.prototype.sort may put a stage's #3 before its #2. A lightweight tag is what docs/registry.md
 * itself names as supported ("a hand-made `git tag churn#prod#4`"). Here: staging#1 (day 1), production#1
 * (day 2), staging#2 (day 3), then a hand-made lightweight staging#3 back on 1.0.0's commit. History
 * comes out staging#1, staging#3, production#1, staging#2: the newest staging assignment listed second.
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
const COMMIT_1 = '1'.repeat(40);
const COMMIT_2 = '2'.repeat(40);
let fake: GitHubFake;
let dir: string;
const logger = getRecordingLogger();

beforeEach(async () => {
  fake = await startGitHubFake({ repos: [fullName] });
  dir = await mkdtemp(join(tmpdir(), 'mlgate-review-order-'));
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('review: listAssignments order with a lightweight stage tag', () => {
  it('keeps each stage in counter order (oldest first) across stages', async () => {
    const client = createGitHubClient({ token: 't', baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 5 });
    const store = new GitHubRegistryStore(client, repo);
    for (const [version, commit] of [
      ['1.0.0', COMMIT_1],
      ['2.0.0', COMMIT_2],
    ] as const) {
      const bundle = await bundleFor(dir, 'churn', version, Buffer.from(version));
      await store.publishVersion({ ...bundle, commit }, logger);
    }
    // Annotated stage tags as GTO (or mlgate) writes them, on the days they were made.
    const annotated = async (tag: string, stage: string, version: string, commit: string, day: string) => {
      const object = await client.rest.git.createTag({
        ...repo,
        tag,
        message: `Assigning stage '${stage}' to artifact 'churn' version 'v${version}'\n`,
        object: commit,
        type: 'commit',
        tagger: { name: 'gto', email: 'gto@example.com', date: `2026-01-0${day}T10:00:00Z` },
      });
      await client.rest.git.createRef({ ...repo, ref: `refs/tags/${tag}`, sha: object.data.sha });
    };
    await annotated('churn#staging#1', 'staging', '1.0.0', COMMIT_1, '1');
    await annotated('churn#production#1', 'production', '1.0.0', COMMIT_1, '2');
    await annotated('churn#staging#2', 'staging', '2.0.0', COMMIT_2, '3');
    // By hand: `git tag churn#staging#3 <1.0.0's commit> && git push --tags` (lightweight, no date).
    fake.seedRef(fullName, 'tags/churn#staging#3', COMMIT_1);

    const history = (await store.listAssignments('churn')).map((a) => a.tag);
    const staging = history.filter((tag) => tag.startsWith('churn#staging#'));
    expect(staging).toEqual(['churn#staging#1', 'churn#staging#2', 'churn#staging#3']);
  });
});
