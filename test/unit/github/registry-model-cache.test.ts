import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { getModelCache, modelCacheKey } from '../../../src/github/registry/model-cache.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('the registry model cache', () => {
  it('keys models by their sha256 alone', () => {
    expect(modelCacheKey('ab'.repeat(32))).toBe(`mlgate-model-${'ab'.repeat(32)}`);
  });

  it('is a miss, and saving a no-op, where the Actions cache service is not available', async () => {
    delete process.env.ACTIONS_CACHE_URL;
    delete process.env.ACTIONS_RESULTS_URL;
    delete process.env.ACTIONS_RUNTIME_TOKEN;
    const dir = mkdtempSync(join(tmpdir(), 'mlgate-model-cache-'));
    try {
      const logger = getRecordingLogger();
      const cache = getModelCache(logger, { RUNNER_TEMP: dir });
      const model = join(dir, 'model.onnx');
      writeFileSync(model, 'bytes');
      expect(await cache.restore('cd'.repeat(32), join(dir, 'out.onnx'))).toBe(false);
      await cache.save('cd'.repeat(32), model);
      expect(logger.messages.some((m) => m.message.includes('not available'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
