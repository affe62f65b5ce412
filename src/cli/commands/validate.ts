import { resolve } from 'node:path';
import { loadConfig } from '../../core/config/load-config.js';
import {
  runValidateJob,
  validateRequestFromConfig,
  type ValidateJobRequest,
} from '../../core/jobs/validate-job.js';
import type { Logger } from '../../core/logger.js';
import { parallelOptionsFromEnv } from '../../core/data/parallel-options.js';
import type { CliContext } from '../main.js';
import { enumOption, integerOption, parseCommandArgs } from '../args.js';
import { renderValidationText } from '../render-validation.js';

export const validateHelp = `Usage: mlgate validate --data FILE [--data FILE ...] [--schema SCHEMA.json] [--checks CHECKS.yml] [options]
       mlgate validate --config mlgate.yml [options]

Validate CSV, TSV, JSON Lines or Parquet files (each also .gz) against a JSON Schema (draft 2020-12 or
draft-07) and dataset checks. Writes validation.json and validation.md to --out.

Options:
  --data FILE|GLOB        data file or glob; repeat for several
  --schema FILE           JSON Schema every row must satisfy
  --checks FILE           checks file (YAML/JSON with a top-level "checks" list)
  --config FILE           mlgate.yml; its validate section supplies data, schema and checks
  --out DIR               folder for the result files (default ./mlgate-out)
  --max-violations N      violations listed per rule and column (default 20); totals are exact
  --fail-on LEVEL         error (default) | warning | never
  --quiet                 print only the verdict line
  -h, --help              show this help

Exit codes: 0 passed, 1 validation failed, 2 bad usage, configuration or input, 70 an internal
error (please report it).
`;

export async function validateCommand(
  argv: string[],
  logger: Logger,
  cwd: string,
  context: CliContext,
): Promise<number> {
  const { values } = parseCommandArgs('validate', argv, {
    data: { type: 'string', multiple: true },
    schema: { type: 'string' },
    checks: { type: 'string' },
    config: { type: 'string' },
    out: { type: 'string' },
    'max-violations': { type: 'string' },
    'fail-on': { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(validateHelp);
    return 0;
  }
  const maxViolations = integerOption('validate', 'max-violations', values['max-violations']);
  const failOn = enumOption('validate', 'fail-on', values['fail-on'], ['error', 'warning', 'never'] as const);
  const outDir = values.out ?? 'mlgate-out';
  let request: ValidateJobRequest;
  if (values.config) {
    request = validateRequestFromConfig(await loadConfig(resolve(cwd, values.config)), {
      cwd,
      outDir,
      maxViolations,
      failOn,
    });
    if (values.data?.length) request.data = values.data;
    if (values.schema) request.schemaPath = values.schema;
    if (values.checks) request.checksPath = values.checks;
  } else {
    request = {
      data: values.data ?? [],
      schemaPath: values.schema,
      checksPath: values.checks,
      maxViolations,
      failOn,
      outDir,
      cwd,
    };
  }
  request.parallel = context.workerUrl ? parallelOptionsFromEnv(context.workerUrl, process.env) : undefined;
  const quietLogger: Logger = { ...logger, info: () => {} };
  const { result, resultPath } = await runValidateJob(request, values.quiet ? quietLogger : logger);
  const text = renderValidationText(result, resultPath);
  process.stdout.write(values.quiet ? `${text.split('\n')[0]}\n` : text);
  return result.passed ? 0 : 1;
}
