/**
 * Review of the GitHub store (issue 5, atomic and idempotent publishing): a draft left under a version's
 * tag is resumed whoever left it. publishVersion takes the first draft with the tag name and makes it hold
 * this run's files, without asking whose model the draft was for (its body carries the mlgate marker with
 * the model's sha256). Two consequences, one test each:
 *
 * 1. A run that failed after tagging (the tag is made before publishing) leaves a draft and an annotated
 *    version tag on its commit, naming its model's sha256. The next release of ANOTHER model (a bump picks
 *    the same number, since drafts are not versions) "resumes" that draft, keeps the stale tag (only a
 *    warning), and publishes: the version's tag points at the commit of a model that was never published
 *    and names that model's sha256, while the release and manifest hold another model and commit. GTO reads
 *    the version at the wrong commit, and stage tags (made on the version tag's commit) follow it.
 * 2. Two runs at once (the second starts while the first is between verifying and publishing, e.g. during
 *    a long upload of another file): the second takes over the first's draft, replaces its assets and
 *    publishes; the first then publishes the same (already published) release and reports `created` for
 *    its model, which the release does not hold. Its release.json, outputs, promotion and attestation all
 *    name a model that is not in the registry.
 * 3. Two runs that each made their own draft (both listed the releases before either created one): the
 *    loser with another model finds the winner's release and is refused, but sameAsPublished throws before
 *    deleteRelease, so its draft stays under the tag for good; docs/registry.md says it is deleted.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import type { VersionBundle } from '../../../src/core/registry/types.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import { GitHubRegistryStore } from '../../../src/github/registry/github-store.js';
import { bundleFor } from '../../contract/registry-store-contract.js';
import { startGitHubFake, type GitHubFake } from '../../github-fake/index.js';

const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
const COMMIT_A = 'a'.repeat(40);
const COMMIT_B = 'b'.repeat(40);
let fake: GitHubFake;
let dir: string;
const logger = getRecordingLogger();

beforeEach(async () => {
  fake = await startGitHubFake({ repos: [fullName] });
  dir = await mkdtemp(join(tmpdir(), 'mlgate-review-takeover-'));
});
afterEach(async () => {
  expect(fake.validationFailures).toEqual([]);
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const store = (retries = 0) =>
  new GitHubRegistryStore(
    createGitHubClient({ token: 't', baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 5, retries }),
    repo,
  );

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function bundle(model: string, commit: string): Promise<VersionBundle> {
  const b = await bundleFor(dir, 'churn', '1.1.0', Buffer.from(model));
  return { ...b, commit };
}

/** The commit an annotated (or lightweight) tag ends at, and the tag object's message. */
function versionTag(tag: string): { commit: string; message: string | null } {
  const state = fake.repo(fullName);
  const ref = state.refs.get(`refs/tags/${tag}`);
  if (!ref) throw new Error(`no tag ${tag}`);
  if (ref.type === 'commit') return { commit: ref.sha, message: null };
  const object = state.tagObjects.get(ref.sha)!;
  return { commit: object.object.sha, message: object.message };
}

describe('review: a draft of another model under the same tag', () => {
  it('does not publish a version on the tag (commit, model sha256) a failed run of another model left', async () => {
    // Run A: everything up to the publish, which keeps failing (GitHub 5xx): a draft and A's tag remain.
    fake.injectFault({
      match: 'repos/update-release',
      fault: { type: 'status', status: 502 },
      times: Infinity,
    });
    const a = await bundle('model A', COMMIT_A);
    await expect(store().publishVersion(a, logger)).rejects.toThrow(/publishing the release churn@v1\.1\.0/);
    fake.clearFaults();
    expect(fake.repo(fullName).releases.filter((r) => !r.draft)).toHaveLength(0);

    // Run B, later, another model on another commit; its bump picks 1.1.0 again (drafts are not versions).
    const b = await bundle('model B', COMMIT_B);
    await store().publishVersion(b, logger);
    const published = fake.repo(fullName).releases.filter((r) => !r.draft);
    expect(published).toHaveLength(1);
    const model = published[0].assets.find((asset) => asset.name === 'model.onnx')!;
    expect(sha(model.data)).toBe(b.manifest.model.sha256);

    // The published version's tag must be B's: on B's commit, naming B's model.
    const tag = versionTag('churn@v1.1.0');
    expect({ commit: tag.commit, namesModel: tag.message?.includes(b.manifest.model.sha256) }).toEqual({
      commit: COMMIT_B,
      namesModel: true,
    });
  });
});

describe('review: two runs publishing the same version at once', () => {
  it('never reports a model as published that the release does not hold', async () => {
    // Run A reaches its publish (update-release draft:false) and GitHub is slow to answer it.
    fake.injectFault({ match: 'repos/update-release', fault: { type: 'delay', ms: 1500 } });
    const a = await bundle('model A', COMMIT_A);
    const b = await bundle('model B', COMMIT_B);
    const runA = store()
      .publishVersion(a, logger)
      .then(
        (outcome) => ({ outcome }),
        (error: unknown) => ({ error }),
      );
    for (let i = 0; i < 200 && fake.requestsFor('repos/update-release').length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(fake.requestsFor('repos/update-release')).toHaveLength(1);

    // Run B (another model, its bump chose the same number) runs while A waits for that answer.
    const runB = await store()
      .publishVersion(b, logger)
      .then(
        (outcome) => ({ outcome }),
        (error: unknown) => ({ error }),
      );
    const resultA = await runA;

    const published = fake.repo(fullName).releases.filter((r) => !r.draft);
    expect(published).toHaveLength(1);
    const held = sha(published[0].assets.find((asset) => asset.name === 'model.onnx')!.data);
    // Whoever says its model was published (created/resumed/unchanged) must be right about it.
    const claims = [
      ...('outcome' in resultA ? [{ run: 'A', sha: a.manifest.model.sha256 }] : []),
      ...('outcome' in runB ? [{ run: 'B', sha: b.manifest.model.sha256 }] : []),
    ];
    expect(claims.length).toBeGreaterThan(0);
    for (const claim of claims) expect({ run: claim.run, held }).toEqual({ run: claim.run, held: claim.sha });
  });
});

describe('review: the loser of a publishing race with another model', () => {
  it("deletes its own draft, as docs/registry.md says (the draft is left when the winner's model differs)", async () => {
    // Both runs list the releases before either has created its draft (GitHub is slow to create them).
    fake.injectFault({ match: 'repos/create-release', fault: { type: 'delay', ms: 300 }, times: 2 });
    const a = await bundle('model A', COMMIT_A);
    const b = await bundle('model B', COMMIT_B);
    const settled = await Promise.allSettled([
      store().publishVersion(a, logger),
      store().publishVersion(b, logger),
    ]);
    // One wins, the other is refused: versions are immutable.
    expect(settled.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
    const releases = fake.repo(fullName).releases;
    expect(releases.filter((r) => !r.draft)).toHaveLength(1);
    // "If two runs publish the same version at once, the loser finds the winner's release: the same model
    // is unchanged, another model is refused, and its own draft is deleted."
    expect(releases.filter((r) => r.draft).map((r) => r.tagName)).toEqual([]);
  });
});
