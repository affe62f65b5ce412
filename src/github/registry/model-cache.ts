/**
 * Downloaded registry models kept in the Actions cache under `mlgate-model-<sha256>`: a model's bytes
 * never change under its digest, so the key is exact and a hit is verified again by its sha256.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../core/logger.js';
import type { ModelCache } from '../../core/registry/stages.js';
import { getActionsCacheStore } from '../ort-provision.js';

export function modelCacheKey(sha256: string): string {
  return `mlgate-model-${sha256}`;
}

export function getModelCache(logger: Logger, env: NodeJS.ProcessEnv = process.env): ModelCache {
  const store = getActionsCacheStore(logger);
  // The same absolute path at save and restore (the cache keys on it): RUNNER_TEMP is stable on a runner.
  const dirFor = (sha256: string) => join(env.RUNNER_TEMP || tmpdir(), 'mlgate-models', sha256);
  return {
    async restore(sha256, path) {
      const dir = dirFor(sha256);
      if (!(await store.restore([dir], modelCacheKey(sha256)))) return false;
      await copyFile(join(dir, 'model.onnx'), path);
      return true;
    },
    async save(sha256, path) {
      const dir = dirFor(sha256);
      await mkdir(dir, { recursive: true });
      await copyFile(path, join(dir, 'model.onnx'));
      await store.save([dir], modelCacheKey(sha256));
    },
  };
}
