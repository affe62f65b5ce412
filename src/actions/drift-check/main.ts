import * as core from '@actions/core';
import { ConfigurationError } from '../../core/errors.js';
import { resolve } from 'node:path';
import {
  driftRequestFromConfig,
  overrideDriftSelection,
  removeStaleDrift,
  runDriftJob,
} from '../../core/jobs/drift-job.js';
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
  // The config's drift section, when given; explicit inputs win over it.
  const loaded = inputs.config
    ? await (await import('../../core/config/load-config.js')).loadConfig(resolve(cwd, inputs.config))
    : undefined;
  const section = loaded?.drift;
  const base = loaded ? driftRequestFromConfig(loaded, { cwd, outDir: inputs.outputDir }) : undefined;
  // The model: the inputs' (a model input replaces the config's), or the config's adjusted by them.
  const m = inputs.model;
  const configured = m?.path ? undefined : base?.model;
  if (m && !m.path && !configured) {
    throw new ConfigurationError(
      `Inputs task, label, features, classes and positive-class need input "model" or a model in ${inputs.config}'s drift section.`,
    );
  }
  const modelSpec =
    m || configured
      ? {
          modelPath: m?.path ?? configured!.modelPath,
          task: (m?.task ?? configured?.task)!,
          label: m?.label ?? configured?.label,
          features: m?.features ?? configured?.features,
          classes: m?.classes ?? configured?.classes,
          positive: m?.positive ?? configured?.positive,
        }
      : undefined;
  if (!modelSpec && (inputs.executionProvider || inputs.fallback)) {
    throw new ConfigurationError(
      'Inputs "execution-provider" and "fallback" are for prediction drift: give input "model".',
    );
  }
  // Prediction drift runs the model as evaluate-model does: ONNX Runtime found or provisioned, on the
  // CPU unless execution-provider asks for cuda, tensorrt or auto (GPU libraries provisioned too).
  const runtime = modelSpec
    ? await (
        await import('../../github/evaluate-runtime.js')
      ).prepareActionRuntime(logger, {
        onnxruntimePath: inputs.onnxruntimePath,
        executionProvider: inputs.executionProvider,
        fallback: inputs.fallback,
        gpuPath: inputs.onnxruntimeGpuPath,
        gpuSha512: inputs.onnxruntimeGpuSha512,
      })
    : undefined;
  const selection = overrideDriftSelection(base, inputs);
  // The reference data a registry version recorded, checked against its sha256.
  let referenceFrom: { ref: string; tag: string } | undefined;
  if (inputs.referenceFrom) {
    const { referenceFromRegistry } = await import('./registry-reference.js');
    const found = await referenceFromRegistry(inputs, cwd, logger);
    selection.reference = found.paths;
    referenceFrom = found.from;
  }
  const { result, resultPath, markdown, htmlPath } = await runDriftJob(
    {
      cwd,
      outDir: inputs.outputDir,
      ...selection,
      reference: selection.reference!,
      referenceFrom,
      current: selection.current!,
      tempDir: process.env.RUNNER_TEMP || undefined,
      model: modelSpec
        ? {
            ...modelSpec,
            ort: runtime!.ort,
            provider: {
              choice: runtime!.choice,
              requested: inputs.executionProvider ?? 'cpu',
              fallback: inputs.fallback ?? 'none',
              bindingDir: runtime!.bindingDir,
            },
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
  const failOnDrift = inputs.failOnDrift ?? section?.failOnDrift ?? false;
  if (result.dataset_drift && failOnDrift) core.setFailed(`Dataset drift: ${verdict}. See ${resultPath}.`);
  else core.info(`${result.dataset_drift ? 'Dataset drift' : 'No dataset drift'}: ${verdict}.`);
}
