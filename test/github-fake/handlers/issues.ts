/** Issues, pull requests (read), comments, labels and issue events. */
import {
  MAX_BODY_CHARACTERS,
  applyLabels,
  characterCount,
  findIssue,
  labelNames,
  notFound,
  paginate,
  validationFailed,
  type Handler,
  type HandlerContext,
} from '../context.js';
import {
  commentShape,
  fullRepositoryShape,
  issueEventShape,
  issueShape,
  labelShape,
  pullRequestShape,
} from '../shapes.js';
import type { CommentState, IssueState } from '../state.js';

interface IssueBody {
  title?: string | number | null;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: IssueState['stateReason'];
  labels?: unknown[];
}

const ownerUser = (ctx: HandlerContext) => ({
  login: ctx.repo.owner,
  id: 1000 + (ctx.repo.id % 1000),
  type: 'User' as const,
});

function checkBodyLength(ctx: HandlerContext, body: string | null | undefined, resource: string): void {
  // GitHub's answer, e.g. https://github.com/jmikedupont2/ai-ticket/issues/51 (IssueComment).
  if (body && characterCount(body) > MAX_BODY_CHARACTERS) {
    throw validationFailed(ctx, [
      {
        resource,
        code: 'unprocessable',
        field: 'data',
        message: `Body is too long (maximum is ${MAX_BODY_CHARACTERS} characters)`,
      },
    ]);
  }
}

const issueJson = (ctx: HandlerContext, issue: IssueState) => issueShape(ctx.urls, ctx.repo, issue);

const listForRepo: Handler = (ctx) => {
  const state = (ctx.query.state as string | undefined) ?? 'open';
  const wanted =
    typeof ctx.query.labels === 'string' && ctx.query.labels !== '' ? ctx.query.labels.split(',') : [];
  const since = ctx.query.since ? Date.parse(String(ctx.query.since)) : undefined;
  const sort = (ctx.query.sort as string | undefined) ?? 'created';
  const direction = (ctx.query.direction as string | undefined) ?? 'desc';
  const key = (i: IssueState) =>
    sort === 'updated'
      ? Date.parse(i.updatedAt)
      : sort === 'comments'
        ? ctx.repo.comments.filter((c) => c.issueNumber === i.number).length
        : i.number;
  const issues = ctx.repo.issues
    .filter((i) => state === 'all' || i.state === state)
    .filter((i) => wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w.trim().toLowerCase())))
    .filter((i) => since === undefined || Date.parse(i.updatedAt) >= since)
    .filter((i) => !ctx.query.creator || i.user.login === ctx.query.creator)
    .sort((a, b) => (direction === 'asc' ? key(a) - key(b) : key(b) - key(a)));
  return paginate(
    ctx,
    issues.map((i) => issueJson(ctx, i)),
  );
};

const create: Handler = (ctx) => {
  const body = ctx.body as IssueBody;
  checkBodyLength(ctx, body.body, 'Issue');
  const now = ctx.world.now();
  const issue: IssueState = {
    id: ctx.world.nextId(),
    number: Math.max(0, ...ctx.repo.issues.map((i) => i.number)) + 1,
    title: String(body.title),
    body: body.body ?? null,
    state: 'open',
    stateReason: null,
    labels: [],
    user: ctx.actor,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
    events: [],
  };
  ctx.repo.issues.push(issue);
  applyLabels(ctx, issue, labelNames(body.labels));
  return { status: 201, body: issueJson(ctx, issue) };
};

const get: Handler = (ctx) => ({
  status: 200,
  body: issueJson(ctx, findIssue(ctx, ctx.params.issue_number)),
});

const update: Handler = (ctx) => {
  const issue = findIssue(ctx, ctx.params.issue_number);
  const body = ctx.body as IssueBody;
  checkBodyLength(ctx, body.body, 'Issue');
  const now = ctx.world.now();
  if (body.title !== undefined && body.title !== null) issue.title = String(body.title);
  if (body.body !== undefined) issue.body = body.body;
  if (body.labels !== undefined) {
    issue.labels = [];
    applyLabels(ctx, issue, labelNames(body.labels));
  }
  if (body.state === 'closed' && issue.state === 'open') {
    issue.state = 'closed';
    issue.stateReason = body.state_reason ?? 'completed';
    issue.closedAt = now;
    issue.closedBy = ctx.actor;
    issue.events.push({ id: ctx.world.nextId(), event: 'closed', actor: ctx.actor, createdAt: now });
  } else if (body.state === 'open' && issue.state === 'closed') {
    issue.state = 'open';
    issue.stateReason = 'reopened';
    issue.closedAt = null;
    issue.closedBy = null;
    issue.events.push({ id: ctx.world.nextId(), event: 'reopened', actor: ctx.actor, createdAt: now });
  } else if (body.state_reason !== undefined && issue.state === 'closed') {
    issue.stateReason = body.state_reason;
  }
  issue.updatedAt = now;
  return { status: 200, body: issueJson(ctx, issue) };
};

const commentsOf = (ctx: HandlerContext, number: number) =>
  ctx.repo.comments.filter((c) => c.issueNumber === number);

