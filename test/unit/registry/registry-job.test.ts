import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RELEASE_FILE,
  STAGE_FILE,
  VERSIONS_FILE,
  runReleaseJob,
  runStageJob,
  runVersionsJob,
} from '../../../src/core/jobs/registry-job.js';
import { ConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { LocalRegistryStore } from '../../../src/core/registry/local-store.js';
import type { ReleaseContext } from '../../../src/core/registry/release.js';

const MODELS = resolve('test', 'fixtures', 'models');
const BINARY = join(MODELS, 'binary-logreg.onnx');
const REGRESSION = join(MODELS, 'regression-linear.onnx');
const NOW = '2026-05-01T12:00:00.000Z';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;

describe('registry jobs', () => {
  let root: string;
  let store: LocalRegistryStore;
  let context: ReleaseContext;
  const logger = getRecordingLogger();
  const out = () => join(root, 'out');

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mlgate-registry-job-'));
    let tick = 0;
    store = new LocalRegistryStore(
      'registry',
      { now: () => new Date(Date.UTC(2026, 4, 2, 0, 0, tick++)) },
      root,
    );
    context = {
      cwd: root,
      workDir: join(root, 'work'),
      repository: 'octo/models',
      commit: null,
      ref: null,
      runUrl: null,
      now: () => new Date(NOW),
    };
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function stale(file: string): Promise<string> {
    const path = join(out(), file);
    await mkdir(out(), { recursive: true });
    await writeFile(path, '{"stale": true}\n');
    return path;
  }

  describe('runReleaseJob', () => {
    it('writes release.json under the output folder, relative to the working directory', async () => {
      const evaluation = join(root, 'evaluation.json');
      await writeFile(
        evaluation,
        JSON.stringify({
          task: 'binary',
          passed: true,
          rows: 10,
          metrics: { accuracy: 0.9, confusion_matrix: [[1]] },
        }),
      );
      const { result, resultPath } = await runReleaseJob(
        store,
        { name: 'churn', modelPath: BINARY, evaluationPath: evaluation },
        context,
        'out',
        logger,
      );
      expect(resultPath).toBe(join(root, 'out', RELEASE_FILE));
      const written = await readJson(resultPath);
      expect(written).toEqual(result);
      const model = await readFile(BINARY);
      expect(written).toMatchObject({
        schemaVersion: 1,
        name: 'churn',
        version: '0.1.0',
        tag: 'churn@v0.1.0',
        outcome: 'created',
        sha256: sha256(model),
        size_bytes: model.length,
        registry: { kind: 'local', description: 'the local registry registry' },
        previous_version: null,
        bump: { kind: 'minor', from: null, breaking_changes: [] },
        verdict: 'pass',
        metrics: { accuracy: 0.9 },
        created_at: NOW,
      });
      const assets = written.assets as { name: string; sha256: string; size_bytes: number }[];
      expect(assets.map((a) => a.name).sort()).toEqual([
        'evaluation.json',
        'manifest.json',
        'model-card.md',
        'model.onnx',
      ]);
      for (const asset of assets) {
        const bytes = await readFile(join(root, 'registry', 'churn', '@v0.1.0', asset.name));
        expect(asset).toEqual({ name: asset.name, sha256: sha256(bytes), size_bytes: bytes.length });
      }
    });

    it('writes an unchanged outcome with no assets on a rerun, and the previous version of a later one', async () => {
      await runReleaseJob(store, { name: 'churn', modelPath: BINARY }, context, 'out', logger);
      const rerun = await runReleaseJob(store, { name: 'churn', modelPath: BINARY }, context, 'out', logger);
      expect(await readJson(rerun.resultPath)).toMatchObject({
        outcome: 'unchanged',
        version: '0.1.0',
        assets: [],
      });
      const next = await runReleaseJob(
        store,
        { name: 'churn', modelPath: REGRESSION, bump: 'patch' },
        context,
        'out',
        logger,
      );
      expect(await readJson(next.resultPath)).toMatchObject({ version: '0.1.1', previous_version: '0.1.0' });
    });

    it.each([
      ['a bad name', { name: 'Churn', modelPath: BINARY }, 'the model name "Churn"'],
      [
        'a missing model',
        { name: 'churn', modelPath: join(MODELS, 'missing.onnx') },
        'missing.onnx: no such file',
      ],
      [
        'a file that is not ONNX',
        { name: 'churn', modelPath: join(MODELS, 'not-onnx.onnx') },
        'not-onnx.onnx',
      ],
    ])('removes a stale release.json when the release fails on %s', async (_title, request, message) => {
      const path = await stale(RELEASE_FILE);
      const attempt = runReleaseJob(store, request, context, 'out', logger);
      await expect(attempt).rejects.toThrow(ConfigurationError);
      await expect(attempt).rejects.toThrow(message);
      expect(existsSync(path)).toBe(false);
    });
  });

  describe('runStageJob', () => {
    beforeEach(async () => {
      await runReleaseJob(store, { name: 'churn', modelPath: BINARY }, context, 'out', logger);
      await runReleaseJob(store, { name: 'churn', modelPath: REGRESSION }, context, 'out', logger);
    });

    it('writes stage.json for a promotion and for a rollback', async () => {
      const promoted = [];
      for (const version of ['0.1.0', '1.0.0']) {
        promoted.push(
          await runStageJob(
            store,
            'promote',
            { name: 'churn', stage: 'production', version, by: 'alice', run: '5' },
            root,
            'out',
            logger,
          ),
        );
      }
      const { resultPath } = promoted[1];
      expect(resultPath).toBe(join(root, 'out', STAGE_FILE));
      expect(await readJson(resultPath)).toEqual({
        schemaVersion: 1,
        name: 'churn',
        stage: 'production',
        operation: 'promote',
        outcome: 'assigned',
        version: '1.0.0',
        from: '0.1.0',
        tag: 'churn#production#2',
        at: '2026-05-02T00:00:01.000Z',
        by: 'alice',
        registry: { kind: 'local', description: 'the local registry registry' },
      });

      const back = await runStageJob(
        store,
        'rollback',
        { name: 'churn', stage: 'production', by: 'bob', run: '6' },
        root,
        'out',
        logger,
      );
      expect(await readJson(back.resultPath)).toMatchObject({
        operation: 'rollback',
        outcome: 'assigned',
        version: '0.1.0',
        from: '1.0.0',
        tag: 'churn#production#3',
        by: 'bob',
      });
    });

    it('writes an unchanged outcome when the stage already holds the version', async () => {
      const request = { name: 'churn', stage: 'staging', version: '1.0.0', by: null, run: null };
      await runStageJob(store, 'promote', request, root, 'out', logger);
      const again = await runStageJob(store, 'promote', request, root, 'out', logger);
      expect(await readJson(again.resultPath)).toMatchObject({
        outcome: 'unchanged',
        version: '1.0.0',
        from: '1.0.0',
      });
    });

    it.each<[string, 'promote' | 'rollback', { version?: string; stage: string }, string]>([
      [
        'a promotion without a version',
        'promote',
        { stage: 'production' },
        'version: "" is not a semantic version',
      ],
      [
        'a promotion of a version that does not exist',
        'promote',
        { stage: 'production', version: '9.0.0' },
        'recorded versions: 0.1.0, 1.0.0',
      ],
      [
        'a rollback of a stage never assigned',
        'rollback',
        { stage: 'production' },
        'no stage was ever assigned',
      ],
    ])('removes a stale stage.json when %s fails', async (_title, operation, request, message) => {
      const path = await stale(STAGE_FILE);
      const attempt = runStageJob(
        store,
        operation,
        { name: 'churn', by: null, run: null, ...request },
        root,
        'out',
        logger,
      );
      await expect(attempt).rejects.toThrow(message);
      expect(existsSync(path)).toBe(false);
    });
  });

  describe('runVersionsJob', () => {
    it("writes versions.json with DESIGN §4's keys: versions [{version, sha256, created_at}], stages {stage: version}", async () => {
      await runReleaseJob(
        store,
        { name: 'churn', modelPath: BINARY, version: '1.10.0' },
        context,
        'out',
        logger,
      );
      context.now = () => new Date('2026-05-03T00:00:00.000Z');
      await runReleaseJob(
        store,
        { name: 'churn', modelPath: REGRESSION, version: '1.9.0' },
        context,
        'out',
        logger,
      );
      const stage = (stage: string, version: string) =>
        runStageJob(
          store,
          'promote',
          { name: 'churn', stage, version, by: null, run: 'r1' },
          root,
          'out',
          logger,
        );
      await stage('staging', '1.9.0');
      await stage('production', '1.9.0');
      await stage('production', '1.10.0');

      const { result, resultPath } = await runVersionsJob(store, 'churn', root, 'out');
      expect(resultPath).toBe(join(root, 'out', VERSIONS_FILE));
      const written = await readJson(resultPath);
      expect(written).toEqual(result);
      // Sorted by semver (1.9.0 before 1.10.0), each with the model's sha256 and when it was recorded.
      expect(written.versions).toEqual([
        expect.objectContaining({
          version: '1.9.0',
          sha256: sha256(await readFile(REGRESSION)),
          created_at: '2026-05-03T00:00:00.000Z',
        }),
        expect.objectContaining({
          version: '1.10.0',
          sha256: sha256(await readFile(BINARY)),
          created_at: NOW,
        }),
      ]);
      expect(written.stages).toEqual({ production: '1.10.0', staging: '1.9.0' });
      expect(written).toMatchObject({ schemaVersion: 1, name: 'churn', latest: '1.10.0' });
      const history = written.history as Record<string, unknown>[];
      // By stage, then counter: both stores list assignments so (a lightweight GTO tag has no date).
      expect(history.map((h) => [h.stage, h.n, h.version, h.kind])).toEqual([
        ['production', 1, '1.9.0', 'promote'],
        ['production', 2, '1.10.0', 'promote'],
        ['staging', 1, '1.9.0', 'promote'],
      ]);
      expect(history.every((h) => !('name' in h))).toBe(true);
    });

    it('writes empty lists for a model with no versions', async () => {
      const { resultPath } = await runVersionsJob(store, 'churn', root, 'out');
      expect(await readJson(resultPath)).toMatchObject({
        versions: [],
        stages: {},
        latest: null,
        history: [],
      });
    });

    it('removes a stale versions.json when the store cannot be read', async () => {
      const path = await stale(VERSIONS_FILE);
      await mkdir(join(root, 'registry', 'churn'), { recursive: true });
      await writeFile(join(root, 'registry', 'churn', '@stages.json'), 'not json');
      await expect(runVersionsJob(store, 'churn', root, 'out')).rejects.toThrow('is not a stages file');
      expect(existsSync(path)).toBe(false);
    });
  });
});
