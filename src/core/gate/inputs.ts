/**
 * The gate's inputs: validation.json, evaluation.json, comparison.json and drift.json as mlgate writes
 * them. Each file is read once, its sha256 taken from the bytes read, and every key the gate uses is
 * checked, so a missing file, another tool's JSON or a file of the wrong kind is a ConfigurationError
 * naming the file and the key, never a crash or a silent pass.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ComparisonResult } from '../compare/result.js';
import type { DriftResult } from '../drift/result.js';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import type { EvaluationResult } from '../evaluate/result.js';
import { displayPath } from '../jobs/shown-paths.js';
import type { ValidationResult } from '../validate/result.js';
import { GATE_SOURCES, type GateSource } from './policy.js';

export type GateInputPaths = Partial<Record<GateSource, string>>;

export interface LoadedSource<T> {
  /** As given, resolved against the working folder. */
  absolutePath: string;
  /** Relative to the working folder when inside it (as results name files). */
  path: string;
  /** sha256 of the bytes read. */
  sha256: string;
  value: T;
}

export interface GateInputs {
  validation?: LoadedSource<ValidationResult>;
  evaluation?: LoadedSource<EvaluationResult>;
  comparison?: LoadedSource<ComparisonResult>;
  drift?: LoadedSource<DriftResult>;
}

/** The schemaVersion of each result file this gate reads. */
const KNOWN_SCHEMA_VERSION = 1;
const TASKS = ['binary', 'multiclass', 'regression'];
const VERDICTS = ['pass', 'fail', 'inconclusive'];

type Json = Record<string, unknown>;

/** Keys that tell one mlgate result file from another, for "this looks like …" hints. */
function looksLike(value: Json): string | undefined {
  if ('conclusion' in value && 'sources' in value) return "verdict.json (the gate's own result)";
  if (value.kind === 'validation' || ('violations' in value && 'fail_on' in value)) return 'validation.json';
  if ('candidate' in value && 'baseline' in value && 'checks' in value) return 'comparison.json';
  if ('dataset_drift' in value && 'columns' in value) return 'drift.json';
  if ('thresholds' in value && 'model' in value && 'task' in value) return 'evaluation.json';
  if ('versions' in value && 'stages' in value) return 'versions.json';
  return undefined;
}

class Shape {
  constructor(
    readonly kind: GateSource,
    readonly file: string,
    readonly root: Json,
  ) {}

  fail(key: string, problem: string): never {
    const other = looksLike(this.root);
    const hint =
      other && other !== `${this.kind}.json`
        ? `; it looks like ${other}: give it to the matching input`
        : `; expected a ${this.kind}.json written by mlgate`;
    throw new ConfigurationError(`${this.kind} file ${this.file}: key "${key}" ${problem}${hint}.`);
  }

  private at(obj: Json, key: string): unknown {
    return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }

  /** The value at `key` of `obj` (named `path` in messages), which must satisfy `test`. */
  get(obj: Json, key: string, path: string, test: (v: unknown) => boolean, expected: string): unknown {
    const value = this.at(obj, key);
    if (value === undefined) this.fail(path, `is missing (expected ${expected})`);
    if (!test(value)) this.fail(path, `is ${describe(value)} (expected ${expected})`);
    return value;
  }

  optional(obj: Json, key: string, path: string, test: (v: unknown) => boolean, expected: string): unknown {
    const value = this.at(obj, key);
    if (value === undefined) return undefined;
    if (!test(value)) this.fail(path, `is ${describe(value)} (expected ${expected})`);
    return value;
  }

