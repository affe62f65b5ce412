/** Deployments and their statuses, and the two dispatch events. */
import {
  newestFirst,
  notFound,
  paginate,
  resolveCommitish,
  unprocessable,
  type Handler,
  type HandlerContext,
} from '../context.js';
import { deploymentShape, deploymentStatusShape } from '../shapes.js';
import type { DeploymentState, DeploymentStatusState } from '../state.js';

interface DeploymentBody {
  ref: string;
  task?: string;
  payload?: Record<string, unknown> | string;
  environment?: string;
  description?: string | null;
  transient_environment?: boolean;
  production_environment?: boolean;
}

/**
 * GitHub also checks the ref's commit statuses (`required_contexts`) and may merge the default branch
 * first (`auto_merge`); the fake has neither statuses nor merges and creates the deployment (201).
 */
const create: Handler = (ctx) => {
  const body = ctx.body as DeploymentBody;
  const sha = resolveCommitish(ctx.repo, body.ref);
  if (!sha) throw unprocessable(ctx, `No ref found for: ${body.ref}`);
  const environment = body.environment ?? 'production';
  const now = ctx.world.now();
  const deployment: DeploymentState = {
    id: ctx.world.nextId(),
    ref: body.ref,
    sha,
    task: body.task ?? 'deploy',
    environment,
    description: body.description ?? '',
    payload: body.payload ?? {},
    transientEnvironment: body.transient_environment ?? false,
    productionEnvironment: body.production_environment ?? environment === 'production',
    creator: ctx.actor,
    createdAt: now,
    updatedAt: now,
    statuses: [],
  };
  ctx.repo.deployments.push(deployment);
  return { status: 201, body: deploymentShape(ctx.urls, ctx.repo, deployment) };
};

function findDeployment(ctx: HandlerContext): DeploymentState {
  const deployment = ctx.repo.deployments.find((d) => d.id === ctx.params.deployment_id);
  if (!deployment) throw notFound(ctx);
  return deployment;
}

const list: Handler = (ctx) => {
  const q = ctx.query;
  const deployments = newestFirst(ctx.repo.deployments).filter(
    (d) =>
      (!q.sha || d.sha === q.sha) &&
      (!q.ref || d.ref === q.ref) &&
      (!q.task || d.task === q.task) &&
      (q.environment === undefined || q.environment === null || d.environment === q.environment),
  );
  return paginate(
    ctx,
    deployments.map((d) => deploymentShape(ctx.urls, ctx.repo, d)),
  );
};

interface StatusBody {
  state: DeploymentStatusState['state'];
  target_url?: string;
  log_url?: string;
  description?: string;
  environment?: string;
  environment_url?: string;
  auto_inactive?: boolean;
}

/**
 * `auto_inactive` (default true), as its description says: a new status adds `inactive` to the earlier
 * non-transient, non-production deployments of the same environment that had a `success` state. The fake
 * does it for a new `success` only (a pending deployment does not retire the live one).
 */
const createStatus: Handler = (ctx) => {
  const deployment = findDeployment(ctx);
  const body = ctx.body as StatusBody;
  if (body.environment) deployment.environment = body.environment;
  const now = ctx.world.now();
  const status = (state: DeploymentStatusState['state'], description: string): DeploymentStatusState => ({
    id: ctx.world.nextId(),
    state,
    description,
    environment: deployment.environment,
    targetUrl: body.target_url ?? body.log_url ?? '',
    logUrl: body.log_url ?? body.target_url ?? '',
    environmentUrl: body.environment_url ?? '',
    creator: ctx.actor,
    createdAt: now,
    updatedAt: now,
  });
  const created = status(body.state, (body.description ?? '').slice(0, 140));
  deployment.statuses.push(created);
  deployment.updatedAt = now;
  if (body.state === 'success' && (body.auto_inactive ?? true)) {
    for (const other of ctx.repo.deployments) {
      if (other.id >= deployment.id || other.environment !== deployment.environment) continue;
      if (other.transientEnvironment || other.productionEnvironment) continue;
      const latest = other.statuses.at(-1);
      if (latest?.state === 'success')
        other.statuses.push({ ...status('inactive', ''), targetUrl: '', logUrl: '' });
    }
  }
  return { status: 201, body: deploymentStatusShape(ctx.urls, ctx.repo, deployment, created) };
};

const listStatuses: Handler = (ctx) => {
  const deployment = findDeployment(ctx);
  return paginate(
    ctx,
    newestFirst(deployment.statuses).map((s) => deploymentStatusShape(ctx.urls, ctx.repo, deployment, s)),
  );
};

const repositoryDispatch: Handler = (ctx) => {
  const body = ctx.body as { event_type: string; client_payload?: Record<string, unknown> };
  ctx.repo.dispatches.push({
    kind: 'repository_dispatch',
    eventType: body.event_type,
    clientPayload: body.client_payload ?? {},
    at: ctx.world.now(),
  });
  return { status: 204 };
};

const workflowDispatch: Handler = (ctx) => {
  const body = ctx.body as { ref: string; inputs?: Record<string, unknown>; return_run_details?: boolean };
  if (!resolveCommitish(ctx.repo, body.ref)) throw unprocessable(ctx, `No ref found for: ${body.ref}`);
  ctx.repo.dispatches.push({
    kind: 'workflow_dispatch',
    workflowId: String(ctx.params.workflow_id),
    ref: body.ref,
    inputs: body.inputs ?? {},
    at: ctx.world.now(),
  });
  if (!body.return_run_details) return { status: 204 };
  const runId = ctx.world.nextId();
  return {
    status: 200,
    body: {
      workflow_run_id: runId,
      run_url: `${ctx.urls.api}/repos/${ctx.repo.fullName}/actions/runs/${runId}`,
      html_url: `${ctx.urls.web}/${ctx.repo.fullName}/actions/runs/${runId}`,
    },
  };
};

export const deploymentHandlers: Record<string, Handler> = {
  'repos/create-deployment': create,
  'repos/list-deployments': list,
  'repos/create-deployment-status': createStatus,
  'repos/list-deployment-statuses': listStatuses,
  'repos/create-dispatch-event': repositoryDispatch,
  'actions/create-workflow-dispatch': workflowDispatch,
};
