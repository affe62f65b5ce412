/**
 * The gate's check run (issue 4 item 6): ONE run per model, `mlgate gate: <model>`, on the pull
 * request's head commit. A rerun finds it by name (checks/list-for-ref with check_name) and updates it.
 *
 * GitHub takes at most 50 annotations per request and appends every request's annotations to the
 * run's: the first batch goes with the create (or the first update), the rest with further updates,
 * and the conclusion with the last. Because annotations are appended, no request that carries them is
 * sent twice blindly: each records in `external_id` a digest of the whole annotation list and how many
 * have been sent, so after a lost answer (5xx, reset) the run is read back before anything is resent,
 * and a rerun with the same annotations sends none of those already there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { getErrorMessage } from '../../core/errors.js';
import type { GateInputs } from '../../core/gate/inputs.js';
import { describeThreshold, type GateConclusion, type GateVerdict } from '../../core/gate/verdict.js';
import type { Logger } from '../../core/logger.js';
import { GitHubSideEffectError } from '../drift-issue.js';
import { describeGitHubError, isHttpError, type GitHubClient, type Repository } from '../octokit.js';

/** GitHub's limit per create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** mlgate sends at most this many annotations (20 requests); the rest are counted in the text. */
export const MAX_ANNOTATIONS = 1000;
/** GitHub's limit on output.summary and output.text. */
const MAX_OUTPUT = 65_535;
const MAX_TITLE = 255;
/** GitHub refuses an annotation message or raw_details above 64 KB. */
const MAX_ANNOTATION_MESSAGE = 60_000;
const ATTEMPTS = 3;
const PERMISSION = 'checks: write';

export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

