/**
 * Stages (production, staging, ...) over a store's assignment log. A stage's history is a stack:
 * a promotion pushes a version, a rollback pops the current one, so rolling back twice after promoting
 * v1, v2, v3 gives v2 and then v1 (not v3 again). The log itself only grows (GTO's tags never move).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { checkModelName, checkStageName, versionTag } from './names.js';
import { parseVersionInput, formatSemver } from './semver.js';
import type { Manifest, RegistryStore, StageAssignment, VersionRecord } from './types.js';

/**
 * The registry holds no version for what was asked (no such stage, model or version): a user-facing
 * refusal that an entry may choose to treat as "no baseline yet" (compare-baseline's if-no-baseline).
 */
export class MissingVersionError extends ConfigurationError {
  readonly missing = true;
  constructor(
    message: string,
    /**
     * Whether the registry is empty for the model (no version, or no stage ever assigned): "nothing yet",
     * as on a project's first pull request, unlike a stage or version that does not exist (a typo).
     */
    readonly nothingYet: boolean,
  ) {
    super(message);
  }
}

export function isMissingVersionError(error: unknown): boolean {
  return error instanceof Error && (error as { missing?: unknown }).missing === true;
}

/** The registry holds nothing for the model yet (see MissingVersionError.nothingYet). */
export function isNothingYetError(error: unknown): boolean {
  return isMissingVersionError(error) && (error as { nothingYet?: unknown }).nothingYet === true;
}

/** The versions a stage has held, oldest first, as promotions and rollbacks leave them. */
export function stageStack(assignments: readonly StageAssignment[], stage: string): StageAssignment[] {
  const stack: StageAssignment[] = [];
  const ordered = assignments.filter((a) => a.stage === stage).sort((a, b) => a.n - b.n);
  for (const a of ordered) {
    if (a.kind === 'rollback') {
      // Pop down to the version the rollback returned to.
      while (stack.length > 0 && stack.at(-1)!.version !== a.version) stack.pop();
      if (stack.length === 0) stack.push(a);
    } else if (stack.at(-1)?.version !== a.version) {
      stack.push(a);
    }
    // A promotion of the version the stage already holds (two promotions at once, or GTO's --force)
    // changes nothing: it is not a step a rollback could return to.
  }
  return stack;
}

/** Each stage's current version. */
export function currentStages(assignments: readonly StageAssignment[]): Record<string, string> {
  const stages: Record<string, string> = {};
  for (const stage of [...new Set(assignments.map((a) => a.stage))].sort()) {
    const top = stageStack(assignments, stage).at(-1);
    if (top) stages[stage] = top.version;
  }
  return stages;
}

export interface StageChange {
  outcome: 'assigned' | 'unchanged';
  assignment: StageAssignment;
  /** The version the stage held before, if any. */
  from: string | null;
}

interface Actor {
  by: string | null;
  run: string | null;
}

async function requireVersion(store: RegistryStore, name: string, version: string): Promise<VersionRecord> {
  const versions = await store.listVersions(name);
  const found = versions.find((v) => v.version === version);
  if (found) return found;
  throw new ConfigurationError(
    versions.length === 0
      ? `${name} has no recorded versions in ${store.description}; record one first (mlgate release).`
      : `${versionTag(name, version)} does not exist in ${store.description}; recorded versions: ${versions
          .map((v) => v.version)
          .join(', ')}.`,
  );
}

export async function promote(
  store: RegistryStore,
  request: { name: string; version: string; stage: string } & Actor,
  logger: Logger,
): Promise<StageChange> {
  const name = checkModelName(request.name, 'name');
  const stage = checkStageName(request.stage, 'stage');
  const version = formatSemver(parseVersionInput(request.version, 'version'));
  await requireVersion(store, name, version);
  const assignments = await store.listAssignments(name);
  const current = stageStack(assignments, stage).at(-1);
  if (current?.version === version) {
    logger.info(`${name} ${stage} is already ${version} (${current.tag}): nothing to do.`);
    return { outcome: 'unchanged', assignment: current, from: version };
  }
  const assignment = await store.assignStage(
    { name, stage, version, kind: 'promote', by: request.by, run: request.run },
    logger,
  );
  return { outcome: 'assigned', assignment, from: current?.version ?? null };
}

