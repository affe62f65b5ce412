/**
 * drift-check's retraining trigger (issue 6 item 7): a `repository_dispatch` event or a
 * `workflow_dispatch` of a named workflow, carrying the model, its drifted columns and the run's URL.
 * The spec is checked against GitHub's limits before any request, so a bad configuration fails as a
 * ConfigurationError instead of a 422 at the end of a long drift job.
 */
import { ConfigurationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { GitHubSideEffectError } from './drift-issue.js';
import { describeGitHubError, isHttpError, type GitHubClient, type Repository } from './octokit.js';

/** `client_payload`: "The maximum number of top-level properties is 10" (create-a-repository-dispatch-event). */
export const REPOSITORY_DISPATCH_MAX_PROPERTIES = 10;
/** `client_payload`: "The total size of the JSON payload must be less than 64KB". */
export const REPOSITORY_DISPATCH_MAX_BYTES = 64 * 1024;
/** `event_type`: "Must be 100 characters or fewer". */
export const EVENT_TYPE_MAX_LENGTH = 100;
/**
 * `inputs` of create-a-workflow-dispatch-event: maxProperties 25 in GitHub's description (raised from
 * 10 on github.com in December 2025; older GitHub Enterprise Server versions still allow 10).
 */
export const WORKFLOW_DISPATCH_MAX_INPUTS = 25;
/** The drifted columns sent, as JSON, are cut to this many characters (whole names only). */
export const DRIFTED_COLUMNS_MAX_LENGTH = 4000;

/** What the retraining workflow is told. */
export interface RetrainingFacts {
  model: string;
  /** Every drifted column; as many as fit in DRIFTED_COLUMNS_MAX_LENGTH are sent, in this order. */
  driftedColumns: readonly string[];
  /** The drift run's page. */
  runUrl?: string;
  /**
   * More keys for the receiving workflow. repository_dispatch: any JSON value (within 10 top-level
   * properties in all); workflow_dispatch: strings, finite numbers or booleans (sent as strings), each a
   * declared input of the workflow.
   */
  extra?: Record<string, unknown>;
}

export type RetrainingSpec =
  | { kind: 'repository_dispatch'; eventType: string; payload: RetrainingFacts }
  | {
      kind: 'workflow_dispatch';
      /** The workflow's file name (`retrain.yml`; a leading `.github/workflows/` is dropped) or numeric id. */
      workflow: string | number;
      /** The branch or tag whose version of the workflow runs. */
      ref: string;
      inputs: RetrainingFacts;
    };

/** The request a spec becomes, validated. */
export type RetrainingRequest =
  | { kind: 'repository_dispatch'; event_type: string; client_payload: Record<string, unknown> }
  | { kind: 'workflow_dispatch'; workflow_id: string | number; ref: string; inputs: Record<string, string> };

export interface RetrainingResult {
  request: RetrainingRequest;
  /** The started run, when GitHub returns it (workflow_dispatch with return_run_details). */
  workflowRun?: { id: number; url: string };
}

/** Keys mlgate fills in; `extra` may not reuse them. */
const RESERVED_PAYLOAD_KEYS = ['model', 'drifted_columns', 'drifted_column_count', 'run_url'];
const RESERVED_INPUT_KEYS = ['model', 'drifted_columns', 'run_url'];
/** Workflow input ids: a letter or `_`, then letters, digits, `-` or `_` (workflow syntax for inputs). */
const INPUT_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function fail(message: string): never {
  throw new ConfigurationError(`Retraining dispatch: ${message}`);
}

/** As many whole column names as fit in `maxLength` characters of JSON, in order. */
function boundedColumns(columns: readonly string[]): string[] {
  const kept: string[] = [];
  let length = 2; // []
  for (const column of columns) {
    const next = JSON.stringify(column).length + (kept.length > 0 ? 1 : 0);
    if (length + next > DRIFTED_COLUMNS_MAX_LENGTH) break;
    kept.push(column);
    length += next;
  }
  return kept;
}

function checkFacts(facts: RetrainingFacts | undefined, field: 'payload' | 'inputs'): RetrainingFacts {
  if (typeof facts !== 'object' || facts === null) {
    return fail(`${field} is missing: expected {model, driftedColumns, runUrl?}.`);
  }
  const { model, driftedColumns, runUrl, extra } = facts;
  if (typeof model !== 'string' || model.trim() === '') {
    fail(`${field}.model is ${JSON.stringify(model)}: expected the model's name.`);
  }
  if (!Array.isArray(driftedColumns) || driftedColumns.some((c) => typeof c !== 'string')) {
    fail(`${field}.driftedColumns must be a list of column names.`);
  }
  if (runUrl !== undefined && !/^https?:\/\/\S+$/.test(runUrl)) {
    fail(`${field}.runUrl is ${JSON.stringify(runUrl)}: expected an http(s) URL.`);
  }
  if (extra !== undefined && (typeof extra !== 'object' || extra === null || Array.isArray(extra))) {
    fail(`${field}.extra must be an object of keys and values.`);
  }
  return facts;
}

function repositoryDispatchRequest(eventType: unknown, facts: RetrainingFacts): RetrainingRequest {
  if (typeof eventType !== 'string' || eventType.trim() === '' || eventType.length > EVENT_TYPE_MAX_LENGTH) {
    fail(
      `the event type is ${JSON.stringify(eventType)}: expected a name of 1 to ${EVENT_TYPE_MAX_LENGTH} ` +
        "characters (the `types:` of the retraining workflow's `on: repository_dispatch`).",
    );
  }
  const payload: Record<string, unknown> = {
    model: facts.model,
    drifted_columns: boundedColumns(facts.driftedColumns),
    drifted_column_count: facts.driftedColumns.length,
    ...(facts.runUrl === undefined ? {} : { run_url: facts.runUrl }),
  };
  for (const [key, value] of Object.entries(facts.extra ?? {})) {
    if (RESERVED_PAYLOAD_KEYS.includes(key)) fail(`payload.extra.${key} is a key mlgate sets itself.`);
    if (key === '') fail('payload.extra has an empty key.');
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined;
    }
    if (json === undefined) fail(`payload.extra.${key} is not a JSON value.`);
    payload[key] = value;
  }
  const keys = Object.keys(payload);
  if (keys.length > REPOSITORY_DISPATCH_MAX_PROPERTIES) {
    fail(
      `the client_payload would have ${keys.length} top-level keys (${keys.join(', ')}); GitHub allows ` +
        `${REPOSITORY_DISPATCH_MAX_PROPERTIES}. Send fewer extra keys, or nest them in one object.`,
    );
  }
  const bytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (bytes >= REPOSITORY_DISPATCH_MAX_BYTES) {
    fail(
      `the client_payload is ${bytes} bytes of JSON; GitHub takes less than ${REPOSITORY_DISPATCH_MAX_BYTES}.`,
    );
  }
  return { kind: 'repository_dispatch', event_type: eventType, client_payload: payload };
}

