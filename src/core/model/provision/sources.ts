import { DEFAULT_NPM_REGISTRY, DEFAULT_NUGET_INDEX, type NpmTarballPin } from './pins.js';

/** Where packages are downloaded from: configurable so mirrors (and tests) can stand in. */

export type Env = Readonly<Record<string, string | undefined>>;

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Explicit option → MLGATE_NPM_REGISTRY → npm_config_registry (npm's own setting) → npmjs.org. */
export function npmRegistryUrl(env: Env, explicit?: string): string {
  const chosen = [explicit, env.MLGATE_NPM_REGISTRY, env.npm_config_registry].find(
    (v) => v && v.trim() !== '',
  );
  return trimSlash(chosen?.trim() ?? DEFAULT_NPM_REGISTRY);
}

export function tarballUrl(registry: string, pin: NpmTarballPin): string {
  return `${trimSlash(registry)}/${pin.tarballPath}`;
}

/** Explicit option → MLGATE_NUGET_INDEX → nuget.org's service index. */
export function nugetIndexUrl(env: Env, explicit?: string): string {
  const chosen = [explicit, env.MLGATE_NUGET_INDEX].find((v) => v && v.trim() !== '');
  return chosen?.trim() ?? DEFAULT_NUGET_INDEX;
}
