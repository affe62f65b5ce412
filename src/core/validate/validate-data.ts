import type { CheckSpec, FailOn } from '../config/types.js';
import type { Column, ColumnType, DataSource, ReadOptions } from '../data/types.js';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { CheckOutcome, CheckRunner, FileInfo } from './checks/check-runner.js';
import { UniqueCheck } from './checks/unique.js';
import { createCheckRunners, NUMERIC_CHECKS } from './checks/create-checks.js';
import { defaultOpen, type OpenDataSource } from './default-open.js';
import { assertCheckSpecs } from './check-specs.js';
import type { CheckResult, FileSummary, ValidationResult } from './result.js';
import type { ParallelOptions } from '../data/parallel-options.js';
import { validateCsvInParts } from './parallel/validate-csv-parallel.js';
import { rowValidatorFor } from './row-validator.js';
import type { LoadedSchema } from './schema-loader.js';
import { ViolationCollector } from './violations.js';

export type { OpenDataSource };

type UniqueSpec = Extract<CheckSpec, { type: 'unique' }>;

export interface ValidateDataOptions {
  files: string[];
  schema?: LoadedSchema;
  checks?: CheckSpec[];
  /** Violations listed per (rule, column); totals stay exact. Default 20. */
  maxViolations?: number;
  /** Default 'error'. */
  failOn?: FailOn;
  logger: Logger;
  batchSize?: number;
  /** Milliseconds; default performance.now. */
  clock?: () => number;
  /** The reader; default openDataSource from src/core/data/open.ts (tests pass in-memory sources). */
  open?: OpenDataSource;
  /** How a file is named in the result (e.g. relative to the workspace); default: as opened. */
  displayPath?: (path: string) => string;
  /** Spread large plain CSV files over worker threads (see parallel/); default: one thread. */
  parallel?: ParallelOptions;
}

export const DEFAULT_MAX_VIOLATIONS = 20;

/**
 * Streams every file once: each batch goes through the compiled schema (row violations) and every
 * dataset check; the result holds capped violations with exact counts and one verdict per check.
 */
export async function validateData(o: ValidateDataOptions): Promise<ValidationResult> {
  const clock = o.clock ?? (() => performance.now());
  const started = clock();
  const maxViolations = o.maxViolations ?? DEFAULT_MAX_VIOLATIONS;
  if (!Number.isInteger(maxViolations) || maxViolations < 0) {
    throw new ConfigurationError(`max violations must be a whole number ≥ 0, got ${maxViolations}`);
  }
  const failOn = o.failOn ?? 'error';
  const schemaChecks = uniqueChecksFromSchema(o.schema);
  const specs = [...(o.checks ?? []), ...schemaChecks];
  assertCheckSpecs(specs);
  const runners: CheckRunner[] = [
    ...createCheckRunners(o.checks ?? [], maxViolations),
    // x-unique sits on a property, which may be optional: a file without the column simply has no keys.
    ...schemaChecks.map((spec) => new UniqueCheck(spec, maxViolations, true)),
  ];
  const collector = new ViolationCollector(maxViolations);
  const rowValidator = o.schema ? rowValidatorFor(o.schema, collector) : undefined;
  const open = o.open ?? (await defaultOpen());
  // Nothing here keeps a batch past the next one (checks copy what they hold), so buffers are refilled.
  const readOptions: ReadOptions = {
    columnTypes: readTypes(o.schema, specs),
    batchSize: o.batchSize,
    reuseBuffers: true,
  };

  const display = o.displayPath ?? ((path: string) => path);
  const files: FileSummary[] = [];
  // Opening reads each CSV header and Parquet schema, so a check naming a column no file or schema has
  // is reported before any row is read. JSON Lines keys are known only once read, and a gzipped Parquet
  // file is held in memory once opened: with either, files are opened one by one and checked at the end.
  const sources: DataSource[] = [];
  let keysKnownUpFront = true;
  for (const path of o.files) {
    const source = await open(path, readOptions);
    sources.push(source);
    if (source.format === 'jsonl' || (source.format === 'parquet' && source.compressed)) {
      keysKnownUpFront = false;
      break;
    }
  }
  if (keysKnownUpFront) assertCheckColumnsExist(specs, o.schema, sources);
  for (const [index, path] of o.files.entries()) {
    const source = sources[index] ?? (await open(path, readOptions));
    const file: FileInfo = { path: display(source.path), format: source.format, index };
    // Checks that read cell values see rows in order on this thread; without them a large CSV file
    // can be split across workers (row validation is the per-row cost then).
    const parts =
      o.parallel &&
      source.format === 'csv' &&
      !source.compressed &&
      runners.every((r) => r.columns.length === 0)
        ? await validateCsvInParts({
            path,
            displayPath: file.path,
            readOptions,
            schema: o.schema,
            collector,
            parallel: o.parallel,
            logger: o.logger,
          })
        : null;
    let rows = parts?.rows ?? 0;
    if (!parts) {
      for await (const batch of source.batches()) {
        const byName = new Map<string, Column>(batch.columns.map((c) => [c.name, c]));
        rowValidator?.validateBatch(batch, file);
        for (const runner of runners) runner.batch(batch, byName, file);
        rows += batch.length;
      }
    }
    for (const runner of runners) runner.endFile(file, source.columns, rows);
    files.push({
      path: file.path,
      format: source.format,
      compressed: source.compressed,
      rows,
      columns: [...source.columns],
      violations: 0,
    });
    o.logger.debug(`${file.path}: ${rows} rows, ${source.columns.length} columns`);
  }
  if (!keysKnownUpFront) assertCheckColumnsExist(specs, o.schema, files);

  const outcomes = runners.map((runner) => runner.finish());
  for (const outcome of outcomes) if (outcome.violations) collector.merge(outcome.violations);
  for (const file of files) file.violations = collector.fileCount(file.path);
  return buildResult({ o, failOn, files, collector, outcomes, display, durationMs: clock() - started });
}

