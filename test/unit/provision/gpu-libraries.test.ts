import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import {
  provisionOnnxRuntime,
  type ProvisionOptions,
} from '../../../src/core/model/provision/provision-onnxruntime.js';
import { createFolderToolCache } from '../../../src/core/model/provision/stores.js';
import { sha512Base64, zipBuffer } from './archives.js';
import {
  fakePackages,
  serveTarballs,
  startFakeServer,
  type FakePackages,
  type FakeServer,
} from './fake-registry.js';

/**
 * The GPU provider libraries against a fake NuGet feed: no GPU here, so what is tested is the
 * provisioning (feed, hash, zip, placement), not CUDA itself.
 */

const LIBS = {
  'libonnxruntime_providers_shared.so': 'shared library',
  'libonnxruntime_providers_cuda.so': 'cuda provider '.repeat(5000),
  'libonnxruntime_providers_tensorrt.so': 'tensorrt provider',
};

let server: FakeServer;
let packages: FakePackages;
let work: string;
let nupkg: Buffer;
const nupkgPath =
  '/flat/microsoft.ml.onnxruntime.gpu.linux/1.30.0/microsoft.ml.onnxruntime.gpu.linux.1.30.0.nupkg';

function serveFeed(hash = sha512Base64(nupkg)): void {
  server.route('/v3/index.json', {
    contentType: 'application/json',
    body: JSON.stringify({
      version: '3.0.0',
      resources: [
        { '@id': `${server.url}/flat/`, '@type': 'PackageBaseAddress/3.0.0' },
        { '@id': `${server.url}/registration/`, '@type': 'RegistrationsBaseUrl/3.6.0' },
      ],
    }),
  });
  server.route('/registration/microsoft.ml.onnxruntime.gpu.linux/1.30.0.json', {
    body: JSON.stringify({ catalogEntry: `${server.url}/catalog/gpu-linux.1.30.0.json` }),
  });
  server.route('/catalog/gpu-linux.1.30.0.json', {
    body: JSON.stringify({
      packageHash: hash,
      packageHashAlgorithm: 'SHA512',
      id: 'Microsoft.ML.OnnxRuntime.Gpu.Linux',
    }),
  });
  server.route(nupkgPath, { body: nupkg });
}

beforeEach(async () => {
  server = await startFakeServer();
  packages = fakePackages();
  serveTarballs(server, packages);
  work = mkdtempSync(join(tmpdir(), 'mlgate-gpu-'));
  nupkg = zipBuffer([
    { name: '[Content_Types].xml', body: Buffer.from('<Types/>') },
    ...Object.entries(LIBS).map(([file, body]) => ({
      name: `runtimes/linux-x64/native/${file}`,
      body: Buffer.from(body),
    })),
    { name: 'runtimes/win-x64/native/onnxruntime_providers_cuda.dll', body: Buffer.from('windows') },
  ]);
});

