import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { getErrorMessage } from '../../core/errors.js';
import type { GateInputs } from '../../core/gate/inputs.js';
import { mergePolicyInputs, policyFromConfigSection, type GatePolicyInput } from '../../core/gate/policy.js';
import type { GateVerdict, OverrideRequest } from '../../core/gate/verdict.js';
import { removeStaleGate, runGateJob } from '../../core/jobs/gate-job.js';
import type { Logger } from '../../core/logger.js';
import { getActionsLogger } from '../../github/action-logger.js';
import { getOptionalInput } from '../../github/inputs.js';
import { readActionsContext, type ActionsContext } from '../../github/octokit.js';
import { writeJobSummary } from '../../github/summary.js';
import { getInputs, Input, POLICY_INPUT_NAMES, type GateActionInputs } from './inputs.js';

const FORK_HOWTO =
  'the pull request comes from a fork, so its token is read-only and secrets are absent: mlgate does not try. ' +
  'Run the gate with check-run: false and comment: false here, upload the result files, and post them from a ' +
  'workflow_run workflow in the trusted context (workflows-examples/pr-gate.yml).';

interface Target {
  /** Where the verdict is posted: the pull request, if any. */
  pullNumber?: number;
  /** The commit the check run belongs to. */
  headSha?: string;
  /** Labels known without asking GitHub (the pull_request payload). */
  labels?: string[];
  fromFork: boolean;
}

/** The pull request and commit the results are of: inputs first (workflow_run), then the event. */
function targetOf(inputs: GateActionInputs, context: ActionsContext): Target {
  const pr = context.pullRequest;
  const run = context.payload.workflow_run as
    { head_sha?: string; pull_requests?: { number?: number }[] } | undefined;
  const runPull = context.eventName === 'workflow_run' ? run?.pull_requests?.[0]?.number : undefined;
  return {
    pullNumber: inputs.pullRequest ?? pr?.number ?? runPull,
    headSha:
      inputs.headSha ??
      pr?.headSha ??
      (context.eventName === 'workflow_run' ? run?.head_sha : undefined) ??
      context.sha,
    labels: inputs.pullRequest === undefined ? pr?.labels : undefined,
    // pull_request_target runs the base's workflow with a write token even for forks.
    fromFork: pr?.fromFork === true && context.eventName !== 'pull_request_target',
  };
}

export async function run(): Promise<void> {
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  // An old verdict must not outlive a step that stops on a bad input below.
  await removeStaleGate(cwd, getOptionalInput(Input.outputDir) ?? 'mlgate-out');
  const { verdict, resultPath, line } = await runGate(getInputs(), cwd);
  // The step fails exactly when the check run does: a neutral inconclusive passes it, with a warning.
  if (verdict.conclusion === 'failure') core.setFailed(`${line}. See ${resultPath}.`);
  else if (!verdict.passed) core.warning(`${line}: the check run is neutral. See ${resultPath}.`);
  else core.info(`${line}${verdict.override?.applied ? ', overridden' : ''}.`);
}

/**
 * The gate with its GitHub side (check run, sticky comment, label override, summary, outputs), from
 * typed inputs: the gate action's, or the root pipeline's gate section. Does not fail the step.
 */
