import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The caches provisioning may use, as small interfaces so core never imports @actions/*:
 * src/github/ort-provision.ts adapts @actions/tool-cache and @actions/cache to them.
 */

/** The runner's tool cache: `<root>/<tool>/<version>/<arch>` plus an `<arch>.complete` marker. */
export interface ToolCacheStore {
  /** The cached folder, or undefined when there is none (or it is incomplete). */
  find(tool: string, version: string, arch: string): string | undefined;
  /** Copies `sourceDir`'s contents into the cache and returns the cached folder. */
  cacheDir(sourceDir: string, tool: string, version: string, arch: string): Promise<string>;
}

/** @actions/cache: restore returns whether the key (exactly) was found; save may throw. */
export interface ActionsCacheStore {
  restore(paths: string[], key: string): Promise<boolean>;
  save(paths: string[], key: string): Promise<void>;
}

/**
 * The same layout as @actions/tool-cache without the library: the CLI and tests use it, and a test
 * checks that @actions/tool-cache finds what it writes.
 */
export function createFolderToolCache(root: string): ToolCacheStore {
  return {
    find(tool, version, arch) {
      const folder = join(root, tool, version, arch);
      return existsSync(folder) && existsSync(`${folder}.complete`) ? folder : undefined;
    },
    async cacheDir(sourceDir, tool, version, arch) {
      if (!statSync(sourceDir).isDirectory()) throw new Error(`${sourceDir} is not a folder`);
      const folder = join(root, tool, version, arch);
      rmSync(folder, { recursive: true, force: true });
      rmSync(`${folder}.complete`, { force: true });
      mkdirSync(folder, { recursive: true });
      for (const name of readdirSync(sourceDir)) {
        cpSync(join(sourceDir, name), join(folder, name), { recursive: true });
      }
      writeFileSync(`${folder}.complete`, '');
      return folder;
    },
  };
}

/** The @actions/cache key: everything that changes the cached files is in it. */
export function actionsCacheKey(parts: {
  tool: string;
  version: string;
  platform: string;
  arch: string;
  providers: readonly string[];
}): string {
  return [parts.tool, parts.version, parts.platform, parts.arch, ...[...parts.providers].sort()].join('-');
}
