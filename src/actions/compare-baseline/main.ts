import * as core from '@actions/core';
import { runCompareJob, type BaselineRequest } from '../../core/jobs/compare-job.js';
import { basename } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../../core/errors.js';
import { isNothingYetError } from '../../core/registry/stages.js';
import { getActionsLogger } from '../../github/action-logger.js';
import { resolveRegistryBaseline } from '../../github/registry/baseline.js';
import { writeJobSummary } from '../../github/summary.js';
import { getInputs } from './inputs.js';

export async function run(): Promise<void> {
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const inputs = getInputs();
  const logger = getActionsLogger();
  let baseline: BaselineRequest = inputs.baseline.kind === 'registry' ? { kind: 'none' } : inputs.baseline;
  let noBaselineReason: string | undefined;
  if (inputs.baseline.kind === 'registry') {
    try {
      baseline = await resolveRegistryBaseline(inputs.baseline.ref, {
        registry: inputs.baseline.registry,
        token: inputs.token,
        cwd,
        outDir: inputs.outputDir,
        logger,
        where: 'input "baseline-from"',
      });
    } catch (error) {
      // The first model of a project: nothing in the registry to compare with yet.
      if (inputs.ifNoBaseline !== 'bootstrap' || !isNothingYetError(error)) throw error;
      noBaselineReason = `No baseline yet (${getErrorMessage(error).replace(/\.$/, '')})`;
      core.warning(
        `${noBaselineReason}: if-no-baseline: bootstrap, so the candidate is judged by its thresholds only.`,
      );
    }
  }
  const runtime = await (
    await import('../../github/evaluate-runtime.js')
  ).prepareActionRuntime(logger, {
    onnxruntimePath: inputs.onnxruntimePath,
    executionProvider: inputs.executionProvider,
    fallback: inputs.fallback,
    gpuPath: inputs.onnxruntimeGpuPath,
    gpuSha512: inputs.onnxruntimeGpuSha512,
  });
  const { result, resultPath, markdown, markdownPath, htmlPath } = await runCompareJob(
    {
      cwd,
      outDir: inputs.outputDir,
      candidatePath: inputs.candidate,
      baseline,
      dataPath: inputs.data,
      task: inputs.task,
      label: inputs.label,
      classes: inputs.classes,
      positiveClass: inputs.positiveClass,
      features: inputs.features,
      exclude: inputs.exclude,
      inputMode: inputs.inputMode,
      outputs: inputs.outputs,
      baselineOutputs: inputs.baselineOutputs,
      // The rules compare with a baseline: with none yet they wait for the first production version.
      rules: noBaselineReason ? [] : inputs.rules,
      rulesSource: 'inputs',
      signature: inputs.signature,
      maxLatencyRatio: inputs.maxLatencyRatio,
      latency: inputs.latency,
      thresholds: inputs.thresholds,
      bootstrap: { resamples: inputs.resamples, seed: inputs.seed },
      shadowPath: inputs.shadow,
      noBaselineReason,
      provider: {
        provider: runtime.choice.provider,
        fallback: inputs.fallback ?? 'none',
        bindingDir: runtime.bindingDir,
      },
    },
    { ort: runtime.ort, logger },
  );
  if (inputs.summary) await writeJobSummary(markdown);
  if (inputs.artifact) {
    // The self-contained report as a workflow artifact (a failed upload is a warning, not a failed step).
    const { uploadVersionArtifact } = await import('../../github/registry/artifact.js');
    const stem = basename(inputs.candidate).replace(/\.onnx$/i, '');
    const name = `mlgate-comparison-${stem}`.replace(/[":<>|*?\\/\r\n]/g, '_');
    try {
      const uploaded = await uploadVersionArtifact(
        {
          name,
          files: [resultPath, markdownPath, htmlPath].map((path) => ({ name: basename(path), path })),
          retentionDays: inputs.artifactRetentionDays,
        },
        logger,
      );
      if (uploaded.uploaded) {
        core.setOutput('artifact-id', String(uploaded.id));
        core.info(
          `Workflow artifact ${name} (id ${uploaded.id}): comparison.html, comparison.json, comparison.md.`,
        );
      } else {
        core.info(`The report was not uploaded as an artifact: ${uploaded.reason}.`);
      }
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      core.warning(`The comparison report was not uploaded as an artifact: ${getErrorMessage(error)}`);
    }
  }
  for (const reason of result.reasons) core.info(reason);
  core.setOutput('verdict', result.verdict);
  core.setOutput('passed', String(result.verdict === 'pass'));
  core.setOutput('mode', result.mode);
  core.setOutput('result-path', resultPath);
  core.setOutput('report-path', htmlPath);
  core.setOutput(
    'result',
    JSON.stringify({
      verdict: result.verdict,
      mode: result.mode,
      reasons: result.reasons,
      primary_metric: result.primary_metric,
      primary: result.metrics[result.primary_metric] ?? null,
      mcnemar: result.tests.mcnemar ?? null,
    }),
  );
  const failing =
    inputs.failOn !== 'never' &&
    (result.verdict === 'fail' || (inputs.failOn === 'inconclusive' && result.verdict === 'inconclusive'));
  if (failing) {
    core.setFailed(`Comparison ${result.verdict}: ${result.reasons[0] ?? ''}`);
    process.exitCode = 1;
  }
}
