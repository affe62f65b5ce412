#!/usr/bin/env node
import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import {
  defaultOpen,
  expandDataPaths,
  formatCount,
  loadConfig,
  parallelOptionsFromEnv,
  require_dist,
  runValidateJob,
  toJson,
  validateRequestFromConfig,
  writeFilesAtomically
} from "./chunks/chunk-UAWTZNGM.js";
import "./chunks/chunk-4EKPWFWD.js";
import {
  isNanText,
  parseNumberText
} from "./chunks/chunk-L6ZNI7GU.js";
import {
  CellState,
  ConfigurationError,
  ExitCode,
  __toESM,
  getErrorMessage,
  isConfigurationError
} from "./chunks/chunk-PNY2FIIF.js";

// src/core/logger.ts
function getConsoleLogger(options = {}) {
  return {
    debug: (m) => {
      if (options.verbose) process.stderr.write(`debug: ${m}
`);
    },
    info: (m) => process.stdout.write(`${m}
`),
    warning: (m) => process.stderr.write(`warning: ${m}
`),
    error: (m) => process.stderr.write(`error: ${m}
`)
  };
}

// src/core/jobs/infer-schema-job.ts
var import_yaml = __toESM(require_dist(), 1);
import { join, resolve } from "node:path";

// src/core/validate/infer-schema.ts
import { basename } from "node:path";

// src/core/validate/column-profile.ts
var MAX_ENUM = 20;
var BOOLEAN_TEXT = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false
};
var ColumnProfile = class {
  constructor(name, trackDistinct) {
    this.name = name;
    if (trackDistinct) this.keys = /* @__PURE__ */ new Set();
  }
  name;
  rows = 0;
  missing = 0;
  integers = 0;
  fractions = 0;
  booleans = 0;
  strings = 0;
  structures = 0;
  /** NaN text in CSV: missing if the column ends up numeric, a string otherwise. */
  nanTexts = 0;
  min = Infinity;
  max = -Infinity;
  distinct = /* @__PURE__ */ new Set();
  keys;
  duplicate = false;
  /** Cells came as CSV text (any kind mix then reads back fine as a string column). */
  fromText = false;
  addColumn(column, length, format) {
    this.rows += length;
    for (let i = 0; i < length; i++) {
      const state = column.state[i];
      if (state === CellState.Present)
        this.addValue(column.kind === "boolean" ? column.values[i] === 1 : column.values[i], format);
      else if (state === CellState.Invalid) this.addValue(column.invalid.get(i), format);
      else this.missing++;
    }
  }
  /** Rows of a batch that lacks the column (JSON Lines before the key first appears). */
  addAbsent(length) {
    this.rows += length;
    this.missing += length;
  }
  addValue(value, format) {
    if (typeof value === "string" && format === "csv") return this.addText(value);
    if (typeof value === "number") return this.addNumber(value);
    if (typeof value === "boolean") this.booleans++;
    else if (typeof value === "string") this.addString(value);
    else if (typeof value === "bigint") this.integers++;
    else this.structures++;
  }
  addText(text) {
    this.fromText = true;
    this.noteDistinct(text);
    if (isNanText(text)) {
      this.nanTexts++;
      return;
    }
    const number = parseNumberText(text);
    if (!Number.isNaN(number)) return this.addNumber(number);
    if (Object.hasOwn(BOOLEAN_TEXT, text)) this.booleans++;
    else this.strings++;
    if (this.keys && !this.duplicate) this.noteKey(text);
  }
  addNumber(value) {
    if (Number.isNaN(value)) {
      this.missing++;
      return;
    }
    if (Number.isInteger(value)) this.integers++;
    else this.fractions++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.keys && !this.duplicate) this.noteKey(value);
  }
  addString(text) {
    this.strings++;
    this.noteDistinct(text);
    if (this.keys && !this.duplicate) this.noteKey(text);
  }
  noteDistinct(text) {
    if (!this.distinct) return;
    this.distinct.add(text);
    if (this.distinct.size > MAX_ENUM) this.distinct = void 0;
  }
  noteKey(key) {
    const keys = this.keys;
    if (keys.has(key)) this.duplicate = true;
    else keys.add(key);
  }
};

