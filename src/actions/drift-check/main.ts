import * as core from '@actions/core';
import { removeStaleDrift, runDriftJob } from '../../core/jobs/drift-job.js';
import { getOptionalInput } from '../../github/inputs.js';
import { getActionsLogger } from '../../github/action-logger.js';
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
    ? (
        await (
          await import('../../github/evaluate-runtime.js')
        ).prepareActionRuntime(logger, { onnxruntimePath: inputs.onnxruntimePath })
      ).ort
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

  if (inputs.issue || (inputs.dispatch !== 'none' && result.dataset_drift)) {
    // The GitHub client (octokit, undici) is loaded only when the step talks to GitHub.
    const { syncWithGitHub } = await import('./github-side.js');
    await syncWithGitHub(result, markdown, inputs, logger);
  }
  const verdict = `${result.summary.because}${result.drifted_columns.length ? `; drifted: ${result.drifted_columns.join(', ')}` : ''}`;
  if (result.dataset_drift && inputs.failOnDrift)
    core.setFailed(`Dataset drift: ${verdict}. See ${resultPath}.`);
  else core.info(`${result.dataset_drift ? 'Dataset drift' : 'No dataset drift'}: ${verdict}.`);
}