export async function runGate(
  request: GateActionInputs,
  cwd: string,
): Promise<{ verdict: GateVerdict; resultPath: string; line: string }> {
  let inputs = request;
  const logger = getActionsLogger();
  const context = readActionsContext();
  const target = targetOf(inputs, context);

  // mlgate.yml's gate section, when the config has one.
  let configPolicy: GatePolicyInput = {};
  let configText: string | undefined;
  if (inputs.config) {
    const path = resolve(cwd, inputs.config);
    const loaded = await (await import('../../core/config/load-config.js')).loadConfig(path);
    // The section's name is the model's name, not a policy key.
    const { name: configName, ...policyKeys } = loaded.gate ?? {};
    configPolicy = loaded.gate ? policyFromConfigSection(policyKeys, inputs.config) : {};
    if (inputs.name === undefined && configName !== undefined) inputs = { ...inputs, name: configName };
    configText = await readFile(path, 'utf8');
  }
  const given = Object.values(inputs.policy).some((v) => v !== undefined);
  const policySource = given ? 'inputs' : Object.keys(configPolicy).length > 0 ? 'config' : 'default';

  const wantComment = inputs.comment ?? target.pullNumber !== undefined;
  const token = inputs.token ?? process.env.GITHUB_TOKEN;
  if (token) core.setSecret(token);
  const posting = (inputs.checkRun || wantComment) && !target.fromFork;
  const needsLabels = !inputs.override && target.pullNumber !== undefined;
  const github =
    token && context.repository && (posting || (needsLabels && !target.fromFork))
      ? await connect(token, context, logger)
      : undefined;

  // Outside a pull_request event the labels are read from GitHub. There the pull request may be named by
  // an artifact the PR's code wrote: it must be the pull request whose head is the commit the results are
  // of, or nothing is posted to it.
  let pullNumber = target.pullNumber;
  let labels = target.labels;
  if (github && pullNumber !== undefined && labels === undefined) {
    try {
      const facts = await github.override.readPullRequest(github.client, github.repo, pullNumber);
      labels = facts.labels;
      if (target.headSha && facts.headSha.toLowerCase() !== target.headSha.toLowerCase()) {
        core.warning(
          `Pull request #${pullNumber}'s head is ${facts.headSha.slice(0, 12)}, not ${target.headSha.slice(0, 12)} ` +
            '(the commit these results are of): nothing is posted to it and its labels are not read.',
        );
        pullNumber = undefined;
        labels = undefined;
      }
    } catch (error) {
      if (!github.isSideEffectError(error)) throw error;
      core.warning(
        `The pull request could not be read, so no comment and no label override: ${getErrorMessage(error)}`,
      );
      pullNumber = undefined;
      labels = undefined;
    }
  }

  let override: OverrideRequest | undefined;
  if (inputs.override) {
    override = { via: 'input', by: process.env.GITHUB_ACTOR || null, reason: inputs.overrideReason! };
  } else if (pullNumber !== undefined && labels) {
    const { resolveOverride } = github?.override ?? (await import('../../github/gate/override.js'));
    override = await resolveOverride(
      { input: false, reason: inputs.overrideReason, label: inputs.overrideLabel, pullNumber, labels },
      github ? { client: github.client, repo: github.repo } : undefined,
      logger,
    );
  }

  const {
    verdict,
    inputs: loaded,
    resultPath,
    markdown,
  } = await runGateJob(
    {
      cwd,
      outDir: inputs.outputDir,
      paths: inputs.paths,
      policy: mergePolicyInputs(configPolicy, inputs.policy),
      policySource,
      policyNames: POLICY_INPUT_NAMES,
      name: inputs.name,
      override,
      runUrl: context.runUrl,
    },
    logger,
  );
  if (inputs.summary) await writeJobSummary(markdown);
  core.setOutput('verdict', verdict.verdict);
  core.setOutput('passed', String(verdict.passed));
  core.setOutput('conclusion', verdict.conclusion);
  core.setOutput('result-path', resultPath);

  const posted: { checkRunId?: number; checkRunUrl?: string; commentId?: number; commentUrl?: string } = {};
  if ((inputs.checkRun || wantComment) && target.fromFork) {
    core.warning(`No check run and no comment: ${FORK_HOWTO}`);
  } else if (posting && !context.repository) {
    core.warning('GITHUB_REPOSITORY is not set: the check run and the comment are skipped.');
  } else if (posting && !github) {
    core.warning(
      'No token (input "token", default github.token): the check run and the comment are skipped.',
    );
  } else if (github) {
    const ctx = { inputs, verdict, loaded, configText, cwd, logger, runUrl: context.runUrl, resultPath };
    if (inputs.checkRun) {
      if (!target.headSha)
        core.warning('No commit to attach the check run to (GITHUB_SHA is not set): skipped.');
      else Object.assign(posted, await postCheckRun(github, ctx, target.headSha));
    }
    if (wantComment) {
      if (pullNumber === undefined) {
        if (inputs.comment === true)
          core.warning(
            'comment is true but there is no pull request (give input "pull-request" in a workflow_run job).',
          );
      } else Object.assign(posted, await postComment(github, ctx, pullNumber));
    }
  }
  if (posted.checkRunId !== undefined) core.setOutput('check-run-id', String(posted.checkRunId));
  if (posted.checkRunUrl) core.setOutput('check-run-url', posted.checkRunUrl);
  if (posted.commentId !== undefined) core.setOutput('comment-id', String(posted.commentId));
  if (posted.commentUrl) core.setOutput('comment-url', posted.commentUrl);
  core.setOutput(
    'result',
    JSON.stringify({
      name: verdict.name,
      verdict: verdict.verdict,
      passed: verdict.passed,
      conclusion: verdict.conclusion,
      override: verdict.override,
      reasons: verdict.reasons.slice(0, 50),
      sources: verdict.sources,
      check_run_id: posted.checkRunId ?? null,
      comment_id: posted.commentId ?? null,
    }),
  );

  const first = verdict.reasons.find((r) => r.status === 'fail' || r.status === 'inconclusive');
  const line = `mlgate gate for ${verdict.name}: ${verdict.verdict}${first ? ` (${first.source}: ${first.message})` : ''}`;
  return { verdict, resultPath, line };
}

