import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SubsetOperation } from './openapi.js';
import type { TokenPermissions } from './permissions.js';
import type { Urls } from './shapes.js';
import type { FakeUser, IssueState, LabelState, RepoState } from './state.js';

/** Ids, clock and shared lookups of one fake server. */
export class World {
  private id = 1000;
  readonly repos = new Map<string, RepoState>();
  constructor(private readonly clock: () => Date) {}

  nextId(): number {
    return ++this.id;
  }

  /** GitHub's timestamps: ISO 8601 to the second, in UTC. */
  now(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  /** A fresh 40-hex object id. */
  sha(): string {
    return createHash('sha1').update(`object-${this.nextId()}-${Math.random()}`).digest('hex');
  }

  findRepo(owner: string, name: string): RepoState | undefined {
    // Owner and repository names are not case sensitive on GitHub.
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }
}

export interface HandlerContext {
  operationId: string;
  operation: SubsetOperation;
  repo: RepoState;
  /** Path parameters, coerced to their schema types (release_id is a number). */
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  /** Parsed JSON, or the raw bytes for uploads. */
  body: unknown;
  headers: IncomingHttpHeaders;
  actor: FakeUser;
  permissions: TokenPermissions | undefined;
  urls: Urls;
  world: World;
  /** The request's URL as the client sent it (absolute, on the fake's origin). */
  url: URL;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: HandlerContext) => HandlerResult;

/** A GitHub error answer; handlers throw it. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

const docs = (ctx: HandlerContext) => ctx.operation.documentationUrl ?? 'https://docs.github.com/rest';

export function notFound(ctx: HandlerContext, message = 'Not Found'): GitHubError {
  return new GitHubError(404, { message, documentation_url: docs(ctx), status: '404' });
}

/** GitHub's 422 with a list of field errors (`already_exists`, `invalid`, `custom`, …). */
export function validationFailed(
  ctx: HandlerContext,
  errors: { resource: string; code: string; field: string; message?: string }[],
): GitHubError {
  return new GitHubError(422, {
    message: 'Validation Failed',
    errors,
    documentation_url: docs(ctx),
    status: '422',
  });
}

/** GitHub's 422 with a message only (the git API answers this way). */
export function unprocessable(ctx: HandlerContext, message: string): GitHubError {
  return new GitHubError(422, { message, documentation_url: docs(ctx), status: '422' });
}

/**
 * One page of a list with GitHub's Link header (`per_page` default 30, at most 100; `page` from 1).
 * `wrap` turns the page into a namespaced body (`{total_count, check_runs}`).
 */
export function paginate<T>(
  ctx: HandlerContext,
  items: T[],
  wrap?: (page: T[], total: number) => unknown,
): HandlerResult {
  const perPage = Math.min(Math.max(Number(ctx.query.per_page ?? 30), 1), 100);
  const page = Math.max(Number(ctx.query.page ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string) => {
    const url = new URL(ctx.url);
    url.searchParams.set('page', String(n));
    return `<${url.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return {
    status: 200,
    body: wrap ? wrap(slice, items.length) : slice,
    headers: links.length > 0 ? { link: links.join(', ') } : undefined,
  };
}

export const isSha = (value: string) => /^[0-9a-f]{40}$/.test(value);

/** Resolves a branch, tag or commit sha to a commit sha (annotated tags are peeled). */
export function resolveCommitish(repo: RepoState, commitish: string): string | undefined {
  if (isSha(commitish)) return commitish;
  const candidates = commitish.startsWith('refs/')
    ? [commitish]
    : [`refs/heads/${commitish}`, `refs/tags/${commitish}`, `refs/${commitish}`];
  for (const name of candidates) {
    const ref = repo.refs.get(name);
    if (!ref) continue;
    if (ref.type === 'commit') return ref.sha;
    return repo.tagObjects.get(ref.sha)?.object.sha;
  }
  return undefined;
}

/** Labels come into being when first applied (issues/create, add-labels), as on GitHub. */
export function ensureLabel(ctx: HandlerContext, name: string): LabelState {
  let label = ctx.repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  if (!label) {
    label = { id: ctx.world.nextId(), name, color: 'ededed', description: null };
    ctx.repo.labels.push(label);
  }
  return label;
}

/** Adds labels to an issue, recording a `labeled` event by the actor for each new one. */
export function applyLabels(ctx: HandlerContext, issue: IssueState, names: string[]): void {
  for (const name of names) {
    const label = ensureLabel(ctx, name);
    if (issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) continue;
    issue.labels.push(label.name);
    issue.events.push({
      id: ctx.world.nextId(),
      event: 'labeled',
      actor: ctx.actor,
      createdAt: ctx.world.now(),
      label: { name: label.name, color: label.color },
    });
  }
}

/** Issue and comment bodies: GitHub refuses more than 65 536 characters. */
export const MAX_BODY_CHARACTERS = 65_536;

export function characterCount(text: string): number {
  // GitHub counts characters (code points), not UTF-16 units.
  return Array.from(text).length;
}

export function findIssue(ctx: HandlerContext, number: unknown): IssueState {
  const issue = ctx.repo.issues.find((i) => i.number === number);
  if (!issue) throw notFound(ctx);
  return issue;
}

export const labelNames = (labels: unknown): string[] =>
  ((labels as unknown[] | undefined) ?? []).map((l) =>
    typeof l === 'string' ? l : String((l as { name: string }).name),
  );

/** Newest first, GitHub's order for releases, deployments and statuses. */
export const newestFirst = <T extends { id: number }>(items: T[]) => [...items].sort((a, b) => b.id - a.id);
