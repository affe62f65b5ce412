/**
 * promote's GitHub Deployment (issue 5 item 6): a deployment of the version's tag to an environment and a
 * `success` status, so the environment's deployment history (and its protection rules) show which model
 * version is live. Creates are never blindly retried: octokit's retry would repeat a POST GitHub may
 * have applied, so after a 5xx or a dropped connection the deployment (or status) is looked for first.
 * A rerun of the workflow run finds the run's deployment by `payload.run_id` and reuses it.
 */
import { randomUUID } from 'node:crypto';
import { ConfigurationError, getErrorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { GitHubSideEffectError } from '../drift-issue.js';
import { describeGitHubError, isHttpError, type GitHubClient, type Repository } from '../octokit.js';

/** The deployment's `task`: lets mlgate's deployments be told apart from an app's `deploy` ones. */
export const DEPLOYMENT_TASK = 'deploy:model';
/** GitHub's limit on environment names ("may not exceed 255 characters"). */
export const MAX_ENVIRONMENT_LENGTH = 255;
/** Deployment status descriptions: "The maximum description length is 140 characters". */
export const MAX_DESCRIPTION_LENGTH = 140;
/** The permission every call here needs (listing needs only read, but the job needs write anyway). */
export const DEPLOYMENT_PERMISSION = 'deployments: write';

const DEFAULT_RETRY_DELAY_MS = 1000;
/** Creates tried at most this many times, each after looking for the earlier attempt's result. */
const CREATE_ATTEMPTS = 3;
const NO_RETRY = { retries: 0 };
const SHA256 = /^[0-9a-f]{64}$/i;

export interface DeploymentRequest {
  /** e.g. "production"; 1 to 255 characters. */
  environment: string;
  /** The version's tag, "churn@v1.2.0" (it exists when promote runs). */
  ref: string;
  model: string;
  version: string;
  /** The model's sha256. */
  sha256: string;
  stage: string;
  /** Default "churn v1.2.0 → production"; cut to 140 characters. */
  description?: string;
  /** The workflow run's page. */
  logUrl?: string;
  /** Where the deployed model can be seen or used. */
  environmentUrl?: string;
  productionEnvironment?: boolean;
  transientEnvironment?: boolean;
  /**
   * GITHUB_RUN_ID. A rerun of the run (any attempt) finds the deployment it recorded and reuses it.
   * Without it (outside Actions) every call records a new deployment.
   */
  runId?: string | number;
  /** GITHUB_RUN_ATTEMPT, stored in the payload for people reading it. */
  runAttempt?: string | number;
}

export interface DeploymentResult {
  id: number;
  statusId: number;
  /** The deployment's REST API URL (its statuses are under `<url>/statuses`). */
  url: string;
  /** True when an earlier attempt of this run had recorded the deployment. */
  reused: boolean;
}

export interface DeploymentOptions {
  /** The n-th new attempt at a create whose answer was lost waits n² times this (default 1000 ms). */
  retryDelayMs?: number;
}

/** What mlgate puts in the deployment's payload. */
export interface DeploymentPayload {
  model: string;
  version: string;
  sha256: string;
  stage: string;
  run_id?: string;
  run_attempt?: string;
  /** Outside a workflow run: a one-off key, so a create whose answer was lost can still be found. */
  request_id?: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** At most `max` UTF-16 units (never more code points, so GitHub's count holds), ending in … when cut. */
export function cutDescription(text: string, max = MAX_DESCRIPTION_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = max - 1;
  if (isHighSurrogate(flat.charCodeAt(cut - 1))) cut--;
  return `${flat.slice(0, cut).trimEnd()}…`;
}

function fail(message: string): never {
  throw new ConfigurationError(`Recording a deployment: ${message}`);
}

function requireText(value: unknown, field: string, expected: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    fail(`${field} is ${JSON.stringify(value)}: expected ${expected}.`);
  return value;
}

function optionalUrl(value: string | undefined, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol))
    fail(`${field} is ${JSON.stringify(value)}: expected an http(s) URL.`);
  return value;
}

function optionalRunValue(value: string | number | undefined, field: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value);
  if (!/^\d{1,20}$/.test(text))
    fail(`${field} is ${JSON.stringify(value)}: expected a number (GITHUB_RUN_ID/GITHUB_RUN_ATTEMPT).`);
  return text;
}

interface Validated {
  environment: string;
  ref: string;
  description: string;
  payload: DeploymentPayload;
  logUrl?: string;
  environmentUrl?: string;
  productionEnvironment?: boolean;
  transientEnvironment?: boolean;
}

