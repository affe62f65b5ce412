import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolderToolCache } from '../../../src/core/model/provision/stores.js';
import { actionWorkDir, getRunnerToolCache } from '../../../src/github/ort-provision.js';

let work: string;
const saved = { ...process.env };
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'mlgate-tc-'));
  process.env.RUNNER_TOOL_CACHE = join(work, 'tc');
  process.env.RUNNER_TEMP = join(work, 'temp');
});
afterEach(() => {
  process.env = { ...saved };
  rmSync(work, { recursive: true, force: true });
});

describe('@actions/tool-cache adapter', () => {
  it('is absent outside a runner', () => {
    expect(getRunnerToolCache({})).toBeUndefined();
  });

  it('finds what the folder cache writes and the reverse: one layout', async () => {
    const src = join(work, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'a.txt'), 'a');
    const runner = getRunnerToolCache()!;
    const folder = createFolderToolCache(join(work, 'tc'));

    const written = await folder.cacheDir(src, 'mlgate-onnxruntime', '1.30.0', 'linux-x64');
    expect(runner.find('mlgate-onnxruntime', '1.30.0', 'linux-x64')).toBe(written);
    expect(written).toBe(join(work, 'tc', 'mlgate-onnxruntime', '1.30.0', 'linux-x64'));

    const viaToolkit = await runner.cacheDir(src, 'mlgate-onnxruntime-gpu', '1.30.0', 'linux-x64');
    expect(folder.find('mlgate-onnxruntime-gpu', '1.30.0', 'linux-x64')).toBe(viaToolkit);
    expect(existsSync(`${viaToolkit}.complete`)).toBe(true);
    expect(runner.find('mlgate-onnxruntime', '1.30.0', 'darwin-arm64')).toBeUndefined();
  });

  it('stages under RUNNER_TEMP so the actions cache path is the same on every run', () => {
    expect(actionWorkDir()).toBe(join(work, 'temp', 'mlgate-onnxruntime'));
  });
});
