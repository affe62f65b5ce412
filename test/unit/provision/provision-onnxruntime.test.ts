import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  cpSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import {
  ortPackageDir,
  provisionOnnxRuntime,
  type ProvisionOptions,
} from '../../../src/core/model/provision/provision-onnxruntime.js';
import { createFolderToolCache, type ActionsCacheStore } from '../../../src/core/model/provision/stores.js';
import {
  fakePackages,
  repoRoot,
  serveTarballs,
  startFakeServer,
  type FakePackages,
  type FakeServer,
} from './fake-registry.js';

const platform = process.platform;
const arch = process.arch;

let server: FakeServer;
let packages: FakePackages;
let work: string;

beforeEach(async () => {
  server = await startFakeServer();
  packages = fakePackages();
  work = mkdtempSync(join(tmpdir(), 'mlgate-provision-'));
});

afterEach(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

function options(
  extra: Partial<ProvisionOptions> = {},
): ProvisionOptions & { logger: ReturnType<typeof getRecordingLogger> } {
  return {
    logger: getRecordingLogger(),
    pins: packages.pins,
    env: {},
    registryUrl: server.url,
    workDir: join(work, 'work'),
    toolCache: createFolderToolCache(join(work, 'toolcache')),
    retry: { attempts: 3, delayMs: 1 },
    sleep: async () => undefined,
    ...extra,
  } as ProvisionOptions & { logger: ReturnType<typeof getRecordingLogger> };
}

/** Every file and folder under `dir` (names only), to prove nothing was left behind. */
function listAll(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String).sort();
}

function fakeActionsCache(): ActionsCacheStore & { saved: Map<string, string>; restores: string[] } {
  const saved = new Map<string, string>();
  const restores: string[] = [];
  const store = join(work, 'actions-cache-service');
  return {
    saved,
    restores,
    async restore(paths, key) {
      restores.push(key);
      const from = saved.get(key);
      if (!from) return false;
      cpSync(from, paths[0], { recursive: true });
      return true;
    },
    async save(paths, key) {
      const to = join(store, key);
      cpSync(paths[0], to, { recursive: true });
      saved.set(key, to);
    },
  };
}

