/**
 * One contract for every registry store (issue 5): the local folder and GitHub Releases (against the
 * GitHub fake) run the same cases. Each case gets a fresh, empty store from `setup`.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../src/core/errors.js';
import { getRecordingLogger } from '../../src/core/logger.js';
import { sha256File } from '../../src/core/registry/digest.js';
import { recordRelease } from '../../src/core/registry/release.js';
import { fetchModel, promote, resolveStage, rollback } from '../../src/core/registry/stages.js';
import type { Manifest, RegistryStore, VersionBundle } from '../../src/core/registry/types.js';

const fixture = (name: string) => new URL(`../fixtures/models/${name}`, import.meta.url).pathname;

export interface StoreHarness {
  store: RegistryStore;
  close(): Promise<void>;
}

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

export function manifestFor(name: string, version: string, model: Buffer): Manifest {
  return {
    schemaVersion: 1,
    name,
    version,
    tag: `${name}@v${version}`,
    model: {
      file: 'model.onnx',
      sha256: sha(model),
      size_bytes: model.length,
      ir_version: 8,
      opsets: [{ domain: 'ai.onnx', version: 17 }],
      producer: { name: 'test', version: '1' },
      graph_name: 'g',
      metadata: {},
      signature: { inputs: [], outputs: [] },
    },
    task: 'binary',
    metrics: { roc_auc: 0.91 },
    evaluation: null,
    comparison: null,
    verdict: 'pass',
    data: [],
    reference_data: [],
    config: null,
    git: { repository: 'octo/models', commit: null, ref: null },
    workflow_run_url: null,
    onnxruntime_version: null,
    created_at: '2026-12-01T10:00:00.000Z',
    bump: { kind: 'minor', from: null, breaking_changes: [] },
    card_sections: [],
  };
}

export async function bundleFor(
  dir: string,
  name: string,
  version: string,
  model: Buffer,
): Promise<VersionBundle> {
  const manifest = manifestFor(name, version, model);
  const folder = await mkdtemp(join(dir, 'bundle-'));
  const modelPath = join(folder, 'model.onnx');
  const manifestPath = join(folder, 'manifest.json');
  const cardPath = join(folder, 'model-card.md');
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const card = `# ${name} v${version}\n`;
  await writeFile(modelPath, model);
  await writeFile(manifestPath, manifestText);
  await writeFile(cardPath, card);
  return {
    manifest,
    summary: card,
    commit: 'a'.repeat(40),
    assets: [
      { name: 'model.onnx', path: modelPath, sha256: sha(model), size_bytes: model.length },
      {
        name: 'manifest.json',
        path: manifestPath,
        sha256: sha(manifestText),
        size_bytes: Buffer.byteLength(manifestText),
      },
      { name: 'model-card.md', path: cardPath, sha256: sha(card), size_bytes: Buffer.byteLength(card) },
    ],
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

export function registryStoreContract(kind: string, setup: () => Promise<StoreHarness>): void {
  describe(`registry store contract: ${kind}`, () => {
    let harness: StoreHarness;
    let store: RegistryStore;
    let dir: string;
    const logger = getRecordingLogger();
    beforeEach(async () => {
      harness = await setup();
      store = harness.store;
      dir = await mkdtemp(join(tmpdir(), 'mlgate-contract-'));
    });
    afterEach(async () => {
      await harness.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('starts empty: no versions, no manifest, no assignments', async () => {
      expect(await store.listVersions('churn')).toEqual([]);
      expect(await store.readManifest('churn', '1.0.0')).toBeUndefined();
      expect(await store.listAssignments('churn')).toEqual([]);
    });

    it('publishes a version and lists it with its model digest, size and assets', async () => {
      const model = Buffer.from('model bytes v1');
      const bundle = await bundleFor(dir, 'churn', '0.1.0', model);
      expect(await store.publishVersion(bundle, logger)).toBe('created');
      const versions = await store.listVersions('churn');
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatchObject({
        name: 'churn',
        version: '0.1.0',
        tag: 'churn@v0.1.0',
        sha256: sha(model),
        size_bytes: model.length,
      });
      expect(versions[0].assets.map((a) => a.name).sort()).toEqual([
        'manifest.json',
        'model-card.md',
        'model.onnx',
      ]);
      expect(await store.readManifest('churn', '0.1.0')).toEqual(bundle.manifest);
    });

    it('downloads an asset with its bytes intact and refuses a digest that does not match', async () => {
      const model = Buffer.from('model bytes for download');
      await store.publishVersion(await bundleFor(dir, 'churn', '1.0.0', model), logger);
      const target = join(dir, 'out', 'model.onnx');
      await store.downloadAsset('churn', '1.0.0', 'model.onnx', target, sha(model));
      expect(await readFile(target)).toEqual(model);
      const wrong = await rejection(
        store.downloadAsset('churn', '1.0.0', 'model.onnx', join(dir, 'out', 'x.onnx'), sha('other')),
      );
      expect(isConfigurationError(wrong)).toBe(true);
      expect(wrong.message).toContain('sha256');
      await expect(readFile(join(dir, 'out', 'x.onnx'))).rejects.toThrow();
    });

    it('does nothing when the same model is published again under its version', async () => {
      const model = Buffer.from('same model');
      await store.publishVersion(await bundleFor(dir, 'churn', '1.0.0', model), logger);
      const again = await bundleFor(dir, 'churn', '1.0.0', model);
      again.manifest.created_at = '2026-12-02T00:00:00.000Z';
      expect(await store.publishVersion(again, logger)).toBe('unchanged');
      expect(await store.listVersions('churn')).toHaveLength(1);
      // The first record stays.
      expect((await store.readManifest('churn', '1.0.0'))?.created_at).toBe('2026-12-01T10:00:00.000Z');
    });

    it('refuses another model under a version that exists (versions are immutable)', async () => {
      await store.publishVersion(await bundleFor(dir, 'churn', '1.0.0', Buffer.from('first')), logger);
      const error = await rejection(
        store.publishVersion(await bundleFor(dir, 'churn', '1.0.0', Buffer.from('second')), logger),
      );
      expect(isConfigurationError(error)).toBe(true);
      expect(error.message).toMatch(/churn@v1\.0\.0 already exists .* another model.*immutable/);
      expect((await store.listVersions('churn'))[0].sha256).toBe(sha('first'));
    });

    it('lists versions in semver order, pre-releases before their release, per model name', async () => {
      for (const [name, version] of [
        ['churn', '1.10.0'],
        ['churn', '1.9.0'],
        ['churn', '2.0.0-rc.1'],
        ['churn', '2.0.0'],
        ['churn-eu', '5.0.0'],
        ['churn/eu', '3.0.0'],
      ] as const) {
        await store.publishVersion(
          await bundleFor(dir, name, version, Buffer.from(`${name} ${version}`)),
          logger,
        );
      }
      expect((await store.listVersions('churn')).map((v) => v.version)).toEqual([
        '1.9.0',
        '1.10.0',
        '2.0.0-rc.1',
        '2.0.0',
      ]);
      expect((await store.listVersions('churn-eu')).map((v) => v.version)).toEqual(['5.0.0']);
      expect((await store.listVersions('churn/eu')).map((v) => v.version)).toEqual(['3.0.0']);
    });

    it('records stage assignments with a counter per stage, oldest first, with kind, actor and run', async () => {
      await store.publishVersion(await bundleFor(dir, 'churn', '1.0.0', Buffer.from('a')), logger);
      await store.publishVersion(await bundleFor(dir, 'churn', '1.1.0', Buffer.from('b')), logger);
      const first = await store.assignStage(
        { name: 'churn', stage: 'production', version: '1.0.0', kind: 'promote', by: 'alice', run: '41' },
        logger,
      );
      expect(first).toMatchObject({ n: 1, tag: 'churn#production#1', version: '1.0.0' });
      await store.assignStage(
        { name: 'churn', stage: 'staging', version: '1.1.0', kind: 'promote', by: null, run: null },
        logger,
      );
      const third = await store.assignStage(
        { name: 'churn', stage: 'production', version: '1.1.0', kind: 'promote', by: 'bob', run: '42' },
        logger,
      );
      expect(third).toMatchObject({ n: 2, tag: 'churn#production#2' });
      await store.assignStage(
        { name: 'churn', stage: 'production', version: '1.0.0', kind: 'rollback', by: 'carol', run: '43' },
        logger,
      );
      const all = await store.listAssignments('churn');
      const production = all.filter((a) => a.stage === 'production');
      expect(production.map((a) => [a.n, a.version, a.kind, a.by, a.run])).toEqual([
        [1, '1.0.0', 'promote', 'alice', '41'],
        [2, '1.1.0', 'promote', 'bob', '42'],
        [3, '1.0.0', 'rollback', 'carol', '43'],
      ]);
      expect(all.filter((a) => a.stage === 'staging').map((a) => a.tag)).toEqual(['churn#staging#1']);
      for (const a of all) expect(Number.isNaN(Date.parse(a.at))).toBe(false);
      // Another model's stages are its own.
      expect(await store.listAssignments('churn-eu')).toEqual([]);
    });

    it('records real models with auto bumps, finds a rerun by the model digest, and breaks on new inputs', async () => {
      const context = {
        cwd: dir,
        workDir: join(dir, 'work'),
        repository: 'octo/models',
        commit: 'f'.repeat(40),
        ref: 'refs/heads/main',
        runUrl: null,
        now: () => new Date('2026-12-01T12:00:00Z'),
      };
      // Two regressors with one signature (compatible: a minor bump), then a classifier (breaking: major).
      const record = (model: string) =>
        recordRelease(store, { name: 'clf', modelPath: fixture(model) }, context, logger);
      const first = await record('regression-linear.onnx');
      expect([first.outcome, first.manifest.version]).toEqual(['created', '0.1.0']);
      const rerun = await record('regression-linear.onnx');
      expect([rerun.outcome, rerun.manifest.version]).toEqual(['unchanged', '0.1.0']);
      const same = await record('tree-ensemble-regressor.onnx');
      expect([same.manifest.version, same.manifest.bump.kind, same.manifest.bump.breaking_changes]).toEqual([
        '0.2.0',
        'minor',
        [],
      ]);
      const other = await record('binary-logreg.onnx');
      expect(other.manifest.version).toBe('1.0.0');
      expect(other.manifest.bump).toMatchObject({ kind: 'major', from: '0.2.0' });
      expect(other.manifest.bump.breaking_changes.length).toBeGreaterThan(0);
      expect((await store.listVersions('clf')).map((v) => v.version)).toEqual(['0.1.0', '0.2.0', '1.0.0']);
      expect(await store.readManifest('clf', '1.0.0')).toEqual(other.manifest);
    });

    it('promotes, rolls back as a stack, resolves a stage and fetches its model verified', async () => {
      for (const [version, bytes] of [
        ['1.0.0', 'one'],
        ['1.1.0', 'two'],
        ['1.2.0', 'three'],
      ] as const) {
        await store.publishVersion(await bundleFor(dir, 'churn', version, Buffer.from(bytes)), logger);
      }
      const actor = { by: 'alice', run: null };
      for (const version of ['1.0.0', '1.1.0', '1.2.0']) {
        await promote(store, { name: 'churn', stage: 'production', version, ...actor }, logger);
      }
      expect(
        (await promote(store, { name: 'churn', stage: 'production', version: '1.2.0', ...actor }, logger))
          .outcome,
      ).toBe('unchanged');
      expect(
        (await rollback(store, { name: 'churn', stage: 'production', ...actor }, logger)).assignment.version,
      ).toBe('1.1.0');
      expect(
        (await rollback(store, { name: 'churn', stage: 'production', ...actor }, logger)).assignment.version,
      ).toBe('1.0.0');
      const nothing = await rejection(
        rollback(store, { name: 'churn', stage: 'production', ...actor }, logger),
      );
      expect(nothing.message).toContain('no earlier version to roll back to');
      const resolved = await resolveStage(store, 'churn', 'production');
      expect(resolved.version).toBe('1.0.0');
      const target = join(dir, 'fetched', 'model.onnx');
      const fetched = await fetchModel(store, resolved.manifest, target, logger, undefined, sha256File);
      expect(await readFile(fetched.path)).toEqual(Buffer.from('one'));
      const missing = await rejection(resolveStage(store, 'churn', 'staging'));
      expect(isConfigurationError(missing)).toBe(true);
      expect(missing.message).toContain('its stages: production');
    });
  });
}
