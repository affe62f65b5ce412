/**
 * Review: failing on purpose. runVersionsJob checks the model name before it removes the previous
 * versions.json (runReleaseJob and runStageJob remove theirs first). So `mlgate versions --name Churn`
 * (or the action's versions operation with a bad name) fails with exit 2 and leaves the versions.json of
 * an earlier run in the output folder, for a later step to read as this run's: what removeStaleResults
 * exists to prevent.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERSIONS_FILE, runVersionsJob } from '../../../src/core/jobs/registry-job.js';
import { LocalRegistryStore } from '../../../src/core/registry/local-store.js';

describe('versions.json of an earlier run (review)', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mlgate-review-versions-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is removed when the versions job fails on a bad name', async () => {
    const stale = join(root, 'out', VERSIONS_FILE);
    await mkdir(join(root, 'out'));
    await writeFile(stale, '{"name": "churn", "versions": [], "stages": {}}\n');
    const store = new LocalRegistryStore('registry', {}, root);
    await expect(runVersionsJob(store, 'Churn', root, 'out')).rejects.toThrow('the model name "Churn"');
    expect(existsSync(stale)).toBe(false);
  });
});
