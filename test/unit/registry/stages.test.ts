import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { sha256File } from '../../../src/core/registry/digest.js';
import { LocalRegistryStore } from '../../../src/core/registry/local-store.js';
import {
  currentStages,
  fetchModel,
  promote,
  resolveStage,
  rollback,
  stageStack,
  type ModelCache,
} from '../../../src/core/registry/stages.js';
import type { StageAssignment } from '../../../src/core/registry/types.js';
import { bundleFor } from '../../contract/registry-store-contract.js';

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

type Step = ['promote' | 'rollback', string] | ['promote' | 'rollback', string, string];

/** A hand-built log of one stage: each step is [kind, version] or [kind, version, stage], n counted per stage. */
function log(...steps: Step[]): StageAssignment[] {
  const counters = new Map<string, number>();
  return steps.map(([kind, version, stage = 'production']) => {
    const n = (counters.get(stage) ?? 0) + 1;
    counters.set(stage, n);
    return {
      name: 'churn',
      stage,
      version,
      n,
      kind,
      at: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`,
      by: null,
      run: null,
      tag: `churn#${stage}#${n}`,
    };
  });
}

const versions = (stack: StageAssignment[]) => stack.map((a) => a.version);

describe('stageStack and currentStages over hand-built logs', () => {
  it.each<[string, Step[], string[]]>([
    [
      'three promotions',
      [
        ['promote', '1'],
        ['promote', '2'],
        ['promote', '3'],
      ],
      ['1', '2', '3'],
    ],
    [
      'a rollback pops the current version',
      [
        ['promote', '1'],
        ['promote', '2'],
        ['promote', '3'],
        ['rollback', '2'],
      ],
      ['1', '2'],
    ],
    [
      'a second rollback goes further back, not to the version rolled back from',
      [
        ['promote', '1'],
        ['promote', '2'],
        ['promote', '3'],
        ['rollback', '2'],
        ['rollback', '1'],
      ],
      ['1'],
    ],
    [
      'a promotion after rollbacks pushes again',
      [
        ['promote', '1'],
        ['promote', '2'],
        ['promote', '3'],
        ['rollback', '2'],
        ['rollback', '1'],
        ['promote', '3'],
      ],
      ['1', '3'],
    ],
    [
      'a rollback after promoting again returns to the version before it',
      [
        ['promote', '1'],
        ['promote', '2'],
        ['promote', '3'],
        ['rollback', '2'],
        ['rollback', '1'],
        ['promote', '3'],
        ['rollback', '1'],
      ],
      ['1'],
    ],
    [
      're-promoting an older version keeps it twice in the stack',
      [
        ['promote', '1'],
        ['promote', '2'],
        ['promote', '3'],
        ['promote', '1'],
      ],
      ['1', '2', '3', '1'],
    ],
    [
      'a rollback after re-promoting an older version returns to the newer one it replaced',
      [
        ['promote', '1'],
        ['promote', '2'],
        ['promote', '3'],
        ['promote', '1'],
        ['rollback', '3'],
      ],
      ['1', '2', '3'],
    ],
    [
      'a rollback to a version the stack does not hold (a log edited by hand) starts it afresh',
      [
        ['promote', '1'],
        ['promote', '2'],
        ['rollback', '7'],
      ],
      ['7'],
    ],
  ])('%s', (_title, steps, expected) => {
    const assignments = log(...steps);
    expect(versions(stageStack(assignments, 'production'))).toEqual(expected);
    expect(currentStages(assignments)).toEqual({ production: expected.at(-1) });
  });

  it('orders by the counter n, not by the order of the log', () => {
    const assignments = log(['promote', '1'], ['promote', '2'], ['promote', '3'], ['rollback', '2']);
    const shuffled = [assignments[3], assignments[1], assignments[0], assignments[2]];
    expect(versions(stageStack(shuffled, 'production'))).toEqual(['1', '2']);
    // The input is left as it was.
    expect(shuffled.map((a) => a.n)).toEqual([4, 2, 1, 3]);
  });

  it('keeps stages apart and lists them in name order', () => {
    const assignments = log(
      ['promote', '1', 'staging'],
      ['promote', '1', 'production'],
      ['promote', '2', 'staging'],
      ['promote', '3', 'staging'],
      ['rollback', '2', 'staging'],
      ['promote', '2', 'production'],
    );
    expect(versions(stageStack(assignments, 'staging'))).toEqual(['1', '2']);
    expect(versions(stageStack(assignments, 'production'))).toEqual(['1', '2']);
    expect(stageStack(assignments, 'canary')).toEqual([]);
    const stages = currentStages(assignments);
    expect(stages).toEqual({ production: '2', staging: '2' });
    expect(Object.keys(stages)).toEqual(['production', 'staging']);
    expect(currentStages([])).toEqual({});
  });
});