/** `x-unique: true` on a schema property is a unique check on that column. */
function uniqueChecksFromSchema(schema: LoadedSchema | undefined): UniqueSpec[] {
  return (schema?.uniqueColumns ?? []).map((column) => ({
    type: 'unique',
    columns: [column],
    name: `unique (${column}) from x-unique`,
  }));
}

/** Schema types, plus 'number' for columns that numeric checks read and the schema leaves untyped. */
function readTypes(
  schema: LoadedSchema | undefined,
  specs: readonly CheckSpec[],
): Record<string, ColumnType> {
  const types: Record<string, ColumnType> = { ...(schema?.columnTypes ?? {}) };
  for (const spec of specs) {
    if (NUMERIC_CHECKS.has(spec.type) && 'column' in spec && !(spec.column in types))
      types[spec.column] = 'number';
  }
  return types;
}

/**
 * A check naming a column that neither the schema nor any file has is a configuration mistake (exit 2),
 * most likely a typo; a column missing from only some files is a failed check instead.
 */
function assertCheckColumnsExist(
  specs: readonly CheckSpec[],
  schema: LoadedSchema | undefined,
  files: ReadonlyArray<{ readonly columns: readonly string[] }>,
) {
  const known = new Set([...Object.keys(schema?.columnTypes ?? {}), ...files.flatMap((f) => f.columns)]);
  for (const spec of specs) {
    const columns = 'column' in spec ? [spec.column] : spec.type === 'unique' ? spec.columns : [];
    const unknown = columns.filter((c) => !known.has(c));
    if (unknown.length) {
      const seen = [...known].slice(0, 30).map((c) => JSON.stringify(c));
      throw new ConfigurationError(
        `check ${JSON.stringify(spec.name ?? spec.type)} names column ${unknown.map((c) => JSON.stringify(c)).join(', ')}, ` +
          `which is in neither the schema nor any data file; known columns: ${seen.join(', ') || '(none)'}`,
      );
    }
  }
}

function buildResult(parts: {
  o: ValidateDataOptions;
  failOn: FailOn;
  files: FileSummary[];
  collector: ViolationCollector;
  outcomes: CheckOutcome[];
  display: (path: string) => string;
  durationMs: number;
}): ValidationResult {
  const { o, failOn, files, collector, outcomes } = parts;
  const checks: CheckResult[] = outcomes.map((outcome) => outcome.result);
  // A failed check whose failing rows are already counted as violations is not counted again.
  const failed = (severity: string) =>
    outcomes.filter(
      (c) => !c.result.passed && c.result.severity === severity && !(c.violations && c.violations.total > 0),
    ).length;
  const errorCount = collector.countBySeverity('error') + failed('error');
  const warningCount = collector.countBySeverity('warning') + failed('warning');
  const passed =
    failOn === 'never' || (failOn === 'error' ? errorCount === 0 : errorCount + warningCount === 0);
  return {
    schemaVersion: 1,
    kind: 'validation',
    passed,
    fail_on: failOn,
    rows: files.reduce((sum, f) => sum + f.rows, 0),
    duration_ms: Math.round(parts.durationMs * 10) / 10,
    files,
    schema: o.schema ? parts.display(o.schema.path) : null,
    schema_draft: o.schema?.draft ?? null,
    violations: collector.violations(files.map((f) => f.path)),
    violation_counts: collector.counts(),
    total_violations: collector.total,
    error_count: errorCount,
    warning_count: warningCount,
    checks,
  };
}
