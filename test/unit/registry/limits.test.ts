/** GitHub's 2 GiB limit per release asset, applied before anything is hashed, parsed or sent. */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { checkAssetSize, MAX_ASSET_BYTES } from '../../../src/core/registry/digest.js';
import { LocalRegistryStore } from '../../../src/core/registry/local-store.js';
import { recordRelease } from '../../../src/core/registry/release.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgate-limits-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A sparse file: its size without the disk space. */
function sparse(path: string, size: number): string {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const context = () => ({
  cwd: dir,
  workDir: join(dir, 'work'),
  repository: null,
  commit: null,
  ref: null,
  runUrl: null,
  now: () => new Date(),
});

describe('the 2 GiB asset limit', () => {
  it('accepts one byte under 2 GiB and refuses 2 GiB with the file, the size and what to do', () => {
    expect(() => checkAssetSize('model.onnx', 'm.onnx', MAX_ASSET_BYTES - 1)).not.toThrow();
    let error: unknown;
    try {
      checkAssetSize('model.onnx', 'big.onnx', MAX_ASSET_BYTES);
    } catch (e) {
      error = e;
    }
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /big\.onnx: is 2\.00 GiB; a registry asset \(model\.onnx\) must be under 2 GiB/,
    );
  });

  it('refuses a model of 2 GiB before recording anything', async () => {
    const model = sparse(join(dir, 'huge.onnx'), MAX_ASSET_BYTES);
    const store = new LocalRegistryStore('reg', {}, dir);
    const error = await rejection(
      recordRelease(store, { name: 'big', modelPath: model }, context(), getRecordingLogger()),
    );
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toContain('huge.onnx');
    expect(error.message).toMatch(/2(\.0)? GiB/);
    expect(await store.listVersions('big')).toEqual([]);
  });

  it('refuses an evaluation.json of 2 GiB without reading it', async () => {
    const evaluation = sparse(join(dir, 'evaluation.json'), MAX_ASSET_BYTES + 10);
    writeFileSync(join(dir, 'note'), '');
    const store = new LocalRegistryStore('reg', {}, dir);
    const model = new URL('../../fixtures/models/binary-logreg.onnx', import.meta.url).pathname;
    const error = await rejection(
      recordRelease(
        store,
        { name: 'big', modelPath: model, evaluationPath: evaluation },
        context(),
        getRecordingLogger(),
      ),
    );
    expect(error.message).toMatch(
      /evaluation\.json: is 2\.00 GiB; a registry asset \(evaluation\.json\) must be under 2 GiB/,
    );
    expect(await store.listVersions('big')).toEqual([]);
  });
});

describe('versions that differ only in build metadata', () => {
  it('refuses 1.0.0+b next to a recorded 1.0.0+a (one version by precedence)', async () => {
    const store = new LocalRegistryStore('reg', {}, dir);
    const model = new URL('../../fixtures/models/binary-logreg.onnx', import.meta.url).pathname;
    const other = new URL('../../fixtures/models/binary-mlp-logit.onnx', import.meta.url).pathname;
    await recordRelease(
      store,
      { name: 'clf', modelPath: model, version: '1.0.0+a' },
      context(),
      getRecordingLogger(),
    );
    const error = await rejection(
      recordRelease(
        store,
        { name: 'clf', modelPath: other, version: '1.0.0+b' },
        context(),
        getRecordingLogger(),
      ),
    );
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toContain('same precedence as the recorded 1.0.0+a');
    expect((await store.listVersions('clf')).map((v) => v.version)).toEqual(['1.0.0+a']);
  });
});
