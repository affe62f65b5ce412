/**
 * Review of stages (issue 5 item 5): a stage's stack after two assignments of the same version in a row.
 *
 * promote() refuses to push the version the stage already holds, but it reads the log without a lock and
 * assignStage appends whatever it is given, so two promotions running at once (two jobs, or two `mlgate
 * promote` processes on one folder) both see 1.0.0 on top and both record 2.0.0: `prod#2 → 2.0.0`,
 * `prod#3 → 2.0.0`. (GTO writes the same with `gto assign --force`, which it offers for exactly this.)
 * stageStack pushes both, so the stack is [1.0.0, 2.0.0, 2.0.0]; rollback then picks stack.at(-2), which is
 * 2.0.0 again, records "rollback to 2.0.0", and stageStack's pop-to-that-version pops nothing. The stage
 * stays on 2.0.0 and every further rollback does the same: production cannot be rolled back at all until
 * someone promotes by hand.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { LocalRegistryStore } from '../../../src/core/registry/local-store.js';
import { promote, rollback, stageStack } from '../../../src/core/registry/stages.js';
import { bundleFor } from '../../contract/registry-store-contract.js';

const logger = getRecordingLogger();
let root: string;
let store: LocalRegistryStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mlgate-review-stages-'));
  store = new LocalRegistryStore(join(root, 'registry'), {}, root);
  for (const [version, bytes] of [
    ['1.0.0', 'one'],
    ['2.0.0', 'two'],
  ] as const) {
    await store.publishVersion(await bundleFor(root, 'churn', version, Buffer.from(bytes)), logger);
  }
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('review: the same version assigned twice in a row', () => {
  it('rollback after two promotions that raced moves the stage back to 1.0.0', async () => {
    await promote(store, { name: 'churn', version: '1.0.0', stage: 'prod', by: null, run: '1' }, logger);
    // Two promotions of 2.0.0 at once (two jobs, two processes): both read "prod is 1.0.0" before either
    // wrote, so both are recorded (in this process too: promote reads the log outside the store's lock).
    await Promise.all(
      ['2', '3'].map((run) =>
        promote(store, { name: 'churn', version: '2.0.0', stage: 'prod', by: null, run }, logger),
      ),
    );
    expect(stageStack(await store.listAssignments('churn'), 'prod').at(-1)!.version).toBe('2.0.0');

    const change = await rollback(store, { name: 'churn', stage: 'prod', by: null, run: '4' }, logger);
    expect({ from: change.from, to: change.assignment.version }).toEqual({ from: '2.0.0', to: '1.0.0' });
    const after = await store.listAssignments('churn');
    expect(stageStack(after, 'prod').at(-1)!.version).toBe('1.0.0');
  });
});
