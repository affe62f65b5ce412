import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import {
  annotateViolations,
  getActionsLogger,
  getBooleanInputOr,
  getEnumInput,
  getIntegerInput,
  getListInput,
  getOptionalInput,
  info,
  runAction,
  setFailed,
  setOutput,
  writeJobSummary
} from "../chunks/chunk-GFCQD4DY.js";
import {
  loadConfig,
  parallelOptionsFromEnv,
  runValidateJob,
  validateRequestFromConfig
} from "../chunks/chunk-UAWTZNGM.js";
import "../chunks/chunk-4EKPWFWD.js";
import "../chunks/chunk-L6ZNI7GU.js";
import {
  ConfigurationError
} from "../chunks/chunk-PNY2FIIF.js";

// src/actions/validate-data/main.ts
import { resolve } from "node:path";

// src/actions/validate-data/inputs.ts
var Input = {
  data: "data",
  schema: "schema",
  checks: "checks",
  config: "config",
  maxViolations: "max-violations",
  failOn: "fail-on",
  outputDir: "output-dir",
  annotations: "annotations",
  summary: "summary"
};
function getInputs() {
  const inputs = {
    data: getListInput(Input.data),
    schema: getOptionalInput(Input.schema),
    checks: getOptionalInput(Input.checks),
    config: getOptionalInput(Input.config),
    maxViolations: getIntegerInput(Input.maxViolations, { min: 0 }),
    failOn: getEnumInput(Input.failOn, ["error", "warning", "never"]),
    outputDir: getOptionalInput(Input.outputDir) ?? "mlgate-out",
    annotations: getIntegerInput(Input.annotations, { min: 0 }) ?? 10,
    summary: getBooleanInputOr(Input.summary, true)
  };
  if (!inputs.config && inputs.data.length === 0) {
    throw new ConfigurationError(
      'Input "data" is required (a path or glob per line) unless "config" names an mlgate.yml.'
    );
  }
  return inputs;
}

// src/actions/validate-data/main.ts
async function run(workerUrl) {
  const inputs = getInputs();
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const logger = getActionsLogger();
  let request;
  if (inputs.config) {
    const config = await loadConfig(resolve(cwd, inputs.config));
    request = validateRequestFromConfig(config, {
      cwd,
      outDir: inputs.outputDir,
      maxViolations: inputs.maxViolations,
      failOn: inputs.failOn
    });
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
      cwd
    };
  }
  request.parallel = workerUrl ? parallelOptionsFromEnv(workerUrl, process.env) : void 0;
  const { result, resultPath, markdown } = await runValidateJob(request, logger);
  annotateViolations(result, inputs.annotations);
  if (inputs.summary) await writeJobSummary(markdown);
  setOutput("passed", String(result.passed));
  setOutput("violations", String(result.total_violations));
  setOutput("errors", String(result.error_count));
  setOutput("warnings", String(result.warning_count));
  setOutput("rows", String(result.rows));
  setOutput("result-path", resultPath);
  setOutput(
    "result",
    JSON.stringify({
      passed: result.passed,
      rows: result.rows,
      total_violations: result.total_violations,
      error_count: result.error_count,
      warning_count: result.warning_count,
      failed_checks: result.checks.filter((c) => !c.passed).map((c) => c.name)
    })
  );
  const verdict = `${result.rows} rows, ${result.total_violations} violation${result.total_violations === 1 ? "" : "s"}`;
  if (result.passed) info(`Validation passed: ${verdict}.`);
  else setFailed(`Validation failed: ${verdict} (fail-on: ${result.fail_on}). See ${resultPath}.`);
}

// src/actions/validate-data/index.ts
await runAction("validate-data", () => run(new URL("../workers/csv-validate.js", import.meta.url)));
