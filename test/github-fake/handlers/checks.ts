/** Check runs: conclusion only with status completed, annotations appended across updates. */
import { createHash } from 'node:crypto';
import {
  isSha,
  notFound,
  paginate,
  resolveCommitish,
  unprocessable,
  validationFailed,
  type Handler,
  type HandlerContext,
} from '../context.js';
import { checkRunShape } from '../shapes.js';
import type { CheckRunState } from '../state.js';

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: CheckRunState['status'];
  started_at?: string;
  conclusion?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: Record<string, unknown>[] };
}

/**
 * GitHub's rules (the description of `conclusion`): it is required with status `completed` or a
 * `completed_at`, and giving one sets the status to completed; a conclusion beside another explicit
 * status is refused. `stale` can only be set by GitHub.
 */
function applyStatus(ctx: HandlerContext, run: CheckRunState, body: CheckRunBody): void {
  if (body.conclusion !== undefined && body.status !== undefined && body.status !== 'completed') {
    throw unprocessable(ctx, `Invalid request.\n\n"conclusion" can only be given with status "completed".`);
  }
  if (body.conclusion === 'stale') {
    throw validationFailed(ctx, [{ resource: 'CheckRun', code: 'invalid', field: 'conclusion' }]);
  }
  const conclusion = body.conclusion ?? run.conclusion;
  if ((body.status === 'completed' || body.completed_at !== undefined) && !conclusion) {
    throw unprocessable(ctx, `Invalid request.\n\n"conclusion" wasn't supplied.`);
  }
  if (body.conclusion !== undefined) {
    run.status = 'completed';
    run.conclusion = body.conclusion;
    run.completedAt = body.completed_at ?? run.completedAt ?? ctx.world.now();
  } else if (body.status !== undefined) {
    run.status = body.status;
    if (body.status !== 'completed') {
      run.conclusion = null;
      run.completedAt = null;
    }
  }
  if (body.started_at !== undefined) run.startedAt = body.started_at;
}

function applyOutput(run: CheckRunState, body: CheckRunBody): void {
  if (!body.output) return;
  if (body.output.title !== undefined) run.output.title = body.output.title;
  if (body.output.summary !== undefined) run.output.summary = body.output.summary;
  if (body.output.text !== undefined) run.output.text = body.output.text;
  run.annotations.push(...(body.output.annotations ?? []));
}

const suiteId = (sha: string) => createHash('sha1').update(sha).digest().readUInt32BE(0);

const create: Handler = (ctx) => {
  const body = ctx.body as CheckRunBody & { name: string; head_sha: string };
  if (!isSha(body.head_sha)) {
    throw validationFailed(ctx, [
      {
        resource: 'CheckRun',
        code: 'invalid',
        field: 'head_sha',
        message: `No commit found for SHA: ${body.head_sha}`,
      },
    ]);
  }
  const run: CheckRunState = {
    id: ctx.world.nextId(),
    name: body.name,
    headSha: body.head_sha,
    status: 'queued',
    conclusion: null,
    startedAt: ctx.world.now(),
    completedAt: null,
    externalId: body.external_id ?? null,
    detailsUrl: body.details_url ?? null,
    output: { title: null, summary: null, text: null },
    annotations: [],
    checkSuiteId: suiteId(body.head_sha),
  };
  applyStatus(ctx, run, body);
  applyOutput(run, body);
  ctx.repo.checkRuns.push(run);
  return { status: 201, body: checkRunShape(ctx.urls, ctx.repo, run) };
};

function findRun(ctx: HandlerContext): CheckRunState {
  const run = ctx.repo.checkRuns.find((r) => r.id === ctx.params.check_run_id);
  if (!run) throw notFound(ctx);
  return run;
}

const update: Handler = (ctx) => {
  const run = findRun(ctx);
  const body = ctx.body as CheckRunBody;
  applyStatus(ctx, run, body);
  applyOutput(run, body);
  if (body.name !== undefined) run.name = body.name;
  if (body.details_url !== undefined) run.detailsUrl = body.details_url;
  if (body.external_id !== undefined) run.externalId = body.external_id;
  return { status: 200, body: checkRunShape(ctx.urls, ctx.repo, run) };
};

const get: Handler = (ctx) => ({ status: 200, body: checkRunShape(ctx.urls, ctx.repo, findRun(ctx)) });

const listForRef: Handler = (ctx) => {
  const sha = resolveCommitish(ctx.repo, String(ctx.params.ref));
  if (!sha) throw unprocessable(ctx, `No commit found for SHA: ${String(ctx.params.ref)}`);
  let runs = ctx.repo.checkRuns.filter((r) => r.headSha === sha);
  if (ctx.query.check_name) runs = runs.filter((r) => r.name === ctx.query.check_name);
  if (ctx.query.status) runs = runs.filter((r) => r.status === ctx.query.status);
  // filter=latest (the default): the most recent run of each name.
  if ((ctx.query.filter ?? 'latest') === 'latest') {
    runs = runs.filter((r) => !runs.some((other) => other.name === r.name && other.id > r.id));
  }
  runs = [...runs].sort((a, b) => b.id - a.id);
  return paginate(
    ctx,
    runs.map((r) => checkRunShape(ctx.urls, ctx.repo, r)),
    (page, total) => ({ total_count: total, check_runs: page }),
  );
};

export const checkHandlers: Record<string, Handler> = {
  'checks/create': create,
  'checks/update': update,
  'checks/get': get,
  'checks/list-for-ref': listForRef,
};
