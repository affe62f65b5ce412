/**
 * Review of the local store (issue 5: "concurrency (two runs at once)"): two publishes of one version at
 * the same time on one registry folder.
 *
 * publishVersion removes every `@staging-v<version>-*` folder it finds before making its own, taking them
 * for leftovers of a run that stopped. A folder another process is filling right now looks the same, so the
 * second publisher deletes the first one's staging folder under it: the first fails with a raw ENOENT from
 * its copy or hash (not a ConfigurationError: exit 70, "internal error"), and the second reports `resumed`
 * ("an earlier attempt completed") although no earlier attempt had stopped. The GitHub store, by contrast,
 * answers the same race with `created` for one and `unchanged` for the other (same model).
 *
 * Expected: both calls succeed, one `created` and one `unchanged` (same model), as the contract says for a
 * version published again with the same model.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { LocalRegistryStore } from '../../../src/core/registry/local-store.js';
import { bundleFor } from '../../contract/registry-store-contract.js';

const logger = getRecordingLogger();
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mlgate-review-local-race-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('review: two publishes of one version at once on a local registry', () => {
  it('both succeed (created + unchanged) instead of one deleting the other one staging folder', async () => {
    const outcomes: string[][] = [];
    // A few models of different sizes: the window is the copy and hash of the assets.
    for (const [i, size] of [10, 100_000, 1_000_000, 4_000_000].entries()) {
      const registry = join(root, `registry-${i}`);
      const bundle = await bundleFor(root, 'churn', '1.0.0', Buffer.alloc(size, i + 1));
      // Two processes (two stores over one folder, as two `mlgate release` runs would be).
      const settled = await Promise.allSettled(
        [0, 1].map(() => new LocalRegistryStore(registry, {}, root).publishVersion(bundle, logger)),
      );
      outcomes.push(
        settled.map((s) => (s.status === 'fulfilled' ? s.value : `rejected: ${String(s.reason)}`)).sort(),
      );
    }
    expect(outcomes).toEqual([
      ['created', 'unchanged'],
      ['created', 'unchanged'],
      ['created', 'unchanged'],
      ['created', 'unchanged'],
    ]);
  });
});