describe('promote, rollback and resolveStage on a local store', () => {
  let root: string;
  let store: LocalRegistryStore;
  const logger = getRecordingLogger();
  const models = new Map<string, Buffer>();

  async function record(version: string): Promise<void> {
    const model = Buffer.from(`model bytes of ${version}`);
    models.set(version, model);
    expect(await store.publishVersion(await bundleFor(root, 'churn', version, model), logger)).toBe(
      'created',
    );
  }

  const actor = (run: string | null) => ({ by: 'alice', run });

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mlgate-stages-'));
    let tick = 0;
    store = new LocalRegistryStore(
      'registry',
      { now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)) },
      root,
    );
    logger.messages.length = 0;
    models.clear();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('promote', () => {
    it('assigns a stage and records who did it, from which run, with the next counter', async () => {
      await record('0.1.0');
      await record('0.2.0');
      const first = await promote(
        store,
        { name: 'churn', version: '0.1.0', stage: 'production', ...actor('41') },
        logger,
      );
      expect(first).toMatchObject({ outcome: 'assigned', from: null });
      expect(first.assignment).toMatchObject({
        name: 'churn',
        stage: 'production',
        version: '0.1.0',
        n: 1,
        kind: 'promote',
        by: 'alice',
        run: '41',
        tag: 'churn#production#1',
      });
      const second = await promote(
        store,
        { name: 'churn', version: 'v0.2.0', stage: 'production', ...actor('42') },
        logger,
      );
      expect(second).toMatchObject({ outcome: 'assigned', from: '0.1.0' });
      expect(second.assignment).toMatchObject({ version: '0.2.0', n: 2, tag: 'churn#production#2' });
      expect(currentStages(await store.listAssignments('churn'))).toEqual({ production: '0.2.0' });
    });

    it('refuses a version that does not exist, listing the recorded ones', async () => {
      await record('0.1.0');
      await record('0.2.0');
      const attempt = promote(
        store,
        { name: 'churn', version: '0.3.0', stage: 'production', ...actor(null) },
        logger,
      );
      await expect(attempt).rejects.toThrow(ConfigurationError);
      await expect(attempt).rejects.toThrow(
        'churn@v0.3.0 does not exist in the local registry registry; recorded versions: 0.1.0, 0.2.0.',
      );
      expect(await store.listAssignments('churn')).toEqual([]);
    });

    it('refuses a model with no versions at all, saying to record one', async () => {
      await expect(
        promote(store, { name: 'churn', version: '1.0.0', stage: 'production', ...actor(null) }, logger),
      ).rejects.toThrow(
        'churn has no recorded versions in the local registry registry; record one first (mlgate release).',
      );
    });

    it.each([
      [{ name: 'Churn', version: '0.1.0', stage: 'production' }, 'name: the model name "Churn"'],
      [{ name: 'churn', version: '0.1.0', stage: 'Prod' }, 'stage: the stage "Prod"'],
      [
        { name: 'churn', version: 'latest', stage: 'production' },
        'version: "latest" is not a semantic version',
      ],
    ])('refuses bad input before touching the store: %j', async (request, message) => {
      await record('0.1.0');
      await expect(promote(store, { ...request, ...actor(null) }, logger)).rejects.toThrow(message);
      expect(await store.listAssignments('churn')).toEqual([]);
    });

    it('leaves a stage that already holds the version unchanged, with no new assignment', async () => {
      await record('0.1.0');
      const first = await promote(
        store,
        { name: 'churn', version: '0.1.0', stage: 'production', ...actor('1') },
        logger,
      );
      const again = await promote(
        store,
        { name: 'churn', version: '0.1.0', stage: 'production', ...actor('2') },
        logger,
      );
      expect(again).toEqual({ outcome: 'unchanged', assignment: first.assignment, from: '0.1.0' });
      expect(await store.listAssignments('churn')).toHaveLength(1);
      expect(logger.messages).toContainEqual({
        level: 'info',
        message: 'churn production is already 0.1.0 (churn#production#1): nothing to do.',
      });
    });

    it('promotes a version that another stage holds (stages are independent)', async () => {
      await record('0.1.0');
      await promote(store, { name: 'churn', version: '0.1.0', stage: 'staging', ...actor(null) }, logger);
      const change = await promote(
        store,
        { name: 'churn', version: '0.1.0', stage: 'production', ...actor(null) },
        logger,
      );
      expect(change).toMatchObject({
        outcome: 'assigned',
        from: null,
        assignment: { n: 1, tag: 'churn#production#1' },
      });
      expect(currentStages(await store.listAssignments('churn'))).toEqual({
        production: '0.1.0',
        staging: '0.1.0',
      });
    });
  });

  describe('rollback', () => {
    async function promoted(...list: string[]): Promise<void> {
      for (const [i, v] of list.entries()) {
        if (!models.has(v)) await record(v);
        await promote(store, { name: 'churn', version: v, stage: 'production', ...actor(`p${i}`) }, logger);
      }
    }

    it('moves the stage back one version at a time, with a different run id each time', async () => {
      await promoted('1.0.0', '1.1.0', '1.2.0');
      const first = await rollback(store, { name: 'churn', stage: 'production', ...actor('r1') }, logger);
      expect(first).toMatchObject({ outcome: 'assigned', from: '1.2.0' });
      expect(first.assignment).toMatchObject({
        version: '1.1.0',
        kind: 'rollback',
        n: 4,
        run: 'r1',
        by: 'alice',
      });
      const second = await rollback(store, { name: 'churn', stage: 'production', ...actor('r2') }, logger);
      expect(second).toMatchObject({
        outcome: 'assigned',
        from: '1.1.0',
        assignment: { version: '1.0.0', n: 5 },
      });
      expect(currentStages(await store.listAssignments('churn'))).toEqual({ production: '1.0.0' });
    });

    it('leaves the stage unchanged when the run that rolled back runs again', async () => {
      await promoted('1.0.0', '1.1.0', '1.2.0');
      const first = await rollback(store, { name: 'churn', stage: 'production', ...actor('r9') }, logger);
      const rerun = await rollback(store, { name: 'churn', stage: 'production', ...actor('r9') }, logger);
      expect(rerun).toEqual({ outcome: 'unchanged', assignment: first.assignment, from: '1.1.0' });
      expect(await store.listAssignments('churn')).toHaveLength(4);
      expect(currentStages(await store.listAssignments('churn'))).toEqual({ production: '1.1.0' });
      expect(logger.messages).toContainEqual({
        level: 'info',
        message: 'churn#production#4 was recorded by this run (r9): not rolling back twice.',
      });
    });

    it('leaves a stage rolled back to its only earlier version unchanged on a rerun (no error)', async () => {
      await promoted('1.0.0', '1.1.0');
      await rollback(store, { name: 'churn', stage: 'production', ...actor('r9') }, logger);
      const rerun = await rollback(store, { name: 'churn', stage: 'production', ...actor('r9') }, logger);
      expect(rerun).toMatchObject({
        outcome: 'unchanged',
        assignment: { version: '1.0.0', kind: 'rollback' },
      });
      expect(await store.listAssignments('churn')).toHaveLength(3);
    });

    it('rolls back again for another run after a rerun was refused', async () => {
      await promoted('1.0.0', '1.1.0', '1.2.0');
      await rollback(store, { name: 'churn', stage: 'production', ...actor('r9') }, logger);
      await rollback(store, { name: 'churn', stage: 'production', ...actor('r9') }, logger);
      const other = await rollback(store, { name: 'churn', stage: 'production', ...actor('r10') }, logger);
      expect(other).toMatchObject({
        outcome: 'assigned',
        from: '1.1.0',
        assignment: { version: '1.0.0', n: 5 },
      });
    });

    // Changed after review (test/unit/review/registry-rollback-rerun.test.ts): a rerun of run r9 after a fix
    // was promoted must not roll the fix back; the run's own rollback is in the log.
    it('does not roll back again for the same run id when a promotion came after its rollback', async () => {
      await promoted('1.0.0', '1.1.0', '1.2.0');
      await rollback(store, { name: 'churn', stage: 'production', ...actor('r9') }, logger);
      await promote(store, { name: 'churn', version: '1.2.0', stage: 'production', ...actor('p9') }, logger);
      const again = await rollback(store, { name: 'churn', stage: 'production', ...actor('r9') }, logger);
      expect(again).toMatchObject({ outcome: 'unchanged', from: '1.2.0', assignment: { version: '1.2.0' } });
      expect(currentStages(await store.listAssignments('churn'))).toEqual({ production: '1.2.0' });
    });

    it('rolls back without a run id every time it is asked', async () => {
      await promoted('1.0.0', '1.1.0', '1.2.0');
      await rollback(store, { name: 'churn', stage: 'production', ...actor(null) }, logger);
      const second = await rollback(store, { name: 'churn', stage: 'production', ...actor(null) }, logger);
      expect(second).toMatchObject({ outcome: 'assigned', assignment: { version: '1.0.0' } });
    });

    it('rolls back past a re-promoted older version to the one it replaced', async () => {
      await promoted('1.0.0', '1.1.0', '1.2.0', '1.0.0');
      const change = await rollback(store, { name: 'churn', stage: 'production', ...actor('r1') }, logger);
      expect(change).toMatchObject({ from: '1.0.0', assignment: { version: '1.2.0' } });
    });

    it('lets promote see the version a rollback returned to as held', async () => {
      await promoted('1.0.0', '1.1.0');
      await rollback(store, { name: 'churn', stage: 'production', ...actor('r1') }, logger);
      const change = await promote(
        store,
        { name: 'churn', version: '1.0.0', stage: 'production', ...actor('p9') },
        logger,
      );
      expect(change.outcome).toBe('unchanged');
      expect(await store.listAssignments('churn')).toHaveLength(3);
    });

    it("names the model's stages when the stage does not exist", async () => {
      await record('1.0.0');
      await promote(store, { name: 'churn', version: '1.0.0', stage: 'staging', ...actor(null) }, logger);
      await promote(store, { name: 'churn', version: '1.0.0', stage: 'canary', ...actor(null) }, logger);
      const attempt = rollback(store, { name: 'churn', stage: 'production', ...actor(null) }, logger);
      await expect(attempt).rejects.toThrow(ConfigurationError);
      await expect(attempt).rejects.toThrow(
        'churn has no stage "production" in the local registry registry; its stages: canary, staging.',
      );
    });

    it('says no stage was ever assigned when the model has none', async () => {
      await record('1.0.0');
      await expect(
        rollback(store, { name: 'churn', stage: 'production', ...actor(null) }, logger),
      ).rejects.toThrow(
        'churn has no stage "production" in the local registry registry; no stage was ever assigned (mlgate promote).',
      );
    });

    it('refuses to roll back a stage that has held a single version', async () => {
      await promoted('1.0.0');
      const attempt = rollback(store, { name: 'churn', stage: 'production', ...actor('r1') }, logger);
      await expect(attempt).rejects.toThrow(ConfigurationError);
      await expect(attempt).rejects.toThrow(
        'churn production has held only 1.0.0 (churn#production#1): there is no earlier version to roll back to.',
      );
      expect(await store.listAssignments('churn')).toHaveLength(1);
    });

    it('refuses a bad stage name before reading the store', async () => {
      const listAssignments = vi.spyOn(store, 'listAssignments');
      await expect(rollback(store, { name: 'churn', stage: 'Prod', ...actor(null) }, logger)).rejects.toThrow(
        'stage: the stage "Prod"',
      );
      expect(listAssignments).not.toHaveBeenCalled();
    });
  });

  describe('resolveStage', () => {
    it("gives the stage's current version with that version's manifest", async () => {
      await record('1.0.0');
      await record('1.1.0');
      await promote(store, { name: 'churn', version: '1.0.0', stage: 'production', ...actor(null) }, logger);
      await promote(store, { name: 'churn', version: '1.1.0', stage: 'production', ...actor(null) }, logger);
      const resolved = await resolveStage(store, 'churn', 'production');
      expect(resolved).toMatchObject({ name: 'churn', stage: 'production', version: '1.1.0' });
      expect(resolved.assignment.tag).toBe('churn#production#2');
      expect(resolved.manifest.version).toBe('1.1.0');
      expect(resolved.manifest.model.sha256).toBe(sha(models.get('1.1.0')!));

      await rollback(store, { name: 'churn', stage: 'production', ...actor('r1') }, logger);
      const back = await resolveStage(store, 'churn', 'production');
      expect(back.version).toBe('1.0.0');
      expect(back.manifest.model.sha256).toBe(sha(models.get('1.0.0')!));
    });

    it("names the model's stages when the stage does not exist", async () => {
      await record('1.0.0');
      await promote(store, { name: 'churn', version: '1.0.0', stage: 'staging', ...actor(null) }, logger);
      await expect(resolveStage(store, 'churn', 'production')).rejects.toThrow(
        'churn has no stage "production" in the local registry registry; its stages: staging.',
      );
      await expect(resolveStage(store, 'other', 'production')).rejects.toThrow(
        'other has no stage "production" in the local registry registry; no stage was ever assigned.',
      );
    });

    it('says so when the assigned version is gone from the store', async () => {
      await record('1.0.0');
      await promote(store, { name: 'churn', version: '1.0.0', stage: 'production', ...actor(null) }, logger);
      await rm(join(root, 'registry', 'churn', '@v1.0.0'), { recursive: true });
      const attempt = resolveStage(store, 'churn', 'production');
      await expect(attempt).rejects.toThrow(ConfigurationError);
      await expect(attempt).rejects.toThrow(
        'churn#production#1 assigns churn@v1.0.0, which is not in the local registry registry.',
      );
    });

    it.each([
      ['Churn', 'production', 'name: the model name "Churn"'],
      ['churn', 'Production', 'stage: the stage "Production"'],
    ])('refuses %s %s', async (name, stage, message) => {
      await expect(resolveStage(store, name, stage)).rejects.toThrow(message);
    });
  });

  describe('fetchModel', () => {
    /** A cache in memory by sha256; restore writes the stored bytes (right or wrong) to the path. */
    function fakeCache(entries: Map<string, Buffer>, faults: { restore?: Error; save?: Error } = {}) {
      const cache: ModelCache & { saved: string[]; restored: string[] } = {
        saved: [],
        restored: [],
        async restore(sha256, path) {
          cache.restored.push(sha256);
          if (faults.restore) throw faults.restore;
          const bytes = entries.get(sha256);
          if (!bytes) return false;
          await writeFile(path, bytes);
          return true;
        },
        async save(sha256, path) {
          if (faults.save) throw faults.save;
          cache.saved.push(sha256);
          entries.set(sha256, await readFile(path));
        },
      };
      return cache;
    }

    async function production() {
      await record('1.0.0');
      await promote(store, { name: 'churn', version: '1.0.0', stage: 'production', ...actor(null) }, logger);
      return (await resolveStage(store, 'churn', 'production')).manifest;
    }

    it('downloads the model into a new folder and caches it by its sha256 on a miss', async () => {
      const manifest = await production();
      const cache = fakeCache(new Map());
      const download = vi.spyOn(store, 'downloadAsset');
      const destination = join(root, 'out', 'deep', 'model.onnx');
      const got = await fetchModel(store, manifest, destination, logger, cache, sha256File);
      expect(got).toEqual({ path: destination, fromCache: false });
      expect(await readFile(destination)).toEqual(models.get('1.0.0'));
      expect(download).toHaveBeenCalledWith(
        'churn',
        '1.0.0',
        'model.onnx',
        destination,
        manifest.model.sha256,
      );
      expect(cache.restored).toEqual([manifest.model.sha256]);
      expect(cache.saved).toEqual([manifest.model.sha256]);
    });

    it('takes a cache hit with the right sha256 without downloading', async () => {
      const manifest = await production();
      const cache = fakeCache(new Map([[manifest.model.sha256, models.get('1.0.0')!]]));
      const download = vi.spyOn(store, 'downloadAsset');
      const destination = join(root, 'out', 'model.onnx');
      const got = await fetchModel(store, manifest, destination, logger, cache, sha256File);
      expect(got).toEqual({ path: destination, fromCache: true });
      expect(download).not.toHaveBeenCalled();
      expect(cache.saved).toEqual([]);
      expect(logger.messages).toContainEqual({
        level: 'info',
        message: "churn@v1.0.0's model came from the cache (sha256 verified).",
      });
    });

    it('downloads again, with a warning, when the cached bytes have another sha256', async () => {
      const manifest = await production();
      const cache = fakeCache(new Map([[manifest.model.sha256, Buffer.from('not the model')]]));
      const destination = join(root, 'out', 'model.onnx');
      const got = await fetchModel(store, manifest, destination, logger, cache, sha256File);
      expect(got).toEqual({ path: destination, fromCache: false });
      expect(await readFile(destination)).toEqual(models.get('1.0.0'));
      expect(logger.messages).toContainEqual({
        level: 'warning',
        message: 'The cached model for churn@v1.0.0 has another sha256: downloading it again.',
      });
      // The good copy replaces the bad one in the cache.
      expect(cache.saved).toEqual([manifest.model.sha256]);
    });

    it('turns a failing cache read into a warning and downloads', async () => {
      const manifest = await production();
      const cache = fakeCache(new Map(), { restore: new Error('cache service down') });
      const destination = join(root, 'out', 'model.onnx');
      const got = await fetchModel(store, manifest, destination, logger, cache, sha256File);
      expect(got.fromCache).toBe(false);
      expect(await readFile(destination)).toEqual(models.get('1.0.0'));
      expect(logger.messages).toContainEqual({
        level: 'warning',
        message: 'The model cache could not be read (Error: cache service down): downloading.',
      });
    });

    it('turns a failing cache save into a warning and still gives the model', async () => {
      const manifest = await production();
      const cache = fakeCache(new Map(), { save: new Error('quota exceeded') });
      const destination = join(root, 'out', 'model.onnx');
      const got = await fetchModel(store, manifest, destination, logger, cache, sha256File);
      expect(got).toEqual({ path: destination, fromCache: false });
      expect(await readFile(destination)).toEqual(models.get('1.0.0'));
      expect(logger.messages).toContainEqual({
        level: 'warning',
        message: 'The model could not be cached (Error: quota exceeded).',
      });
    });

    it('does not trust a cache it cannot verify (no hash function given)', async () => {
      const manifest = await production();
      const cache = fakeCache(new Map([[manifest.model.sha256, Buffer.from('not the model')]]));
      const destination = join(root, 'out', 'model.onnx');
      const got = await fetchModel(store, manifest, destination, logger, cache);
      expect(got.fromCache).toBe(false);
      expect(cache.restored).toEqual([]);
      expect(await readFile(destination)).toEqual(models.get('1.0.0'));
    });

    it('works without a cache', async () => {
      const manifest = await production();
      const destination = join(root, 'model.onnx');
      expect(await fetchModel(store, manifest, destination, logger)).toEqual({
        path: destination,
        fromCache: false,
      });
      expect(await readFile(destination)).toEqual(models.get('1.0.0'));
    });

    it("refuses a registry copy whose bytes no longer match the manifest's sha256", async () => {
      const manifest = await production();
      await writeFile(join(root, 'registry', 'churn', '@v1.0.0', 'model.onnx'), 'tampered');
      const destination = join(root, 'out', 'model.onnx');
      await expect(fetchModel(store, manifest, destination, logger)).rejects.toThrow(
        `has sha256 ${sha('tampered')}, but churn@v1.0.0's manifest records ${manifest.model.sha256}`,
      );
      await expect(readFile(destination)).rejects.toThrow();
    });
  });
});
