import { resolve } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { boundsIssues } from './bounds-checks.js';
import { CHECKS_SCHEMA_ID, configSchemas, MLGATE_SCHEMA_ID } from './config-schemas.js';
import { evaluateIssues } from './evaluate-checks.js';
import { kebabToCamel } from './kebab-to-camel.js';
import { describeSchemaErrors } from './schema-errors.js';
import type { DataIssue } from './schema-errors.js';
import { readTextFile } from '../io/text-file.js';
import type {
  CheckSpec,
  DriftConfig,
  EvaluateConfig,
  MlgateConfig,
  SliceConfig,
  ThresholdConfig,
} from './types.js';
import { formatIssues, YamlSource } from './yaml-source.js';

/**
 * Loads mlgate.yml. Every problem (YAML syntax, schema, min > max) is reported with `file:line:col`;
 * up to 10 problems are listed in one ConfigurationError, in file order, so one edit-run cycle fixes
 * most mistakes. Paths inside stay as written: resolve them against dirname(config.path).
 */
export async function loadConfig(path: string): Promise<MlgateConfig> {
  return parseConfig(await readTextFile(path), path);
}

/** As loadConfig, from text; `path` names the file in messages (and becomes `config.path`, absolute). */
export function parseConfig(text: string, path: string): MlgateConfig {
  const data = parseAndValidate(text, path, MLGATE_SCHEMA_ID, 'a mapping starting with "version: 1"');
  const config = kebabToCamel(data, MLGATE_SCHEMA_ID) as Omit<MlgateConfig, 'path'>;
  if (config.validate) {
    const validate = config.validate as typeof config.validate & { data: string | string[] };
    validate.data = typeof validate.data === 'string' ? [validate.data] : validate.data;
    if (validate.checks) validate.checks = validate.checks.map(normalizeCheck);
  }
  if (config.evaluate) config.evaluate = normalizeEvaluate(config.evaluate);
  if (config.drift) config.drift = normalizeDrift(config.drift);
  return { ...config, path: resolve(path) };
}

/** Lists for the one-file shorthands, `{method}` for a bare method, jensen_shannon for the kebab key. */
function normalizeDrift(written: DriftConfig): DriftConfig {
  const raw = written as DriftConfig & {
    reference: string | string[];
    current: string | string[];
    methods?: Record<string, string | { method: string; threshold?: number }>;
    thresholds?: Record<string, number>;
  };
  const drift: DriftConfig = {
    ...written,
    reference: typeof raw.reference === 'string' ? [raw.reference] : raw.reference,
    current: typeof raw.current === 'string' ? [raw.current] : raw.current,
  };
  if (raw.methods) {
    const methods = Object.create(null) as NonNullable<DriftConfig['methods']>;
    for (const [column, m] of Object.entries(raw.methods)) {
      methods[column] = (typeof m === 'string' ? { method: m } : m) as NonNullable<
        DriftConfig['methods']
      >[string];
    }
    drift.methods = methods;
  }
  if (raw.thresholds) {
    const { jensenShannon, ...rest } = raw.thresholds as Record<string, number>;
    drift.thresholds = { ...rest, ...(jensenShannon !== undefined ? { jensen_shannon: jensenShannon } : {}) };
  }
  return drift;
}

/** Loads a checks file: YAML or JSON with a top-level `checks:` list (and optionally `version: 1`). */
export async function loadChecksFile(path: string): Promise<CheckSpec[]> {
  return parseChecksFile(await readTextFile(path), path);
}

export function parseChecksFile(text: string, path: string): CheckSpec[] {
  const data = parseAndValidate(text, path, CHECKS_SCHEMA_ID, 'a mapping with a "checks:" list');
  const file = kebabToCamel(data, CHECKS_SCHEMA_ID) as { checks: CheckSpec[] };
  return file.checks.map(normalizeCheck);
}

function parseAndValidate(text: string, path: string, schemaId: string, expected: string): unknown {
  const source = YamlSource.parse(path, text);
  if (source.isEmpty) throw new ConfigurationError(`${path}: the file is empty; expected ${expected}`);
  const data = source.toData();
  const validate = configSchemas.validator(schemaId);
  const issues: DataIssue[] = validate(data)
    ? [...boundsIssues(data), ...(schemaId === MLGATE_SCHEMA_ID ? evaluateIssues(data) : [])]
    : describeSchemaErrors(validate.errors ?? [], data);
  if (issues.length > 0) {
    const located = issues.map((i) => ({ at: source.locate(i.pointer, i.anchor), message: i.message }));
    throw new ConfigurationError(formatIssues(path, located));
  }
  return data;
}

/** `unique` accepts `column: id` as shorthand for `columns: [id]`. */
function normalizeCheck(check: CheckSpec): CheckSpec {
  if (check.type !== 'unique') return check;
  const { column, ...rest } = check as Extract<CheckSpec, { type: 'unique' }> & { column?: string };
  return column === undefined ? check : { ...rest, columns: [column] };
}

/** The section as the schema lets users write it, before normalizeEvaluate. */
type WrittenEvaluate = Omit<
  EvaluateConfig,
  'classes' | 'positiveClass' | 'thresholds' | 'slices' | 'latency'
> & {
  classes?: (string | number)[];
  positiveClass?: string | number;
  thresholds?: WrittenThresholds;
  slices?: (Omit<SliceConfig, 'thresholds'> & { thresholds?: WrittenThresholds })[];
  latency?: boolean | Exclude<EvaluateConfig['latency'], false>;
};
type WrittenThresholds = Record<string, number | ThresholdConfig>;

/**
 * One typed form for what YAML allows several ways: class names and the positive class as strings
 * (labels are matched as text, so `1` and `"1"` mean the same class), thresholds as objects, and
 * `latency: true` as the default settings.
 */
function normalizeEvaluate(written: EvaluateConfig): EvaluateConfig {
  // Reassigning keys in place keeps the order they were written in (results echo the config).
  const { classes, positiveClass, thresholds, slices, latency } = written as WrittenEvaluate;
  const evaluate: EvaluateConfig = { ...written };
  if (classes !== undefined) evaluate.classes = classes.map(String);
  if (positiveClass !== undefined) evaluate.positiveClass = String(positiveClass);
  if (thresholds !== undefined) evaluate.thresholds = expandThresholds(thresholds);
  if (slices !== undefined) {
    evaluate.slices = slices.map((slice) =>
      slice.thresholds === undefined ? slice : { ...slice, thresholds: expandThresholds(slice.thresholds) },
    ) as SliceConfig[];
  }
  if (latency !== undefined) evaluate.latency = latency === true ? {} : latency;
  return evaluate;
}

/** `accuracy: 0.9` is shorthand for `accuracy: { threshold: 0.9 }`. */
function expandThresholds(thresholds: WrittenThresholds): Record<string, ThresholdConfig> {
  return Object.fromEntries(
    Object.entries(thresholds).map(([metric, t]) => [metric, typeof t === 'number' ? { threshold: t } : t]),
  );
}
