import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import {
  buildAndCache,
  findInToolCache,
  restoreFromActionsCache,
  type CacheEntrySpec,
  type CacheTiers,
} from './cache-tiers.js';
import {
  DEFAULT_RETRY,
  downloadVerified,
  type DownloadContext,
  type FetchLike,
  type RetryPolicy,
} from './download.js';
import { provisionGpuLibraries, type GpuSource } from './gpu-libraries.js';
import { parseIntegrity } from './integrity.js';
import {
  findResolvable,
  inspectOrtPackage,
  keepPlatformBinaries,
  loadOrtFrom,
  locateExplicitPath,
  pruneOtherPlatforms,
  type OrtModule,
  type OrtPackageInfo,
} from './ort-package.js';
import { ORT_PINS, TOOL_CACHE_NAME, type GpuProvider, type OrtPins } from './pins.js';
import { npmRegistryUrl, tarballUrl, type Env } from './sources.js';
import {
  actionsCacheKey,
  createFolderToolCache,
  type ActionsCacheStore,
  type ToolCacheStore,
} from './stores.js';
import { extractTarGz } from './tar-reader.js';

export type OrtSource = 'path' | 'resolvable' | 'tool-cache' | 'actions-cache' | 'download';

export interface ProvisionOptions {
  logger: Logger;
  /** The `onnxruntime-path` input (air-gapped runners). */
  explicitPath?: string;
  /** Name of that input in messages. */
  explicitPathInput?: string;
  /** Folders from which an installed onnxruntime-node is used as is: the action's folder, the workspace. */
  resolveFrom?: readonly string[];
  /** GPU providers whose libraries must sit beside the binding. */
  gpuProviders?: readonly GpuProvider[];
  /** The GPU libraries' explicit path (a folder with the .so files, an unpacked or a whole .nupkg). */
  gpuPath?: string;
  /** A pinned SHA-512 of the GPU .nupkg; defaults to env MLGATE_ORT_GPU_SHA512. */
  gpuSha512?: string;
  /** Defaults to a folder cache under workDir (same layout as the runner's tool cache). */
  toolCache?: ToolCacheStore;
  actionsCache?: ActionsCacheStore;
  fetch?: FetchLike;
  env?: Env;
  /** npm registry base URL; defaults to MLGATE_NPM_REGISTRY, npm_config_registry, then npmjs.org. */
  registryUrl?: string;
  /** NuGet service index URL; defaults to MLGATE_NUGET_INDEX, then nuget.org. */
  nugetIndexUrl?: string;
  /** Scratch and staging space; defaults to <tmp>/mlgate-onnxruntime. */
  workDir?: string;
  platform?: string;
  arch?: string;
  pins?: OrtPins;
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Loads the package (tests pass a loader for fake packages); default createRequire. */
  load?: (dir: string) => OrtModule;
}

export interface ProvisionedOrt {
  ort: OrtModule;
  version: string;
  source: OrtSource;
  /** The onnxruntime-node folder. */
  dir: string;
  /** Folder of onnxruntime_binding.node, where ORT looks for provider libraries. */
  bindingDir: string;
  /** Execution providers whose files are in place: 'cpu' and any GPU providers provisioned. */
  providers: string[];
  /** Where the GPU libraries came from, when any were asked for. */
  gpuSource?: GpuSource;
}

/** The ONNX Runtime package's cache entry: `node_modules/onnxruntime-{node,common}` under one root. */
export function ortPackageDir(root: string): string {
  return join(root, 'node_modules', 'onnxruntime-node');
}

/**
 * Finds or fetches onnxruntime-node (DESIGN §5): explicit path → already resolvable → runner tool
 * cache → @actions/cache → download of the pinned tarballs (integrity checked before extracting,
 * other platforms' binaries dropped), then cached. GPU provider libraries follow the same order.
 */
export async function provisionOnnxRuntime(options: ProvisionOptions): Promise<ProvisionedOrt> {
  const logger = options.logger;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const pins = options.pins ?? ORT_PINS;
  const env = options.env ?? process.env;
  const workDir = options.workDir ?? join(tmpdir(), 'mlgate-onnxruntime');
  const tiers: CacheTiers = {
    logger,
    toolCache: options.toolCache ?? createFolderToolCache(join(workDir, 'tool-cache')),
    actionsCache: options.actionsCache,
    workDir,
  };
  const download: DownloadContext = {
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    logger,
    retry: options.retry ?? retryFromEnv(env),
    sleep: options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
  };

  const found = await findPackage(options, tiers, download, pins, env, platform, arch);
  if (found.info.version !== pins.version) {
    logger.warning(
      `Using onnxruntime-node ${found.info.version} from ${found.info.dir}; mlgate is tested with ${pins.version}.`,
    );
  }
  const providers = ['cpu'];
  let gpuSource: GpuSource | undefined;
  const gpuProviders = [...new Set(options.gpuProviders ?? [])];
  if (gpuProviders.length > 0) {
    gpuSource = await provisionGpuLibraries({
      tiers,
      download,
      pin: pins.gpu,
      providers: gpuProviders,
      bindingDir: found.info.bindingDir,
      platform,
      arch,
      explicitPath: options.gpuPath,
      sha512: options.gpuSha512 ?? env.MLGATE_ORT_GPU_SHA512,
      env,
      nugetIndexUrl: options.nugetIndexUrl,
    });
    providers.push(...gpuProviders);
  }
  const ort = (options.load ?? loadOrtFrom)(found.info.dir);
  logger.info(
    `ONNX Runtime ${found.info.version} (${found.source}) from ${found.info.dir}; providers: ${providers.join(', ')}.`,
  );
  return {
    ort,
    version: found.info.version,
    source: found.source,
    dir: found.info.dir,
    bindingDir: found.info.bindingDir,
    providers,
    gpuSource,
  };
}

