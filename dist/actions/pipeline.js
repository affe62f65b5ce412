import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import {
  annotateViolations,
  getActionsLogger,
  getBooleanInputOr,
  getIntegerInput,
  getOptionalInput,
  runAction,
  setFailed,
  setOutput,
  warning,
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
import "../chunks/chunk-PNY2FIIF.js";

// src/actions/pipeline/main.ts
import { resolve } from "node:path";

// src/actions/pipeline/inputs.ts
var Input = {
  config: "config",
  outputDir: "output-dir",
  summary: "summary",
  annotations: "annotations"
};
function getInputs() {
  return {
    config: getOptionalInput(Input.config) ?? "mlgate.yml",
    outputDir: getOptionalInput(Input.outputDir) ?? "mlgate-out",
    summary: getBooleanInputOr(Input.summary, true),
    annotations: getIntegerInput(Input.annotations, { min: 0 }) ?? 10
  };
}

// src/actions/pipeline/main.ts
async function run(workerUrl) {
  const inputs = getInputs();
  const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const config = await loadConfig(resolve(cwd, inputs.config));
  const logger = getActionsLogger();
  const jobs = {};
  if (config.validate) {
    const request = validateRequestFromConfig(config, { cwd, outDir: inputs.outputDir });
    request.parallel = workerUrl ? parallelOptionsFromEnv(workerUrl, process.env) : void 0;
    const outcome = await runValidateJob(request, logger);
    jobs.validate = { passed: outcome.result.passed, result_path: outcome.resultPath };
    annotateViolations(outcome.result, inputs.annotations);
    if (inputs.summary) await writeJobSummary(outcome.markdown);
  }
  const names = Object.keys(jobs);
  if (names.length === 0) {
    warning(`${config.path} describes no jobs; nothing was run.`);
  }
  const passed = names.every((n) => jobs[n].passed);
  setOutput("passed", String(passed));
  setOutput("result", JSON.stringify(jobs));
  if (!passed) {
    const failed = names.filter((n) => !jobs[n].passed);
    setFailed(
      `mlgate: ${failed.join(", ")} failed. See ${failed.map((n) => jobs[n].result_path).join(", ")}.`
    );
  }
}

// src/actions/pipeline/index.ts
await runAction("pipeline", () => run(new URL("../workers/csv-validate.js", import.meta.url)));
