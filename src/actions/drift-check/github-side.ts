/** drift-check's GitHub side: the model's drift issue and the retraining dispatch (loaded only when used). */
import * as core from '@actions/core';
import { getErrorMessage } from '../../core/errors.js';
import type { DriftResult } from '../../core/drift/result.js';
import type { Logger } from '../../core/logger.js';
import { triggerRetraining } from '../../github/dispatch.js';
import { isGitHubSideEffectError, syncDriftIssue } from '../../github/drift-issue.js';
import { createGitHubClient, readActionsContext } from '../../github/octokit.js';
import type { DriftCheckInputs } from './inputs.js';

export async function syncWithGitHub(
  result: DriftResult,
  markdown: string,
  inputs: DriftCheckInputs,
  logger: Logger,
): Promise<void> {
  const context = readActionsContext();
  // The name the job reported (the input, else the config's), else the first reference file.
  const watched = inputs.name ?? result.name ?? result.reference.files[0];
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
}
