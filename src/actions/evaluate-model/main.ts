import * as core from '@actions/core';
import { resolve } from 'node:path';
import { loadConfig } from '../../core/config/load-config.js';
import type { EvaluationResult } from '../../core/evaluate/result.js';
import {
  evaluateRequestFrom,
  removeStaleEvaluation,
  runEvaluateJob,
  withBootstrapOverrides,
} from '../../core/jobs/evaluate-job.js';
import { getOptionalInput } from '../../github/inputs.js';
import { runMergeJob } from '../../core/jobs/merge-job.js';
import { parallelOptionsFromEnv } from '../../core/data/parallel-options.js';
import { getActionsLogger } from '../../github/action-logger.js';
import { annotateFailedThresholds } from '../../github/evaluation-annotations.js';
import { prepareActionRuntime } from '../../github/evaluate-runtime.js';
import { writeJobSummary } from '../../github/summary.js';
import { getInputs, Input, type EvaluateModelInputs } from './inputs.js';

export async function run(readerUrl?: URL): Promise<void> {
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  // An old verdict must not outlive a step that stops on a bad input below.
  await removeStaleEvaluation(cwd, getOptionalInput(Input.outputDir) ?? 'mlgate-out');
  const inputs = getInputs();
  const logger = getActionsLogger();
  const config = inputs.config ? await loadConfig(resolve(cwd, inputs.config)) : undefined;
  if (inputs.merge.length) {
    const section = config?.evaluate;
    const bootstrap = withBootstrapOverrides(section?.bootstrap, inputs);
    const slices = inputs.slices ?? section?.slices;
    const merged = await runMergeJob(
      {
        inputs: inputs.merge,
        thresholds: inputs.thresholds ?? section?.thresholds,
        bootstrap,
        slices:
          inputs.minSliceSize !== undefined
            ? slices?.map((s) => ({ ...s, minSize: inputs.minSliceSize }))
            : slices,
        outDir: inputs.outputDir,
        cwd,
      },
      logger,
    );
    return report(merged.result, merged.resultPath, merged.markdown, merged.predictionsPath, inputs);
  }
  const request = evaluateRequestFrom(inputs, config, {
    cwd,
    outDir: inputs.outputDir,
    names: { model: 'Input "model"', data: 'Input "data"', task: 'Input "task"', label: 'Input "label"' },
  });

  request.parallel = readerUrl ? parallelOptionsFromEnv(readerUrl, process.env) : undefined;
  const runtime = await prepareActionRuntime(logger, {
    executionProvider: request.executionProvider,
    fallback: request.fallback,
    onnxruntimePath: inputs.onnxruntimePath,
    gpuPath: inputs.onnxruntimeGpuPath,
    gpuSha512: inputs.onnxruntimeGpuSha512,
  });
  const { result, resultPath, markdown, predictionsPath } = await runEvaluateJob(request, {
    ort: runtime.ort,
    logger,
    prepareProvider: async () => runtime.choice,
    bindingDir: runtime.bindingDir,
  });

  return report(result, resultPath, markdown, predictionsPath, inputs);
}

async function report(
  result: EvaluationResult,
  resultPath: string,
  markdown: string,
  predictionsPath: string | undefined,
  inputs: EvaluateModelInputs,
): Promise<void> {
  const failed = result.thresholds.filter((t) => !t.passed);
  annotateFailedThresholds(result, inputs.config ?? result.model.path, inputs.annotations);
  if (inputs.summary) await writeJobSummary(markdown);

  core.setOutput('passed', String(result.passed));
  core.setOutput('metrics', JSON.stringify(result.metrics));
  core.setOutput('rows', String(result.rows));
  core.setOutput('execution-provider', result.runtime?.execution_provider ?? 'cpu');
  core.setOutput('result-path', resultPath);
  core.setOutput('predictions-path', predictionsPath ?? '');
  core.setOutput(
    'result',
    JSON.stringify({
      passed: result.passed,
      task: result.task,
      rows: result.rows,
      failed_thresholds: failed.map((t) => t.metric),
      latency: result.latency
        ? {
            p50_ms: result.latency.p50_ms,
            p95_ms: result.latency.p95_ms,
            p99_ms: result.latency.p99_ms,
            rows_per_s: result.latency.rows_per_s,
          }
        : null,
      execution_provider: result.runtime?.execution_provider,
    }),
  );
  const verdict = `${result.rows} rows, ${result.thresholds.length - failed.length} of ${result.thresholds.length} thresholds met`;
  if (result.thresholds_deferred)
    core.info(`Shard evaluated: ${verdict}; thresholds are judged by mlgate merge.`);
  else if (result.passed) core.info(`Evaluation passed: ${verdict}.`);
  else
    core.setFailed(
      `Evaluation failed: ${verdict}: ${failed.map((t) => t.metric).join(', ')}. See ${resultPath}.`,
    );
}