function workflowId(workflow: unknown): string | number {
  if (typeof workflow === 'number' && Number.isSafeInteger(workflow) && workflow > 0) return workflow;
  if (typeof workflow === 'string') {
    const name = workflow
      .trim()
      .replace(/^\.\//, '')
      .replace(/^\.github\/workflows\//, '');
    if (/^\d+$/.test(name)) return Number(name);
    if (/^[^/\\\s]+\.ya?ml$/.test(name)) return name;
  }
  return fail(
    `the workflow is ${JSON.stringify(workflow)}: expected the file name of a workflow in .github/workflows ` +
      '(such as retrain.yml) or its numeric id.',
  );
}

function workflowDispatchRequest(workflow: unknown, ref: unknown, facts: RetrainingFacts): RetrainingRequest {
  const id = workflowId(workflow);
  if (typeof ref !== 'string' || ref.trim() === '' || /\s/.test(ref)) {
    fail(
      `the ref is ${JSON.stringify(ref)}: expected the branch or tag to run the workflow from (such as main).`,
    );
  }
  const inputs: Record<string, string> = {
    model: facts.model,
    drifted_columns: JSON.stringify(boundedColumns(facts.driftedColumns)),
    run_url: facts.runUrl ?? '',
  };
  for (const [key, value] of Object.entries(facts.extra ?? {})) {
    if (RESERVED_INPUT_KEYS.includes(key)) fail(`inputs.extra.${key} is an input mlgate sets itself.`);
    if (!INPUT_ID.test(key)) {
      fail(
        `inputs.extra has the key ${JSON.stringify(key)}: a workflow input id starts with a letter or _ and holds letters, digits, - or _.`,
      );
    }
    const ok =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value));
    if (!ok) {
      fail(
        `inputs.extra.${key} is ${JSON.stringify(value) ?? String(value)}: workflow inputs are strings, numbers or booleans.`,
      );
    }
    inputs[key] = String(value);
  }
  const count = Object.keys(inputs).length;
  if (count > WORKFLOW_DISPATCH_MAX_INPUTS) {
    fail(`${count} workflow inputs would be sent; GitHub allows ${WORKFLOW_DISPATCH_MAX_INPUTS}.`);
  }
  return { kind: 'workflow_dispatch', workflow_id: id, ref, inputs };
}