async function findPackage(
  options: ProvisionOptions,
  tiers: CacheTiers,
  download: DownloadContext,
  pins: OrtPins,
  env: Env,
  platform: string,
  arch: string,
): Promise<{ info: OrtPackageInfo; source: OrtSource }> {
  const logger = tiers.logger;
  if (options.explicitPath !== undefined && options.explicitPath.trim() !== '') {
    const input = options.explicitPathInput ?? 'onnxruntime-path';
    return { info: locateExplicitPath(options.explicitPath, platform, arch, input), source: 'path' };
  }

  const resolvable = findResolvable(options.resolveFrom ?? [], platform, arch);
  if (resolvable.info) return { info: resolvable.info, source: 'resolvable' };
  for (const note of resolvable.notes) logger.debug(`onnxruntime-node: ${note}`);

  const spec: CacheEntrySpec = {
    label: `onnxruntime-node ${pins.version} ${platform}/${arch}`,
    tool: TOOL_CACHE_NAME,
    version: pins.version,
    toolArch: `${platform}-${arch}`,
    actionsKey: actionsCacheKey({
      tool: TOOL_CACHE_NAME,
      version: pins.version,
      platform,
      arch,
      providers: ['cpu'],
    }),
    check: (root) => {
      const inspected = inspectOrtPackage(ortPackageDir(root), platform, arch);
      if (!inspected.ok) return inspected.reason;
      if (inspected.info.version !== pins.version) return `it holds version ${inspected.info.version}`;
      return undefined;
    },
  };
  const fromToolCache = findInToolCache(tiers, spec);
  if (fromToolCache) return { info: infoOf(fromToolCache, platform, arch), source: 'tool-cache' };
  const fromActionsCache = await restoreFromActionsCache(tiers, spec);
  if (fromActionsCache) return { info: infoOf(fromActionsCache, platform, arch), source: 'actions-cache' };

  const registry = npmRegistryUrl(env, options.registryUrl);
  const root = await buildAndCache(tiers, spec, async (tempRoot, scratch) => {
    const shipped = new Set<string>();
    for (const pin of [pins.node, pins.common]) {
      const url = tarballUrl(registry, pin);
      const file = join(scratch, `${pin.name}-${pin.version}.tgz`);
      logger.info(`Downloading ${url}`);
      await downloadVerified(download, url, file, parseIntegrity(pin.integrity));
      const target = join(tempRoot, 'node_modules', pin.name);
      mkdirSync(target, { recursive: true });
      const extracted = await extractTarGz(file, target, {
        strip: 1,
        filter: keepPlatformBinaries(platform, arch),
      });
      for (const skipped of extracted.skipped) {
        const match = /^bin\/napi-v6\/([^/]+)\/([^/]+)\/onnxruntime_binding\.node$/.exec(skipped);
        if (match) shipped.add(`${match[1]}/${match[2]}`);
      }
      rmSync(file, { force: true });
    }
    const pkgDir = ortPackageDir(tempRoot);
    pruneOtherPlatforms(pkgDir, platform, arch);
    if (!existsSync(join(pkgDir, 'bin', 'napi-v6', platform, arch, 'onnxruntime_binding.node'))) {
      throw new ConfigurationError(
        `onnxruntime-node ${pins.version} ships no binary for ${platform}/${arch}, so ONNX Runtime cannot run on this runner; ` +
          `it has binaries for ${[...shipped].sort().join(', ') || 'no platform'}.`,
      );
    }
  });
  return { info: infoOf(root, platform, arch), source: 'download' };
}

function infoOf(root: string, platform: string, arch: string): OrtPackageInfo {
  const inspected = inspectOrtPackage(ortPackageDir(root), platform, arch);
  if (!inspected.ok) throw new Error(`Internal error: ${inspected.reason}`);
  return inspected.info;
}

/** DEFAULT_RETRY, with MLGATE_DOWNLOAD_RETRY_DELAY_MS as the first delay (end-to-end tests against closed ports). */
function retryFromEnv(env: Readonly<Record<string, string | undefined>>): typeof DEFAULT_RETRY {
  const raw = env.MLGATE_DOWNLOAD_RETRY_DELAY_MS;
  if (raw === undefined || raw === '') return DEFAULT_RETRY;
  const delayMs = Number(raw);
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new ConfigurationError(
      `MLGATE_DOWNLOAD_RETRY_DELAY_MS is "${raw}": expected a number of milliseconds (0 or more).`,
    );
  }
  return { ...DEFAULT_RETRY, delayMs };
}
