/**
 * The registry commands as jobs over any store: record a version (release.json), move a stage
 * (stage.json), list versions and stages (versions.json). Shared by the CLI and actions/record-release.
 */
import { join, resolve } from 'node:path';
import type { Logger } from '../logger.js';
import { removeStaleResults, toJson, writeFilesAtomically } from '../io/write-files.js';
import { checkModelName } from '../registry/names.js';
import {
  recordRelease,
  type ReleaseContext,
  type ReleaseOutcome,
  type ReleaseRequest,
} from '../registry/release.js';
import { currentStages, promote, rollback, type StageChange } from '../registry/stages.js';
import type { PublishOutcome, RegistryStore, StageAssignment, VersionAsset } from '../registry/types.js';

export const RELEASE_FILE = 'release.json';
export const STAGE_FILE = 'stage.json';
export const VERSIONS_FILE = 'versions.json';

/** release.json. */
export interface ReleaseResult {
  schemaVersion: 1;
  name: string;
  version: string;
  tag: string;
  outcome: PublishOutcome;
  sha256: string;
  size_bytes: number;
  registry: { kind: RegistryStore['kind']; description: string };
  previous_version: string | null;
  bump: ReleaseOutcome['manifest']['bump'];
  verdict: ReleaseOutcome['manifest']['verdict'];
  metrics: Record<string, number | null>;
  assets: { name: string; sha256: string; size_bytes: number }[];
  created_at: string;
}

export async function runReleaseJob(
  store: RegistryStore,
  request: ReleaseRequest,
  context: ReleaseContext,
  outDir: string,
  logger: Logger,
): Promise<{ result: ReleaseResult; resultPath: string; assets: VersionAsset[] }> {
  const resultPath = resolve(context.cwd, outDir, RELEASE_FILE);
  await removeStaleResults([resultPath]);
  const released = await recordRelease(store, request, context, logger);
  const m = released.manifest;
  const result: ReleaseResult = {
    schemaVersion: 1,
    name: m.name,
    version: m.version,
    tag: m.tag,
    outcome: released.outcome,
    sha256: m.model.sha256,
    size_bytes: m.model.size_bytes,
    registry: { kind: store.kind, description: store.description },
    previous_version: released.previous,
    bump: m.bump,
    verdict: m.verdict,
    metrics: m.metrics,
    assets: released.assets.map((a) => ({ name: a.name, sha256: a.sha256, size_bytes: a.size_bytes })),
    created_at: m.created_at,
  };
  await writeFilesAtomically([{ path: resultPath, content: toJson(result) }]);
  return { result, resultPath, assets: released.assets };
}

/** stage.json: what promote or rollback did. */
export interface StageResult {
  schemaVersion: 1;
  name: string;
  stage: string;
  operation: 'promote' | 'rollback';
  outcome: StageChange['outcome'];
  version: string;
  from: string | null;
  tag: string;
  at: string;
  by: string | null;
  registry: { kind: RegistryStore['kind']; description: string };
}

export interface StageRequest {
  name: string;
  stage: string;
  /** Needed to promote; a rollback finds its version. */
  version?: string;
  by: string | null;
  run: string | null;
}

export async function runStageJob(
  store: RegistryStore,
  operation: 'promote' | 'rollback',
  request: StageRequest,
  cwd: string,
  outDir: string,
  logger: Logger,
): Promise<{ result: StageResult; resultPath: string }> {
  const resultPath = resolve(cwd, outDir, STAGE_FILE);
  await removeStaleResults([resultPath]);
  const change =
    operation === 'promote'
      ? await promote(store, { ...request, version: request.version ?? '' }, logger)
      : await rollback(store, request, logger);
  const a = change.assignment;
  const result: StageResult = {
    schemaVersion: 1,
    name: a.name,
    stage: a.stage,
    operation,
    outcome: change.outcome,
    version: a.version,
    from: change.from,
    tag: a.tag,
    at: a.at,
    by: a.by,
    registry: { kind: store.kind, description: store.description },
  };
  await writeFilesAtomically([{ path: resultPath, content: toJson(result) }]);
  return { result, resultPath };
}

/** versions.json (DESIGN §4): `versions: [{version, sha256, created_at}]`, `stages: {stage: version}`. */
export interface VersionsResult {
  schemaVersion: 1;
  name: string;
  registry: { kind: RegistryStore['kind']; description: string };
  versions: {
    version: string;
    sha256: string;
    created_at: string;
    tag: string;
    size_bytes: number;
    location: string;
  }[];
  stages: Record<string, string>;
  latest: string | null;
  /** Every stage assignment, oldest first. */
  history: Omit<StageAssignment, 'name'>[];
}

export async function runVersionsJob(
  store: RegistryStore,
  name: string,
  cwd: string,
  outDir: string,
): Promise<{ result: VersionsResult; resultPath: string }> {
  const resultPath = join(resolve(cwd, outDir), VERSIONS_FILE);
  await removeStaleResults([resultPath]);
  checkModelName(name, 'name');
  const [versions, assignments] = await Promise.all([store.listVersions(name), store.listAssignments(name)]);
  const result: VersionsResult = {
    schemaVersion: 1,
    name,
    registry: { kind: store.kind, description: store.description },
    versions: versions.map((v) => ({
      version: v.version,
      sha256: v.sha256,
      created_at: v.created_at,
      tag: v.tag,
      size_bytes: v.size_bytes,
      location: v.location,
    })),
    stages: currentStages(assignments),
    latest: versions.at(-1)?.version ?? null,
    history: assignments.map(({ name: _name, ...rest }) => rest),
  };
  await writeFilesAtomically([{ path: resultPath, content: toJson(result) }]);
  return { result, resultPath };
}
