import { copyFileSync, existsSync, linkSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../../errors.js';
import {
  buildAndCache,
  findInToolCache,
  restoreFromActionsCache,
  type CacheEntrySpec,
  type CacheTiers,
} from './cache-tiers.js';
import { downloadVerified, type DownloadContext } from './download.js';
import { parseSha512 } from './integrity.js';
import { locateNugetPackage, publishedPackageHash } from './nuget-feed.js';
import {
  GPU_TOOL_CACHE_NAME,
  librariesFor,
  type GpuLibraryPin,
  type GpuPackagePin,
  type GpuProvider,
} from './pins.js';
import { nugetIndexUrl, type Env } from './sources.js';
import { actionsCacheKey } from './stores.js';
import { extractZipEntry, findZipEntry, readZipDirectory } from './zip-reader.js';

/**
 * The CUDA and TensorRT provider libraries ORT loads from the binding's folder. onnxruntime-node's
 * install script would fetch them from NuGet (Microsoft.ML.OnnxRuntime.Gpu.Linux); mlgate never runs
 * that script, so it provisions them the same way as the package: explicit path → already present →
 * tool cache → actions cache → download, then places them beside the binding.
 */

export type GpuSource = 'path' | 'present' | 'tool-cache' | 'actions-cache' | 'download';

export interface GpuLibrariesOptions {
  tiers: CacheTiers;
  download: DownloadContext;
  pin: GpuPackagePin;
  providers: readonly GpuProvider[];
  bindingDir: string;
  platform: string;
  arch: string;
  explicitPath?: string;
  explicitPathInput?: string;
  /** A pinned SHA-512 for the .nupkg (hex, base64 or sha512-…); else the feed's published hash. */
  sha512?: string;
  env: Env;
  nugetIndexUrl?: string;
}

function missingIn(dir: string, libraries: readonly GpuLibraryPin[]): string[] {
  return libraries
    .filter((lib) => {
      const path = join(dir, lib.file);
      return !existsSync(path) || statSync(path).size === 0;
    })
    .map((lib) => lib.file);
}

export async function provisionGpuLibraries(options: GpuLibrariesOptions): Promise<GpuSource> {
  const { tiers, pin, platform, arch } = options;
  const logger = tiers.logger;
  const providerList = options.providers.join(' and ');
  if (!pin.platforms.includes(`${platform}/${arch}`)) {
    throw new ConfigurationError(
      `execution-provider ${providerList} needs ONNX Runtime's GPU provider libraries, which exist only for ` +
        `${pin.platforms.join(', ')} (${pin.id}); this runner is ${platform}/${arch}. ` +
        'Use execution-provider: cpu, or auto to use a GPU only where there is one.',
    );
  }
  const needed = librariesFor(pin, options.providers);

  if (options.explicitPath !== undefined && options.explicitPath.trim() !== '') {
    await installFromExplicitPath(options, needed);
    return 'path';
  }
  if (missingIn(options.bindingDir, needed).length === 0) {
    logger.info(`GPU provider libraries are already beside the binding in ${options.bindingDir}.`);
    return 'present';
  }

  const spec: CacheEntrySpec = {
    label: `${pin.id} ${pin.version} provider libraries`,
    tool: GPU_TOOL_CACHE_NAME,
    version: pin.version,
    toolArch: `${platform}-${arch}`,
    actionsKey: actionsCacheKey({
      tool: GPU_TOOL_CACHE_NAME,
      version: pin.version,
      platform,
      arch,
      providers: [...new Set(pin.libraries.flatMap((l) => l.neededBy))],
    }),
    check: (root) => {
      const missing = missingIn(root, pin.libraries);
      return missing.length ? `it lacks ${missing.join(', ')}` : undefined;
    },
  };
  let source: GpuSource = 'tool-cache';
  let dir = findInToolCache(tiers, spec);
  if (!dir) {
    dir = await restoreFromActionsCache(tiers, spec);
    source = 'actions-cache';
  }
  if (!dir) {
    dir = await buildAndCache(tiers, spec, (root, scratch) => downloadGpuPackage(options, root, scratch));
    source = 'download';
  }
  placeBesideBinding(dir, needed, options.bindingDir);
  logger.info(
    `GPU provider libraries (${source}) placed in ${options.bindingDir}: ${needed.map((l) => l.file).join(', ')}.`,
  );
  return source;
}

async function downloadGpuPackage(
  options: GpuLibrariesOptions,
  root: string,
  scratch: string,
): Promise<void> {
  const { pin, download } = options;
  const logger = options.tiers.logger;
  const index = nugetIndexUrl(options.env, options.nugetIndexUrl);
  const location = await locateNugetPackage(download, index, pin.id, pin.version);
  let expected;
  if (options.sha512 !== undefined && options.sha512.trim() !== '') {
    try {
      expected = parseSha512(options.sha512);
    } catch (error) {
      throw new ConfigurationError(
        `MLGATE_ORT_GPU_SHA512 / onnxruntime-gpu-sha512: ${getErrorMessage(error)}`,
      );
    }
    logger.info(`Checking ${pin.id} ${pin.version} against the pinned SHA-512 (MLGATE_ORT_GPU_SHA512).`);
  } else {
    const published = await publishedPackageHash(download, location, pin.id, pin.version);
    expected = parseSha512(published.sha512);
    logger.warning(
      `No pinned SHA-512 for ${pin.id} ${pin.version}: checking it against the hash the feed publishes ` +
        `(${published.source}). That catches corrupt downloads but trusts the feed; set MLGATE_ORT_GPU_SHA512 to pin it.`,
    );
  }
  const nupkg = join(scratch, `${pin.id.toLowerCase()}.${pin.version}.nupkg`);
  logger.info(`Downloading ${location.nupkgUrl}`);
  await downloadVerified(download, location.nupkgUrl, nupkg, expected);
  await extractLibraries(nupkg, pin.libraries, root);
  rmSync(nupkg, { force: true });
}

async function extractLibraries(
  nupkg: string,
  libraries: readonly GpuLibraryPin[],
  dest: string,
): Promise<void> {
  const entries = readZipDirectory(nupkg);
  for (const lib of libraries) {
    const entry = findZipEntry(entries, lib.pathInPackage);
    if (!entry) throw new Error(`${nupkg} has no ${lib.pathInPackage}`);
    await extractZipEntry(nupkg, entry, join(dest, lib.file));
  }
}

async function installFromExplicitPath(
  options: GpuLibrariesOptions,
  needed: readonly GpuLibraryPin[],
): Promise<void> {
  const path = options.explicitPath!;
  const input = options.explicitPathInput ?? 'onnxruntime-gpu-path';
  const expected =
    `expected the ${options.pin.id} ${options.pin.version} .nupkg, or a folder holding ` +
    `${needed.map((l) => l.file).join(', ')} (directly or under runtimes/linux-x64/native/)`;
  if (!existsSync(path)) throw new ConfigurationError(`${input} "${path}" does not exist: ${expected}.`);
  if (statSync(path).isFile()) {
    const scratch = mkdtempSync(join(options.bindingDir, '.mlgate-gpu-'));
    try {
      await extractLibraries(path, needed, scratch).catch((error: unknown) => {
        throw new ConfigurationError(`${input} "${path}": ${getErrorMessage(error)}; ${expected}.`);
      });
      placeBesideBinding(scratch, needed, options.bindingDir);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    return;
  }
  for (const dir of [path, join(path, 'runtimes', 'linux-x64', 'native')]) {
    if (missingIn(dir, needed).length === 0) {
      placeBesideBinding(dir, needed, options.bindingDir);
      return;
    }
  }
  throw new ConfigurationError(
    `${input} "${path}" lacks ${missingIn(path, needed).join(', ')}: ${expected}.`,
  );
}

/**
 * ORT loads provider libraries only from the folder of its own library, so they are hard-linked
 * (or copied, across file systems) next to the binding, each under a temporary name first.
 */
function placeBesideBinding(fromDir: string, libraries: readonly GpuLibraryPin[], bindingDir: string): void {
  for (const lib of libraries) {
    const source = join(fromDir, lib.file);
    const target = join(bindingDir, lib.file);
    if (source === target) continue;
    if (existsSync(target) && statSync(target).size === statSync(source).size) continue;
    const temp = `${target}.mlgate-${process.pid}`;
    try {
      rmSync(temp, { force: true });
      try {
        linkSync(source, temp);
      } catch {
        copyFileSync(source, temp);
      }
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      const code = (error as { code?: string }).code;
      throw new ConfigurationError(
        `Cannot place ${lib.file} beside the ONNX Runtime binding in ${bindingDir} (${code ?? getErrorMessage(error)}); ` +
          'ORT loads GPU provider libraries only from there. Point onnxruntime-path at a writable copy of onnxruntime-node.',
      );
    }
  }
}
