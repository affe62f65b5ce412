/**
 * Overrides of a failed gate: the `override` input (with a reason; by = GITHUB_ACTOR) or a label on the
 * pull request (default `mlgate:override`; by = who applied it, from the most recent `labeled` event of
 * that label). Only people with triage access can label a pull request, which is what makes the label
 * a decision someone took; the login is recorded so the decision has a name.
 */
import { getErrorMessage } from '../../core/errors.js';
import type { OverrideRequest } from '../../core/gate/verdict.js';
import type { Logger } from '../../core/logger.js';
import { GitHubSideEffectError, isGitHubSideEffectError } from '../drift-issue.js';
import { describeGitHubError, isHttpError, type GitHubClient, type Repository } from '../octokit.js';

export { DEFAULT_OVERRIDE_LABEL } from '../../core/gate/policy.js';

const sameLabel = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function wrap(repo: Repository, error: unknown, what: string, permission: string): unknown {
  if (!isHttpError(error)) return error;
  return new GitHubSideEffectError(
    describeGitHubError(error, what, { permission, repository: `${repo.owner}/${repo.repo}` }),
    error.status,
    { cause: error },
  );
}

/** The login that most recently applied `label` to the pull request, or null when no event says so. */
export async function labelAppliedBy(
  client: GitHubClient,
  repo: Repository,
  pullNumber: number,
  label: string,
): Promise<string | null> {
  try {
    let by: string | null = null;
    const params = { owner: repo.owner, repo: repo.repo, issue_number: pullNumber, per_page: 100 };
    // Events come oldest first: the last labeled event of the label wins (it may have been re-applied).
    for await (const page of client.paginate.iterator(client.rest.issues.listEvents, params)) {
      for (const event of page.data) {
        const named = (event as { label?: { name?: string } }).label?.name;
        if (event.event === 'labeled' && named !== undefined && sameLabel(named, label))
          by = event.actor?.login ?? null;
      }
    }
    return by;
  } catch (error) {
    throw wrap(repo, error, `Reading who labelled pull request #${pullNumber}`, 'pull-requests: read');
  }
}

export interface PullRequestFacts {
  labels: string[];
  headSha: string;
}

/** The pull request's current labels and head commit (pulls/get). */
export async function readPullRequest(
  client: GitHubClient,
  repo: Repository,
  pullNumber: number,
): Promise<PullRequestFacts> {
  try {
    const { data } = await client.rest.pulls.get({
      owner: repo.owner,
      repo: repo.repo,
      pull_number: pullNumber,
    });
    return {
      labels: (data.labels ?? []).map((l) => l.name ?? '').filter((n) => n !== ''),
      headSha: data.head.sha,
    };
  } catch (error) {
    throw wrap(repo, error, `Reading pull request #${pullNumber}`, 'pull-requests: read');
  }
}

export interface OverrideSources {
  /** The `override` input. */
  input: boolean;
  /** `override-reason`: required with the input, added to a label's reason. */
  reason?: string;
  /** GITHUB_ACTOR: who ran the workflow that set the input. */
  actor?: string;
  /** The label that overrides (default mlgate:override). */
  label: string;
  /** The pull request, when there is one. */
  pullNumber?: number;
  /** Its labels (from the event payload or pulls/get). */
  labels?: readonly string[];
}

/**
 * The override asked for, if any: the input first (a committed decision), else the label. Who applied
 * the label is read from GitHub when a client is given; when that fails the override still holds
 * (the label is there) and `by` is null, with a warning naming the permission.
 */
export async function resolveOverride(
  sources: OverrideSources,
  github: { client: GitHubClient; repo: Repository } | undefined,
  logger: Logger,
): Promise<OverrideRequest | undefined> {
  if (sources.input) {
    return { via: 'input', by: sources.actor || null, reason: sources.reason ?? 'override input' };
  }
  const { pullNumber, label } = sources;
  if (pullNumber === undefined || !(sources.labels ?? []).some((l) => sameLabel(l, label))) return undefined;
  let by: string | null = null;
  if (github) {
    try {
      by = await labelAppliedBy(github.client, github.repo, pullNumber, label);
    } catch (error) {
      if (!isGitHubSideEffectError(error)) throw error;
      logger.warning(
        `The override label is on the pull request, but who applied it is unknown: ${getErrorMessage(error)}`,
      );
    }
  }
  const reason = `the label "${label}" is on pull request #${pullNumber}${sources.reason ? `: ${sources.reason}` : ''}`;
  return { via: 'label', by, reason, label };
}