const listComments: Handler = (ctx) => {
  const issue = findIssue(ctx, ctx.params.issue_number);
  const since = ctx.query.since ? Date.parse(String(ctx.query.since)) : undefined;
  const comments = commentsOf(ctx, issue.number).filter(
    (c) => since === undefined || Date.parse(c.updatedAt) >= since,
  );
  return paginate(
    ctx,
    comments.map((c) => commentShape(ctx.urls, ctx.repo, c)),
  );
};

const createComment: Handler = (ctx) => {
  const issue = findIssue(ctx, ctx.params.issue_number);
  const { body } = ctx.body as { body: string };
  checkBodyLength(ctx, body, 'IssueComment');
  const now = ctx.world.now();
  const comment: CommentState = {
    id: ctx.world.nextId(),
    issueNumber: issue.number,
    body,
    user: ctx.actor,
    createdAt: now,
    updatedAt: now,
  };
  ctx.repo.comments.push(comment);
  issue.updatedAt = now;
  return { status: 201, body: commentShape(ctx.urls, ctx.repo, comment) };
};

function findComment(ctx: HandlerContext): CommentState {
  const comment = ctx.repo.comments.find((c) => c.id === ctx.params.comment_id);
  if (!comment) throw notFound(ctx);
  return comment;
}

const updateComment: Handler = (ctx) => {
  const comment = findComment(ctx);
  const { body } = ctx.body as { body: string };
  checkBodyLength(ctx, body, 'IssueComment');
  comment.body = body;
  comment.updatedAt = ctx.world.now();
  return { status: 200, body: commentShape(ctx.urls, ctx.repo, comment) };
};

const deleteComment: Handler = (ctx) => {
  const comment = findComment(ctx);
  ctx.repo.comments.splice(ctx.repo.comments.indexOf(comment), 1);
  return { status: 204 };
};

const listEvents: Handler = (ctx) => {
  const issue = findIssue(ctx, ctx.params.issue_number);
  return paginate(
    ctx,
    issue.events.map((e) => issueEventShape(ctx.urls, ctx.repo, e)),
  );
};

const issueLabels = (ctx: HandlerContext, issue: IssueState) =>
  issue.labels.map((name) =>
    labelShape(
      ctx.urls,
      ctx.repo,
      ctx.repo.labels.find((l) => l.name === name)!,
    ),
  );

const addLabels: Handler = (ctx) => {
  const issue = findIssue(ctx, ctx.params.issue_number);
  // The body is `{labels: [...]}`, a bare array, or `{labels: [{name}]}`.
  const body = ctx.body as { labels?: unknown[] } | unknown[];
  applyLabels(ctx, issue, labelNames(Array.isArray(body) ? body : body.labels));
  issue.updatedAt = ctx.world.now();
  return { status: 200, body: issueLabels(ctx, issue) };
};

const removeLabel: Handler = (ctx) => {
  const issue = findIssue(ctx, ctx.params.issue_number);
  const name = String(ctx.params.name);
  const index = issue.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
  if (index < 0) throw notFound(ctx, 'Label does not exist');
  const [removed] = issue.labels.splice(index, 1);
  const label = ctx.repo.labels.find((l) => l.name === removed)!;
  issue.events.push({
    id: ctx.world.nextId(),
    event: 'unlabeled',
    actor: ctx.actor,
    createdAt: ctx.world.now(),
    label: { name: label.name, color: label.color },
  });
  return { status: 200, body: issueLabels(ctx, issue) };
};

const createLabel: Handler = (ctx) => {
  const body = ctx.body as { name: string; color?: string; description?: string };
  if (ctx.repo.labels.some((l) => l.name.toLowerCase() === body.name.toLowerCase())) {
    throw validationFailed(ctx, [{ resource: 'Label', code: 'already_exists', field: 'name' }]);
  }
  const label = {
    id: ctx.world.nextId(),
    name: body.name,
    color: (body.color ?? 'ededed').replace(/^#/, ''),
    description: body.description ?? null,
  };
  ctx.repo.labels.push(label);
  return { status: 201, body: labelShape(ctx.urls, ctx.repo, label) };
};

const getLabel: Handler = (ctx) => {
  const name = String(ctx.params.name).toLowerCase();
  const label = ctx.repo.labels.find((l) => l.name.toLowerCase() === name);
  if (!label) throw notFound(ctx);
  return { status: 200, body: labelShape(ctx.urls, ctx.repo, label) };
};

const getPull: Handler = (ctx) => {
  const issue = ctx.repo.issues.find((i) => i.number === ctx.params.pull_number && i.pullRequest);
  if (!issue) throw notFound(ctx);
  return { status: 200, body: pullRequestShape(ctx.urls, ctx.repo, issue, ownerUser(ctx)) };
};

const getRepo: Handler = (ctx) => ({
  status: 200,
  body: fullRepositoryShape(ctx.urls, ctx.repo, ownerUser(ctx)),
});

export const issueHandlers: Record<string, Handler> = {
  'issues/list-for-repo': listForRepo,
  'issues/create': create,
  'issues/get': get,
  'issues/update': update,
  'issues/list-comments': listComments,
  'issues/create-comment': createComment,
  'issues/update-comment': updateComment,
  'issues/delete-comment': deleteComment,
  'issues/list-events': listEvents,
  'issues/add-labels': addLabels,
  'issues/remove-label': removeLabel,
  'issues/create-label': createLabel,
  'issues/get-label': getLabel,
  'pulls/get': getPull,
  'repos/get': getRepo,
};
