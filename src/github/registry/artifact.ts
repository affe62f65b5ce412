import { randomUUID } from 'node:crypto';
import { copyFile, link, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

/**
 * A model version's files as a workflow artifact (issue 5 item 6), through @actions/artifact: the run's
 * page then offers the exact files the release holds, for as long as the retention says. A side effect:
 * the caller turns a thrown error into a warning.
 */

export interface ArtifactUploadRequest {
  /** e.g. "mlgate-churn-v1.2.0"; build it with artifactName(model, version). */
  name: string;
  /** Each file lands at the artifact's root under `name`. */
  files: { name: string; path: string }[];
  /** 1..90 (the input artifact-retention-days); the repository's default when absent. */
  retentionDays?: number;
}

export type ArtifactUploadOutcome =
  { uploaded: true; id: number; size: number; digest?: string } | { uploaded: false; reason: string };

export const ARTIFACT_RETENTION_INPUT = 'artifact-retention-days';
const MAX_RETENTION_DAYS = 90;

/** The characters @actions/artifact refuses in a name (NTFS's, plus both slashes). */
const NOT_IN_ARTIFACT_NAMES = /[":<>|*?\\/\r\n]/g;

/**
 * `mlgate-<model>-v<version>`. GTO names may hold '/', which artifact names may not: it becomes '_',
 * which a GTO name never holds, so two models never share an artifact name.
 */
export function artifactName(model: string, version: string): string {
  return `mlgate-${model}-v${version}`.replace(NOT_IN_ARTIFACT_NAMES, '_');
}

/** The retention in days, checked as the input artifact-retention-days. */
export function checkArtifactRetentionDays(days: number | undefined): number | undefined {
  if (days === undefined) return undefined;
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    throw new ConfigurationError(
      `Input "${ARTIFACT_RETENTION_INPUT}" must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}; got "${days}".`,
    );
  }
  return days;
}

/** The environment @actions/artifact reads from process.env itself (config.ts, retention.ts). */
const LIBRARY_ENV = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_SERVER_URL',
  'GITHUB_RETENTION_DAYS',
  'ACTIONS_ARTIFACT_UPLOAD_CONCURRENCY',
  'ACTIONS_ARTIFACT_UPLOAD_TIMEOUT_MS',
] as const;

/** Runs `fn` with process.env holding `env`'s values of LIBRARY_ENV, so the upload uses what was checked. */
async function withLibraryEnv<T>(env: NodeJS.ProcessEnv, fn: () => Promise<T>): Promise<T> {
  if (env === process.env) return fn();
  const saved = LIBRARY_ENV.map((key) => [key, process.env[key]] as const);
  const set = (key: string, value: string | undefined) => {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  };
  for (const key of LIBRARY_ENV) set(key, env[key]);
  try {
    return await fn();
  } finally {
    for (const [key, value] of saved) set(key, value);
  }
}

/** @actions/artifact's own test (config.ts isGhes): artifacts v4 exist on github.com and GHE.com only. */
function enterpriseServerUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  let host: string;
  try {
    host = new URL(server).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return host === 'github.com' || host.endsWith('.ghe.com') || host.endsWith('.localhost')
    ? undefined
    : server;
}

/** The service's answer when the run holds the name (upload-artifact@v4 users see it on reruns). */
function isNameConflict(message: string): boolean {
  return (
    message.includes('CreateArtifact') &&
    (/\(409\)/.test(message) || /artifact with this name already exists/i.test(message))
  );
}

/**
 * The twirp calls' errors name the call ("Failed to CreateArtifact: … (403) …"); Azure's RestError from
 * the blob upload carries only the storage message, so say where it came from.
 */
function describeFailure(error: unknown, message: string): string {
  if (error instanceof Error && error.name === 'RestError') {
    const { statusCode, code } = error as Error & { statusCode?: number; code?: string };
    const status = [statusCode, code && `(${code})`].filter(Boolean).join(' ');
    return `blob storage ${status ? `answered ${status}` : 'failed'}: ${message}`;
  }
  return message;
}