describe('provisionOnnxRuntime: download', () => {
  it('downloads both pinned tarballs, checks them, keeps only this platform and caches the result', async () => {
    serveTarballs(server, packages);
    const opts = options();
    const result = await provisionOnnxRuntime(opts);

    expect(result.source).toBe('download');
    expect(result.version).toBe('1.30.0');
    expect(result.providers).toEqual(['cpu']);
    const ort = result.ort as unknown as { fake: boolean; binding: string; Tensor: unknown };
    expect(ort.fake).toBe(true);
    expect(ort.binding).toBe(`fake binding for ${platform}/${arch}`);
    // onnxruntime-common came from the served tarball and resolves beside onnxruntime-node.
    expect(typeof ort.Tensor).toBe('function');
    expect(result.dir).toBe(
      ortPackageDir(join(work, 'toolcache', 'mlgate-onnxruntime', '1.30.0', `${platform}-${arch}`)),
    );
    expect(
      existsSync(join(work, 'toolcache', 'mlgate-onnxruntime', '1.30.0', `${platform}-${arch}.complete`)),
    ).toBe(true);
    expect(server.requests).toEqual([
      `/${packages.pins.node.tarballPath}`,
      `/${packages.pins.common.tarballPath}`,
    ]);
  });

  it('keeps only this platform/arch binaries', async () => {
    serveTarballs(server, packages);
    const result = await provisionOnnxRuntime(options());
    const napi = join(result.dir, 'bin', 'napi-v6');
    expect(readdirSync(napi)).toEqual([platform]);
    expect(readdirSync(join(napi, platform))).toEqual([arch]);
    expect(readdirSync(result.bindingDir).sort()).toEqual([
      'libonnxruntime.so.1',
      'onnxruntime_binding.node',
    ]);
  });

  it('refuses a tarball whose integrity does not match, names URL and both hashes, leaves nothing behind', async () => {
    server.route(`/${packages.pins.node.tarballPath}`, { body: packages.commonTgz });
    serveTarballs(server, { ...packages, nodeTgz: packages.commonTgz });
    const opts = options();
    const error = await provisionOnnxRuntime(opts).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`${server.url}/${packages.pins.node.tarballPath}`);
    expect(message).toContain(`expected ${packages.pins.node.integrity}`);
    expect(message).toContain(`got ${packages.pins.common.integrity}`);
    expect(listAll(join(work, 'work'))).toEqual([]);
    expect(listAll(join(work, 'toolcache'))).toEqual([]);
  });

  it('retries a 5xx and then succeeds', async () => {
    server.route(
      `/${packages.pins.node.tarballPath}`,
      { status: 503, body: 'busy' },
      { status: 502 },
      { body: packages.nodeTgz },
    );
    server.route(`/${packages.pins.common.tarballPath}`, { body: packages.commonTgz });
    const opts = options();
    const result = await provisionOnnxRuntime(opts);
    expect(result.source).toBe('download');
    expect(server.requests.filter((r) => r.includes('onnxruntime-node-'))).toHaveLength(3);
    const warnings = opts.logger.messages.filter((m) => m.level === 'warning').map((m) => m.message);
    expect(warnings[0]).toBe(
      `Download of ${server.url}/${packages.pins.node.tarballPath} failed (attempt 1 of 3): HTTP 503 Service Unavailable; retrying in 1 ms.`,
    );
    expect(warnings[1]).toMatch(/failed \(attempt 2 of 3\): HTTP 502 Bad Gateway; retrying in 2 ms/);
  });

  it('gives up after the bounded number of attempts on a persistent 5xx', async () => {
    server.route(`/${packages.pins.node.tarballPath}`, { status: 500 });
    await expect(provisionOnnxRuntime(options())).rejects.toThrow(
      `Download of ${server.url}/${packages.pins.node.tarballPath} failed: HTTP 500`,
    );
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 404 and says which URL', async () => {
    await expect(provisionOnnxRuntime(options())).rejects.toThrow(
      /onnxruntime-node-1\.30\.0\.tgz failed: HTTP 404/,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('reports a truncated body with the byte counts and leaves nothing behind', async () => {
    const half = Math.floor(packages.nodeTgz.length / 2);
    server.route(`/${packages.pins.node.tarballPath}`, { body: packages.nodeTgz, truncateAt: half });
    const error = (await provisionOnnxRuntime(options()).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(
      /onnxruntime-node-1\.30\.0\.tgz failed: the body (is truncated|was cut off)/,
    );
    expect(error.message).toContain(`${half} bytes`);
    expect(error.message).toContain(String(packages.nodeTgz.length));
    expect(server.requests).toHaveLength(3);
    expect(listAll(join(work, 'work'))).toEqual([]);
    expect(listAll(join(work, 'toolcache'))).toEqual([]);
  });

  it('recovers when the first response is truncated and the next is whole', async () => {
    server.route(
      `/${packages.pins.node.tarballPath}`,
      { body: packages.nodeTgz, truncateAt: 100 },
      { body: packages.nodeTgz },
    );
    server.route(`/${packages.pins.common.tarballPath}`, { body: packages.commonTgz });
    expect((await provisionOnnxRuntime(options())).source).toBe('download');
  });

  it('takes the registry from MLGATE_NPM_REGISTRY, then npm_config_registry', async () => {
    serveTarballs(server, packages);
    const viaEnv = await provisionOnnxRuntime(
      options({ registryUrl: undefined, env: { MLGATE_NPM_REGISTRY: `${server.url}/` } }),
    );
    expect(viaEnv.source).toBe('download');
    rmSync(join(work, 'toolcache'), { recursive: true, force: true });
    const viaNpm = await provisionOnnxRuntime(
      options({ registryUrl: undefined, env: { npm_config_registry: server.url } }),
    );
    expect(viaNpm.source).toBe('download');
    expect(server.requests).toHaveLength(4);
  });
});

describe('provisionOnnxRuntime: caches', () => {
  it('uses the tool cache without making a single request', async () => {
    serveTarballs(server, packages);
    await provisionOnnxRuntime(options());
    server.requests.length = 0;
    const second = await provisionOnnxRuntime(options());
    expect(second.source).toBe('tool-cache');
    expect(server.requests).toEqual([]);
    expect((second.ort as unknown as { fake: boolean }).fake).toBe(true);
  });

  it('ignores an incomplete tool cache entry (no .complete marker) and downloads', async () => {
    serveTarballs(server, packages);
    const first = await provisionOnnxRuntime(options());
    rmSync(join(work, 'toolcache', 'mlgate-onnxruntime', '1.30.0', `${platform}-${arch}.complete`));
    expect(first.source).toBe('download');
    expect((await provisionOnnxRuntime(options())).source).toBe('download');
  });

  it('saves to the actions cache after a download and restores from it on a fresh runner', async () => {
    serveTarballs(server, packages);
    const actionsCache = fakeActionsCache();
    await provisionOnnxRuntime(options({ actionsCache }));
    const key = `mlgate-onnxruntime-1.30.0-${platform}-${arch}-cpu`;
    expect([...actionsCache.saved.keys()]).toEqual([key]);

    // A fresh runner: empty tool cache and work folder.
    rmSync(join(work, 'toolcache'), { recursive: true, force: true });
    rmSync(join(work, 'work'), { recursive: true, force: true });
    server.requests.length = 0;
    const restored = await provisionOnnxRuntime(options({ actionsCache }));
    expect(restored.source).toBe('actions-cache');
    expect(server.requests).toEqual([]);
    expect(actionsCache.restores).toEqual([key, key]);
    // Restored entries move into the tool cache, so the next step needs neither.
    expect((await provisionOnnxRuntime(options({ actionsCache }))).source).toBe('tool-cache');
  });

  it('treats a failing actions cache as a warning and still downloads', async () => {
    serveTarballs(server, packages);
    const broken: ActionsCacheStore = {
      restore: async () => {
        throw new Error('cache service unavailable');
      },
      save: async () => {
        throw new Error('reserve failed');
      },
    };
    const opts = options({ actionsCache: broken });
    const result = await provisionOnnxRuntime(opts);
    expect(result.source).toBe('download');
    const warnings = opts.logger.messages.filter((m) => m.level === 'warning').map((m) => m.message);
    expect(warnings).toEqual([
      expect.stringContaining('Restoring onnxruntime-node 1.30.0'),
      expect.stringContaining('Saving onnxruntime-node 1.30.0'),
    ]);
    expect(warnings.join('\n')).toContain('reserve failed');
  });
});

describe('provisionOnnxRuntime: explicit path and resolvable', () => {
  async function installedCopy(): Promise<string> {
    serveTarballs(server, packages);
    const provisioned = await provisionOnnxRuntime(
      options({ toolCache: createFolderToolCache(join(work, 'elsewhere')) }),
    );
    const nodeModules = join(work, 'air-gapped', 'node_modules');
    mkdirSync(nodeModules, { recursive: true });
    cpSync(join(provisioned.dir, '..'), nodeModules, { recursive: true });
    server.requests.length = 0;
    return nodeModules;
  }

  it('accepts the onnxruntime-node folder, a node_modules folder or a project folder', async () => {
    const nodeModules = await installedCopy();
    for (const given of [join(nodeModules, 'onnxruntime-node'), nodeModules, join(nodeModules, '..')]) {
      const result = await provisionOnnxRuntime(options({ explicitPath: given }));
      expect(result.source).toBe('path');
      expect(result.dir).toBe(join(nodeModules, 'onnxruntime-node'));
    }
    expect(server.requests).toEqual([]);
  });

  it('says what was expected when the explicit path holds no onnxruntime-node', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const error = (await provisionOnnxRuntime(options({ explicitPath: empty })).catch(
      (e: unknown) => e,
    )) as Error;
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toContain(`onnxruntime-path "${empty}" holds no onnxruntime-node`);
    expect(error.message).toContain('a node_modules folder that contains onnxruntime-node/');
    await expect(provisionOnnxRuntime(options({ explicitPath: join(work, 'nope') }))).rejects.toThrow(
      /is not a folder/,
    );
    expect(server.requests).toEqual([]);
  });

  it('names the missing piece when the explicit package lacks this platform or onnxruntime-common', async () => {
    const nodeModules = await installedCopy();
    rmSync(join(nodeModules, 'onnxruntime-common'), { recursive: true });
    await expect(provisionOnnxRuntime(options({ explicitPath: nodeModules }))).rejects.toThrow(
      /onnxruntime-common \(which onnxruntime-node requires\) does not resolve/,
    );
    rmSync(join(nodeModules, 'onnxruntime-node', 'bin', 'napi-v6', platform), { recursive: true });
    await expect(provisionOnnxRuntime(options({ explicitPath: nodeModules }))).rejects.toThrow(
      new RegExp(`has no binding for ${platform}/${arch}`),
    );
  });

  it('uses an onnxruntime-node that already resolves (the CLI npm dependency) with the real ORT', async () => {
    const result = await provisionOnnxRuntime(
      options({ pins: undefined, resolveFrom: [join(work, 'none'), repoRoot] }),
    );
    expect(result.source).toBe('resolvable');
    expect(result.dir).toBe(join(repoRoot, 'node_modules', 'onnxruntime-node'));
    expect(result.ort.env.versions.node).toBe('1.30.0');
    expect(server.requests).toEqual([]);
  });

  it('reports a platform the package has no binary for', async () => {
    serveTarballs(server, packages);
    const error = (await provisionOnnxRuntime(options({ platform: 'freebsd', arch: 'riscv64' })).catch(
      (e: unknown) => e,
    )) as Error;
    expect(isConfigurationError(error)).toBe(true);
    expect(error.message).toContain('ships no binary for freebsd/riscv64');
    expect(error.message).toContain('darwin/arm64, linux/arm64, linux/x64, win32/x64');
    expect(listAll(join(work, 'toolcache'))).toEqual([]);
  });
});

describe('pins', () => {
  it('match the onnxruntime-node version package.json depends on', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const installed = JSON.parse(
      readFileSync(join(repoRoot, 'node_modules/onnxruntime-node/package.json'), 'utf8'),
    ) as {
      version: string;
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies['onnxruntime-node']).toBe('1.30.0');
    expect(installed.version).toBe('1.30.0');
    expect(installed.dependencies['onnxruntime-common']).toBe('1.30.0');
    writeFileSync(join(work, 'ok'), '');
  });
});
