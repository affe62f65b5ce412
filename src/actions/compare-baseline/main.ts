import { resolve } from 'node:path';
import * as core from '@actions/core';
import { ConfigurationError } from '../../core/errors.js';
import { runCompareJob, type BaselineRequest } from '../../core/jobs/compare-job.js';
import type { Logger } from '../../core/logger.js';
import { sha256File } from '../../core/registry/digest.js';
import { LocalRegistryStore } from '../../core/registry/local-store.js';
import { describeRef, parseRegistryRef, resolveRegistryRef } from '../../core/registry/reference.js';
import { fetchModel } from '../../core/registry/stages.js';
import type { RegistryStore } from '../../core/registry/types.js';
import { getActionsLogger } from '../../github/action-logger.js';
import { createGitHubClient, readActionsContext } from '../../github/octokit.js';
import { writeJobSummary } from '../../github/summary.js';
import { getInputs, type CompareBaselineInputs } from './inputs.js';

/** The production baseline (or any registry version): resolved, downloaded through the model cache, verified. */
async function registryBaseline(
  inputs: CompareBaselineInputs,
  ref: string,
  registry: string,
  cwd: string,
  logger: Logger,
): Promise<BaselineRequest> {
  const parsed = parseRegistryRef(ref, 'input "baseline-from"');
  let store: RegistryStore;
  let cache: import('../../core/registry/stages.js').ModelCache | undefined;
  if (registry === 'github') {
    const repository = readActionsContext().repository;
    if (!repository)
      throw new ConfigurationError('GITHUB_REPOSITORY is not set: baseline-from needs the repository.');
    const token = inputs.token ?? process.env.GITHUB_TOKEN;
    if (!token) {
      throw new ConfigurationError(
        'Input "token" is empty: baseline-from reads the registry on GitHub (`permissions: contents: read`).',
      );
    }
    core.setSecret(token);
    const { GitHubRegistryStore } = await import('../../github/registry/github-store.js');
    store = new GitHubRegistryStore(createGitHubClient({ token, logger }), repository);
    cache = (await import('../../github/registry/model-cache.js')).getModelCache(logger);
  } else {
    store = new LocalRegistryStore(registry, {}, cwd);
  }
  const manifest = await resolveRegistryRef(store, parsed);
  const target = resolve(
    cwd,
    inputs.outputDir,
    'baseline',
    `${manifest.name.replace(/\//g, '_')}-v${manifest.version}.onnx`,
  );
  const fetched = await fetchModel(store, manifest, target, logger, cache, sha256File);
  core.info(
    `Baseline ${describeRef(parsed)} is ${manifest.tag} (sha256 ${manifest.model.sha256.slice(0, 12)}…, verified${fetched.fromCache ? ', from the cache' : ''}).`,
  );
  return {
    kind: 'registry',
    ref: describeRef(parsed),
    tag: manifest.tag,
    version: manifest.version,
    sha256: manifest.model.sha256,
    path: target,
  };
}

export async function run(): Promise<void> {
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const inputs = getInputs();
  const logger = getActionsLogger();
  const baseline: BaselineRequest =
    inputs.baseline.kind === 'registry'
      ? await registryBaseline(inputs, inputs.baseline.ref, inputs.baseline.registry, cwd, logger)
      : inputs.baseline;
  const runtime = await (
    await import('../../github/evaluate-runtime.js')
  ).prepareActionRuntime(logger, {
    onnxruntimePath: inputs.onnxruntimePath,
    executionProvider: inputs.executionProvider,
    fallback: inputs.fallback,
    gpuPath: inputs.onnxruntimeGpuPath,
    gpuSha512: inputs.onnxruntimeGpuSha512,
  });
  const { result, resultPath, markdown, htmlPath } = await runCompareJob(
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
      rules: inputs.rules,
      rulesSource: 'inputs',
      signature: inputs.signature,
      maxLatencyRatio: inputs.maxLatencyRatio,
      latency: inputs.latency,
      thresholds: inputs.thresholds,
      bootstrap: { resamples: inputs.resamples, seed: inputs.seed },
      shadowPath: inputs.shadow,
      provider: {
        provider: runtime.choice.provider,
        fallback: inputs.fallback ?? 'none',
        bindingDir: runtime.bindingDir,
      },
    },
    { ort: runtime.ort, logger },
  );
  if (inputs.summary) await writeJobSummary(markdown);
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