afterEach(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

function options(extra: Partial<ProvisionOptions> = {}) {
  const logger = getRecordingLogger();
  return {
    pins: packages.pins,
    env: {},
    registryUrl: server.url,
    nugetIndexUrl: `${server.url}/v3/index.json`,
    workDir: join(work, 'work'),
    toolCache: createFolderToolCache(join(work, 'toolcache')),
    retry: { attempts: 2, delayMs: 1 },
    sleep: async () => undefined,
    platform: 'linux',
    arch: 'x64',
    // The fake package's dist/index.js reads the binding for the host platform; the GPU tests
    // pretend to be linux/x64 wherever they run, so loading is stubbed.
    load: () => ({}) as never,
    ...extra,
    logger,
  } satisfies ProvisionOptions;
}

describe('GPU provider libraries', () => {
  it('downloads the NuGet package, checks the published hash, places the libraries beside the binding', async () => {
    serveFeed();
    const opts = options({ gpuProviders: ['cuda'] });
    const result = await provisionOnnxRuntime(opts);
    expect(result.providers).toEqual(['cpu', 'cuda']);
    expect(result.gpuSource).toBe('download');
    expect(readFileSync(join(result.bindingDir, 'libonnxruntime_providers_cuda.so'), 'utf8')).toBe(
      LIBS['libonnxruntime_providers_cuda.so'],
    );
    expect(readFileSync(join(result.bindingDir, 'libonnxruntime_providers_shared.so'), 'utf8')).toBe(
      'shared library',
    );
    // cuda alone does not need the TensorRT provider beside the binding.
    expect(existsSync(join(result.bindingDir, 'libonnxruntime_providers_tensorrt.so'))).toBe(false);
    const warning = opts.logger.messages.find((m) => m.level === 'warning')?.message ?? '';
    expect(warning).toContain('No pinned SHA-512');
    expect(warning).toContain(`${server.url}/catalog/gpu-linux.1.30.0.json`);
    expect(
      existsSync(join(work, 'toolcache', 'mlgate-onnxruntime-gpu', '1.30.0', 'linux-x64.complete')),
    ).toBe(true);
  });

  it('uses a pinned SHA-512 (MLGATE_ORT_GPU_SHA512) instead of the feed hash', async () => {
    serveFeed('AAAA'.repeat(21) + 'AA==');
    const hex = Buffer.from(sha512Base64(nupkg), 'base64').toString('hex');
    const opts = options({ gpuProviders: ['tensorrt'], env: { MLGATE_ORT_GPU_SHA512: hex } });
    const result = await provisionOnnxRuntime(opts);
    expect(result.providers).toEqual(['cpu', 'tensorrt']);
    expect(existsSync(join(result.bindingDir, 'libonnxruntime_providers_tensorrt.so'))).toBe(true);
    expect(opts.logger.messages.map((m) => m.message).join('\n')).toContain(
      'pinned SHA-512 (MLGATE_ORT_GPU_SHA512)',
    );
    expect(server.requests).not.toContain('/catalog/gpu-linux.1.30.0.json');
  });

  it('refuses a package whose hash differs from the feed', async () => {
    serveFeed(sha512Base64(Buffer.from('another package')));
    const error = (await provisionOnnxRuntime(options({ gpuProviders: ['cuda'] })).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toContain(`Integrity check failed for ${server.url}${nupkgPath}`);
    expect(error.message).toContain(`expected sha512-${sha512Base64(Buffer.from('another package'))}`);
    expect(error.message).toContain(`got sha512-${sha512Base64(nupkg)}`);
    expect(existsSync(join(work, 'toolcache', 'mlgate-onnxruntime-gpu'))).toBe(false);
  });

  it('finds the libraries in the tool cache the second time without asking the feed', async () => {
    serveFeed();
    const first = await provisionOnnxRuntime(options({ gpuProviders: ['cuda'] }));
    for (const file of Object.keys(LIBS)) rmSync(join(first.bindingDir, file), { force: true });
    server.requests.length = 0;
    const second = await provisionOnnxRuntime(options({ gpuProviders: ['cuda'] }));
    expect(second.gpuSource).toBe('tool-cache');
    expect(server.requests).toEqual([]);
    expect(existsSync(join(second.bindingDir, 'libonnxruntime_providers_cuda.so'))).toBe(true);
  });

  it('uses libraries already beside the binding', async () => {
    serveFeed();
    await provisionOnnxRuntime(options({ gpuProviders: ['cuda'] }));
    server.requests.length = 0;
    const again = await provisionOnnxRuntime(options({ gpuProviders: ['cuda'] }));
    expect(again.gpuSource).toBe('present');
    expect(server.requests).toEqual([]);
  });

  it('takes an explicit folder or .nupkg, and says what it expected when the files are not there', async () => {
    const folder = join(work, 'gpu-libs');
    mkdirSync(folder);
    for (const [file, body] of Object.entries(LIBS)) writeFileSync(join(folder, file), body);
    const viaFolder = await provisionOnnxRuntime(options({ gpuProviders: ['cuda'], gpuPath: folder }));
    expect(viaFolder.gpuSource).toBe('path');
    rmSync(join(work, 'toolcache'), { recursive: true, force: true });

    const nupkgFile = join(work, 'gpu.nupkg');
    writeFileSync(nupkgFile, nupkg);
    const viaNupkg = await provisionOnnxRuntime(options({ gpuProviders: ['tensorrt'], gpuPath: nupkgFile }));
    expect(viaNupkg.gpuSource).toBe('path');
    expect(readFileSync(join(viaNupkg.bindingDir, 'libonnxruntime_providers_tensorrt.so'), 'utf8')).toBe(
      'tensorrt provider',
    );
    expect(server.requests.filter((r) => r.startsWith('/v3') || r.startsWith('/flat'))).toEqual([]);

    const empty = join(work, 'empty');
    mkdirSync(empty);
    const error = (await provisionOnnxRuntime(options({ gpuProviders: ['cuda'], gpuPath: empty })).catch(
      (e: unknown) => e,
    )) as Error;
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toContain(
      `onnxruntime-gpu-path "${empty}" lacks libonnxruntime_providers_shared.so, libonnxruntime_providers_cuda.so`,
    );
  });

  it('explains that GPU packages exist only for linux/x64', async () => {
    const error = (await provisionOnnxRuntime(
      options({
        gpuProviders: ['cuda'],
        platform: process.platform,
        arch: process.arch === 'x64' ? 'arm64' : 'x64',
        load: undefined,
      }),
    ).catch((e: unknown) => e)) as Error;
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toMatch(
      /exist only for linux\/x64 \(Microsoft\.ML\.OnnxRuntime\.Gpu\.Linux\); this runner is \w+\/\w+/,
    );
  });
});