type Connected = Awaited<ReturnType<typeof connect>>;

/** The GitHub client and the gate's adapters, loaded only when the step talks to GitHub. */
async function connect(token: string, context: ActionsContext, logger: Logger) {
  const [{ createGitHubClient }, checkRun, prComment, override, { isGitHubSideEffectError }] =
    await Promise.all([
      import('../../github/octokit.js'),
      import('../../github/gate/check-run.js'),
      import('../../github/gate/pr-comment.js'),
      import('../../github/gate/override.js'),
      import('../../github/drift-issue.js'),
    ]);
  const delay = Number(process.env.MLGATE_GITHUB_RETRY_DELAY_MS);
  return {
    client: createGitHubClient({ token, logger }),
    repo: context.repository!,
    checkRun,
    prComment,
    override,
    isSideEffectError: isGitHubSideEffectError,
    retryDelayMs:
      Number.isFinite(delay) && delay >= 0 && process.env.MLGATE_GITHUB_RETRY_DELAY_MS ? delay : undefined,
  };
}

interface PostContext {
  inputs: GateActionInputs;
  verdict: GateVerdict;
  loaded: GateInputs;
  configText?: string;
  cwd: string;
  logger: Logger;
  runUrl?: string;
  resultPath: string;
}

async function postCheckRun(github: Connected, ctx: PostContext, headSha: string) {
  const { renderGateMarkdown, renderGateDetails, gateTitle, CHECK_RUN_TEXT_LIMIT } =
    await import('../../core/report/gate-markdown.js');
  const { gateAnnotations, gateCheckRunName, syncGateCheckRun } = github.checkRun;
  try {
    const result = await syncGateCheckRun(
      github.client,
      github.repo,
      {
        name: gateCheckRunName(ctx.verdict.name),
        headSha,
        conclusion: ctx.verdict.conclusion,
        title: gateTitle(ctx.verdict),
        summary: renderGateMarkdown(ctx.verdict, {
          limit: CHECK_RUN_TEXT_LIMIT,
          heading: false,
          runUrl: ctx.runUrl,
          artifactHint: 'verdict.json in the workflow run',
        }),
        text: renderGateDetails(ctx.loaded, { limit: CHECK_RUN_TEXT_LIMIT }) || undefined,
        annotations: gateAnnotations(ctx.loaded, ctx.verdict, {
          workspace: ctx.cwd,
          configPath: ctx.inputs.config,
          configText: ctx.configText,
        }),
        detailsUrl: ctx.runUrl,
      },
      ctx.logger,
      { retryDelayMs: github.retryDelayMs },
    );
    return { checkRunId: result.id, checkRunUrl: result.url };
  } catch (error) {
    // A failed side effect is a warning; the verdict stands (STYLE: actions/cache's habit).
    if (!github.isSideEffectError(error)) throw error;
    core.warning(`Check run not posted: ${getErrorMessage(error)}`);
    return {};
  }
}

async function postComment(github: Connected, ctx: PostContext, pullNumber: number) {
  const { renderGateMarkdown, GATE_COMMENT_LIMIT } = await import('../../core/report/gate-markdown.js');
  const { gateCommentMarker, syncGateComment } = github.prComment;
  try {
    const marker = gateCommentMarker(ctx.verdict.name);
    const result = await syncGateComment(
      github.client,
      github.repo,
      {
        pullNumber,
        model: ctx.verdict.name,
        body: renderGateMarkdown(ctx.verdict, {
          marker,
          limit: GATE_COMMENT_LIMIT,
          inputs: ctx.loaded,
          runUrl: ctx.runUrl,
          artifactHint: 'verdict.json in the workflow run',
        }),
      },
      ctx.logger,
      { retryDelayMs: github.retryDelayMs },
    );
    return { commentId: result.id, commentUrl: result.url };
  } catch (error) {
    if (!github.isSideEffectError(error)) throw error;
    core.warning(`Pull request comment not posted: ${getErrorMessage(error)}`);
    return {};
  }
}