/** The check run's name for a model: what branch protection lists as a required check. */
export function gateCheckRunName(model: string): string {
  return `mlgate gate: ${model.replace(/\s+/g, ' ').trim()}`;
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

export interface AnnotationTargets {
  /** GITHUB_WORKSPACE: annotation paths are relative to the repository root. */
  workspace: string;
  /** The mlgate config (as given, relative to the workspace or absolute): preferred as the path. */
  configPath?: string;
  /** Its text, to point at the line that names a metric. */
  configText?: string;
}

/** A path inside the workspace, relative to it with forward slashes; undefined outside it. */
function repoPath(path: string | undefined, workspace: string): string | undefined {
  if (!path) return undefined;
  const root = resolve(workspace);
  const rel = relative(root, resolve(root, path));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first line of the config that names the metric as a key or as `metric: name`, else 1. */
export function lineOfMetric(text: string | undefined, metric: string): number {
  if (!text) return 1;
  const name = escapeRegExp(metric);
  const key = new RegExp(`^\\s*(?:-\\s*)?["']?${name}["']?\\s*:`);
  const value = new RegExp(`^\\s*(?:-\\s*)?metric\\s*:\\s*["']?${name}["']?\\s*(?:#.*)?$`);
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((line) => key.test(line) || value.test(line));
  return at >= 0 ? at + 1 : 1;
}

/**
 * Annotations for the check run: every missed evaluation threshold (failure, or warning under
 * `evaluation: warn`) and every comparison check that failed (failure) or is inconclusive (warning),
 * on the config file when there is one (at the metric's line), else the model file, else the result file.
 */
export function gateAnnotations(
  inputs: GateInputs,
  verdict: GateVerdict,
  targets: AnnotationTargets,
): CheckRunAnnotation[] {
  const config = repoPath(targets.configPath, targets.workspace);
  const out: CheckRunAnnotation[] = [];
  const at = (modelPath: string | undefined, resultPath: string, metric: string) => {
    const path = config ?? repoPath(modelPath, targets.workspace) ?? repoPath(resultPath, targets.workspace);
    const line = config ? lineOfMetric(targets.configText, metric) : 1;
    return { path: path ?? resultPath, start_line: line, end_line: line };
  };
  const e = inputs.evaluation;
  if (e && verdict.policy.evaluation !== 'ignore') {
    for (const t of e.value.thresholds) {
      if (t.passed) continue;
      out.push({
        ...at(e.value.model.path, e.path, t.metric),
        annotation_level: verdict.policy.evaluation === 'fail' ? 'failure' : 'warning',
        title: cut(
          `${t.metric}${t.slice ? ` (${t.slice.column} = ${t.slice.value})` : ''} misses its threshold`,
          MAX_TITLE,
        ),
        message: cut(describeThreshold(t), MAX_ANNOTATION_MESSAGE),
      });
    }
  }
  const c = inputs.comparison;
  if (c) {
    for (const check of c.value.checks) {
      if (check.status === 'pass') continue;
      out.push({
        ...at(c.value.candidate.path, c.path, check.metric),
        annotation_level: check.status === 'fail' ? 'failure' : 'warning',
        title: cut(`${check.metric}: ${check.rule.replace(/_/g, ' ')} ${check.status}`, MAX_TITLE),
        message: cut(check.reason, MAX_ANNOTATION_MESSAGE),
      });
    }
  }
  return out;
}

export interface GateCheckRunRequest {
  name: string;
  headSha: string;
  conclusion: GateConclusion;
  title: string;
  /** Markdown, ≤ 65 535 characters (cut otherwise). */
  summary: string;
  text?: string;
  annotations: readonly CheckRunAnnotation[];
  /** The workflow run's page. */
  detailsUrl?: string;
}

export interface GateCheckRunResult {
  id: number;
  url: string;
  action: 'created' | 'updated';
  /** Create and update requests sent that GitHub applied. */
  requests: number;
  /** Annotations sent by this call (those a rerun found already there are not sent again). */
  annotationsSent: number;
  /** Annotations left out beyond MAX_ANNOTATIONS. */
  annotationsDropped: number;
}

export interface CheckRunOptions {
  /** The n-th new attempt after a lost answer waits n² times this (default 1000 ms). */
  retryDelayMs?: number;
  now?: () => Date;
}

interface ExistingRun {
  id: number;
  url: string;
  externalId: string | null;
  annotationsCount: number;
}

interface Context {
  client: GitHubClient;
  repo: Repository;
  logger: Logger;
  request: GateCheckRunRequest;
  retryDelayMs: number;
}

const NO_RETRY = { retries: 0 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A 5xx or a dropped connection (octokit reports those as 500): the request may have been applied. */
const mayHaveBeenApplied = (error: unknown) => isHttpError(error) && error.status >= 500;

function wrap(ctx: Context, error: unknown, what: string): unknown {
  if (!isHttpError(error)) return error;
  return new GitHubSideEffectError(
    describeGitHubError(error, what, {
      permission: PERMISSION,
      repository: `${ctx.repo.owner}/${ctx.repo.repo}`,
    }),
    error.status,
    { cause: error },
  );
}

async function call<T>(ctx: Context, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw wrap(ctx, error, what);
  }
}

/**
 * `mlgate-gate:<digest of the annotations>:<annotations sent>:<nonce of this sync>`. The digest and count
 * let a rerun skip annotations already there; the nonce makes a read-back after a lost answer match only
 * this sync's own request (a rerun with the same findings must not take an earlier run's mark for its
 * update: the conclusion may differ).
 */
const EXTERNAL_ID = /^mlgate-gate:([0-9a-f]{16}):(\d+)(?::[0-9a-f]+)?$/;
const externalId = (digest: string, sent: number, nonce: string) => `mlgate-gate:${digest}:${sent}:${nonce}`;

async function findRun(ctx: Context): Promise<ExistingRun | undefined> {
  const { client, repo, request } = ctx;
  return call(
    ctx,
    `Looking for the check run "${request.name}" on ${request.headSha.slice(0, 12)}`,
    async () => {
      const { data } = await client.rest.checks.listForRef({
        owner: repo.owner,
        repo: repo.repo,
        ref: request.headSha,
        check_name: request.name,
        filter: 'latest',
        per_page: 100,
      });
      // Newest first; the name is exact (GitHub's check_name filter is too).
      const run = data.check_runs.find((r) => r.name === request.name);
      return run
        ? {
            id: run.id,
            url: run.html_url ?? '',
            externalId: run.external_id ?? null,
            annotationsCount: run.output?.annotations_count ?? 0,
          }
        : undefined;
    },
  );
}

async function readExternalId(ctx: Context, id: number): Promise<string | null> {
  return call(ctx, `Reading check run ${id}`, async () => {
    const { data } = await ctx.client.rest.checks.get({
      owner: ctx.repo.owner,
      repo: ctx.repo.repo,
      check_run_id: id,
    });
    return data.external_id ?? null;
  });
}

/** Creates or updates the model's check run with the verdict and its annotations (see the file comment). */
export async function syncGateCheckRun(
  client: GitHubClient,
  repo: Repository,
  request: GateCheckRunRequest,
  logger: Logger,
  options: CheckRunOptions = {},
): Promise<GateCheckRunResult> {
  const ctx: Context = { client, repo, logger, request, retryDelayMs: options.retryDelayMs ?? 1000 };
  const now = options.now ?? (() => new Date());
  const all = request.annotations.slice(0, MAX_ANNOTATIONS);
  const dropped = request.annotations.length - all.length;
  const digest = createHash('sha256').update(JSON.stringify(all)).digest('hex').slice(0, 16);
  const nonce = randomBytes(4).toString('hex');

  const existing = await findRun(ctx);
  let sent = 0;
  let id = existing?.id;
  let url = existing?.url ?? '';
  if (existing) {
    const recorded = EXTERNAL_ID.exec(existing.externalId ?? '');
    if (recorded && recorded[1] === digest) sent = Math.min(Number(recorded[2]), all.length);
    else if (existing.annotationsCount > 0 && all.length > 0) {
      logger.info(
        `Check run "${request.name}" holds ${existing.annotationsCount} annotations of an earlier attempt with other findings: ` +
          'GitHub appends annotations and cannot remove them, so both sets are shown.',
      );
    }
  }
  const pending = all.slice(sent);
  const batches: CheckRunAnnotation[][] = [];
  for (let i = 0; i < pending.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(pending.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);

  let text = request.text ?? '';
  if (dropped > 0) {
    text += `\n\n${dropped} more annotations were left out (mlgate sends at most ${MAX_ANNOTATIONS}); verdict.json has every reason.`;
  }
  const output = (annotations: CheckRunAnnotation[]) => ({
    title: cut(request.title, MAX_TITLE),
    summary: cut(request.summary, MAX_OUTPUT),
    ...(text ? { text: cut(text, MAX_OUTPUT) } : {}),
    ...(annotations.length ? { annotations } : {}),
  });

  let requests = 0;
  let annotationsSent = 0;
  for (let i = 0; i < batches.length; i++) {
    const batch = batches[i];
    const last = i === batches.length - 1;
    const after = sent + batch.length;
    const expected = externalId(digest, after, nonce);
    const finish = last
      ? { status: 'completed' as const, conclusion: request.conclusion, completed_at: now().toISOString() }
      : {};
    const common = {
      owner: repo.owner,
      repo: repo.repo,
      external_id: expected,
      ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
      output: output(batch),
      request: NO_RETRY,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        if (id === undefined) {
          const { data } = await client.rest.checks.create({
            ...common,
            name: request.name,
            head_sha: request.headSha,
            ...(last ? finish : { status: 'in_progress' as const }),
          });
          id = data.id;
          url = data.html_url ?? '';
        } else {
          // An existing run keeps its status until the last request gives the conclusion.
          await client.rest.checks.update({ ...common, check_run_id: id, ...finish });
        }
        break;
      } catch (error) {
        const what =
          id === undefined ? `Creating the check run "${request.name}"` : `Updating check run ${id}`;
        if (!mayHaveBeenApplied(error) || attempt >= ATTEMPTS) throw wrap(ctx, error, what);
        logger.info(
          `${what}: no answer from GitHub (${getErrorMessage(error)}); looking before trying again.`,
        );
        await sleep(attempt * attempt * ctx.retryDelayMs);
        if (id === undefined) {
          const found = await findRun(ctx);
          if (found) {
            id = found.id;
            url = found.url;
            if (found.externalId === expected) break;
            // Found without this request's mark: the create did not land; send it as an update.
          }
        } else if ((await readExternalId(ctx, id)) === expected) {
          break;
        }
      }
    }
    requests++;
    annotationsSent += batch.length;
    sent = after;
  }
  const action = existing ? 'updated' : 'created';
  logger.info(
    `Check run "${request.name}" ${action} (${request.conclusion}, ${annotationsSent} annotation${annotationsSent === 1 ? '' : 's'} ` +
      `in ${requests} request${requests === 1 ? '' : 's'})${url ? `: ${url}` : ''}.`,
  );
  return { id: id!, url, action, requests, annotationsSent, annotationsDropped: dropped };
}
