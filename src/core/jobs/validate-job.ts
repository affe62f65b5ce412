import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { CheckSpec, FailOn, MlgateConfig } from '../config/types.js';
import { loadChecksFile } from '../config/load-config.js';
import { expandDataPaths, patternFrom } from '../data/files.js';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { renderValidationMarkdown } from '../report/validation-markdown.js';
import { removeStaleResults, toJson, writeFilesAtomically } from '../io/write-files.js';
import { displayPath, nameFilesAsShown } from './shown-paths.js';
import { loadSchema } from '../validate/schema-loader.js';
import { validateData } from '../validate/validate-data.js';
import type { ValidationResult } from '../validate/result.js';
import type { ParallelOptions } from '../data/parallel-options.js';

/** What one validation run needs, whoever asked for it (CLI flags, action inputs or mlgate.yml). */
export interface ValidateJobRequest {
  /** Paths or globs, relative to `cwd`. */
  data: string[];
  schemaPath?: string;
  checksPath?: string;
  checks?: CheckSpec[];
  maxViolations?: number;
  failOn?: FailOn;
  /** Folder for validation.json and validation.md. */
  outDir: string;
  cwd: string;
  /** Spread large CSV files over worker threads (set by entries that ship the worker). */
  parallel?: ParallelOptions;
}

export interface ValidateJobOutcome {
  result: ValidationResult;
  resultPath: string;
  markdownPath: string;
  markdown: string;
}

export const VALIDATION_FILE = 'validation.json';
export const VALIDATION_MARKDOWN_FILE = 'validation.md';

/**
 * Runs the validate job: expand the data paths, load the schema and checks (every user mistake is
 * raised before any row is read), validate, then write validation.json and validation.md together.
 */
export async function runValidateJob(
  request: ValidateJobRequest,
  logger: Logger,
): Promise<ValidateJobOutcome> {
  if (request.data.length === 0) {
    throw new ConfigurationError(
      'No data to validate: give at least one data file or glob (--data / input "data").',
    );
  }
  if (!request.schemaPath && !request.checksPath && !request.checks?.length) {
    throw new ConfigurationError(
      'Nothing to validate against: give a JSON Schema (--schema / input "schema"), a checks file (--checks / input "checks"), or checks in mlgate.yml.',
    );
  }
  const outDir = resolve(request.cwd, request.outDir);
  const resultPath = join(outDir, VALIDATION_FILE);
  const markdownPath = join(outDir, VALIDATION_MARKDOWN_FILE);
  await removeStaleResults([resultPath, markdownPath]);
  const files = await expandDataPaths(request.data, request.cwd);
  const schema = request.schemaPath ? await loadSchema(resolve(request.cwd, request.schemaPath)) : undefined;
  const checks = [
    ...(request.checks ?? []),
    ...(request.checksPath ? await loadChecksFile(resolve(request.cwd, request.checksPath)) : []),
  ];
  const schemaName = schema ? ` against ${displayPath(schema.path, request.cwd)}` : '';
  logger.info(`Validating ${files.length} file${files.length === 1 ? '' : 's'}${schemaName}`);
  const result = await nameFilesAsShown(request.cwd, () =>
    validateData({
      files,
      schema,
      checks,
      maxViolations: request.maxViolations,
      failOn: request.failOn,
      logger,
      displayPath: (path) => displayPath(path, request.cwd),
      parallel: request.parallel,
    }),
  );
  const markdown = renderValidationMarkdown(result);
  await writeFilesAtomically([
    { path: resultPath, content: toJson(result) },
    { path: markdownPath, content: markdown },
  ]);
  return { result, resultPath, markdownPath, markdown };
}

/** Builds a request from mlgate.yml's `validate:` section; its paths are relative to the config's folder. */
export function validateRequestFromConfig(
  config: MlgateConfig,
  overrides: Partial<Pick<ValidateJobRequest, 'maxViolations' | 'failOn' | 'outDir'>> & { cwd: string },
): ValidateJobRequest {
  const section = config.validate;
  if (!section) {
    throw new ConfigurationError(`${config.path}: has no "validate" section; add one (see docs/config.md).`);
  }
  const base = dirname(config.path);
  const rel = (p: string | undefined) => (p === undefined ? undefined : isAbsolute(p) ? p : resolve(base, p));
  return {
    data: section.data.map((p) => patternFrom(base, p)),
    schemaPath: rel(section.schema),
    checksPath: rel(section.checksFile),
    checks: section.checks,
    maxViolations: overrides.maxViolations ?? section.maxViolations,
    failOn: overrides.failOn ?? section.failOn,
    outDir: overrides.outDir ?? 'mlgate-out',
    cwd: overrides.cwd,
  };
}