/** The request a spec becomes; throws a ConfigurationError naming what is wrong. No request is made. */
export function buildRetrainingRequest(spec: RetrainingSpec): RetrainingRequest {
  if (typeof spec !== 'object' || spec === null) return fail('no spec given.');
  switch (spec.kind) {
    case 'repository_dispatch':
      return repositoryDispatchRequest(spec.eventType, checkFacts(spec.payload, 'payload'));
    case 'workflow_dispatch':
      return workflowDispatchRequest(spec.workflow, spec.ref, checkFacts(spec.inputs, 'inputs'));
    default:
      return fail(
        `the kind is ${JSON.stringify((spec as { kind?: unknown }).kind)}: expected repository_dispatch or workflow_dispatch.`,
      );
  }
}

/** Sent once: a dispatch has no id to look for afterwards, and a repeat would start a second retraining. */
const NO_RETRY = { retries: 0 };

/**
 * Sends the retraining event. Throws a ConfigurationError for a bad spec (before any request) and a
 * GitHubSideEffectError when GitHub says no: 403 names `contents: write` (repository_dispatch) or
 * `actions: write` (workflow_dispatch); 5xx answers are not retried (see NO_RETRY) — the next scheduled
 * run that still sees drift sends it again.
 */
export async function triggerRetraining(
  client: GitHubClient,
  repo: Repository,
  spec: RetrainingSpec,
  logger?: Logger,
): Promise<RetrainingResult> {
  const request = buildRetrainingRequest(spec);
  const repository = `${repo.owner}/${repo.repo}`;
  const refused = (error: unknown, what: string, permission: string, hint = ''): unknown => {
    if (!isHttpError(error)) return error;
    const message = describeGitHubError(error, what, { permission, repository });
    return new GitHubSideEffectError(message + hint, error.status, { cause: error });
  };

  if (request.kind === 'repository_dispatch') {
    const what = `Sending the repository_dispatch event "${request.event_type}" to ${repository}`;
    try {
      await client.rest.repos.createDispatchEvent({
        owner: repo.owner,
        repo: repo.repo,
        event_type: request.event_type,
        client_payload: request.client_payload,
        request: NO_RETRY,
      });
    } catch (error) {
      throw refused(error, what, 'contents: write');
    }
    logger?.info(`Retraining: sent the repository_dispatch event "${request.event_type}" to ${repository}.`);
    return { request };
  }

  const what = `Dispatching the workflow ${request.workflow_id} on ${request.ref} in ${repository}`;
  let data: unknown;
  try {
    ({ data } = await client.rest.actions.createWorkflowDispatch({
      owner: repo.owner,
      repo: repo.repo,
      workflow_id: request.workflow_id,
      ref: request.ref,
      inputs: request.inputs,
      // Newer than octokit's types: GitHub then answers 200 with the started run instead of 204.
      ...({ return_run_details: true } as object),
      request: NO_RETRY,
    }));
  } catch (error) {
    const status = isHttpError(error) ? error.status : undefined;
    const hint =
      status === 422 || status === 404
        ? ` The workflow must exist on ${request.ref}, have an \`on: workflow_dispatch\` trigger and declare ` +
          `the inputs mlgate sends (${Object.keys(request.inputs).join(', ')}).`
        : '';
    throw refused(error, what, 'actions: write', hint);
  }
  const details = data as { workflow_run_id?: number; html_url?: string } | undefined;
  const workflowRun =
    details && typeof details.workflow_run_id === 'number' && typeof details.html_url === 'string'
      ? { id: details.workflow_run_id, url: details.html_url }
      : undefined;
  logger?.info(
    `Retraining: dispatched the workflow ${request.workflow_id} on ${request.ref} in ${repository}` +
      `${workflowRun ? ` (${workflowRun.url})` : ''}.`,
  );
  return { request, ...(workflowRun ? { workflowRun } : {}) };
}
