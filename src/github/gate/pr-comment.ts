/**
 * The gate's sticky pull request comment: ONE per model, found by the hidden first line
 * `<!-- mlgate:gate:<model> -->` among the pull request's comments (every page), updated in place, and
 * created when missing. A create whose answer was lost is looked for before it is sent again, so a 502
 * after GitHub did the work cannot leave two comments.
 */
import { getErrorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { GitHubSideEffectError, escapeMarkerValue } from '../drift-issue.js';
import { describeGitHubError, isHttpError, type GitHubClient, type Repository } from '../octokit.js';

/** GitHub refuses longer comment bodies (422 "Body is too long"). */
export const MAX_COMMENT_LENGTH = 65_536;
const ATTEMPTS = 3;
const PERMISSION = 'pull-requests: write';

/**
 * The marker of a model's comment. The name is percent-encoded (escapeMarkerValue): it can neither end
 * the HTML comment nor spell another model's marker.
 */
export function gateCommentMarker(model: string): string {
  return `<!-- mlgate:gate:${escapeMarkerValue(model)} -->`;
}

export interface GateCommentRequest {
  pullNumber: number;
  model: string;
  /** The comment's Markdown; the marker is put first when it is not there already. */
  body: string;
}

export interface GateCommentResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
}

export interface CommentOptions {
  retryDelayMs?: number;
}

interface Found {
  id: number;
  url: string;
  body: string;
}

const NO_RETRY = { retries: 0 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function wrap(repo: Repository, error: unknown, what: string): unknown {
  if (!isHttpError(error)) return error;
  return new GitHubSideEffectError(
    describeGitHubError(error, what, { permission: PERMISSION, repository: `${repo.owner}/${repo.repo}` }),
    error.status,
    { cause: error },
  );
}

/** The model's comment: the first whose body starts with its marker (mlgate writes it first). */
async function findComment(
  client: GitHubClient,
  repo: Repository,
  pullNumber: number,
  marker: string,
): Promise<Found | undefined> {
  try {
    const params = { owner: repo.owner, repo: repo.repo, issue_number: pullNumber, per_page: 100 };
    for await (const page of client.paginate.iterator(client.rest.issues.listComments, params)) {
      for (const comment of page.data) {
        const body = comment.body ?? '';
        if (body === marker || body.startsWith(`${marker}\n`) || body.startsWith(`${marker}\r\n`))
          return { id: comment.id, url: comment.html_url, body };
      }
    }
    return undefined;
  } catch (error) {
    throw wrap(repo, error, `Listing the comments of pull request #${pullNumber}`);
  }
}

/** Creates or updates the model's comment on the pull request (see the file comment). */
export async function syncGateComment(
  client: GitHubClient,
  repo: Repository,
  request: GateCommentRequest,
  logger: Logger,
  options: CommentOptions = {},
): Promise<GateCommentResult> {
  const marker = gateCommentMarker(request.model);
  const body = request.body.startsWith(marker) ? request.body : `${marker}\n${request.body}`;
  if (body.length > MAX_COMMENT_LENGTH) {
    // The renderer keeps to the limit: a longer body is mlgate's bug, not the user's.
    throw new Error(`the gate comment is ${body.length} characters long; GitHub takes ${MAX_COMMENT_LENGTH}`);
  }
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const { pullNumber } = request;
  const existing = await findComment(client, repo, pullNumber, marker);
  if (existing) {
    if (existing.body === body) {
      logger.info(`The gate comment on pull request #${pullNumber} is up to date: ${existing.url}`);
      return { action: 'unchanged', id: existing.id, url: existing.url };
    }
    try {
      // An update sent twice leaves the same body: octokit's retries are safe here.
      await client.rest.issues.updateComment({
        owner: repo.owner,
        repo: repo.repo,
        comment_id: existing.id,
        body,
      });
    } catch (error) {
      throw wrap(repo, error, `Updating the gate comment on pull request #${pullNumber}`);
    }
    logger.info(`Updated the gate comment on pull request #${pullNumber}: ${existing.url}`);
    return { action: 'updated', id: existing.id, url: existing.url };
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const { data } = await client.rest.issues.createComment({
        owner: repo.owner,
        repo: repo.repo,
        issue_number: pullNumber,
        body,
        request: NO_RETRY,
      });
      logger.info(`Commented the gate's verdict on pull request #${pullNumber}: ${data.html_url}`);
      return { action: 'created', id: data.id, url: data.html_url };
    } catch (error) {
      const what = `Commenting on pull request #${pullNumber}`;
      if (!(isHttpError(error) && error.status >= 500) || attempt >= ATTEMPTS) throw wrap(repo, error, what);
      logger.info(`${what}: no answer from GitHub (${getErrorMessage(error)}); looking before trying again.`);
      await sleep(attempt * attempt * retryDelayMs);
      const found = await findComment(client, repo, pullNumber, marker);
      if (found) return { action: 'created', id: found.id, url: found.url };
    }
  }
}
