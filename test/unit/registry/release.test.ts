import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { readOnnxModelInfo } from '../../../src/core/model/onnx-file.js';
import { LocalRegistryStore } from '../../../src/core/registry/local-store.js';
import {
  recordRelease,
  type ReleaseContext,
  type ReleaseRequest,
} from '../../../src/core/registry/release.js';
import { compareSignatures, signatureFromOnnx } from '../../../src/core/registry/signature-compat.js';
import type { Manifest } from '../../../src/core/registry/types.js';

const MODELS = resolve('test', 'fixtures', 'models');
const model = (file: string) => join(MODELS, file);
// Two regressors with the same signature (input float32[N, 10] → variable float32[N, 1]) and two
// binary models whose signatures differ (the MLP takes 64 inputs and has no label output).
const REGRESSION = model('regression-linear.onnx');
const REGRESSION_SAME_SIGNATURE = model('tree-ensemble-regressor.onnx');
const BINARY = model('binary-logreg.onnx');
const OTHER_INPUTS = model('multiclass-mlp.onnx');

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const fileSha = async (path: string) => sha256(await readFile(path));

const NOW = '2026-05-01T12:00:00.000Z';

describe('recordRelease on a local store', () => {
  let root: string;
  let outside: string;
  let store: LocalRegistryStore;
  let context: ReleaseContext;
  const logger = getRecordingLogger();
  const registry = () => join(root, 'registry');

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mlgate-release-'));
    outside = await mkdtemp(join(tmpdir(), 'mlgate-release-outside-'));
    store = new LocalRegistryStore('registry', {}, root);
    context = {
      cwd: root,
      workDir: join(root, 'work'),
      repository: 'octo/models',
      commit: 'c0ffee'.padEnd(40, '0'),
      ref: 'refs/heads/main',
      runUrl: 'https://github.com/octo/models/actions/runs/7',
      now: () => new Date(NOW),
    };
    logger.messages.length = 0;
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  /** An evaluation.json as evaluate writes it, of the model at `modelPath` unless `sha` says otherwise. */
  async function evaluationOf(
    modelPath: string,
    extra: Record<string, unknown> = {},
    file = join(root, 'evaluation.json'),
  ): Promise<string> {
    const evaluation = {
      schemaVersion: 1,
      task: 'binary',
      rows: 569,
      passed: true,
      metrics: {
        accuracy: 0.9578,
        roc_auc: 0.9934,
        log_loss: null,
        confusion_matrix: [
          [201, 11],
          [13, 344],
        ],
        per_class: { '0': { precision: 0.94 } },
        note: 'not a number',
      },
      thresholds: [{ metric: 'accuracy', passed: true }],
      model: { path: modelPath, sha256: await fileSha(modelPath) },
      mapping: { classes: ['stays', 'leaves'] },
      runtime: { ort_version: '1.30.0' },
      ...extra,
    };
    await writeFile(file, JSON.stringify(evaluation, null, 2));
    return file;
  }

  async function comparisonOf(modelPath: string, extra: Record<string, unknown> = {}): Promise<string> {
    const file = join(root, 'comparison.json');
    const comparison = {
      schemaVersion: 1,
      verdict: 'pass',
      baseline: { name: 'churn', version: '0.1.0', sha256: 'b'.repeat(64) },
      candidate: { sha256: await fileSha(modelPath) },
      metrics: {},
      ...extra,
    };
    await writeFile(file, JSON.stringify(comparison));
    return file;
  }

  const release = (request: Partial<ReleaseRequest> & { modelPath: string }) =>
    recordRelease(store, { name: 'churn', ...request }, context, logger);

  async function storedManifest(version: string): Promise<Manifest> {
    return JSON.parse(
      await readFile(join(registry(), 'churn', `@v${version}`, 'manifest.json'), 'utf8'),
    ) as Manifest;
  }

  async function refusal(promise: Promise<unknown>): Promise<ConfigurationError> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return error as ConfigurationError;
    }
    throw new Error('expected a ConfigurationError');
  }

  describe('the version number', () => {
    it('records the first version as 0.1.0 with auto, and stores every file verified', async () => {
      const evaluation = await evaluationOf(BINARY);
      const got = await release({ modelPath: BINARY, evaluationPath: evaluation });
      expect(got.outcome).toBe('created');
      expect(got.previous).toBeNull();
      expect(got.manifest).toMatchObject({ name: 'churn', version: '0.1.0', tag: 'churn@v0.1.0' });
      expect(got.manifest.bump).toEqual({ kind: 'minor', from: null, breaking_changes: [] });

      const folder = join(registry(), 'churn', '@v0.1.0');
      expect((await readdir(folder)).sort()).toEqual([
        'evaluation.json',
        'manifest.json',
        'model-card.md',
        'model.onnx',
      ]);
      expect(await readFile(join(folder, 'model.onnx'))).toEqual(await readFile(BINARY));
      expect(await readFile(join(folder, 'evaluation.json'))).toEqual(await readFile(evaluation));
      expect(await storedManifest('0.1.0')).toEqual(got.manifest);
      expect(await readFile(join(folder, 'model-card.md'), 'utf8')).toContain('churn');

      // What the artifact upload gets: every stored file with the digest of its bytes in the registry.
      expect(got.assets.map((a) => a.name).sort()).toEqual([
        'evaluation.json',
        'manifest.json',
        'model-card.md',
        'model.onnx',
      ]);
      for (const asset of got.assets) {
        const stored = await readFile(join(folder, asset.name));
        expect(asset.sha256, asset.name).toBe(sha256(stored));
        expect(asset.size_bytes, asset.name).toBe(stored.length);
      }
    });

    it('bumps minor with auto when the signature is the same', async () => {
      await release({ modelPath: REGRESSION });
      const got = await release({ modelPath: REGRESSION_SAME_SIGNATURE });
      expect(got.outcome).toBe('created');
      expect(got.manifest.version).toBe('0.2.0');
      expect(got.manifest.bump).toEqual({ kind: 'minor', from: '0.1.0', breaking_changes: [] });
      expect(got.previous).toBe('0.1.0');
      expect((await store.listVersions('churn')).map((v) => v.version)).toEqual(['0.1.0', '0.2.0']);
    });

    it('bumps major with auto when the signature breaks callers, and lists the breaking changes', async () => {
      await release({ modelPath: BINARY });
      const got = await release({ modelPath: OTHER_INPUTS });
      expect(got.manifest.version).toBe('1.0.0');
      expect(got.manifest.bump.kind).toBe('major');
      expect(got.manifest.bump.from).toBe('0.1.0');
      const expected = compareSignatures(
        signatureFromOnnx(await readOnnxModelInfo(BINARY)),
        signatureFromOnnx(await readOnnxModelInfo(OTHER_INPUTS)),
      ).breaking;
      expect(expected.length).toBeGreaterThan(0);
      expect(got.manifest.bump.breaking_changes).toEqual(expected);
      expect(got.manifest.bump.breaking_changes).toContain('output "label" removed');
      expect((await storedManifest('1.0.0')).bump).toEqual(got.manifest.bump);

      // Another breaking change (13 inputs instead of 64) from 1.0.0 is 2.0.0.
      const next = await release({ modelPath: model('multiclass-logits.onnx') });
      expect(next.manifest.bump.kind).toBe('major');
      expect(next.manifest.version).toBe('2.0.0');
    });

    it('bumps by the kind asked for', async () => {
      await release({ modelPath: REGRESSION, version: '1.2.3' });
      const patch = await release({ modelPath: REGRESSION_SAME_SIGNATURE, bump: 'patch' });
      expect(patch.manifest.version).toBe('1.2.4');
      expect(patch.manifest.bump).toEqual({ kind: 'patch', from: '1.2.3', breaking_changes: [] });
      const major = await release({ modelPath: BINARY, bump: 'major' });
      expect(major.manifest.version).toBe('2.0.0');
      expect(major.manifest.bump.breaking_changes.length).toBeGreaterThan(0);
    });

    it('bumps from the highest version, not the one recorded last', async () => {
      await release({ modelPath: REGRESSION, version: '2.0.0' });
      await release({ modelPath: REGRESSION_SAME_SIGNATURE, version: '1.5.0' });
      expect(logger.messages).toContainEqual({
        level: 'info',
        message: 'churn@v1.5.0 is lower than the latest version 2.0.0: recorded as asked.',
      });
      const got = await release({ modelPath: BINARY, bump: 'minor' });
      expect(got.manifest.version).toBe('2.1.0');
      expect(got.previous).toBe('2.0.0');
    });

    it('records an explicit version (a leading v accepted) as explicit, still listing breaking changes', async () => {
      await release({ modelPath: BINARY });
      const got = await release({ modelPath: OTHER_INPUTS, version: 'v0.1.1-rc.1', bump: 'minor' });
      expect(got.outcome).toBe('created');
      expect(got.manifest.version).toBe('0.1.1-rc.1');
      expect(got.manifest.tag).toBe('churn@v0.1.1-rc.1');
      expect(got.manifest.bump.kind).toBe('explicit');
      expect(got.manifest.bump.from).toBe('0.1.0');
      expect(got.manifest.bump.breaking_changes).toContain('output "label" removed');
      expect(existsSync(join(registry(), 'churn', '@v0.1.1-rc.1', 'model.onnx'))).toBe(true);
    });

    it('refuses an explicit version that exists with another model: versions are immutable', async () => {
      await release({ modelPath: BINARY, version: '1.0.0' });
      const error = await refusal(release({ modelPath: OTHER_INPUTS, version: '1.0.0' }));
      expect(error.message).toContain(
        'churn@v1.0.0 already exists in the local registry registry with another model',
      );
      expect(error.message).toContain(await fileSha(BINARY));
      expect(error.message).toContain(await fileSha(OTHER_INPUTS));
      expect(error.message).toContain('versions are immutable');
      expect(await readFile(join(registry(), 'churn', '@v1.0.0', 'model.onnx'))).toEqual(
        await readFile(BINARY),
      );
      expect(await store.listVersions('churn')).toHaveLength(1);
    });

    it('leaves an explicit version that exists with the same model unchanged, giving the stored manifest', async () => {
      const first = await release({ modelPath: BINARY, version: '1.0.0' });
      context.now = () => new Date('2027-01-01T00:00:00.000Z');
      const again = await release({ modelPath: BINARY, version: '1.0.0' });
      expect(again.outcome).toBe('unchanged');
      expect(again.assets).toEqual([]);
      expect(again.manifest).toEqual(first.manifest);
      expect(again.manifest.created_at).toBe(NOW);
      expect(await store.listVersions('churn')).toHaveLength(1);
    });

    it.each<ReleaseRequest['bump']>(['auto', 'patch', 'major'])(
      'finds the model already recorded on a rerun with bump %s: unchanged, no new version',
      async (bump) => {
        const first = await release({ modelPath: BINARY });
        await release({ modelPath: REGRESSION });
        const again = await release({ modelPath: BINARY, bump });
        expect(again.outcome).toBe('unchanged');
        expect(again.manifest).toEqual(first.manifest);
        expect(again.assets).toEqual([]);
        expect(again.previous).toBeNull();
        expect((await store.listVersions('churn')).map((v) => v.version)).toEqual(['0.1.0', '1.0.0']);
        expect(logger.messages).toContainEqual({
          level: 'info',
          message: `churn@v0.1.0 already holds this model (sha256 ${await fileSha(BINARY)}): nothing to record.`,
        });
      },
    );

    it('refuses a bump that is not one of auto, major, minor, patch', async () => {
      const error = await refusal(release({ modelPath: BINARY, bump: 'huge' as ReleaseRequest['bump'] }));
      expect(error.message).toBe('bump: "huge" is not one of auto, major, minor, patch.');
    });

    it('refuses an explicit version that is not semver', async () => {
      const error = await refusal(release({ modelPath: BINARY, version: '1.0' }));
      expect(error.message).toMatch(/^version: "1\.0" is not a semantic version/);
      expect(existsSync(registry())).toBe(false);
    });
  });

  describe('refusals leave the registry untouched', () => {
    it('refuses a bad name before anything is written', async () => {
      const error = await refusal(release({ name: 'Churn_EU', modelPath: BINARY }));
      expect(error.message).toContain('the model name "Churn_EU" cannot be part of a registry tag');
      expect(error.message).toContain('"churn-eu"');
      expect(await readdir(root)).toEqual([]);
    });

    it('names the path of a missing model', async () => {
      const missing = join(root, 'models', 'missing.onnx');
      const error = await refusal(release({ modelPath: missing }));
      expect(error.message).toMatch(new RegExp(`^${missing}: no such file; expected an ONNX ModelProto`));
      expect(existsSync(registry())).toBe(false);
    });

    it('refuses an evaluation of another model (sha256 mismatch)', async () => {
      const evaluation = await evaluationOf(OTHER_INPUTS);
      const error = await refusal(release({ modelPath: BINARY, evaluationPath: evaluation }));
      expect(error.message).toBe(
        `evaluation ${evaluation}: evaluated a model with sha256 ${await fileSha(OTHER_INPUTS)}, not ${BINARY} ` +
          `(${await fileSha(BINARY)}); record the model that was evaluated.`,
      );
      expect(existsSync(registry())).toBe(false);
    });

    it('refuses a comparison whose candidate is another model', async () => {
      const comparison = await comparisonOf(OTHER_INPUTS);
      const error = await refusal(release({ modelPath: BINARY, comparisonPath: comparison }));
      expect(error.message).toContain(
        `comparison ${comparison}: compared a candidate with sha256 ${await fileSha(OTHER_INPUTS)}`,
      );
      expect(existsSync(registry())).toBe(false);
    });

    it.each<[string, unknown]>([
      ['an unknown word', 'maybe'],
      ['missing', undefined],
      ['not a string', 1],
      ['another case', 'PASS'],
    ])('refuses a comparison whose verdict is %s', async (_title, verdict) => {
      const comparison = await comparisonOf(BINARY, { verdict });
      const error = await refusal(release({ modelPath: BINARY, comparisonPath: comparison }));
      expect(error.message).toBe(
        `comparison ${comparison}: "verdict" is ${JSON.stringify(verdict)}; expected pass, fail or inconclusive.`,
      );
      expect(existsSync(registry())).toBe(false);
    });

    it('names an evaluation file that is not valid JSON', async () => {
      const file = join(root, 'evaluation.json');
      await writeFile(file, '{"task": "binary",');
      const error = await refusal(release({ modelPath: BINARY, evaluationPath: file }));
      expect(error.message).toMatch(new RegExp(`^evaluation ${file}: is not valid JSON \\(.+\\)\\.$`));
      expect(existsSync(registry())).toBe(false);
    });

    it('names an evaluation file that is JSON but not an object', async () => {
      const file = join(root, 'evaluation.json');
      await writeFile(file, '[1, 2]');
      const error = await refusal(release({ modelPath: BINARY, evaluationPath: file }));
      expect(error.message).toBe(`evaluation ${file}: expected a JSON object as mlgate writes it.`);
    });

    it('names a missing evaluation, comparison and data file', async () => {
      const missing = join(root, 'nope.json');
      expect((await refusal(release({ modelPath: BINARY, evaluationPath: missing }))).message).toBe(
        `evaluation ${missing}: no such file.`,
      );
      expect((await refusal(release({ modelPath: BINARY, comparisonPath: missing }))).message).toBe(
        `comparison ${missing}: no such file.`,
      );
      expect((await refusal(release({ modelPath: BINARY, dataPaths: [missing] }))).message).toBe(
        `data ${missing}: no such file.`,
      );
      expect(existsSync(registry())).toBe(false);
    });
  });

  describe('the manifest', () => {
    it('records data and config digests, with paths relative to the working directory when inside it', async () => {
      await mkdir(join(root, 'data'));
      const evalData = join(root, 'data', 'eval.csv');
      const farData = join(outside, 'reference.csv');
      const config = join(root, 'mlgate.yml');
      await writeFile(evalData, 'a,b,label\n1,2,0\n3,4,1\n');
      await writeFile(farData, 'a,b\n5,6\n');
      await writeFile(config, 'name: churn\nmodel:\n  path: model.onnx\n');
      const got = await release({ modelPath: BINARY, dataPaths: [evalData, farData], configPath: config });
      expect(got.manifest.data).toEqual([
        { path: 'data/eval.csv', sha256: await fileSha(evalData), size_bytes: 22 },
        { path: farData, sha256: await fileSha(farData), size_bytes: 8 },
      ]);
      expect(got.manifest.config).toMatchObject({
        path: 'mlgate.yml',
        sha256: await fileSha(config),
        size_bytes: 38,
      });
      expect((await storedManifest('0.1.0')).data).toEqual(got.manifest.data);
    });

    it('takes task, scalar metrics, rows, classes and the ONNX Runtime version from the evaluation', async () => {
      const evaluation = await evaluationOf(BINARY);
      const { manifest } = await release({ modelPath: BINARY, evaluationPath: evaluation });
      expect(manifest.task).toBe('binary');
      // Matrices, per-class tables and strings stay in evaluation.json; a null (not computable) is kept.
      expect(manifest.metrics).toEqual({ accuracy: 0.9578, roc_auc: 0.9934, log_loss: null });
      expect(manifest.evaluation).toEqual({
        file: 'evaluation.json',
        sha256: await fileSha(evaluation),
        passed: true,
        rows: 569,
      });
      expect(manifest.model.signature.classes).toEqual(['stays', 'leaves']);
      expect(manifest.onnxruntime_version).toBe('1.30.0');
      expect(manifest.verdict).toBe('pass');
      expect(manifest.comparison).toBeNull();
    });

    it("takes the verdict from the comparison over the evaluation's thresholds", async () => {
      const evaluation = await evaluationOf(BINARY, { passed: true });
      const comparison = await comparisonOf(BINARY, { verdict: 'fail' });
      const { manifest } = await release({
        modelPath: BINARY,
        evaluationPath: evaluation,
        comparisonPath: comparison,
      });
      expect(manifest.verdict).toBe('fail');
      expect(manifest.evaluation?.passed).toBe(true);
      expect(manifest.comparison).toEqual({
        file: 'comparison.json',
        sha256: await fileSha(comparison),
        verdict: 'fail',
        baseline: 'churn@v0.1.0',
      });
      expect((await readdir(join(registry(), 'churn', '@v0.1.0'))).sort()).toContain('comparison.json');
    });

    it.each<
      [string, Record<string, unknown> | undefined, Record<string, unknown> | undefined, Manifest['verdict']]
    >([
      ['a failed evaluation alone', { passed: false }, undefined, 'fail'],
      ['an evaluation without "passed"', { passed: undefined }, undefined, 'fail'],
      [
        'an inconclusive comparison over a failed evaluation',
        { passed: false },
        { verdict: 'inconclusive' },
        'inconclusive',
      ],
      ['a passing comparison alone', undefined, { verdict: 'pass' }, 'pass'],
      ['neither', undefined, undefined, null],
    ])('gives the verdict of %s', async (_title, evaluation, comparison, verdict) => {
      const { manifest } = await release({
        modelPath: BINARY,
        evaluationPath: evaluation ? await evaluationOf(BINARY, evaluation) : undefined,
        comparisonPath: comparison ? await comparisonOf(BINARY, comparison) : undefined,
      });
      expect(manifest.verdict).toBe(verdict);
    });

    it.each<[string, unknown, string | null]>([
      ['a name and a version', { name: 'churn', version: '0.1.0' }, 'churn@v0.1.0'],
      ['a string', 'models/old.onnx', 'models/old.onnx'],
      ['a path', { path: 'models/old.onnx', sha256: 'b'.repeat(64) }, 'models/old.onnx'],
      ['nothing usable', { sha256: 'b'.repeat(64) }, null],
    ])("names the comparison's baseline given as %s", async (_title, baseline, expected) => {
      const comparison = await comparisonOf(BINARY, { baseline });
      const { manifest } = await release({ modelPath: BINARY, comparisonPath: comparison });
      expect(manifest.comparison?.baseline).toBe(expected);
    });

    it('records the model, git, run and clock from the file and the context', async () => {
      const info = await readOnnxModelInfo(BINARY);
      const sections = [{ title: 'Intended use', body: 'Tests.' }];
      const { manifest } = await release({ modelPath: BINARY, cardSections: sections });
      expect(manifest.model).toMatchObject({
        file: 'model.onnx',
        sha256: await fileSha(BINARY),
        size_bytes: (await readFile(BINARY)).length,
        ir_version: info.irVersion,
        opsets: info.opsets,
        producer: { name: info.producerName, version: info.producerVersion },
        graph_name: info.graphName,
      });
      expect(manifest.model.signature.inputs.map((i) => i.description)).toEqual(['tensor(float32)[N, 30]']);
      expect(manifest.model.signature.outputs.map((o) => o.name)).toEqual(['label', 'probabilities']);
      expect(manifest.git).toEqual({
        repository: 'octo/models',
        commit: context.commit,
        ref: 'refs/heads/main',
      });
      expect(manifest.workflow_run_url).toBe('https://github.com/octo/models/actions/runs/7');
      expect(manifest.created_at).toBe(NOW);
      expect(manifest.task).toBeNull();
      expect(manifest.metrics).toEqual({});
      expect(manifest.evaluation).toBeNull();
      expect(manifest.onnxruntime_version).toBeNull();
      expect(manifest.card_sections).toEqual(sections);
      expect(await readFile(join(registry(), 'churn', '@v0.1.0', 'model-card.md'), 'utf8')).toContain(
        'Tests.',
      );
      expect((await store.listVersions('churn'))[0].created_at).toBe(NOW);
    });
  });
});