  schemaVersion(): void {
    const v = this.get(
      this.root,
      'schemaVersion',
      'schemaVersion',
      isNumber,
      `the number ${KNOWN_SCHEMA_VERSION}`,
    );
    if (v !== KNOWN_SCHEMA_VERSION) {
      throw new ConfigurationError(
        `${this.kind} file ${this.file}: key "schemaVersion" is ${String(v)}; this mlgate reads version ` +
          `${KNOWN_SCHEMA_VERSION} (${(v as number) > KNOWN_SCHEMA_VERSION ? 'the file was written by a newer mlgate: update the gate' : 'rerun the step that wrote it'}).`,
      );
    }
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCount = (v: unknown) => isNumber(v) && Number.isInteger(v) && v >= 0;
const isNumberOrNull = (v: unknown) => v === null || isNumber(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isArray = Array.isArray;
const isInterval = (v: unknown) => v === null || (isArray(v) && v.length === 2 && v.every(isNumber));
const isStringList = (v: unknown) => isArray(v) && v.every(isString);

function checkValidation(s: Shape): void {
  s.schemaVersion();
  const r = s.root;
  s.get(r, 'passed', 'passed', isBoolean, 'true or false');
  s.get(r, 'rows', 'rows', isCount, 'a row count');
  const violations = s.get(r, 'violations', 'violations', isArray, 'a list of violations') as unknown[];
  violations.forEach((v, i) => {
    if (!isObject(v)) s.fail(`violations[${i}]`, `is ${describe(v)} (expected an object)`);
    s.get(v, 'rule', `violations[${i}].rule`, isString, 'a rule name');
    s.get(v, 'message', `violations[${i}].message`, isString, 'a message');
  });
  for (const key of ['error_count', 'warning_count', 'total_violations'])
    s.optional(r, key, key, isCount, 'a count');
  // The dataset checks: a list of {name, passed} (the verdict names the failed ones).
  const checks = s.optional(r, 'checks', 'checks', isArray, 'a list of checks') as unknown[] | undefined;
  checks?.forEach((c, i) => {
    if (!isObject(c)) s.fail(`checks[${i}]`, `is ${describe(c)} (expected an object)`);
    s.optional(c, 'passed', `checks[${i}].passed`, isBoolean, 'true or false');
  });
}

function checkEvaluation(s: Shape): void {
  s.schemaVersion();
  const r = s.root;
  s.get(r, 'task', 'task', (v) => TASKS.includes(v as string), TASKS.join(', '));
  s.get(r, 'passed', 'passed', isBoolean, 'true or false');
  s.get(r, 'rows', 'rows', isCount, 'a row count');
  s.get(r, 'metrics', 'metrics', isObject, 'an object of metric values');
  const model = s.get(r, 'model', 'model', isObject, "the model's path and sha256") as Json;
  s.get(model, 'path', 'model.path', isString, 'a path');
  s.get(model, 'sha256', 'model.sha256', isString, 'a sha256');
  const thresholds = s.get(
    r,
    'thresholds',
    'thresholds',
    isArray,
    'a list of threshold outcomes',
  ) as unknown[];
  thresholds.forEach((t, i) => {
    const at = `thresholds[${i}]`;
    if (!isObject(t)) s.fail(at, `is ${describe(t)} (expected an object)`);
    s.get(t, 'metric', `${at}.metric`, isString, 'a metric name');
    s.get(t, 'passed', `${at}.passed`, isBoolean, 'true or false');
    s.get(t, 'threshold', `${at}.threshold`, isNumber, 'a number');
    s.get(t, 'value', `${at}.value`, isNumberOrNull, 'a number or null');
    s.get(t, 'greater_is_better', `${at}.greater_is_better`, isBoolean, 'true or false');
    s.optional(t, 'on', `${at}.on`, isString, 'value, ci_lower, ci_upper or ci_pessimistic');
    s.optional(t, 'reason', `${at}.reason`, isString, 'a sentence');
    const slice = s.optional(t, 'slice', `${at}.slice`, isObject, "the slice's column and value") as
      Json | undefined;
    if (slice) {
      s.get(slice, 'column', `${at}.slice.column`, isString, 'a column name');
      s.get(slice, 'value', `${at}.slice.value`, isString, 'a value');
    }
  });
  const deferred = s.optional(r, 'thresholds_deferred', 'thresholds_deferred', isBoolean, 'true or false');
  if (deferred === true) {
    throw new ConfigurationError(
      `evaluation file ${s.file}: key "thresholds_deferred" is true: it is one shard's result, whose thresholds ` +
        'are judged over all shards; gate the result of "mlgate merge" instead.',
    );
  }
}

function checkComparison(s: Shape): void {
  s.schemaVersion();
  const r = s.root;
  s.get(r, 'verdict', 'verdict', (v) => VERDICTS.includes(v as string), VERDICTS.join(', '));
  s.get(r, 'task', 'task', (v) => TASKS.includes(v as string), TASKS.join(', '));
  s.optional(r, 'mode', 'mode', isString, 'paired, unpaired, bootstrap or shadow');
  s.optional(r, 'primary_metric', 'primary_metric', isString, 'a metric name');
  const metrics = s.get(r, 'metrics', 'metrics', isObject, 'an object of compared metrics') as Json;
  for (const [name, m] of Object.entries(metrics)) {
    const at = `metrics.${name}`;
    if (!isObject(m)) s.fail(at, `is ${describe(m)} (expected {candidate, baseline, delta, ci95})`);
    for (const key of ['candidate', 'baseline', 'delta'])
      s.get(m, key, `${at}.${key}`, isNumberOrNull, 'a number or null');
    s.get(m, 'ci95', `${at}.ci95`, isInterval, '[lo, hi] or null');
  }
  s.get(r, 'tests', 'tests', isObject, 'an object of paired tests');
  const checks = s.get(r, 'checks', 'checks', isArray, 'a list of policy checks') as unknown[];
  checks.forEach((c, i) => {
    const at = `checks[${i}]`;
    if (!isObject(c)) s.fail(at, `is ${describe(c)} (expected an object)`);
    s.get(c, 'metric', `${at}.metric`, isString, 'a metric name');
    s.get(c, 'rule', `${at}.rule`, isString, 'a rule name');
    s.get(c, 'status', `${at}.status`, (v) => VERDICTS.includes(v as string), VERDICTS.join(', '));
    s.get(c, 'reason', `${at}.reason`, isString, 'a sentence');
    s.optional(c, 'threshold', `${at}.threshold`, isNumberOrNull, 'a number or null');
  });
  s.optional(r, 'reasons', 'reasons', isStringList, 'a list of sentences');
  const candidate = s.get(r, 'candidate', 'candidate', isObject, "the candidate's path and sha256") as Json;
  s.get(candidate, 'path', 'candidate.path', isString, 'a path');
  s.get(candidate, 'sha256', 'candidate.sha256', isString, 'a sha256');
  const baseline = s.get(r, 'baseline', 'baseline', isObject, 'the baseline source') as Json;
  s.get(baseline, 'kind', 'baseline.kind', isString, 'model, registry, results or none');
}

function checkDrift(s: Shape): void {
  s.schemaVersion();
  const r = s.root;
  s.get(r, 'columns', 'columns', isObject, 'an object of columns');
  s.get(r, 'dataset_drift', 'dataset_drift', isBoolean, 'true or false');
  s.get(r, 'drifted_columns', 'drifted_columns', isStringList, 'a list of column names');
  s.optional(r, 'name', 'name', (v) => v === null || isString(v), 'a name or null');
  const summary = s.get(r, 'summary', 'summary', isObject, '{tested, drifted, because}') as Json;
  s.get(summary, 'tested', 'summary.tested', isCount, 'a count');
  s.get(summary, 'drifted', 'summary.drifted', isCount, 'a count');
  s.get(summary, 'because', 'summary.because', isString, 'a sentence');
  const prediction = s.optional(
    r,
    'prediction_drift',
    'prediction_drift',
    (v) => v === null || isObject(v),
    'an object or null',
  );
  if (isObject(prediction))
    s.get(prediction, 'drifted', 'prediction_drift.drifted', isBoolean, 'true or false');
}

const CHECKERS: Record<GateSource, (s: Shape) => void> = {
  validation: checkValidation,
  evaluation: checkEvaluation,
  comparison: checkComparison,
  drift: checkDrift,
};

function readError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, expected a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot read the file: ${getErrorMessage(error)}`;
}

/** Reads and checks one result file. */
export async function readGateSource<K extends GateSource>(
  kind: K,
  path: string,
  cwd: string,
): Promise<NonNullable<GateInputs[K]>> {
  const absolutePath = resolve(cwd, path);
  const shown = displayPath(absolutePath, cwd);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolutePath);
  } catch (error) {
    throw new ConfigurationError(
      `${kind} file ${shown}: ${readError(error)} (give the ${kind}.json an earlier mlgate step wrote).`,
      { cause: error },
    );
  }
  let value: unknown;
  try {
    const text = bytes.toString('utf8');
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new ConfigurationError(`${kind} file ${shown}: not JSON (${getErrorMessage(error)}).`, {
      cause: error,
    });
  }
  if (!isObject(value)) {
    throw new ConfigurationError(
      `${kind} file ${shown}: the file holds ${describe(value)}; expected a ${kind}.json written by mlgate.`,
    );
  }
  CHECKERS[kind](new Shape(kind, shown, value));
  return {
    absolutePath,
    path: shown,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    value,
  } as unknown as NonNullable<GateInputs[K]>;
}

/**
 * Reads every result file given (any subset, at least one). The evaluation and the comparison must be
 * of the same model when both are given: a gate over two models' results would judge neither.
 */
export async function readGateInputs(paths: GateInputPaths, cwd: string): Promise<GateInputs> {
  const given = GATE_SOURCES.filter((k) => paths[k] !== undefined && paths[k] !== '');
  if (given.length === 0) {
    throw new ConfigurationError(
      'The gate needs at least one result file: validation, evaluation, comparison or drift (the .json an mlgate step wrote).',
    );
  }
  const inputs: GateInputs = {};
  for (const kind of given) {
    // One at a time: a message names the first bad file, in a fixed order.
    (inputs as Record<string, unknown>)[kind] = await readGateSource(kind, paths[kind]!, cwd);
  }
  const evaluated = inputs.evaluation?.value.model.sha256;
  const compared = inputs.comparison?.value.candidate.sha256;
  if (evaluated !== undefined && compared !== undefined && evaluated !== compared) {
    throw new ConfigurationError(
      `evaluation file ${inputs.evaluation!.path} (key "model.sha256" ${evaluated.slice(0, 12)}…) and comparison ` +
        `file ${inputs.comparison!.path} (key "candidate.sha256" ${compared.slice(0, 12)}…) are of different models; ` +
        'give the results of the same candidate.',
    );
  }
  return inputs;
}