function validate(req: DeploymentRequest): Validated {
  if (typeof req !== 'object' || req === null) fail('no request given.');
  const environment = requireText(
    req.environment,
    'the environment',
    'an environment name such as production',
  );
  if (environment.length > MAX_ENVIRONMENT_LENGTH) {
    fail(
      `the environment name is ${environment.length} characters long: GitHub allows ${MAX_ENVIRONMENT_LENGTH}.`,
    );
  }
  const ref = requireText(req.ref, 'the ref', "the version's tag, such as churn@v1.2.0");
  if (/\s/.test(ref)) fail(`the ref ${JSON.stringify(ref)} holds white space: expected the version's tag.`);
  const model = requireText(req.model, 'the model', "the model's name");
  const version = requireText(req.version, 'the version', 'a version such as 1.2.0');
  const stage = requireText(req.stage, 'the stage', 'a stage such as production');
  const sha256 = requireText(req.sha256, 'the sha256', "the model's sha256 (64 hex digits)");
  if (!SHA256.test(sha256)) fail(`the sha256 is ${JSON.stringify(sha256)}: expected 64 hex digits.`);
  for (const key of ['productionEnvironment', 'transientEnvironment'] as const) {
    if (req[key] !== undefined && typeof req[key] !== 'boolean') {
      fail(`${key} is ${JSON.stringify(req[key])}: expected true or false.`);
    }
  }
  const runId = optionalRunValue(req.runId, 'the run id');
  const runAttempt = optionalRunValue(req.runAttempt, 'the run attempt');
  const payload: DeploymentPayload = {
    model,
    version,
    sha256: sha256.toLowerCase(),
    stage,
    ...(runId === undefined ? { request_id: randomUUID() } : { run_id: runId }),
    ...(runAttempt === undefined ? {} : { run_attempt: runAttempt }),
  };
  const given = req.description?.trim() ? req.description : `${model} v${version} → ${environment}`;
  return {
    environment,
    ref,
    description: cutDescription(given),
    payload,
    logUrl: optionalUrl(req.logUrl, 'the log URL'),
    environmentUrl: optionalUrl(req.environmentUrl, 'the environment URL'),
    productionEnvironment: req.productionEnvironment,
    transientEnvironment: req.transientEnvironment,
  };
}

interface Context {
  client: GitHubClient;
  repo: Repository;
  logger: Logger;
  input: Validated;
  retryDelayMs: number;
  /** "the deployment of churn@v1.2.0 to production in octo/models", for messages. */
  subject: string;
}

interface DeploymentRef {
  id: number;
  url: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function wrap(ctx: Context, error: unknown, what: string, hint = ''): unknown {
  if (!isHttpError(error)) return error;
  const message = describeGitHubError(error, what, {
    permission: DEPLOYMENT_PERMISSION,
    repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
  });
  return new GitHubSideEffectError(message + hint, error.status, { cause: error });
}

async function call<T>(ctx: Context, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw wrap(ctx, error, what);
  }
}

/** A 5xx or a dropped connection (octokit reports those as 500): the request may have been applied. */
const mayHaveBeenApplied = (error: unknown) => isHttpError(error) && error.status >= 500;

/** A create sent without octokit's retry; after a failure that may hide a success, looked for first. */
async function createOnce<T>(
  ctx: Context,
  what: string,
  create: () => Promise<T>,
  lookAgain: () => Promise<T | undefined>,
  hintFor: (error: unknown) => string = () => '',
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!mayHaveBeenApplied(error) || attempt >= CREATE_ATTEMPTS)
        throw wrap(ctx, error, what, hintFor(error));
      ctx.logger.info(
        `${what}: no answer from GitHub (${getErrorMessage(error)}); looking for it before trying again.`,
      );
      await sleep(attempt * attempt * ctx.retryDelayMs);
      const found = await lookAgain();
      if (found !== undefined) {
        ctx.logger.info(`${what}: the earlier attempt went through.`);
        return found;
      }
    }
  }
}

