/**
 * drift-check's issue on GitHub (issue 6 item 7, DESIGN §6): ONE open issue per model, found by a hidden
 * marker in its body; one comment per workflow run while drift persists (a rerun of the run updates its
 * comment); a comment and a close when drift clears. Creates are never blindly retried: after a create
 * whose answer was lost, the issue or comment is looked for before it is sent again, so a 502 after
 * GitHub did the work cannot leave two open issues for one model.
 */
import { randomUUID } from 'node:crypto';
import { ConfigurationError, getErrorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { describeGitHubError, isHttpError, type GitHubClient, type Repository } from './octokit.js';

/** GitHub refuses issue and comment bodies longer than this (422 "Body is too long"). */
export const MAX_BODY_LENGTH = 65_536;
/** GitHub refuses longer issue titles (422 "title is too long (maximum is 256 characters)"). */
export const MAX_TITLE_LENGTH = 256;
export const DEFAULT_DRIFT_LABELS: readonly string[] = ['mlgate-drift'];
const MAX_MODEL_LENGTH = 1000;
const MAX_RUN_URL_LENGTH = 2000;
const DEFAULT_RETRY_DELAY_MS = 1000;
/** Creates tried at most this many times (each after looking for the earlier attempt's result). */
const CREATE_ATTEMPTS = 3;
/** A cut moves back to the last line break when one is this close, so a table row is not halved. */
const LINE_BREAK_WINDOW = 2000;

/**
 * GitHub said no (4xx), could not be reached, or kept failing (5xx after retries). The message is the
 * one line for users (describeGitHubError: a 403 names the `permissions:` the job needs). Callers report
 * it as a warning (STYLE: a failed side effect is a warning); anything else thrown is a bug or a
 * ConfigurationError.
 */
export class GitHubSideEffectError extends Error {
  override readonly name = 'GitHubSideEffectError';
  constructor(
    message: string,
    /** The HTTP status; octokit reports a connection that failed as 500 without a response. */
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isGitHubSideEffectError(error: unknown): error is GitHubSideEffectError {
  return (
    error instanceof GitHubSideEffectError ||
    (error instanceof Error && error.name === 'GitHubSideEffectError')
  );
}

export interface DriftIssueInput {
  model: string;
  /** The drift verdict of this run. */
  drifted: boolean;
  /** False when there was too little data to test anything: the issue is then left as it is. */
  tested: boolean;
  /** The drift report (Markdown); truncated to fit GitHub's limit, with a line pointing at the run. */
  body: string;
  /** Title of a new issue (default `Data drift detected: <model>`). */
  title?: string;
  /** Labels of a new issue (default ['mlgate-drift']); the first one narrows the search for the issue. */
  labels?: readonly string[];
  /** The workflow run's page, linked from every body. */
  runUrl?: string;
  /** GITHUB_RUN_ID: one comment per run; a rerun (same id, any attempt) updates it. */
  runId?: string;
  /** GITHUB_RUN_ATTEMPT, shown in the footer. */
  runAttempt?: string;
  /** When drift is back and the model's last issue is closed: reopen it instead of opening a new one. */
  reopen?: boolean;
}

export type DriftIssueAction = 'opened' | 'commented' | 'updated' | 'closed' | 'none';

export interface DriftIssueResult {
  action: DriftIssueAction;
  issue?: { number: number; url: string };
  /** Set with action `opened` when the model's last closed issue was reopened (input.reopen). */
  reopened?: boolean;
}

export interface DriftIssueOptions {
  /** The n-th new attempt at a create whose answer was lost waits n² times this (default 1000 ms). */
  retryDelayMs?: number;
}

// ---------------------------------------------------------------------------------------------------
// Markers

/**
 * Percent-encodes every UTF-8 byte outside [A-Za-z0-9._~-]: the result has no space, `<`, `>` or `!`,
 * so it can neither end the HTML comment it sits in nor spell another marker, and the encoding is
 * one-to-one, so no model name can produce another model's marker.
 */
export function escapeMarkerValue(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The hidden line that ties an issue to a model: `<!-- mlgate:drift model=<escaped name> -->`. */
export function driftModelMarker(model: string): string {
  return `<!-- mlgate:drift model=${escapeMarkerValue(model)} -->`;
}

/** The hidden line that ties a comment (or the issue body) to a workflow run. */
export function driftRunMarker(runId: string): string {
  return `<!-- mlgate:drift-run id=${escapeMarkerValue(runId)} -->`;
}

const MODEL_MARKER = /<!-- mlgate:drift model=(\S*) -->/;
const RUN_MARKER = /<!-- mlgate:drift-run id=(\S*) -->/;

/**
 * The value of the FIRST marker of a kind in a body. mlgate writes its markers before the report, so a
 * marker quoted inside a report (a column named like one) never decides.
 */
function markedValue(body: string | null | undefined, pattern: RegExp): string | undefined {
  return pattern.exec(body ?? '')?.[1];
}

// ---------------------------------------------------------------------------------------------------
// Bodies

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Fences and <details> left open by a cut, closed so the truncation note renders as text. */
function closersFor(text: string): string {
  let fence: { char: string; length: number } | undefined;
  let openDetails = 0;
  for (const line of text.split('\n')) {
    const match = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      if (match && match[1][0] === fence.char && match[1].length >= fence.length && match[2].trim() === '')
        fence = undefined;
      continue;
    }
    if (match) {
      fence = { char: match[1][0], length: match[1].length };
      continue;
    }
    openDetails += (line.match(/<details\b/gi) ?? []).length - (line.match(/<\/details>/gi) ?? []).length;
  }
  let closing = fence ? `\n${fence.char.repeat(fence.length)}` : '';
  for (let i = 0; i < openDetails; i++) closing += '\n</details>';
  return closing;
}

/**
 * `content` cut to at most `budget` UTF-16 units (never fewer than GitHub's code points, so the bound
 * holds for any text), ending with `note`. The cut never splits a surrogate pair, prefers a line break,
 * and closes a code fence or <details> it leaves open.
 */
function truncateToFit(content: string, budget: number, note: string): string {
  if (content.length <= budget) return content;
  let end = budget - note.length;
  for (;;) {
    let cut = Math.max(end, 0);
    if (cut > 0 && isHighSurrogate(content.charCodeAt(cut - 1))) cut--;
    const lineBreak = content.lastIndexOf('\n', cut - 1);
    if (lineBreak >= 0 && cut - lineBreak < LINE_BREAK_WINDOW) cut = lineBreak;
    const kept = content.slice(0, cut).replace(/\s+$/, '');
    const text = kept + closersFor(kept) + note;
    if (text.length <= budget || cut === 0) return text.length <= budget ? text : note.slice(0, budget);
    end = cut - (text.length - budget);
  }
}

/** Inline Markdown for a name that may hold anything (a model name is user input). */
function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
}

interface RunInfo {
  /** The marker key: the run id, or a one-off key outside Actions (then every sync comments anew). */
  key: string;
  runId?: string;
  attempt?: string;
  url?: string;
}

function footer(run: RunInfo): string {
  const attempt = run.attempt && run.attempt !== '1' ? `, attempt ${run.attempt}` : '';
  const name = `workflow run${run.runId ? ` ${run.runId}` : ''}${attempt}`;
  const link = run.url ? `[${markdownText(name)}](${run.url})` : markdownText(name);
  return `\n\n---\n<sub>Posted by mlgate drift-check · ${link}</sub>\n`;
}

function truncationNote(run: RunInfo): string {
  const where = run.url ? `the artifacts of [the workflow run](${run.url})` : "the workflow run's artifacts";
  return (
    `\n\n> **Report truncated:** it is longer than the ${MAX_BODY_LENGTH.toLocaleString('en-US')} ` +
    `characters GitHub allows here. The full report is in ${where}.`
  );
}

/** `head` (markers, first lines) + the report + the footer, within GitHub's limit; head and footer intact. */
function composeBody(head: string, content: string, run: RunInfo): string {
  const tail = footer(run);
  const budget = MAX_BODY_LENGTH - head.length - tail.length;
  return head + truncateToFit(content.replace(/\s+$/, ''), budget, truncationNote(run)) + tail;
}

// ---------------------------------------------------------------------------------------------------
// Input

interface Validated {
  model: string;
  escapedModel: string;
  drifted: boolean;
  tested: boolean;
  body: string;
  title: string;
  labels: string[];
  run: RunInfo;
  reopen: boolean;
}

function validate(input: DriftIssueInput): Validated {
  const { model } = input;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new ConfigurationError(
      `The drift issue's model name is ${JSON.stringify(model)}: expected a non-empty name.`,
    );
  }
  if (model.length > MAX_MODEL_LENGTH) {
    throw new ConfigurationError(
      `The drift issue's model name is ${model.length} characters long: at most ${MAX_MODEL_LENGTH} are allowed.`,
    );
  }
  if (Buffer.from(model, 'utf8').toString('utf8') !== model) {
    throw new ConfigurationError(
      `The drift issue's model name ${JSON.stringify(model)} holds a lone UTF-16 surrogate: expected text.`,
    );
  }
  for (const key of ['drifted', 'tested'] as const) {
    if (typeof input[key] !== 'boolean') {
      throw new ConfigurationError(
        `syncDriftIssue: ${key} is ${JSON.stringify(input[key])}: expected true or false.`,
      );
    }
  }
  if (typeof input.body !== 'string') {
    throw new ConfigurationError(
      `syncDriftIssue: body is ${typeof input.body}: expected the report as Markdown.`,
    );
  }
  const labels = [...(input.labels ?? DEFAULT_DRIFT_LABELS)];
  for (const label of labels) {
    if (typeof label !== 'string' || label.trim() === '' || label.includes(',')) {
      throw new ConfigurationError(
        `The drift issue label ${JSON.stringify(label)} is not usable: expected a non-empty name without commas ` +
          '(GitHub filters issues by a comma-separated list of labels).',
      );
    }
  }
  let url: string | undefined;
  if (input.runUrl !== undefined && input.runUrl !== '') {
    let parsed: URL | undefined;
    try {
      parsed = new URL(input.runUrl);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || input.runUrl.length > MAX_RUN_URL_LENGTH) {
      throw new ConfigurationError(
        `The drift issue's run URL ${JSON.stringify(input.runUrl)} is not an http(s) URL of at most ` +
          `${MAX_RUN_URL_LENGTH} characters.`,
      );
    }
    // Parentheses would end the Markdown link early.
    url = parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  }
  const runId = input.runId === undefined || input.runId === '' ? undefined : String(input.runId);
  if (runId !== undefined && runId.length > 100) {
    throw new ConfigurationError(
      `The drift issue's run id is ${runId.length} characters long: at most 100 are allowed.`,
    );
  }
  const defaultTitle = `Data drift detected: ${model.replace(/\s+/g, ' ')}`;
  const title = input.title === undefined || input.title.trim() === '' ? defaultTitle : input.title;
  return {
    model,
    escapedModel: escapeMarkerValue(model),
    drifted: input.drifted,
    tested: input.tested,
    body: input.body,
    title: cutTitle(title),
    labels,
    run: {
      key: runId ?? `local-${randomUUID()}`,
      runId,
      attempt:
        input.runAttempt === undefined || input.runAttempt === '' ? undefined : String(input.runAttempt),
      url,
    },
    reopen: input.reopen ?? false,
  };
}

function cutTitle(title: string): string {
  if (title.length <= MAX_TITLE_LENGTH) return title;
  let cut = MAX_TITLE_LENGTH - 1;
  if (isHighSurrogate(title.charCodeAt(cut - 1))) cut--;
  return `${title.slice(0, cut)}…`;
}

// ---------------------------------------------------------------------------------------------------
// GitHub

interface Context {
  client: GitHubClient;
  repo: Repository;
  logger: Logger;
  input: Validated;
  retryDelayMs: number;
}

interface IssueRef {
  number: number;
  url: string;
  body: string | null | undefined;
}

interface CommentRef {
  id: number;
  url: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function wrap(ctx: Context, error: unknown, what: string): unknown {
  if (!isHttpError(error)) return error;
  return new GitHubSideEffectError(
    describeGitHubError(error, what, {
      // The job needs write whatever the call: naming read for the listing would only move the failure.
      permission: 'issues: write',
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

/** A 5xx or a dropped connection (octokit reports those as 500): the request may have been applied. */
const mayHaveBeenApplied = (error: unknown) => isHttpError(error) && error.status >= 500;

/**
 * A create sent once (no automatic retry: octokit's would repeat a POST GitHub may have applied), and
 * after a failure that may hide a success, looked for before it is sent again.
 */
async function createOnce<T>(
  ctx: Context,
  what: string,
  create: () => Promise<T>,
  lookAgain: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!mayHaveBeenApplied(error) || attempt >= CREATE_ATTEMPTS) throw wrap(ctx, error, what);
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

const NO_RETRY = { retries: 0 };

function issueListParams(ctx: Context, state: 'open' | 'closed') {
  const [filterLabel] = ctx.input.labels;
  return {
    owner: ctx.repo.owner,
    repo: ctx.repo.repo,
    state,
    ...(filterLabel === undefined ? {} : { labels: filterLabel }),
    per_page: 100,
  };
}

/** The model's open issue: every open issue with the label is read, the marker decides, PRs are skipped. */
async function findOpenIssue(ctx: Context): Promise<IssueRef | undefined> {
  const { client, input } = ctx;
  const matches = await call(
    ctx,
    `Listing the open drift issues of ${ctx.repo.owner}/${ctx.repo.repo}`,
    async () => {
      const found: IssueRef[] = [];
      const params = { ...issueListParams(ctx, 'open'), sort: 'created', direction: 'asc' } as const;
      for await (const page of client.paginate.iterator(client.rest.issues.listForRepo, params)) {
        for (const issue of page.data) {
          if (issue.pull_request) continue;
          if (markedValue(issue.body, MODEL_MARKER) !== input.escapedModel) continue;
          found.push({ number: issue.number, url: issue.html_url, body: issue.body });
        }
      }
      return found;
    },
  );
  if (matches.length > 1) {
    ctx.logger.warning(
      `There are ${matches.length} open drift issues for model ${input.model} ` +
        `(${matches.map((m) => `#${m.number}`).join(', ')}): mlgate uses the oldest, #${matches[0].number}; ` +
        'close the others.',
    );
  }
  return matches[0];
}

/** The model's most recently updated closed issue, for `reopen`. */
async function findClosedIssue(ctx: Context): Promise<IssueRef | undefined> {
  const { client, input } = ctx;
  return call(ctx, `Listing the closed drift issues of ${ctx.repo.owner}/${ctx.repo.repo}`, async () => {
    const params = { ...issueListParams(ctx, 'closed'), sort: 'updated', direction: 'desc' } as const;
    for await (const page of client.paginate.iterator(client.rest.issues.listForRepo, params)) {
      for (const issue of page.data) {
        if (issue.pull_request) continue;
        if (markedValue(issue.body, MODEL_MARKER) === input.escapedModel)
          return { number: issue.number, url: issue.html_url, body: issue.body };
      }
    }
    return undefined;
  });
}

async function findRunComment(ctx: Context, issueNumber: number): Promise<CommentRef | undefined> {
  const { client } = ctx;
  const wanted = escapeMarkerValue(ctx.input.run.key);
  return call(ctx, `Listing the comments of drift issue #${issueNumber}`, async () => {
    const params = { owner: ctx.repo.owner, repo: ctx.repo.repo, issue_number: issueNumber, per_page: 100 };
    for await (const page of client.paginate.iterator(client.rest.issues.listComments, params)) {
      for (const comment of page.data) {
        if (markedValue(comment.body, RUN_MARKER) === wanted)
          return { id: comment.id, url: comment.html_url };
      }
    }
    return undefined;
  });
}

/** This run's comment on the issue: updated when a rerun finds it, else created. */
async function upsertRunComment(
  ctx: Context,
  issueNumber: number,
  body: string,
): Promise<'updated' | 'commented'> {
  const { client, repo } = ctx;
  const existing = await findRunComment(ctx, issueNumber);
  if (existing) {
    await call(ctx, `Updating this run's comment on drift issue #${issueNumber}`, () =>
      client.rest.issues.updateComment({ owner: repo.owner, repo: repo.repo, comment_id: existing.id, body }),
    );
    return 'updated';
  }
  await createOnce(
    ctx,
    `Commenting on drift issue #${issueNumber}`,
    async () => {
      const { data } = await client.rest.issues.createComment({
        owner: repo.owner,
        repo: repo.repo,
        issue_number: issueNumber,
        body,
        request: NO_RETRY,
      });
      return { id: data.id, url: data.html_url };
    },
    () => findRunComment(ctx, issueNumber),
  );
  return 'commented';
}

function issueBody(input: Validated): string {
  const head = `${driftModelMarker(input.model)}\n${driftRunMarker(input.run.key)}\n\n`;
  return composeBody(head, input.body, input.run);
}

function driftCommentBody(input: Validated): string {
  return composeBody(`${driftRunMarker(input.run.key)}\n\n`, input.body, input.run);
}

function clearedCommentBody(input: Validated): string {
  const head =
    `${driftRunMarker(input.run.key)}\n\n**Drift cleared** for model ${markdownText(input.model)}: ` +
    'this run found no drift, so mlgate closes this issue.\n\n';
  return composeBody(head, input.body, input.run);
}

/**
 * Brings the model's drift issue in line with this run's verdict (see the file comment). Returns what
 * was done; throws a GitHubSideEffectError when GitHub says no (a warning for the caller) and a
 * ConfigurationError for unusable input.
 *
 * `tested: false` (too little data) never opens, comments on or closes anything and makes no request:
 * "not tested" is neither evidence of drift nor of its end.
 */
export async function syncDriftIssue(
  client: GitHubClient,
  repo: Repository,
  input: DriftIssueInput,
  logger: Logger,
  options: DriftIssueOptions = {},
): Promise<DriftIssueResult> {
  const valid = validate(input);
  const { model, run } = valid;
  if (!valid.tested) {
    logger.info(
      `Drift for model ${model} was not tested (too little data): its drift issue, if any, is left as it is.`,
    );
    return { action: 'none' };
  }
  const ctx: Context = {
    client,
    repo,
    logger,
    input: valid,
    retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
  };
  const base = { owner: repo.owner, repo: repo.repo };
  const open = await findOpenIssue(ctx);
  const ref = (issue: IssueRef) => ({ number: issue.number, url: issue.url });

  if (!valid.drifted) {
    if (!open) {
      logger.info(`No drift for model ${model} and no open drift issue: nothing to do.`);
      return { action: 'none' };
    }
    await upsertRunComment(ctx, open.number, clearedCommentBody(valid));
    await call(ctx, `Closing drift issue #${open.number}`, () =>
      client.rest.issues.update({
        ...base,
        issue_number: open.number,
        state: 'closed',
        state_reason: 'completed',
      }),
    );
    logger.info(`Drift for model ${model} cleared: closed drift issue #${open.number} (${open.url}).`);
    return { action: 'closed', issue: ref(open) };
  }

  if (open) {
    // A rerun of the run that opened the issue refreshes the issue itself.
    if (markedValue(open.body, RUN_MARKER) === escapeMarkerValue(run.key)) {
      await call(ctx, `Updating drift issue #${open.number}`, () =>
        client.rest.issues.update({ ...base, issue_number: open.number, body: issueBody(valid) }),
      );
      logger.info(
        `Drift for model ${model}: updated drift issue #${open.number} (a rerun of the run that opened it).`,
      );
      return { action: 'updated', issue: ref(open) };
    }
    const action = await upsertRunComment(ctx, open.number, driftCommentBody(valid));
    logger.info(
      `Drift for model ${model} persists: ${action === 'updated' ? "updated this run's comment on" : 'commented on'} ` +
        `drift issue #${open.number} (${open.url}).`,
    );
    return { action, issue: ref(open) };
  }

  if (valid.reopen) {
    const closed = await findClosedIssue(ctx);
    if (closed) {
      await call(ctx, `Reopening drift issue #${closed.number}`, () =>
        client.rest.issues.update({ ...base, issue_number: closed.number, state: 'open' }),
      );
      await upsertRunComment(ctx, closed.number, driftCommentBody(valid));
      logger.info(
        `Drift for model ${model} is back: reopened drift issue #${closed.number} (${closed.url}).`,
      );
      return { action: 'opened', issue: ref(closed), reopened: true };
    }
  }

  const body = issueBody(valid);
  const created = await createOnce(
    ctx,
    `Opening a drift issue for model ${model}`,
    async () => {
      const { data } = await client.rest.issues.create({
        ...base,
        title: valid.title,
        body,
        ...(valid.labels.length > 0 ? { labels: valid.labels } : {}),
        request: NO_RETRY,
      });
      const [filterLabel] = valid.labels;
      const labels = data.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')).toLowerCase());
      if (filterLabel !== undefined && !labels.includes(filterLabel.toLowerCase())) {
        // GitHub drops labels silently when the token may not set them; the next run would not find it.
        logger.warning(
          `Drift issue #${data.number} was opened without the label "${filterLabel}": mlgate finds the issue by ` +
            'that label, so later runs may open another. Create the label or give the token push access.',
        );
      }
      return { number: data.number, url: data.html_url, body: data.body };
    },
    () => findOpenIssue(ctx),
  );
  logger.info(`Drift for model ${model}: opened drift issue #${created.number} (${created.url}).`);
  return { action: 'opened', issue: ref(created) };
}
