import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as toolCache from '@actions/tool-cache';
import type { Logger } from '../core/logger.js';
import type { ActionsCacheStore, ToolCacheStore } from '../core/model/provision/stores.js';

/**
 * @actions/tool-cache and @actions/cache behind core's provisioning interfaces. A cache service that
 * fails is a warning (logged by core); the step goes on to download.
 */

/** The runner's tool cache, or undefined outside a runner (core then uses a folder cache). */
export function getRunnerToolCache(env: NodeJS.ProcessEnv = process.env): ToolCacheStore | undefined {
  if (!env.RUNNER_TOOL_CACHE) return undefined;
  return {
    find: (tool, version, arch) => toolCache.find(tool, version, arch) || undefined,
    cacheDir: (sourceDir, tool, version, arch) => toolCache.cacheDir(sourceDir, tool, version, arch),
  };
}

/**
 * @actions/cache, loaded only when provisioning gets this far (it is large). restore counts only an
 * exact key as a hit: a partial match could hold another version.
 */
export function getActionsCacheStore(logger: Logger): ActionsCacheStore {
  const load = async () => {
    const cache = await import('@actions/cache');
    if (!cache.isFeatureAvailable()) {
      logger.debug('The actions cache service is not available here; skipping it.');
      return undefined;
    }
    return cache;
  };
  return {
    async restore(paths, key) {
      const cache = await load();
      return cache ? (await cache.restoreCache(paths, key)) === key : false;
    },
    async save(paths, key) {
      const cache = await load();
      if (!cache) return;
      const id = await cache.saveCache(paths, key);
      if (id === -1) logger.debug(`The actions cache did not save ${key} (it may exist already).`);
    },
  };
}

/** Where onnxruntime-node may already be installed: the action's own folder and the workspace. */
export function actionResolveBases(env: NodeJS.ProcessEnv = process.env): string[] {
  const bases: string[] = [];
  // This file is bundled into dist/chunks/ (or runs from src/github/): two levels up is the action's root.
  bases.push(fileURLToPath(new URL('../..', import.meta.url)));
  if (env.GITHUB_WORKSPACE) bases.push(env.GITHUB_WORKSPACE);
  return bases;
}

/** Scratch space on the runner; RUNNER_TEMP keeps the actions cache path the same on every run. */
export function actionWorkDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.RUNNER_TEMP || tmpdir(), 'mlgate-onnxruntime');
}
