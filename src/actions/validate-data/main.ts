import * as core from '@actions/core';
import { resolve } from 'node:path';
import { loadConfig } from '../../core/config/load-config.js';
import {
  runValidateJob,
  validateRequestFromConfig,
  type ValidateJobRequest,
} from '../../core/jobs/validate-job.js';
import { parallelOptionsFromEnv } from '../../core/data/parallel-options.js';
import { getActionsLogger } from '../../github/action-logger.js';
import { annotateViolations } from '../../github/validation-annotations.js';
import { writeJobSummary } from '../../github/summary.js';
import { getInputs } from './inputs.js';

export async function run(workerUrl?: URL): Promise<void> {
  const inputs = getInputs();
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const logger = getActionsLogger();
  let request: ValidateJobRequest;
  if (inputs.config) {
    const config = await loadConfig(resolve(cwd, inputs.config));
    request = validateRequestFromConfig(config, {
      cwd,
      outDir: inputs.outputDir,
      maxViolations: inputs.maxViolations,
      failOn: inputs.failOn,
    });
    // Explicit inputs win over the config file.
    if (inputs.data.length) request.data = inputs.data;
    if (inputs.schema) request.schemaPath = inputs.schema;
    if (inputs.checks) request.checksPath = inputs.checks;
  } else {
    request = {
      data: inputs.data,
      schemaPath: inputs.schema,
      checksPath: inputs.checks,
      maxViolations: inputs.maxViolations,
      failOn: inputs.failOn,
      outDir: inputs.outputDir,
      cwd,
    };
  }
  request.parallel = workerUrl ? parallelOptionsFromEnv(workerUrl, process.env) : undefined;
  const { result, resultPath, markdown } = await runValidateJob(request, logger);

  annotateViolations(result, inputs.annotations);
  if (inputs.summary) await writeJobSummary(markdown);

  core.setOutput('passed', String(result.passed));
  core.setOutput('violations', String(result.total_violations));
  core.setOutput('errors', String(result.error_count));
  core.setOutput('warnings', String(result.warning_count));
  core.setOutput('rows', String(result.rows));
  core.setOutput('result-path', resultPath);
  core.setOutput(
    'result',
    JSON.stringify({
      passed: result.passed,
      rows: result.rows,
      total_violations: result.total_violations,
      error_count: result.error_count,
      warning_count: result.warning_count,
      failed_checks: result.checks.filter((c) => !c.passed).map((c) => c.name),
    }),
  );
  const verdict = `${result.rows} rows, ${result.total_violations} violation${result.total_violations === 1 ? '' : 's'}`;
  if (result.passed) core.info(`Validation passed: ${verdict}.`);
  else core.setFailed(`Validation failed: ${verdict} (fail-on: ${result.fail_on}). See ${resultPath}.`);
}