/** Hard links cost nothing for a 2 GiB model; across devices (RUNNER_TEMP elsewhere) the file is copied. */
async function stage(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    await copyFile(source, target);
  }
}

export async function uploadVersionArtifact(
  req: ArtifactUploadRequest,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ArtifactUploadOutcome> {
  const retentionDays = checkArtifactRetentionDays(req.retentionDays);
  const missing = (['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'] as const).filter((key) => !env[key]);
  if (missing.length > 0) {
    return {
      uploaded: false,
      reason: `not inside a GitHub Actions job: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`,
    };
  }
  const enterprise = enterpriseServerUrl(env);
  if (enterprise) {
    return {
      uploaded: false,
      reason: `workflow artifacts through @actions/artifact are not supported on GitHub Enterprise Server (GITHUB_SERVER_URL is ${enterprise})`,
    };
  }
  const seen = new Set<string>();
  for (const file of req.files) {
    if (file.name !== basename(file.name) || file.name === '' || file.name === '.' || file.name === '..') {
      throw new Error(`Artifact ${req.name}: "${file.name}" is not a plain file name.`);
    }
    if (seen.has(file.name)) throw new Error(`Artifact ${req.name}: two files are named "${file.name}".`);
    seen.add(file.name);
  }
  if (req.files.length === 0) throw new Error(`Artifact ${req.name}: no files to upload.`);

  // @actions/artifact zips paths relative to one root folder; the version's files live in several.
  const root = join(env.RUNNER_TEMP || tmpdir(), `mlgate-artifact-${randomUUID()}`);
  await mkdir(root, { recursive: true });
  try {
    const staged: string[] = [];
    for (const file of req.files) {
      const target = join(root, file.name);
      try {
        await stage(file.path, target);
      } catch (error) {
        throw new Error(`Artifact ${req.name}: cannot read ${file.path}: ${getErrorMessage(error)}`, {
          cause: error,
        });
      }
      staged.push(target);
    }
    const maximum = Number(env.GITHUB_RETENTION_DAYS);
    const days =
      retentionDays !== undefined && Number.isInteger(maximum) && maximum > 0 && maximum < retentionDays
        ? maximum
        : retentionDays;
    if (days !== retentionDays) {
      logger.info(
        `${ARTIFACT_RETENTION_INPUT} ${retentionDays} is above this repository's maximum of ${days} days; the artifact is kept ${days} days.`,
      );
    }
    // Loaded here: the library (with Azure's blob client and archiver) is large and most steps skip it.
    const { DefaultArtifactClient } = await import('@actions/artifact');
    let result;
    try {
      result = await withLibraryEnv(env, () =>
        new DefaultArtifactClient().uploadArtifact(req.name, staged, root, { retentionDays: days }),
      );
    } catch (error) {
      const message = getErrorMessage(error);
      if (isNameConflict(message)) {
        logger.info(
          `This workflow run already has an artifact named ${req.name} (an earlier attempt of this step, or another job of the run, uploaded it); it is left as it is.`,
        );
        return {
          uploaded: false,
          reason: `already uploaded: this workflow run has an artifact named ${req.name}`,
        };
      }
      throw new Error(
        `Uploading the workflow artifact ${req.name} failed: ${describeFailure(error, message)}`,
        {
          cause: error,
        },
      );
    }
    if (result.id === undefined) {
      throw new Error(
        `Uploading the workflow artifact ${req.name} failed: the service returned no artifact id.`,
      );
    }
    const size = result.size ?? 0;
    logger.info(
      `Uploaded the workflow artifact ${req.name} (id ${result.id}, ${size} bytes${result.digest ? `, sha256 ${result.digest}` : ''}).`,
    );
    return { uploaded: true, id: result.id, size, ...(result.digest ? { digest: result.digest } : {}) };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