export async function rollback(
  store: RegistryStore,
  request: { name: string; stage: string } & Actor,
  logger: Logger,
): Promise<StageChange> {
  const name = checkModelName(request.name, 'name');
  const stage = checkStageName(request.stage, 'stage');
  const assignments = await store.listAssignments(name);
  const stack = stageStack(assignments, stage);
  const current = stack.at(-1);
  if (!current) {
    const stages = Object.keys(currentStages(assignments));
    throw new ConfigurationError(
      `${name} has no stage "${stage}" in ${store.description}` +
        (stages.length
          ? `; its stages: ${stages.join(', ')}.`
          : '; no stage was ever assigned (mlgate promote).'),
    );
  }
  // A rerun of a run that rolled back this stage: it rolled back already, even if something was promoted
  // since (a rerun must not drop a fix promoted after it).
  const mine =
    request.run === null
      ? undefined
      : assignments
          .filter((a) => a.stage === stage && a.kind === 'rollback' && a.run === request.run)
          .sort((a, b) => a.n - b.n)
          .at(-1);
  if (mine) {
    logger.info(`${mine.tag} was recorded by this run (${request.run}): not rolling back twice.`);
    const last = assignments
      .filter((a) => a.stage === stage)
      .sort((a, b) => a.n - b.n)
      .at(-1)!;
    // The stage as it is now: the run's own rollback when nothing came after it.
    return { outcome: 'unchanged', assignment: last === mine ? mine : current, from: current.version };
  }
  const target = stack.at(-2);
  if (!target) {
    throw new ConfigurationError(
      `${name} ${stage} has held only ${current.version} (${current.tag}): there is no earlier version to roll back to.`,
    );
  }
  const assignment = await store.assignStage(
    { name, stage, version: target.version, kind: 'rollback', by: request.by, run: request.run },
    logger,
  );
  return { outcome: 'assigned', assignment, from: current.version };
}

export interface ResolvedStage {
  name: string;
  stage: string;
  version: string;
  assignment: StageAssignment;
  manifest: Manifest;
}

/** `production` → the version it holds now and that version's manifest. */
export async function resolveStage(
  store: RegistryStore,
  name: string,
  stage: string,
): Promise<ResolvedStage> {
  checkModelName(name, 'name');
  checkStageName(stage, 'stage');
  const assignments = await store.listAssignments(name);
  const current = stageStack(assignments, stage).at(-1);
  if (!current) {
    const stages = Object.keys(currentStages(assignments));
    throw new MissingVersionError(
      `${name} has no stage "${stage}" in ${store.description}` +
        (stages.length ? `; its stages: ${stages.join(', ')}.` : '; no stage was ever assigned.'),
      stages.length === 0,
    );
  }
  const manifest = await store.readManifest(name, current.version);
  if (!manifest) {
    throw new ConfigurationError(
      `${current.tag} assigns ${versionTag(name, current.version)}, which is not in ${store.description}.`,
    );
  }
  return { name, stage, version: current.version, assignment: current, manifest };
}

/** A cache of models by sha256 (the action's is @actions/cache; the CLI needs none). */
export interface ModelCache {
  /** Puts the cached model at `path`; false when it is not cached. */
  restore(sha256: string, path: string): Promise<boolean>;
  save(sha256: string, path: string): Promise<void>;
}

/**
 * The version's model at `destination`, verified against the manifest's sha256 (a cached copy too:
 * the store's download verifies, and a cache hit is hashed again here).
 */
export async function fetchModel(
  store: RegistryStore,
  manifest: Manifest,
  destination: string,
  logger: Logger,
  cache?: ModelCache,
  hashFile?: (path: string) => Promise<string>,
): Promise<{ path: string; fromCache: boolean }> {
  await mkdir(dirname(destination), { recursive: true });
  if (cache && hashFile) {
    try {
      if (await cache.restore(manifest.model.sha256, destination)) {
        if ((await hashFile(destination)) === manifest.model.sha256) {
          logger.info(`${manifest.tag}'s model came from the cache (sha256 verified).`);
          return { path: destination, fromCache: true };
        }
        logger.warning(`The cached model for ${manifest.tag} has another sha256: downloading it again.`);
      }
    } catch (error) {
      logger.warning(`The model cache could not be read (${String(error)}): downloading.`);
    }
  }
  await store.downloadAsset(
    manifest.name,
    manifest.version,
    'model.onnx',
    destination,
    manifest.model.sha256,
  );
  if (cache) {
    try {
      await cache.save(manifest.model.sha256, destination);
    } catch (error) {
      logger.warning(`The model could not be cached (${String(error)}).`);
    }
  }
  return { path: destination, fromCache: false };
}
