/**
 * A registry version named by a user: `churn@v1.2.0` (or `churn@1.2.0`), `churn@latest`, or a stage
 * `churn#production`. drift-check takes its reference data from the version's manifest this way; the
 * files are where the manifest says (relative to the working directory) and must still have the recorded
 * sha256, or the comparison would be against other data than the version was trained on.
 */
import { isAbsolute, resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { sha256File } from './digest.js';
import { checkModelName, checkStageName, versionTag } from './names.js';
import { formatSemver, parseVersionInput } from './semver.js';
import type { Logger } from '../logger.js';
import { fetchModel, MissingVersionError, resolveStage, type ModelCache } from './stages.js';
import type { Manifest, RegistryStore } from './types.js';

export type RegistryRef =
  | { name: string; kind: 'version'; version: string }
  | { name: string; kind: 'latest' }
  | { name: string; kind: 'stage'; stage: string };

export function parseRegistryRef(text: string, where: string): RegistryRef {
  const value = text.trim();
  const hash = value.indexOf('#');
  if (hash > 0) {
    return {
      kind: 'stage',
      name: checkModelName(value.slice(0, hash), where),
      stage: checkStageName(value.slice(hash + 1), where),
    };
  }
  const at = value.lastIndexOf('@');
  if (at > 0) {
    const name = checkModelName(value.slice(0, at), where);
    const version = value.slice(at + 1);
    if (version === 'latest') return { kind: 'latest', name };
    return { kind: 'version', name, version: formatSemver(parseVersionInput(version, where)) };
  }
  throw new ConfigurationError(
    `${where}: "${text}" names no registry version; expected NAME#STAGE (churn#production), NAME@vX.Y.Z ` +
      '(churn@v1.2.0) or NAME@latest.',
  );
}

export function describeRef(ref: RegistryRef): string {
  return ref.kind === 'stage'
    ? `${ref.name}#${ref.stage}`
    : ref.kind === 'latest'
      ? `${ref.name}@latest`
      : versionTag(ref.name, ref.version);
}

export async function resolveRegistryRef(store: RegistryStore, ref: RegistryRef): Promise<Manifest> {
  if (ref.kind === 'stage') return (await resolveStage(store, ref.name, ref.stage)).manifest;
  let version: string;
  if (ref.kind === 'latest') {
    const latest = (await store.listVersions(ref.name)).at(-1);
    if (!latest)
      throw new MissingVersionError(`${ref.name} has no recorded versions in ${store.description}.`, true);
    version = latest.version;
  } else {
    version = ref.version;
  }
  const manifest = await store.readManifest(ref.name, version);
  if (!manifest) {
    const versions = (await store.listVersions(ref.name)).map((v) => v.version);
    throw new MissingVersionError(
      `${versionTag(ref.name, version)} does not exist in ${store.description}` +
        (versions.length ? `; recorded versions: ${versions.join(', ')}.` : '.'),
      versions.length === 0,
    );
  }
  return manifest;
}

/** The reference data files of a version, checked against their recorded sha256. */
export async function referenceDataOf(
  store: RegistryStore,
  ref: RegistryRef,
  cwd: string,
): Promise<{ paths: string[]; manifest: Manifest }> {
  const manifest = await resolveRegistryRef(store, ref);
  const files = manifest.reference_data ?? [];
  if (files.length === 0) {
    throw new ConfigurationError(
      `${manifest.tag} (${describeRef(ref)}) records no reference data; record the version with its training ` +
        'data (mlgate release --reference-data FILE, input reference-data) or give the reference files.',
    );
  }
  const paths: string[] = [];
  for (const file of files) {
    const path = isAbsolute(file.path) ? file.path : resolve(cwd, file.path);
    let actual: string;
    try {
      actual = await sha256File(path);
    } catch {
      throw new ConfigurationError(
        `${manifest.tag}'s reference data ${file.path} is not here (${path}); check out or fetch the data the version was recorded with.`,
      );
    }
    if (actual !== file.sha256) {
      throw new ConfigurationError(
        `${file.path} has sha256 ${actual}, but ${manifest.tag} recorded its reference data with ${file.sha256}: ` +
          'the file changed since the version was recorded. Fetch the recorded data, or give the reference files yourself.',
      );
    }
    paths.push(path);
  }
  return { paths, manifest };
}

/** A registry version's model as a comparison baseline: resolved, fetched beside the results, verified. */
export interface RegistryBaseline {
  kind: 'registry';
  ref: string;
  tag: string;
  version: string;
  sha256: string;
  path: string;
}

export async function fetchRegistryBaseline(
  store: RegistryStore,
  ref: RegistryRef,
  folder: string,
  logger: Logger,
  cache?: ModelCache,
): Promise<RegistryBaseline> {
  const manifest = await resolveRegistryRef(store, ref);
  const target = resolve(folder, `${manifest.name.replace(/\//g, '_')}-v${manifest.version}.onnx`);
  const fetched = await fetchModel(store, manifest, target, logger, cache, sha256File);
  logger.info(
    `Baseline ${describeRef(ref)} is ${manifest.tag} (sha256 ${manifest.model.sha256.slice(0, 12)}…, verified${fetched.fromCache ? ', from the cache' : ''}).`,
  );
  return {
    kind: 'registry',
    ref: describeRef(ref),
    tag: manifest.tag,
    version: manifest.version,
    sha256: manifest.model.sha256,
    path: target,
  };
}