function payloadObject(payload: unknown): Record<string, unknown> | undefined {
  if (typeof payload === 'object' && payload !== null) return payload as Record<string, unknown>;
  if (typeof payload !== 'string' || payload === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(payload);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The same run (or the same one-off request) deploying the same model for the same stage. */
function isOurs(ctx: Context, payload: unknown): boolean {
  const found = payloadObject(payload);
  const wanted = ctx.input.payload;
  if (!found) return false;
  const sameKey =
    wanted.run_id !== undefined
      ? String(found.run_id) === wanted.run_id
      : found.request_id === wanted.request_id;
  return (
    sameKey &&
    found.model === wanted.model &&
    found.version === wanted.version &&
    String(found.sha256).toLowerCase() === wanted.sha256 &&
    found.stage === wanted.stage
  );
}

/** This run's deployment of the ref to the environment, if an earlier attempt recorded it (newest first). */
async function findDeployment(ctx: Context): Promise<DeploymentRef | undefined> {
  const { client, repo, input } = ctx;
  return call(ctx, `Looking for ${ctx.subject}`, async () => {
    const params = {
      owner: repo.owner,
      repo: repo.repo,
      ref: input.ref,
      environment: input.environment,
      task: DEPLOYMENT_TASK,
      per_page: 100,
    };
    for await (const page of client.paginate.iterator(client.rest.repos.listDeployments, params)) {
      for (const deployment of page.data) {
        if (isOurs(ctx, deployment.payload)) return { id: deployment.id, url: deployment.url };
      }
    }
    return undefined;
  });
}

/** The deployment's newest status when it is a `success` (a rerun keeps it instead of adding one). */
async function findSuccessStatus(ctx: Context, deploymentId: number): Promise<number | undefined> {
  const { client, repo } = ctx;
  return call(ctx, `Reading the statuses of deployment ${deploymentId}`, async () => {
    const { data } = await client.rest.repos.listDeploymentStatuses({
      owner: repo.owner,
      repo: repo.repo,
      deployment_id: deploymentId,
      per_page: 1,
    });
    // GitHub lists statuses newest first.
    const newest = data[0];
    return newest?.state === 'success' ? newest.id : undefined;
  });
}

async function createDeployment(ctx: Context): Promise<DeploymentRef> {
  const { client, repo, input } = ctx;
  return createOnce(
    ctx,
    `Recording ${ctx.subject}`,
    async () => {
      const { data } = await client.rest.repos.createDeployment({
        owner: repo.owner,
        repo: repo.repo,
        ref: input.ref,
        task: DEPLOYMENT_TASK,
        // The gate already decided: GitHub merging the default branch into the tag would deploy other code.
        auto_merge: false,
        // By default GitHub refuses a deployment unless every commit status of the ref's commit is a
        // success. The tag's commit carries statuses unrelated to the model (a lint job, a flaky test, or
        // this very workflow still pending), so a promotion the gate passed must not be blocked by them.
        required_contexts: [],
        payload: { ...input.payload },
        environment: input.environment,
        description: input.description,
        ...(input.productionEnvironment === undefined
          ? {}
          : { production_environment: input.productionEnvironment }),
        ...(input.transientEnvironment === undefined
          ? {}
          : { transient_environment: input.transientEnvironment }),
        request: NO_RETRY,
      });
      // 202 is GitHub's "merged the default branch first" answer, which auto_merge: false rules out.
      if (!('id' in data) || typeof data.id !== 'number') {
        throw new Error(`GitHub answered create-deployment without a deployment: ${JSON.stringify(data)}`);
      }
      return { id: data.id, url: data.url };
    },
    () => findDeployment(ctx),
    (error) =>
      isHttpError(error) && error.status === 422
        ? ` The ref ${input.ref} must exist in the repository (the version's tag is created when its release is published).`
        : '',
  );
}

async function createSuccessStatus(ctx: Context, deploymentId: number): Promise<number> {
  const { client, repo, input } = ctx;
  return createOnce(
    ctx,
    `Marking deployment ${deploymentId} (${ctx.subject}) a success`,
    async () => {
      const { data } = await client.rest.repos.createDeploymentStatus({
        owner: repo.owner,
        repo: repo.repo,
        deployment_id: deploymentId,
        state: 'success',
        description: input.description,
        ...(input.logUrl === undefined ? {} : { log_url: input.logUrl }),
        ...(input.environmentUrl === undefined ? {} : { environment_url: input.environmentUrl }),
        request: NO_RETRY,
      });
      return data.id;
    },
    () => findSuccessStatus(ctx, deploymentId),
  );
}

/**
 * Records a GitHub Deployment of `req.ref` to `req.environment` (task `deploy:model`, the model in its
 * payload) and a `success` status with the run's log URL. A rerun of the same workflow run reuses the
 * deployment it recorded (and its success status). Throws a ConfigurationError for unusable input (no
 * request made) and a GitHubSideEffectError when GitHub says no: a 403 names `permissions: deployments:
 * write`; 5xx answers are tried again after looking for the earlier attempt's result.
 */
export async function recordDeployment(
  client: GitHubClient,
  repo: Repository,
  req: DeploymentRequest,
  logger: Logger,
  options: DeploymentOptions = {},
): Promise<DeploymentResult> {
  const input = validate(req);
  const ctx: Context = {
    client,
    repo,
    logger,
    input,
    retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
    subject: `the deployment of ${input.ref} to ${input.environment} in ${repo.owner}/${repo.repo}`,
  };

  const existing = input.payload.run_id === undefined ? undefined : await findDeployment(ctx);
  const deployment = existing ?? (await createDeployment(ctx));
  const kept = existing ? await findSuccessStatus(ctx, existing.id) : undefined;
  const statusId = kept ?? (await createSuccessStatus(ctx, deployment.id));

  logger.info(
    existing
      ? `Deployment ${deployment.id} of ${input.ref} to ${input.environment} was recorded by an earlier attempt ` +
          `of run ${input.payload.run_id}: reused${kept === undefined ? ', and marked a success' : ''}.`
      : `Recorded deployment ${deployment.id} of ${input.ref} to ${input.environment} (status success).`,
  );
  return { id: deployment.id, statusId, url: deployment.url, reused: existing !== undefined };
}
