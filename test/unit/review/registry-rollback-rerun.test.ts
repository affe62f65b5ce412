/**
 * Review of rollback reruns (docs/registry.md: "A rerun of the workflow run that rolled back does not roll
 * back a second time (the run id is in the assignment)").
 *
 * rollback() recognises a rerun only when the stage's LAST log entry is a rollback by the same run. When
 * anything was assigned to the stage after that rollback (a fix promoted by another run), a rerun of the
 * old rollback run (say "Re-run failed jobs" because a later step of that job failed) finds another last
 * entry and rolls back again: production silently drops the newly promoted version. The run's own rollback
 * is still in the log (its `run` field says so), so the rerun can be recognised.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { LocalRegistryStore } from '../../../src/core/registry/local-store.js';
import { currentStages, promote, rollback } from '../../../src/core/registry/stages.js';
import { bundleFor } from '../../contract/registry-store-contract.js';

const logger = getRecordingLogger();
let root: string;
let store: LocalRegistryStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mlgate-review-rollback-rerun-'));
  store = new LocalRegistryStore(join(root, 'registry'), {}, root);
  for (const version of ['1.0.0', '2.0.0', '3.0.0', '4.0.0']) {
    await store.publishVersion(await bundleFor(root, 'churn', version, Buffer.from(version)), logger);
  }
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const promoteAs = (version: string, run: string) =>
  promote(store, { name: 'churn', version, stage: 'production', by: null, run }, logger);

describe('review: a rerun of a rollback run after a later promotion', () => {
  it('does not roll back a second time', async () => {
    await promoteAs('1.0.0', '101');
    await promoteAs('2.0.0', '102');
    await promoteAs('3.0.0', '103');
    // Run 200 rolls production back (3.0.0 → 2.0.0); a later step of its job fails.
    const first = await rollback(store, { name: 'churn', stage: 'production', by: null, run: '200' }, logger);
    expect(first.assignment.version).toBe('2.0.0');
    // Meanwhile run 201 promotes the fix.
    await promoteAs('4.0.0', '201');
    expect(currentStages(await store.listAssignments('churn'))).toEqual({ production: '4.0.0' });

    // Someone reruns run 200 (attempt 2): it rolled back already.
    const rerun = await rollback(store, { name: 'churn', stage: 'production', by: null, run: '200' }, logger);
    expect(rerun.outcome).toBe('unchanged');
    expect(currentStages(await store.listAssignments('churn'))).toEqual({ production: '4.0.0' });
  });
});
