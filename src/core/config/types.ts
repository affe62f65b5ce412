/**
 * Typed shape of mlgate.yml and of checks files, after the loader has validated them against
 * schemas/mlgate.schema.json. Keys in YAML are kebab-case; these types use camelCase.
 */

export type Severity = 'error' | 'warning';
/** When a validation run fails: on error-level findings (default), on any finding, or never. */
export type FailOn = 'error' | 'warning' | 'never';

interface CheckBase {
  /** Optional name shown in results; defaults to a description built from the check. */
  name?: string;
  /** Default 'error'. */
  severity?: Severity;
}

/** Row-level checks accept `mostly`: the check passes when at least this fraction of rows pass. */
interface RowLevel {
  mostly?: number;
}

export type CheckSpec =
  | (CheckBase & { type: 'row-count'; min?: number; max?: number })
  | (CheckBase & { type: 'columns'; columns: string[]; mode?: 'exact' | 'at-least' | 'exact-ordered' })
  | (CheckBase & { type: 'unique'; columns: string[] })
  | (CheckBase & { type: 'null-fraction'; column: string; max: number })
  | (CheckBase & RowLevel & { type: 'allowed-values'; column: string; values: (string | number | boolean)[] })
  | (CheckBase &
      RowLevel & {
        type: 'range';
        column: string;
        min?: number;
        max?: number;
        strictMin?: boolean;
        strictMax?: boolean;
      })
  | (CheckBase & { type: 'quantile'; column: string; quantile: number; min?: number; max?: number })
  | (CheckBase & { type: 'mean'; column: string; min?: number; max?: number });

export type CheckType = CheckSpec['type'];

export interface ValidateConfig {
  /** Data files: paths or glob patterns, relative to the config file's folder. */
  data: string[];
  /** JSON Schema file (draft 2020-12 or draft-07), relative to the config file's folder. */
  schema?: string;
  /** Inline checks. */
  checks?: CheckSpec[];
  /** A checks file (YAML or JSON with a top-level `checks:` list), relative to the config file's folder. */
  checksFile?: string;
  /** Violations listed per (rule, column); totals are always exact. Default 20. */
  maxViolations?: number;
  failOn?: FailOn;
}

/** Which number a threshold judges: the metric, or a bound of its bootstrap confidence interval. */
export type ThresholdOn = 'value' | 'ci-lower' | 'ci-upper' | 'ci-pessimistic';

/** A metric threshold; the loader expands the number shorthand into `{ threshold }`. */
export interface ThresholdConfig {
  threshold: number;
  /** Default: the metric's known direction (from the metric catalogue). */
  greaterIsBetter?: boolean;
  /** Default 'value'. */
  on?: ThresholdOn;
}

export interface SliceConfig {
  column: string;
  minSize?: number;
  /** Bin edges of a numeric column, strictly increasing (the loader checks). Not with `quantiles`. */
  bins?: number[];
  /** Number of quantile bins of a numeric column. Not with `bins`. */
  quantiles?: number;
  /** Metric name (as written) → threshold. */
  thresholds?: Record<string, ThresholdConfig>;
  metrics?: string[];
}

export type EvaluateTask = 'binary' | 'multiclass' | 'regression';

export interface EvaluateConfig {
  /** ONNX model file, relative to the config file's folder. */
  model: string;
  /** One data file with the label column, relative to the config file's folder. */
  data: string;
  task: EvaluateTask;
  /** The label column. */
  label: string;
  /** Class names in the order of the model's probability columns; integers become decimal strings. */
  classes?: string[];
  /** Binary only; an integer becomes its decimal string. */
  positiveClass?: string;
  features?: string[];
  exclude?: string[];
  inputMode?: 'auto' | 'tensor' | 'per-column';
  outputs?: {
    probabilities?: string;
    label?: string;
    value?: string;
    transform?: 'none' | 'softmax' | 'sigmoid';
  };
  batchSize?: number;
  nonFinite?: 'error' | 'drop';
  executionProvider?: 'cpu' | 'cuda' | 'tensorrt' | 'auto';
  fallback?: 'none' | 'cpu';
  threads?: number;
  /** Metric name (as written; the metric catalogue resolves it) → threshold. */
  thresholds?: Record<string, ThresholdConfig>;
  bootstrap?: { resamples?: number; seed?: number; level?: number; metrics?: string[] };
  slices?: SliceConfig[];
  /** `false` switches latency measurement off; `latency: true` in YAML loads as `{}` (the defaults). */
  latency?: false | { warmup?: number; runs?: number; maxSeconds?: number };
  /** Write predictions.parquet; default true. */
  predictions?: boolean;
}

export interface MlgateConfig {
  version: 1;
  /** Absolute path of the file the config came from (used to resolve relative paths). */
  path: string;
  validate?: ValidateConfig;
  evaluate?: EvaluateConfig;
  drift?: DriftConfig;
  compare?: CompareConfig;
  gate?: GateConfig;
}

/** mlgate.yml's `compare:` section (docs/compare.md); the evaluate section gives the model facts. */
export interface CompareConfig {
  baseline?: string;
  baselineFrom?: string;
  registry?: string;
  baselineResults?: string;
  noBaseline?: boolean;
  candidate?: string;
  data?: string;
  rules?: { metric: string; margin?: number; minAbsoluteChange?: number; minRelativeChange?: number }[];
  signature?: 'fail' | 'warn';
  maxLatencyRatio?: number;
  latency?: boolean;
  resamples?: number;
  seed?: number;
  shadow?: string;
  failOn?: 'fail' | 'inconclusive' | 'never';
  ifNoBaseline?: 'fail' | 'bootstrap';
}

/** mlgate.yml's `gate:` section (docs/gate.md). */
export interface GateConfig {
  name?: string;
  require?: ('validation' | 'evaluation' | 'comparison' | 'drift')[];
  inconclusive?: 'neutral' | 'fail' | 'pass';
  drift?: 'fail' | 'warn' | 'ignore';
  evaluation?: 'fail' | 'warn' | 'ignore';
  validation?: 'fail' | 'warn' | 'ignore';
}

/** mlgate.yml's `drift:` section (docs/drift.md), after the loader's normalisation. */
export interface DriftConfig {
  /** Paths or globs, relative to the config file's folder. */
  reference: string[];
  current: string[];
  name?: string;
  columns?: string[];
  exclude?: string[];
  numeric?: string[];
  categorical?: string[];
  /** Column → method and optional threshold (a bare method name is expanded). */
  methods?: Record<
    string,
    { method: 'ks' | 'wasserstein' | 'psi' | 'jensen_shannon' | 'chi2' | 'z'; threshold?: number }
  >;
  thresholds?: { wasserstein?: number; psi?: number; jensen_shannon?: number };
  alpha?: number;
  correction?: 'benjamini-hochberg' | 'bonferroni' | 'none';
  minEffect?: number;
  minValues?: number;
  smallSample?: number;
  driftShare?: number;
  failOnDrift?: boolean;
  model?: {
    path: string;
    task: 'binary' | 'multiclass' | 'regression';
    label?: string;
    features?: string[];
    classes?: string[];
    positiveClass?: string;
  };
}
