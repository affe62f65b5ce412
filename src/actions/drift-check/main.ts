import * as core from '@actions/core';
import { removeStaleDrift, runDriftJob } from '../../core/jobs/drift-job.js';
import { getOptionalInput } from '../../github/inputs.js';
import { getErrorMessage } from '../../core/errors.js';
import { getActionsLogger } from '../../github/action-logger.js';
import { prepareActionRuntime } from '../../github/evaluate-runtime.js';
import { triggerRetraining } from '../../github/dispatch.js';
import { isGitHubSideEffectError, syncDriftIssue } from '../../github/drift-issue.js';
import { createGitHubClient, readActionsContext } from '../../github/octokit.js';
import { writeJobSummary } from '../../github/summary.js';
import { getInputs, Input } from './inputs.js';

export async function run(columnWorkerUrl?: URL, readerWorkerUrl?: URL): Promise<void> {
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  // An old verdict must not outlive a step that stops on a bad input below.
  await removeStaleDrift(cwd, getOptionalInput(Input.outputDir) ?? 'mlgate-out');
  const inputs = getInputs();
  const logger = getActionsLogger();
  // Prediction drift runs the model on the CPU: ONNX Runtime found or provisioned as for evaluate-model.
  const ort = inputs.model
    ? (await prepareActionRuntime(logger, { onnxruntimePath: inputs.onnxruntimePath })).ort
    : undefined;
  const { result, resultPath, markdown, htmlPath } = await runDriftJob(
    {
      cwd,
      outDir: inputs.outputDir,
      reference: inputs.reference,
      current: inputs.current,
      name: inputs.name,
      columns: inputs.columns,
      exclude: inputs.exclude,
      numeric: inputs.numeric,
      categorical: inputs.categorical,
      policy: inputs.policy,
      tempDir: process.env.RUNNER_TEMP || undefined,
      model: inputs.model
        ? {
            ort: ort!,
            modelPath: inputs.model.path,
            task: inputs.model.task,
            label: inputs.model.label,
            features: inputs.model.features,
            classes: inputs.model.classes,
            positive: inputs.model.positive,
          }
        : undefined,
      // MLGATE_WORKERS=1 keeps everything on this thread, as for validate and evaluate.
      columnWorkerUrl: process.env.MLGATE_WORKERS === '1' ? undefined : columnWorkerUrl,
      readerWorkerUrl: process.env.MLGATE_WORKERS === '1' ? undefined : readerWorkerUrl,
    },
    logger,
  );
  if (inputs.summary) await writeJobSummary(markdown);
  core.setOutput('drifted', String(result.dataset_drift));
  core.setOutput('drifted-columns', JSON.stringify(result.drifted_columns));
  core.setOutput('drifted-count', String(result.drifted_columns.length));
  core.setOutput('result-path', resultPath);
  core.setOutput('report-path', htmlPath);
  if (result.prediction_drift) core.setOutput('predictions-drifted', String(result.prediction_drift.drifted));
  core.setOutput(
    'result',
    JSON.stringify({
      dataset_drift: result.dataset_drift,
      drifted_columns: result.drifted_columns,
      tested: result.summary.tested,
      drifted_share: result.summary.drifted_share,
      not_tested: Object.keys(result.not_tested),
    }),
  );

  const context = readActionsContext();
  const watched = inputs.name ?? result.reference.files[0];
  if ((inputs.issue || inputs.dispatch !== 'none') && !context.repository) {
    core.warning('GITHUB_REPOSITORY is not set: the drift issue and the retraining dispatch are skipped.');
  } else if (inputs.issue || (inputs.dispatch !== 'none' && result.dataset_drift)) {
    const token = inputs.token ?? process.env.GITHUB_TOKEN;
    if (!token) {
      core.warning(
        'No token (input "token", default github.token): the drift issue and dispatch are skipped.',
      );
    } else {
      core.setSecret(token);
      const client = createGitHubClient({ token, logger });
      const repo = context.repository!;
      let rerun = false;
      if (inputs.issue) {
        try {
          const synced = await syncDriftIssue(
            client,
            repo,
            {
              model: watched,
              drifted: result.dataset_drift,
              tested: result.summary.tested > 0,
              body: markdown,
              labels: inputs.issueLabels.length ? inputs.issueLabels : undefined,
              runUrl: context.runUrl,
              runId: context.runId !== undefined ? String(context.runId) : undefined,
              runAttempt: process.env.GITHUB_RUN_ATTEMPT,
              reopen: inputs.reopen,
            },
            logger,
          );
          core.setOutput('issue-action', synced.action);
          // A rerun of the same workflow run (its comment updated): retraining was already requested.
          rerun = synced.action === 'updated';
          if (synced.issue) {
            core.setOutput('issue-number', String(synced.issue.number));
            core.setOutput('issue-url', synced.issue.url);
            core.info(`Drift issue #${synced.issue.number}: ${synced.action} (${synced.issue.url})`);
          }
        } catch (error) {
          // A failed side effect is a warning; the drift verdict stands (STYLE: actions/cache's habit).
          if (!isGitHubSideEffectError(error)) throw error;
          core.warning(`Drift issue not updated: ${getErrorMessage(error)}`);
        }
      }
      if (inputs.dispatch !== 'none' && result.dataset_drift && rerun) {
        core.info('A rerun of this workflow run: retraining was requested by its first attempt.');
      } else if (inputs.dispatch !== 'none' && result.dataset_drift) {
        const facts = { model: watched, driftedColumns: result.drifted_columns, runUrl: context.runUrl };
        try {
          await triggerRetraining(
            client,
            repo,
            inputs.dispatch === 'repository_dispatch'
              ? { kind: 'repository_dispatch', eventType: inputs.dispatchEventType, payload: facts }
              : {
                  kind: 'workflow_dispatch',
                  workflow: inputs.dispatchWorkflow!,
                  ref: inputs.dispatchRef ?? (process.env.GITHUB_REF_NAME || 'main'),
                  inputs: facts,
                },
            logger,
          );
          core.info(`Retraining requested (${inputs.dispatch}).`);
          core.setOutput('dispatched', 'true');
        } catch (error) {
          if (!isGitHubSideEffectError(error)) throw error;
          core.warning(`Retraining not requested: ${getErrorMessage(error)}`);
        }
      }
    }
  }
  const verdict = `${result.summary.because}${result.drifted_columns.length ? `; drifted: ${result.drifted_columns.join(', ')}` : ''}`;
  if (result.dataset_drift && inputs.failOnDrift)
    core.setFailed(`Dataset drift: ${verdict}. See ${resultPath}.`);
  else core.info(`${result.dataset_drift ? 'Dataset drift' : 'No dataset drift'}: ${verdict}.`);
}
