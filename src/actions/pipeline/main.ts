import * as core from '@actions/core';
import { resolve } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../../core/errors.js';
import { loadConfig } from '../../core/config/load-config.js';
import { evaluateRequestFromConfig, runEvaluateJob } from '../../core/jobs/evaluate-job.js';
import { driftRequestFromConfig, runDriftJob } from '../../core/jobs/drift-job.js';
import { runValidateJob, validateRequestFromConfig } from '../../core/jobs/validate-job.js';
import { parallelOptionsFromEnv } from '../../core/data/parallel-options.js';
import { getActionsLogger } from '../../github/action-logger.js';
import { annotateFailedThresholds } from '../../github/evaluation-annotations.js';
import { prepareActionRuntime } from '../../github/evaluate-runtime.js';
import { annotateViolations } from '../../github/validation-annotations.js';
import { writeJobSummary } from '../../github/summary.js';
import { getInputs } from './inputs.js';

/** Runs every job that mlgate.yml describes, in one process (a root composite cannot chain our own actions). */
export async function run(
  workerUrl?: URL,
  readerUrl?: URL,
  driftColumnUrl?: URL,
  driftReaderUrl?: URL,
): Promise<void> {
  const inputs = getInputs();
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const config = await loadConfig(resolve(cwd, inputs.config));
  const logger = getActionsLogger();
  const jobs: Record<string, { passed: boolean; result_path: string }> = {};
  // The gate weighs the evaluation and the comparison of one model: a config that compares another
  // candidate than it evaluates is refused before anything runs (it would fail only at the gate).
  if (config.gate && config.compare?.candidate && config.evaluate) {
    const base = resolve(config.path, '..');
    if (resolve(base, config.compare.candidate) !== resolve(base, config.evaluate.model)) {
      throw new ConfigurationError(
        `${inputs.config}: compare.candidate (${config.compare.candidate}) is not evaluate.model (${config.evaluate.model}), and the gate needs the evaluation and the comparison of one model: drop compare.candidate, or the gate section.`,
      );
    }
  }

  if (config.validate) {
    const request = validateRequestFromConfig(config, { cwd, outDir: inputs.outputDir });
    request.parallel = workerUrl ? parallelOptionsFromEnv(workerUrl, process.env) : undefined;
    const outcome = await runValidateJob(request, logger);
    jobs.validate = { passed: outcome.result.passed, result_path: outcome.resultPath };
    annotateViolations(outcome.result, inputs.annotations);
    if (inputs.summary) await writeJobSummary(outcome.markdown);
  }

  if (config.evaluate) {
    const request = evaluateRequestFromConfig(config, { cwd, outDir: inputs.outputDir });
    request.parallel = readerUrl ? parallelOptionsFromEnv(readerUrl, process.env) : undefined;
    const runtime = await prepareActionRuntime(logger, {
      executionProvider: request.executionProvider,
      fallback: request.fallback,
      onnxruntimePath: inputs.onnxruntimePath,
    });
    const outcome = await runEvaluateJob(request, {
      ort: runtime.ort,
      logger,
      prepareProvider: async () => runtime.choice,
      bindingDir: runtime.bindingDir,
    });
    jobs.evaluate = { passed: outcome.result.passed, result_path: outcome.resultPath };
    annotateFailedThresholds(outcome.result, inputs.config, inputs.annotations);
    if (inputs.summary) await writeJobSummary(outcome.markdown);
  }

  if (config.drift) {
    const { model, ...request } = driftRequestFromConfig(config, { cwd, outDir: inputs.outputDir });
    const ort = model
      ? (await prepareActionRuntime(logger, { onnxruntimePath: inputs.onnxruntimePath })).ort
      : undefined;
    const single = process.env.MLGATE_WORKERS === '1';
    const outcome = await runDriftJob(
      {
        ...request,
        ...(model ? { model: { ...model, ort: ort! } } : {}),
        tempDir: process.env.RUNNER_TEMP || undefined,
        columnWorkerUrl: single ? undefined : driftColumnUrl,
        readerWorkerUrl: single ? undefined : driftReaderUrl,
      },
      logger,
    );
    // Drift fails the pipeline only when the section says so (a PR gate may just report it).
    jobs.drift = {
      passed: !(outcome.result.dataset_drift && config.drift.failOnDrift === true),
      result_path: outcome.resultPath,
    };
    if (inputs.summary) await writeJobSummary(outcome.markdown);
  }

  if (config.compare) {
    const { compareRequestFromConfig, runCompareJob } = await import('../../core/jobs/compare-job.js');
    const built = compareRequestFromConfig(config, { cwd, outDir: inputs.outputDir });
    const { request, baseline: configured, failOn } = built;
    let baseline: import('../../core/jobs/compare-job.js').BaselineRequest =
      configured.kind === 'registry-ref' ? { kind: 'none' } : configured;
    let noBaselineReason: string | undefined;
    if (configured.kind === 'registry-ref') {
      const { isNothingYetError } = await import('../../core/registry/stages.js');
      try {
        baseline = await (
          await import('../../github/registry/baseline.js')
        ).resolveRegistryBaseline(configured.ref, {
          // Inside Actions the registry is this repository's releases unless the section names a folder.
          registry: configured.registry ?? 'github',
          token: inputs.token,
          cwd,
          outDir: inputs.outputDir,
          logger,
          where: `${inputs.config}: compare.baseline-from`,
        });
      } catch (error) {
        if (config.compare.ifNoBaseline !== 'bootstrap' || !isNothingYetError(error)) throw error;
        noBaselineReason = `No baseline yet (${getErrorMessage(error).replace(/\.$/, '')})`;
        core.warning(
          `${noBaselineReason}: if-no-baseline: bootstrap, so the candidate is judged by its thresholds only.`,
        );
      }
    }
    const section = config.evaluate!;
    const runtime = await prepareActionRuntime(logger, {
      executionProvider: section.executionProvider,
      fallback: section.fallback,
      onnxruntimePath: inputs.onnxruntimePath,
    });
    const outcome = await runCompareJob(
      {
        ...request,
        baseline,
        ...(noBaselineReason ? { noBaselineReason, rules: [], thresholds: built.thresholds } : {}),
        provider: {
          provider: runtime.choice.provider,
          fallback: section.fallback ?? 'none',
          bindingDir: runtime.bindingDir,
        },
      },
      { ort: runtime.ort, logger },
    );
    const verdict = outcome.result.verdict;
    jobs.compare = {
      passed: !(
        failOn !== 'never' &&
        (verdict === 'fail' || (failOn === 'inconclusive' && verdict === 'inconclusive'))
      ),
      result_path: outcome.resultPath,
    };
    core.setOutput('comparison-verdict', verdict);
    if (inputs.summary) await writeJobSummary(outcome.markdown);
  }

  let gatePassed: boolean | undefined;
  let gateFails = false;
  if (config.gate) {
    const { runGate } = await import('../gate/main.js');
    const { DEFAULT_OVERRIDE_LABEL } = await import('../../core/gate/policy.js');
    const { verdict, resultPath, line } = await runGate(
      {
        paths: {
          ...(jobs.validate ? { validation: jobs.validate.result_path } : {}),
          ...(jobs.evaluate ? { evaluation: jobs.evaluate.result_path } : {}),
          ...(jobs.compare ? { comparison: jobs.compare.result_path } : {}),
          ...(jobs.drift ? { drift: jobs.drift.result_path } : {}),
        },
        config: inputs.config,
        // drift's fail-on-drift: true means what it says with a gate too, unless the gate section decides.
        policy:
          config.drift?.failOnDrift === true && config.gate.drift === undefined ? { drift: 'fail' } : {},
        override: false,
        overrideLabel: DEFAULT_OVERRIDE_LABEL,
        checkRun: inputs.checkRun,
        comment: inputs.comment,
        summary: inputs.summary,
        token: inputs.token,
        outputDir: inputs.outputDir,
      },
      cwd,
    );
    // The gate decides the pipeline: it weighs every result by the gate policy (and an override). As the
    // gate action does, the step fails when the check run does; a neutral inconclusive is not passed.
    gatePassed = verdict.passed;
    gateFails = verdict.conclusion === 'failure';
    jobs.gate = { passed: gatePassed, result_path: resultPath };
    core.setOutput('verdict', verdict.verdict);
    core.info(line);
  }

  const names = Object.keys(jobs);
  if (names.length === 0) {
    core.warning(`${config.path} describes no jobs; nothing was run.`);
  }
  const passed = gatePassed ?? names.every((n) => jobs[n].passed);
  core.setOutput('passed', String(passed));
  core.setOutput('result', JSON.stringify(jobs));
  if (gatePassed !== undefined) {
    if (gateFails) core.setFailed(`mlgate: the gate failed. See ${jobs.gate.result_path}.`);
    else if (!gatePassed)
      core.warning(`mlgate: the gate is not passed (neutral). See ${jobs.gate.result_path}.`);
  } else if (!passed) {
    const failed = names.filter((n) => !jobs[n].passed);
    core.setFailed(
      `mlgate: ${failed.join(', ')} failed. See ${failed.map((n) => jobs[n].result_path).join(', ')}.`,
    );
  }
}
