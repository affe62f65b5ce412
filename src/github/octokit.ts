/**
 * The one way mlgate talks to GitHub (DESIGN §6): @actions/github's octokit (it honours the runner's
 * proxy settings) with @octokit/plugin-retry for 5xx answers and dropped connections and
 * @octokit/plugin-throttling for rate limits, plus the messages users see when GitHub says no.
 */
import { readFileSync } from 'node:fs';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling, type ThrottlingOptions } from '@octokit/plugin-throttling';
import { ConfigurationError, getErrorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

export type GitHubClient = ReturnType<typeof getOctokit>;
type OctokitPlugin = NonNullable<Parameters<typeof getOctokit>[2]>;

export interface GitHubClientOptions {
  token: string;
  /** The REST API's base URL; else GITHUB_API_URL, else https://api.github.com. */
  baseUrl?: string;
  logger?: Logger;
  /** Retries of a 5xx answer or a dropped connection (default 3). 4xx answers are never retried. */
  retries?: number;
  /** The n-th retry waits n² times this (default 1000 ms: 1 s, 4 s, 9 s). */
  retryDelayMs?: number;
  /** A rate limit whose reset (or retry-after) is further away than this fails at once (default 60 s). */
  maxRateLimitWaitSeconds?: number;
  /** How many times one request waits out a rate limit before failing (default 2). */
  rateLimitRetries?: number;
  /**
   * Spacing of writes. GitHub asks for at least a second between writes, and octokit spaces writes that
   * notify (comments, issues, releases) by 3 s; a number replaces both (0 for tests against the fake;
   * also read from MLGATE_GITHUB_WRITE_INTERVAL_MS when not given).
   */
  writeIntervalMs?: number;
  userAgent?: string;
}

const DEFAULT_API_URL = 'https://api.github.com';
const DEFAULT_RETRIES = 3;
const DEFAULT_MAX_RATE_LIMIT_WAIT_S = 60;
const DEFAULT_RATE_LIMIT_RETRIES = 2;

/** Every 4xx: a client error does not get better by asking again (rate limits are the throttler's). */
const NO_RETRY_STATUSES = Array.from({ length: 100 }, (_, i) => 400 + i);

/** A rate limit mlgate did not wait out: names the limit and when it resets. */
export class GitHubRateLimitError extends Error {
  override readonly name = 'GitHubRateLimitError';
  constructor(
    message: string,
    readonly status: number,
    readonly limit: 'primary' | 'secondary',
    readonly resetAt: Date,
    readonly response: HttpErrorLike['response'],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The fields of octokit's RequestError mlgate reads (a structural type: no import of its package). */
export interface HttpErrorLike {
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { status?: number; headers?: Record<string, string | number | undefined>; data?: unknown };
}

export function isHttpError(error: unknown): error is HttpErrorLike {
  return (
    typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number'
  );
}

const header = (error: HttpErrorLike, name: string): string | undefined => {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
};

function where(request: HttpErrorLike['request']): string {
  if (!request?.url) return 'a GitHub API request';
  let path = request.url;
  try {
    path = new URL(request.url).pathname;
  } catch {
    // Not absolute: keep it as given.
  }
  return `${request.method ?? 'GET'} ${path}`;
}

function rateLimitKind(error: HttpErrorLike): 'primary' | 'secondary' | undefined {
  if (error.status !== 403 && error.status !== 429) return undefined;
  if (/\bsecondary rate\b/i.test(error.message)) return 'secondary';
  if (header(error, 'x-ratelimit-remaining') === '0') return 'primary';
  return undefined;
}

/** Turns an unwaited rate limit into a message that says which limit and when it resets. */
function describeRateLimit(
  error: HttpErrorLike,
  maxWaitSeconds: number,
  retries: number,
): GitHubRateLimitError {
  const kind = rateLimitKind(error)!;
  const now = Date.now();
  let resetAt: Date;
  let detail: string;
  if (kind === 'primary') {
    resetAt = new Date(Number(header(error, 'x-ratelimit-reset') ?? 0) * 1000);
    const resource = header(error, 'x-ratelimit-resource') ?? 'core';
    const limit = header(error, 'x-ratelimit-limit');
    detail = `GitHub's primary rate limit (${resource}${limit ? `, ${limit} requests an hour` : ''}) is used up`;
  } else {
    const retryAfter = Number(header(error, 'retry-after'));
    resetAt = new Date(now + (Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 60) * 1000);
    detail = "GitHub's secondary rate limit (too many requests in a short time) was hit";
  }
  const inSeconds = Math.max(Math.ceil((resetAt.getTime() - now) / 1000), 0);
  const why =
    inSeconds > maxWaitSeconds
      ? `more than the ${maxWaitSeconds} s mlgate waits`
      : `still limited after waiting ${retries} time${retries === 1 ? '' : 's'}`;
  return new GitHubRateLimitError(
    `${detail} on ${where(error.request)}: it resets at ${resetAt.toISOString()} (in ${inSeconds} s, ${why}). ` +
      'Rerun the job after that time.',
    error.status,
    kind,
    resetAt,
    error.response,
    { cause: error },
  );
}

type Limiter = { schedule: (...args: unknown[]) => Promise<unknown> };

/** Stands in for a Bottleneck group: starts jobs at least `intervalMs` apart (what octokit's groups do). */
function spacedGroup(intervalMs: number): { key: () => Limiter } {
  let next = 0;
  const limiter: Limiter = {
    schedule: async (...args: unknown[]) => {
      // Bottleneck's signature: schedule([options,] fn, ...fnArgs).
      const [first, ...rest] = args;
      const [fn, ...fnArgs] = (typeof first === 'function' ? args : rest) as [
        (...a: unknown[]) => unknown,
        ...unknown[],
      ];
      const now = Date.now();
      const wait = Math.max(next - now, 0);
      next = Math.max(next, now) + intervalMs;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return fn(...fnArgs);
    },
  };
  return { key: () => limiter };
}

function resolveWriteInterval(option: number | undefined, env: NodeJS.ProcessEnv): number | undefined {
  if (option !== undefined) return option;
  const fromEnv = env.MLGATE_GITHUB_WRITE_INTERVAL_MS;
  if (fromEnv === undefined || fromEnv === '') return undefined;
  const value = Number(fromEnv);
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(
      `MLGATE_GITHUB_WRITE_INTERVAL_MS is "${fromEnv}": expected a number of milliseconds (0 or more).`,
    );
  }
  return value;
}

/** The retry delay: the option, else MLGATE_GITHUB_RETRY_DELAY_MS (end-to-end tests), else 1000 ms. */
function resolveRetryDelay(option: number | undefined, env: NodeJS.ProcessEnv): number {
  if (option !== undefined) return option;
  const fromEnv = env.MLGATE_GITHUB_RETRY_DELAY_MS;
  if (fromEnv === undefined || fromEnv === '') return 1000;
  const value = Number(fromEnv);
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(
      `MLGATE_GITHUB_RETRY_DELAY_MS is "${fromEnv}": expected a number of milliseconds (0 or more).`,
    );
  }
  return value;
}

/** An octokit for the GitHub API with retries and rate-limit handling. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const logger = options.logger;
  const retries = options.retries ?? DEFAULT_RETRIES;
  const maxWait = options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT_S;
  const rateLimitRetries = options.rateLimitRetries ?? DEFAULT_RATE_LIMIT_RETRIES;
  const baseUrl = (options.baseUrl || process.env.GITHUB_API_URL || DEFAULT_API_URL).replace(/\/+$/, '');
  const writeInterval = resolveWriteInterval(options.writeIntervalMs, process.env);

  const onLimit =
    (kind: 'primary' | 'secondary') =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const wait = retryAfter <= maxWait && retryCount < rateLimitRetries;
      if (wait) {
        logger?.warning(
          `GitHub ${kind} rate limit on ${request.method} ${request.url}: waiting ${retryAfter} s before retrying.`,
        );
      }
      return wait;
    };
  const throttle = {
    onRateLimit: onLimit('primary'),
    onSecondaryRateLimit: onLimit('secondary'),
    ...(writeInterval === undefined
      ? {}
      : { write: spacedGroup(writeInterval), notifications: spacedGroup(writeInterval) }),
  } as unknown as ThrottlingOptions;

  // Logs each failed attempt that the retry plugin will consider (it sits inside it).
  const logAttempts: OctokitPlugin = (octokit) => {
    octokit.hook.error('request', (error, request) => {
      if (isHttpError(error) && error.status >= 500) {
        logger?.info(`GitHub: ${request.method} ${request.url} failed (${error.status} ${error.message}).`);
      }
      throw error;
    });
  };
  // The outermost hook: a rate limit that was not waited out becomes a message naming it.
  const explainRateLimits: OctokitPlugin = (octokit) => {
    octokit.hook.error('request', (error) => {
      if (isHttpError(error) && rateLimitKind(error))
        throw describeRateLimit(error, maxWait, rateLimitRetries);
      throw error;
    });
  };

  return getOctokit(
    options.token,
    {
      baseUrl,
      userAgent: options.userAgent ?? 'mlgate',
      log: {
        debug: (m: string) => logger?.debug(m),
        info: (m: string) => logger?.debug(m),
        warn: (m: string) => logger?.warning(m),
        error: (m: string) => logger?.error(m),
      },
      retry: {
        retries,
        doNotRetry: NO_RETRY_STATUSES,
        retryAfterBaseValue: resolveRetryDelay(options.retryDelayMs, process.env),
      },
      throttle,
    },
    logAttempts,
    retry,
    throttling,
    explainRateLimits,
  );
}

/** The origin octokit uploads a release's assets to: the part of its `upload_url` before `/repos/`. */
export function releaseUploadBaseUrl(uploadUrl: string): string {
  const at = uploadUrl.indexOf('/repos/');
  if (at < 0) throw new Error(`unexpected release upload_url ${uploadUrl}`);
  return uploadUrl.slice(0, at);
}

/** GitHub's permission names (x-accepted-github-permissions) as the workflow `permissions:` block spells them. */
function acceptedPermissions(error: HttpErrorLike): string | undefined {
  const value = header(error, 'x-accepted-github-permissions');
  if (!value) return undefined;
  return value
    .split(';')
    .map((set) =>
      set
        .split(',')
        .map((p) => p.trim().replace('=', ': ').replace(/_/g, '-'))
        .join(', '),
    )
    .join(' or ');
}

function validationDetails(data: unknown): string {
  const body = data as { message?: string; errors?: unknown[] } | undefined;
  const errors = (body?.errors ?? []).map((e) => {
    if (typeof e === 'string') return e;
    const { resource, field, code, message } = e as Record<string, string | undefined>;
    return message ?? [[resource, field].filter(Boolean).join('.'), code].filter(Boolean).join(' ');
  });
  const message = (body?.message ?? 'Validation Failed').replace(/\s+/g, ' ').trim();
  return errors.length > 0 ? `${message}: ${errors.join('; ')}` : message;
}

export interface DescribeOptions {
  /** The permission the job needs for this call, as in `permissions:` (e.g. `contents: write`). */
  permission?: string;
  /** `owner/name`, for the 404 hint. */
  repository?: string;
}

/**
 * One line for users when a GitHub call fails: `what` says what mlgate was doing ("creating the
 * release model@v1.2.0"). 401 → the token; 403 → the `permissions:` the job needs; 404 → the token or
 * the repository; 422 → GitHub's field errors; rate limits → which limit and when it resets.
 */
export function describeGitHubError(error: unknown, what: string, options: DescribeOptions = {}): string {
  if (error instanceof GitHubRateLimitError) return `${what} failed: ${error.message}`;
  if (!isHttpError(error)) return `${what} failed: ${getErrorMessage(error)}`;
  const data = error.response?.data as { message?: string } | undefined;
  const githubMessage = (data?.message ?? error.message).split(' - https://')[0];
  const request = where(error.request);
  switch (error.status) {
    case 401:
      return (
        `${what} failed: GitHub refused the token (401 ${githubMessage}) on ${request}. ` +
        'Give the step a valid token (the default is ${{ github.token }}).'
      );
    case 403: {
      if (rateLimitKind(error)) return `${what} failed: ${describeRateLimit(error, 0, 0).message}`;
      if (/not accessible by integration/i.test(githubMessage)) {
        const permission = options.permission ?? acceptedPermissions(error);
        const block = permission
          ? `\`permissions: ${permission}\``
          : 'the permission it needs in `permissions:`';
        return (
          `${what} failed: the workflow's token may not do this (403 ${githubMessage} on ${request}). ` +
          `Give the job ${block}; on pull requests from forks the token is read-only whatever the workflow says.`
        );
      }
      return `${what} failed: GitHub answered 403 ${githubMessage} on ${request}.`;
    }
    case 404: {
      const repository = options.repository ? ` ${options.repository}` : '';
      return (
        `${what} failed: GitHub answered 404 Not Found on ${request}. Either it does not exist, or the token ` +
        `cannot see the repository${repository} (check GITHUB_REPOSITORY or the repository input, and that ` +
        'the token has access to it).'
      );
    }
    case 422:
      return `${what} failed: GitHub refused the request (422 ${validationDetails(error.response?.data)}) on ${request}.`;
    default:
      if (error.status >= 500 && !error.response) {
        return `${what} failed: could not reach GitHub (${error.message}) on ${request}, after retries.`;
      }
      return `${what} failed: GitHub answered ${error.status} ${githubMessage} on ${request}${error.status >= 500 ? ', after retries' : ''}.`;
  }
}

export interface Repository {
  owner: string;
  repo: string;
}

/** The repository the workflow runs in (GITHUB_REPOSITORY, `owner/name`). */
export function repoFromEnv(env: NodeJS.ProcessEnv = process.env): Repository {
  const value = env.GITHUB_REPOSITORY ?? '';
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(value);
  if (!match) {
    throw new ConfigurationError(
      value === ''
        ? 'GITHUB_REPOSITORY is not set: expected owner/name (it is set on GitHub Actions runners).'
        : `GITHUB_REPOSITORY is "${value}": expected owner/name.`,
    );
  }
  return { owner: match[1], repo: match[2] };
}

export interface PullRequestContext {
  number: number;
  /** The pull request's head commit: where check runs belong (GITHUB_SHA is the merge commit). */
  headSha: string;
  headRef: string;
  baseRef: string;
  /** The head lives in another repository: the token is read-only and secrets are absent. */
  fromFork: boolean;
  labels: string[];
}

export interface ActionsContext {
  eventName: string | undefined;
  repository: Repository | undefined;
  sha: string | undefined;
  ref: string | undefined;
  runId: number | undefined;
  serverUrl: string;
  /** `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` when all three are known. */
  runUrl: string | undefined;
  /** Set for pull_request and pull_request_target events. */
  pullRequest: PullRequestContext | undefined;
  payload: Record<string, unknown>;
}

/**
 * The workflow run's context, read when called (not at import time as @actions/github's `context`),
 * typed, and with what mlgate needs from a pull_request payload: the head sha, fork or not, labels.
 */
export function readActionsContext(
  env: NodeJS.ProcessEnv = process.env,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): ActionsContext {
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFile(env.GITHUB_EVENT_PATH)) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigurationError(
        `GITHUB_EVENT_PATH ${env.GITHUB_EVENT_PATH} could not be read as JSON: ${getErrorMessage(error)}`,
      );
    }
  }
  let repository: Repository | undefined;
  try {
    repository = repoFromEnv(env);
  } catch {
    repository = undefined;
  }
  const runId = env.GITHUB_RUN_ID ? Number(env.GITHUB_RUN_ID) : undefined;
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const pr = payload.pull_request as
    | {
        number?: number;
        head?: { sha?: string; ref?: string; repo?: { full_name?: string } | null };
        base?: { ref?: string; repo?: { full_name?: string } };
        labels?: { name?: string }[];
      }
    | undefined;
  let pullRequest: PullRequestContext | undefined;
  if (pr && typeof pr.number === 'number' && pr.head?.sha) {
    const headRepo = pr.head.repo?.full_name;
    const baseRepo = pr.base?.repo?.full_name;
    pullRequest = {
      number: pr.number,
      headSha: pr.head.sha,
      headRef: pr.head.ref ?? '',
      baseRef: pr.base?.ref ?? '',
      // A deleted fork has head.repo null: still a fork.
      fromFork:
        pr.head.repo === null || (headRepo !== undefined && baseRepo !== undefined && headRepo !== baseRepo),
      labels: (pr.labels ?? []).map((l) => l.name ?? '').filter((n) => n !== ''),
    };
  }
  return {
    eventName: env.GITHUB_EVENT_NAME || undefined,
    repository,
    sha: env.GITHUB_SHA || undefined,
    ref: env.GITHUB_REF || undefined,
    runId: Number.isFinite(runId) ? runId : undefined,
    serverUrl,
    runUrl:
      repository && Number.isFinite(runId)
        ? `${serverUrl}/${repository.owner}/${repository.repo}/actions/runs/${runId}`
        : undefined,
    pullRequest,
    payload,
  };
}
