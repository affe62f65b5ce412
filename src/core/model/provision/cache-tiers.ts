import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getErrorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { ActionsCacheStore, ToolCacheStore } from './stores.js';

/**
 * The cache tiers shared by the ONNX Runtime package and the GPU provider libraries: the runner's
 * tool cache, then @actions/cache, and after a download both are filled. A cache that fails is a
 * warning: the download still works without it.
 */

export interface CacheEntrySpec {
  /** What the log calls it ("onnxruntime-node 1.30.0 linux/x64"). */
  label: string;
  tool: string;
  version: string;
  /** Tool-cache arch folder: `<platform>-<arch>`. */
  toolArch: string;
  actionsKey: string;
  /** undefined when `root` holds a usable entry, else why not. */
  check(root: string): string | undefined;
}

export interface CacheTiers {
  logger: Logger;
  toolCache: ToolCacheStore;
  actionsCache?: ActionsCacheStore;
  workDir: string;
}

export function findInToolCache(tiers: CacheTiers, spec: CacheEntrySpec): string | undefined {
  let found: string | undefined;
  try {
    found = tiers.toolCache.find(spec.tool, spec.version, spec.toolArch);
  } catch (error) {
    tiers.logger.warning(`Tool cache lookup for ${spec.label} failed: ${getErrorMessage(error)}`);
    return undefined;
  }
  if (!found) return undefined;
  const problem = spec.check(found);
  if (problem) {
    tiers.logger.warning(`Ignoring the tool cache entry ${found}: ${problem}.`);
    return undefined;
  }
  return found;
}

/** The fixed path @actions/cache saves and restores (its cache version hashes the path). */
function actionsCachePath(tiers: CacheTiers, spec: CacheEntrySpec): string {
  return join(tiers.workDir, 'actions-cache', spec.actionsKey);
}

/** Restores from @actions/cache and moves the entry into the tool cache; undefined on a miss. */
export async function restoreFromActionsCache(
  tiers: CacheTiers,
  spec: CacheEntrySpec,
): Promise<string | undefined> {
  if (!tiers.actionsCache) return undefined;
  const path = actionsCachePath(tiers, spec);
  rmSync(path, { recursive: true, force: true });
  let hit: boolean;
  try {
    hit = await tiers.actionsCache.restore([path], spec.actionsKey);
  } catch (error) {
    tiers.logger.warning(`Restoring ${spec.label} from the actions cache failed: ${getErrorMessage(error)}`);
    return undefined;
  }
  if (!hit) return undefined;
  const problem = existsSync(path) ? spec.check(path) : `${path} is missing after the restore`;
  if (problem) {
    tiers.logger.warning(`Ignoring the actions cache entry ${spec.actionsKey}: ${problem}.`);
    rmSync(path, { recursive: true, force: true });
    return undefined;
  }
  const cached = await intoToolCache(tiers, spec, path);
  if (cached !== path) rmSync(path, { recursive: true, force: true });
  return cached;
}

/** Copies a staged entry into the tool cache; on failure keeps using the staged folder. */
async function intoToolCache(tiers: CacheTiers, spec: CacheEntrySpec, staged: string): Promise<string> {
  try {
    return await tiers.toolCache.cacheDir(staged, spec.tool, spec.version, spec.toolArch);
  } catch (error) {
    tiers.logger.warning(`Saving ${spec.label} to the tool cache failed: ${getErrorMessage(error)}`);
    return staged;
  }
}

/**
 * Builds a new entry in a private temporary folder (`fill`), checks it, renames it into place, then
 * fills the tool cache and the actions cache. Nothing half-written is ever visible under the final
 * name: a failure removes the temporary folder.
 */
export async function buildAndCache(
  tiers: CacheTiers,
  spec: CacheEntrySpec,
  fill: (tempRoot: string, scratch: string) => Promise<void>,
): Promise<string> {
  mkdirSync(tiers.workDir, { recursive: true });
  const temp = mkdtempSync(join(tiers.workDir, '.tmp-'));
  const root = join(temp, 'entry');
  const scratch = join(temp, 'scratch');
  mkdirSync(root);
  mkdirSync(scratch);
  const staged = actionsCachePath(tiers, spec);
  try {
    await fill(root, scratch);
    const problem = spec.check(root);
    if (problem) throw new Error(`the new ${spec.label} is not usable: ${problem}`);
    rmSync(staged, { recursive: true, force: true });
    mkdirSync(join(tiers.workDir, 'actions-cache'), { recursive: true });
    renameSync(root, staged);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  const cached = await intoToolCache(tiers, spec, staged);
  if (tiers.actionsCache) {
    try {
      await tiers.actionsCache.save([staged], spec.actionsKey);
      tiers.logger.info(`Saved ${spec.label} to the actions cache as ${spec.actionsKey}.`);
    } catch (error) {
      tiers.logger.warning(`Saving ${spec.label} to the actions cache failed: ${getErrorMessage(error)}`);
    }
  }
  if (cached !== staged) rmSync(staged, { recursive: true, force: true });
  return cached;
}