// src/core/validate/infer-schema.ts
var ENUM_MAX = 20;
var ENUM_ROWS_PER_VALUE = 10;
var NULL_FRACTION_MARGIN = 0.05;
function isIdLike(name) {
  return /(^|[_\-\s.])(id|uuid|guid)$/i.test(name) || /[a-z0-9](Id|ID|Uuid|UUID)$/.test(name);
}
async function inferSchema(files, o = {}) {
  const open = o.open ?? await defaultOpen();
  const profiles = /* @__PURE__ */ new Map();
  const fileColumns = [];
  let rows = 0;
  for (const path of files) {
    const source = await open(path);
    let fileRows = 0;
    for await (const batch of source.batches()) {
      const seen = /* @__PURE__ */ new Set();
      for (const column of batch.columns) {
        profileFor(profiles, column.name, rows + fileRows).addColumn(column, batch.length, source.format);
        seen.add(column.name);
      }
      for (const [name, profile] of profiles) if (!seen.has(name)) profile.addAbsent(batch.length);
      fileRows += batch.length;
    }
    for (const name of source.columns) profileFor(profiles, name, rows + fileRows);
    fileColumns.push([...source.columns]);
    rows += fileRows;
    o.logger?.debug(`${path}: ${fileRows} rows profiled`);
  }
  const columns = [...profiles.values()];
  const schema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: `Inferred from ${files.length === 1 ? basename(files[0]) : `${files.length} files`}`,
    description: `Draft inferred by mlgate infer-schema from ${rows} rows; review the types, bounds and enums before use.`,
    type: "object",
    properties: Object.fromEntries(columns.map((p) => [p.name, propertySchema(p)])),
    required: columns.filter((p) => p.missing === 0 && !isNanMissing(p)).map((p) => p.name),
    additionalProperties: false
  };
  return { schema, checks: inferChecks(columns, fileColumns, rows) };
}
function profileFor(profiles, name, rowsBefore) {
  let profile = profiles.get(name);
  if (!profile) {
    profile = new ColumnProfile(name, isIdLike(name));
    if (rowsBefore > 0) profile.addAbsent(rowsBefore);
    profiles.set(name, profile);
  }
  return profile;
}
function typeOf(p) {
  if (p.structures > 0) return void 0;
  const numbers = p.integers + p.fractions;
  const strings = p.strings + (numbers > 0 || p.booleans === 0 && p.strings === 0 ? 0 : p.nanTexts);
  const kinds = Number(numbers > 0) + Number(p.booleans > 0) + Number(strings > 0);
  if (kinds === 0) return p.nanTexts > 0 ? "number" : "string";
  if (kinds > 1) return p.fromText ? "string" : void 0;
  if (strings > 0) return "string";
  if (p.booleans > 0) return "boolean";
  return p.fractions > 0 ? "number" : "integer";
}
function isNanMissing(p) {
  const type = typeOf(p);
  return p.nanTexts > 0 && (type === "number" || type === "integer");
}
function missingCount(p) {
  return p.missing + (isNanMissing(p) ? p.nanTexts : 0);
}
function propertySchema(p) {
  const type = typeOf(p);
  const nullable = missingCount(p) > 0;
  const property = {};
  if (type) property.type = nullable ? [type, "null"] : type;
  if ((type === "integer" || type === "number") && Number.isFinite(p.min) && Number.isFinite(p.max)) {
    property.minimum = p.min;
    property.maximum = p.max;
  }
  const present = p.rows - missingCount(p);
  if (type === "string" && p.distinct && p.distinct.size > 0 && p.distinct.size <= ENUM_MAX && present >= ENUM_ROWS_PER_VALUE * p.distinct.size) {
    const values = [...p.distinct].sort();
    property.enum = nullable ? [...values, null] : values;
  }
  if ((type === "integer" || type === "string") && isIdLike(p.name) && !p.duplicate && p.rows > missingCount(p)) {
    property["x-unique"] = true;
  }
  return property;
}
function inferChecks(columns, fileColumns, rows) {
  const first = fileColumns[0] ?? [];
  const sameEverywhere = fileColumns.every(
    (c) => c.length === first.length && c.every((name, i) => name === first[i])
  );
  const common = first.filter((name) => fileColumns.every((c) => c.includes(name)));
  const checks = [{ type: "row-count", min: Math.floor(0.5 * rows) }];
  if (sameEverywhere && first.length) checks.push({ type: "columns", mode: "exact-ordered", columns: first });
  else if (common.length) checks.push({ type: "columns", mode: "at-least", columns: common });
  for (const p of columns) {
    const missing = missingCount(p);
    if (missing === 0 || p.rows === 0 || !common.includes(p.name)) continue;
    const observed = missing / p.rows;
    const max = Math.min(1, Math.round((Math.ceil(observed * 100) / 100 + NULL_FRACTION_MARGIN) * 100) / 100);
    checks.push({ type: "null-fraction", column: p.name, max });
  }
  return checks;
}

