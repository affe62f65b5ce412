import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../../errors.js';

/**
 * What an onnxruntime-node folder must hold to be usable here, and how it is loaded: by path through
 * createRequire, because the bundled actions cannot contain its native binding.
 */

export type OrtModule = typeof import('onnxruntime-node');

/** Where onnxruntime-node's dist/binding.js loads the native binding from. */
export function bindingDirOf(packageDir: string, platform: string, arch: string): string {
  return join(packageDir, 'bin', 'napi-v6', platform, arch);
}

export interface OrtPackageInfo {
  dir: string;
  version: string;
  bindingDir: string;
}

function readPackageJson(dir: string): { name?: string; version?: string } | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  } catch {
    return undefined;
  }
}

/**
 * Checks that `dir` is an onnxruntime-node package with a binding for this platform and that
 * onnxruntime-common resolves from it; returns why not otherwise.
 */
export function inspectOrtPackage(
  dir: string,
  platform: string,
  arch: string,
): { ok: true; info: OrtPackageInfo } | { ok: false; reason: string } {
  const pkg = readPackageJson(dir);
  if (pkg?.name !== 'onnxruntime-node' || typeof pkg.version !== 'string') {
    return { ok: false, reason: `${join(dir, 'package.json')} is not onnxruntime-node's package.json` };
  }
  const bindingDir = bindingDirOf(dir, platform, arch);
  if (!existsSync(join(bindingDir, 'onnxruntime_binding.node'))) {
    return {
      ok: false,
      reason: `onnxruntime-node ${pkg.version} in ${dir} has no binding for ${platform}/${arch} (${join(bindingDir, 'onnxruntime_binding.node')} is missing)`,
    };
  }
  try {
    createRequire(join(dir, 'dist', 'index.js')).resolve('onnxruntime-common');
  } catch {
    return {
      ok: false,
      reason: `onnxruntime-common (which onnxruntime-node requires) does not resolve from ${dir}; put it beside onnxruntime-node in the same node_modules folder`,
    };
  }
  return { ok: true, info: { dir, version: pkg.version, bindingDir } };
}

/**
 * The `onnxruntime-path` input: a folder that is onnxruntime-node, a node_modules folder holding it,
 * or a project folder whose node_modules holds it.
 */
export function locateExplicitPath(
  path: string,
  platform: string,
  arch: string,
  inputName: string,
): OrtPackageInfo {
  const given = resolve(path);
  const expected =
    `expected a folder containing onnxruntime-node (its package.json says "name": "onnxruntime-node"), ` +
    `or a node_modules folder that contains onnxruntime-node/ and onnxruntime-common/`;
  if (!existsSync(given) || !statSync(given).isDirectory()) {
    throw new ConfigurationError(`${inputName} "${path}" is not a folder: ${expected}.`);
  }
  const candidates = [
    given,
    join(given, 'onnxruntime-node'),
    join(given, 'node_modules', 'onnxruntime-node'),
  ];
  for (const candidate of candidates) {
    if (readPackageJson(candidate)?.name !== 'onnxruntime-node') continue;
    const inspected = inspectOrtPackage(candidate, platform, arch);
    if (inspected.ok) return inspected.info;
    throw new ConfigurationError(`${inputName} "${path}": ${inspected.reason}.`);
  }
  throw new ConfigurationError(
    `${inputName} "${path}" holds no onnxruntime-node: ${expected} ` +
      `(looked for ${candidates.map((c) => join(c, 'package.json')).join(', ')}).`,
  );
}

/** onnxruntime-node as Node would find it from each base folder (the action's folder, the workspace). */
export function findResolvable(
  bases: readonly string[],
  platform: string,
  arch: string,
): { info?: OrtPackageInfo; notes: string[] } {
  const notes: string[] = [];
  for (const base of bases) {
    let packageJson: string;
    try {
      packageJson = createRequire(join(resolve(base), '__mlgate_resolve__.js')).resolve(
        'onnxruntime-node/package.json',
      );
    } catch {
      notes.push(`not resolvable from ${base}`);
      continue;
    }
    const inspected = inspectOrtPackage(dirname(packageJson), platform, arch);
    if (inspected.ok) return { info: inspected.info, notes };
    notes.push(inspected.reason);
  }
  return { notes };
}

/** Loads onnxruntime-node from its folder; a binding that fails to load says where it was. */
export function loadOrtFrom(dir: string): OrtModule {
  try {
    return createRequire(join(dir, 'package.json'))(dir) as OrtModule;
  } catch (error) {
    throw new Error(`Could not load onnxruntime-node from ${dir}: ${getErrorMessage(error)}`, {
      cause: error,
    });
  }
}

/** Deletes every bin/napi-v6/<platform>/<arch> folder but this one; returns what was removed. */
export function pruneOtherPlatforms(packageDir: string, platform: string, arch: string): string[] {
  const root = join(packageDir, 'bin', 'napi-v6');
  const removed: string[] = [];
  if (!existsSync(root)) return removed;
  for (const p of readdirSync(root)) {
    const platformDir = join(root, p);
    if (p !== platform) {
      rmSync(platformDir, { recursive: true, force: true });
      removed.push(`${p}`);
      continue;
    }
    for (const a of readdirSync(platformDir)) {
      if (a === arch) continue;
      rmSync(join(platformDir, a), { recursive: true, force: true });
      removed.push(`${p}/${a}`);
    }
  }
  return removed;
}

/** Tar filter keeping only this platform's binaries (the rest of bin/napi-v6 is not written). */
export function keepPlatformBinaries(platform: string, arch: string): (path: string) => boolean {
  const own = `bin/napi-v6/${platform}/${arch}/`;
  return (path) => !path.startsWith('bin/napi-v6/') || path.startsWith(own);
}
