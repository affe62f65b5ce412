/**
 * Review of the GitHub store with a published version whose manifest.json asset is gone (deleted on the
 * release page by hand; "immutability holds against mlgate, not against people", ADR 6).
 *
 * listVersions lists it (the body's marker is enough) but readManifest answers undefined, which the
 * contract reserves for "the version does not exist"; the local store does not list a folder without a
 * manifest at all, so the two stores disagree. What recordRelease makes of it:
 * - the same model again: `throw new Error('… is listed but its manifest cannot be read')`, a plain Error,
 *   so the step and the CLI fail with exit 70 "internal error" (ADR 2: internal faults are mlgate's bugs)
 *   for a registry someone edited; it should be a ConfigurationError (exit 2) naming the release and the
 *   missing asset;
 * - another model with `bump: auto`: `if (previous)` skips the signature comparison without a word, so a
 *   model whose inputs break every caller is recorded as a MINOR version (0.2.0, breaking_changes []),
 *   the one thing `auto` promises not to do. It should refuse (or at least not claim "compatible").
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { recordRelease, type ReleaseContext } from '../../../src/core/registry/release.js';
import { createGitHubClient } from '../../../src/github/octokit.js';
import { GitHubRegistryStore } from '../../../src/github/registry/github-store.js';
import { startGitHubFake, type GitHubFake } from '../../github-fake/index.js';

const fixture = (name: string) => new URL(`../../fixtures/models/${name}`, import.meta.url).pathname;
const fullName = 'octo/models';
const repo = { owner: 'octo', repo: 'models' };
const logger = getRecordingLogger();
let fake: GitHubFake;
let dir: string;
let store: GitHubRegistryStore;
let context: ReleaseContext;

beforeEach(async () => {
  fake = await startGitHubFake({ repos: [fullName] });
  dir = await mkdtemp(join(tmpdir(), 'mlgate-review-manifest-'));
  store = new GitHubRegistryStore(
    createGitHubClient({ token: 't', baseUrl: fake.url, writeIntervalMs: 0, retryDelayMs: 5 }),
    repo,
  );
  context = {
    cwd: dir,
    workDir: join(dir, 'work'),
    repository: fullName,
    commit: 'f'.repeat(40),
    ref: 'refs/heads/main',
    runUrl: null,
    now: () => new Date('2026-12-01T12:00:00Z'),
  };
  const first = await recordRelease(
    store,
    { name: 'clf', modelPath: fixture('regression-linear.onnx') },
    context,
    logger,
  );
  expect(first.manifest.version).toBe('0.1.0');
  // Someone deletes manifest.json on the release page.
  const release = fake.repo(fullName).releases.find((r) => r.tagName === 'clf@v0.1.0')!;
  release.assets = release.assets.filter((a) => a.name !== 'manifest.json');
});
afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: Error }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: error as Error };
  }
}

describe('review: a published version whose manifest.json was deleted by hand', () => {
  it('a rerun of the same model is a user-facing refusal (exit 2), not an internal error (exit 70)', async () => {
    const rerun = await settle(
      recordRelease(store, { name: 'clf', modelPath: fixture('regression-linear.onnx') }, context, logger),
    );
    expect(rerun.error).toBeDefined();
    expect({ configuration: isConfigurationError(rerun.error), message: rerun.error!.message }).toMatchObject(
      {
        configuration: true,
        message: expect.stringContaining('manifest.json') as unknown as string,
      },
    );
  });

  it('bump auto does not record a model with another signature as a compatible minor version', async () => {
    // binary-logreg's inputs and outputs differ from regression-linear's: a major bump with the manifest.
    const other = await settle(
      recordRelease(store, { name: 'clf', modelPath: fixture('binary-logreg.onnx') }, context, logger),
    );
    const recorded = other.value?.manifest.bump;
    expect(['major', 'refused']).toContain(recorded?.kind ?? 'refused');
  });
});