// src/core/jobs/infer-schema-job.ts
var kebab = (key) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
function formatChecksYaml(checks, header) {
  const items = checks.map(
    (check) => Object.fromEntries(
      Object.entries(check).filter(([, v]) => v !== void 0).map(([k, v]) => [kebab(k), v])
    )
  );
  return `${header}${(0, import_yaml.stringify)({ version: 1, checks: items }, { lineWidth: 0 })}`;
}
async function runInferSchemaJob(request, logger) {
  if (request.data.length === 0) {
    throw new ConfigurationError("No reference data: give at least one data file or glob (--data).");
  }
  const files = await expandDataPaths(request.data, request.cwd);
  const { schema, checks } = await inferSchema(files, { logger });
  const outDir = resolve(request.cwd, request.outDir);
  const schemaPath = join(outDir, "schema.json");
  const checksPath = join(outDir, "checks.yml");
  const header = `# Draft checks inferred by mlgate infer-schema from ${files.length} file(s).
# Review every bound before committing: they describe the reference data, not what should hold.
`;
  await writeFilesAtomically([
    { path: schemaPath, content: toJson(schema) },
    { path: checksPath, content: formatChecksYaml(checks, header) }
  ]);
  return { schemaPath, checksPath, schema, checks };
}

// src/cli/args.ts
import { parseArgs } from "node:util";
function parseCommandArgs(command, argv, options) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false
    });
  } catch (error) {
    throw new ConfigurationError(
      `mlgate ${command}: ${getErrorMessage(error)}. Run "mlgate ${command} --help".`
    );
  }
}
function integerOption(command, name, value, min = 0) {
  if (value === void 0) return void 0;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new ConfigurationError(`mlgate ${command}: --${name} must be an integer \u2265 ${min}; got "${value}".`);
  }
  return n;
}
function enumOption(command, name, value, allowed) {
  if (value === void 0) return void 0;
  if (!allowed.includes(value)) {
    throw new ConfigurationError(
      `mlgate ${command}: --${name} must be one of ${allowed.join(", ")}; got "${value}".`
    );
  }
  return value;
}

// src/cli/commands/infer-schema.ts
var inferSchemaHelp = `Usage: mlgate infer-schema --data FILE [--data FILE ...] [--out DIR]

Reads reference data and writes a draft JSON Schema (schema.json) and checks (checks.yml) to --out for
people to review in a PR: types, required columns, observed ranges, small categorical value sets, null
fractions, row count and unique id columns.

Options:
  --data FILE|GLOB   reference data file or glob; repeat for several
  --out DIR          folder for schema.json and checks.yml (default ./mlgate-out)
  -h, --help         show this help
`;
async function inferSchemaCommand(argv, logger, cwd) {
  const { values } = parseCommandArgs("infer-schema", argv, {
    data: { type: "string", multiple: true },
    out: { type: "string" }
  });
  if (values.help) {
    process.stdout.write(inferSchemaHelp);
    return 0;
  }
  const { schemaPath, checksPath, checks } = await runInferSchemaJob(
    { data: values.data ?? [], outDir: values.out ?? "mlgate-out", cwd },
    logger
  );
  process.stdout.write(
    `Wrote ${schemaPath}
Wrote ${checksPath} (${checks.length} checks)
Review both before committing them.
`
  );
  return 0;
}

// src/cli/commands/validate.ts
import { resolve as resolve2 } from "node:path";

// src/cli/render-validation.ts
var plural = (n, word) => `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;
function renderValidationText(result, resultPath, maxListed = 10) {
  const lines = [];
  const verdict = result.passed ? "PASSED" : "FAILED";
  lines.push(
    `Validation ${verdict}: ${plural(result.rows, "row")} in ${plural(result.files.length, "file")}, ${plural(result.error_count, "error")}, ${plural(result.warning_count, "warning")} (fail-on: ${result.fail_on})`
  );
  for (const file of result.files)
    lines.push(
      `  ${file.path}: ${plural(file.rows, "row")}, ${file.format}${file.compressed ? " (gzip)" : ""}`
    );
  if (result.violation_counts.length) {
    lines.push("", "Violations by rule and column:");
    for (const c of result.violation_counts) {
      lines.push(
        `  ${c.severity.padEnd(7)} ${c.rule.padEnd(18)} ${(c.column ?? "(row)").padEnd(20)} ${formatCount(c.count)}`
      );
    }
  }
  if (result.violations.length) {
    lines.push(
      "",
      `First violations (${Math.min(maxListed, result.violations.length)} of ${formatCount(result.total_violations)}):`
    );
    for (const v of result.violations.slice(0, maxListed)) {
      const where = v.row !== null ? `row ${v.row}${v.line !== null && v.line !== v.row ? ` (line ${v.line})` : ""}` : "dataset";
      lines.push(`  ${v.file}: ${where}${v.column ? `, ${v.column}` : ""}: [${v.rule}] ${v.message}`);
    }
  }
  if (result.checks.length) {
    lines.push("", "Checks:");
    for (const check of result.checks) {
      const mark = check.passed ? "ok  " : check.severity === "warning" ? "warn" : "FAIL";
      lines.push(`  ${mark} ${check.name}: ${check.message}`);
    }
  }
  lines.push("", `Result: ${resultPath}`);
  return `${lines.join("\n")}
`;
}

// src/cli/commands/validate.ts
var validateHelp = `Usage: mlgate validate --data FILE [--data FILE ...] [--schema SCHEMA.json] [--checks CHECKS.yml] [options]
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

Exit codes: 0 passed, 1 validation failed, 2 bad usage, configuration or input.
`;
async function validateCommand(argv, logger, cwd, context) {
  const { values } = parseCommandArgs("validate", argv, {
    data: { type: "string", multiple: true },
    schema: { type: "string" },
    checks: { type: "string" },
    config: { type: "string" },
    out: { type: "string" },
    "max-violations": { type: "string" },
    "fail-on": { type: "string" },
    quiet: { type: "boolean" }
  });
  if (values.help) {
    process.stdout.write(validateHelp);
    return 0;
  }
  const maxViolations = integerOption("validate", "max-violations", values["max-violations"]);
  const failOn = enumOption("validate", "fail-on", values["fail-on"], ["error", "warning", "never"]);
  const outDir = values.out ?? "mlgate-out";
  let request;
  if (values.config) {
    request = validateRequestFromConfig(await loadConfig(resolve2(cwd, values.config)), {
      cwd,
      outDir,
      maxViolations,
      failOn
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
      cwd
    };
  }
  request.parallel = context.workerUrl ? parallelOptionsFromEnv(context.workerUrl, process.env) : void 0;
  const quietLogger = { ...logger, info: () => {
  } };
  const { result, resultPath } = await runValidateJob(request, values.quiet ? quietLogger : logger);
  const text = renderValidationText(result, resultPath);
  process.stdout.write(values.quiet ? `${text.split("\n")[0]}
` : text);
  return result.passed ? 0 : 1;
}

// src/cli/version.ts
var VERSION = "0.1.0";

// src/cli/main.ts
var commands = {
  validate: {
    run: validateCommand,
    help: validateHelp,
    summary: "validate data files against a JSON Schema and dataset checks"
  },
  "infer-schema": {
    run: inferSchemaCommand,
    help: inferSchemaHelp,
    summary: "write a draft schema and checks from reference data"
  }
};
var mainHelp = `mlgate ${VERSION}: model CI for GitHub Actions and your laptop

Usage: mlgate <command> [options]

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`).join("\n")}

Run "mlgate <command> --help" for a command's options.
Exit codes: 0 ran and passed, 1 ran and a gate failed, 2 bad usage, configuration or input.
`;
async function main(argv, cwd = process.cwd(), context = {}) {
  const [name, ...rest] = argv;
  if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : void 0;
    process.stdout.write(topic && commands[topic] ? commands[topic].help : mainHelp);
    return 0;
  }
  if (name === "--version" || name === "-V") {
    process.stdout.write(`${VERSION}
`);
    return 0;
  }
  const command = commands[name];
  const logger = getConsoleLogger({ verbose: process.env.MLGATE_DEBUG === "1" });
  if (!command) {
    process.stderr.write(
      `mlgate: unknown command "${name}". Commands: ${Object.keys(commands).join(", ")}. Run "mlgate --help".
`
    );
    return ExitCode.BadInput;
  }
  try {
    return await command.run(rest, logger, cwd, context);
  } catch (error) {
    if (isConfigurationError(error)) {
      process.stderr.write(`mlgate ${name}: ${getErrorMessage(error)}
`);
      return ExitCode.BadInput;
    }
    process.stderr.write(`mlgate ${name}: internal error: ${getErrorMessage(error)}
`);
    if (error instanceof Error && error.stack && process.env.MLGATE_DEBUG === "1")
      process.stderr.write(`${error.stack}
`);
    else process.stderr.write("Set MLGATE_DEBUG=1 for the stack trace, and please report it.\n");
    return ExitCode.InternalError;
  }
}

// src/cli/index.ts
process.exitCode = await main(process.argv.slice(2), process.cwd(), {
  workerUrl: new URL("./workers/csv-validate.js", import.meta.url)
});
