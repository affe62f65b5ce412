/**
 * From per-row predictions to the judged numbers of evaluation.json: the metric catalogue, thresholds
 * (on the value or a bootstrap bound), CIs, slices and the chart data. Shared by evaluate and merge, so a
 * merged run is scored by exactly the same code as an unsharded one.
 */
import type { EvaluateConfig, SliceConfig, ThresholdConfig } from '../config/types.js';
import { ConfigurationError } from '../errors.js';
import { bootstrapCIDetailed } from '../metrics/bootstrap.js';
import { LATENCY_METRICS, parseMetricName } from '../metrics/catalogue.js';
import { computeClassificationMetrics, TOP_K } from '../metrics/classification.js';
import { computeRegressionMetrics } from '../metrics/regression.js';
import { metricFunction } from '../metrics/metric-function.js';
import { computeSlices, type SliceSpec } from '../metrics/slices.js';
import { evaluateThresholds, type ThresholdSpec } from '../metrics/thresholds.js';
import type { ClassificationInput, MetricReport, RegressionInput, Task } from '../metrics/types.js';
import type { ChartData } from '../report/evaluation-markdown.js';
import type { LatencyResult } from './latency.js';
import type { StoredPredictions } from './prediction-store.js';
import type { ConfidenceInterval, EvaluationResult, SliceOutcome, ThresholdOutcome } from './result.js';
import type { SliceKeys } from './run-model.js';

export interface ScoringPlan {
  thresholds: ThresholdSpec[];
  /** Metrics to give CIs for: the bootstrap option's list plus every threshold judged on a bound. */
  ciMetrics: string[];
  bootstrap: { resamples: number; seed: number; level: number };
  slices: SliceConfig[];
  sliceColumns: { column: string; numeric: boolean }[];
  /** The options as given, recorded in predictions files so a merge scores the same way. */
  serialisable: {
    thresholds?: Record<string, ThresholdConfig>;
    bootstrap?: EvaluateConfig['bootstrap'];
    slices?: SliceConfig[];
  };
}

const ON = {
  value: 'value',
  'ci-lower': 'ci_lower',
  'ci-upper': 'ci_upper',
  'ci-pessimistic': 'ci_pessimistic',
} as const;

/**
 * One threshold per metric (thresholds are a map by metric, as in mlgate.yml): `r2 >= 0.9` and
 * `r2_score >= 0.3` in one list would silently keep one of them, so a repeat is a mistake (a config's
 * threshold is replaced by the CLI's or the action's before this, see evaluateRequestFrom).
 */
function dedupe(specs: ThresholdSpec[], names: string[], where: string): ThresholdSpec[] {
  const seen = new Map<string, string>();
  specs.forEach((spec, i) => {
    const key = spec.metric;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new ConfigurationError(
        `${where} ${spec.metric} has two thresholds (given as "${earlier}" and "${names[i]}"); give one per metric`,
      );
    }
    seen.set(key, names[i]);
  });
  return specs;
}

/** Checks every metric name and option before any row is read (unknown names get a did-you-mean). */
export function planScoring(
  task: Task,
  options: {
    thresholds?: Record<string, ThresholdConfig>;
    bootstrap?: EvaluateConfig['bootstrap'];
    slices?: SliceConfig[];
  },
): ScoringPlan {
  const toSpecs = (map: Record<string, ThresholdConfig> | undefined, where: string): ThresholdSpec[] =>
    dedupe(
      Object.entries(map ?? {}).map(([name, t]) => {
        if (!Number.isFinite(t.threshold))
          throw new ConfigurationError(
            `${where} ${name}: threshold must be a number; got ${String(t.threshold)}`,
          );
        const parsed = parseMetricName(name, task, { where });
        if (parsed.kind === 'top_k' && !TOP_K.includes(parsed.k as (typeof TOP_K)[number])) {
          throw new ConfigurationError(
            `${where} ${name}: top_k_accuracy is computed at k = ${TOP_K.join(', ')} (each when k is below the number of classes)`,
          );
        }
        const on = ON[(t.on ?? 'value') as keyof typeof ON];
        if (on === undefined)
          throw new ConfigurationError(
            `${where} ${name}: on must be one of ${Object.keys(ON).join(', ')}; got "${t.on}"`,
          );
        if (parsed.kind === 'latency' && on !== 'value') {
          throw new ConfigurationError(
            `${where} ${name}: latency is measured, not resampled: judge it on its value (no @${t.on})`,
          );
        }
        return {
          metric: parsed.name,
          threshold: t.threshold,
          ...(t.greaterIsBetter !== undefined ? { greater_is_better: t.greaterIsBetter } : {}),
          on,
        };
      }),
      Object.keys(map ?? {}),
      where,
    );
  const thresholds = toSpecs(options.thresholds, 'thresholds:');
  const boot = options.bootstrap ?? {};
  const level = boot.level ?? 0.95;
  if (!(level > 0 && level < 1))
    throw new ConfigurationError(`bootstrap level must be in (0, 1); got ${level}`);
  const ciMetrics = new Set<string>();
  for (const name of boot.metrics ?? []) {
    const parsed = parseMetricName(name, task, { where: 'bootstrap metrics' });
    if (parsed.kind === 'latency')
      throw new ConfigurationError(
        `bootstrap metrics: ${name} is a latency figure; CIs are for metrics of the predictions`,
      );
    if (parsed.name === 'confusion_matrix' || parsed.name === 'top_k_accuracy')
      throw new ConfigurationError(
        `bootstrap metrics: ${name} is not a single number; name one value, e.g. top_k_accuracy@3`,
      );
    ciMetrics.add(parsed.name);
  }
  for (const t of thresholds) if (t.on !== 'value') ciMetrics.add(t.metric);
  const slices = options.slices ?? [];
  const sliceColumns: { column: string; numeric: boolean }[] = [];
  slices.forEach((s, i) => {
    if (s.bins && s.quantiles)
      throw new ConfigurationError(`slices[${i}] (${s.column}): give bins or quantiles, not both`);
    if (s.bins?.some((b, j) => !Number.isFinite(b) || (j > 0 && b <= s.bins![j - 1]))) {
      throw new ConfigurationError(
        `slices[${i}] (${s.column}): bins must be strictly increasing numbers; got ${JSON.stringify(s.bins)}`,
      );
    }
    toSpecs(s.thresholds, `slices[${i}] (${s.column}) thresholds:`);
    for (const m of s.metrics ?? [])
      parseMetricName(m, task, { where: `slices[${i}] (${s.column}) metrics` });
    const numeric = s.bins !== undefined || s.quantiles !== undefined;
    const existing = sliceColumns.find((c) => c.column === s.column);
    if (existing) existing.numeric ||= numeric;
    else sliceColumns.push({ column: s.column, numeric });
  });
  return {
    thresholds,
    ciMetrics: [...ciMetrics],
    bootstrap: { resamples: boot.resamples ?? 1000, seed: boot.seed ?? 0, level },
    slices,
    sliceColumns,
    serialisable: { thresholds: options.thresholds, bootstrap: options.bootstrap, slices: options.slices },
  };
}

export interface ScoringContext {
  plan: ScoringPlan;
  task: Task;
  classes?: string[];
  positive?: number;
  sliceKeys: SliceKeys[];
  latency?: LatencyResult;
  /** A shard's thresholds are judged by the merge, not here. */
  deferThresholds: boolean;
}

export interface Scored {
  passed: boolean;
  fields: Pick<
    EvaluationResult,
    | 'metrics'
    | 'unavailable'
    | 'per_class'
    | 'confusion_matrix'
    | 'ci'
    | 'thresholds'
    | 'thresholds_deferred'
    | 'slices'
    | 'worst_slices'
  >;
  chart: ChartData;
}

export function scorePredictions(predictions: StoredPredictions, context: ScoringContext): Scored {
  const { task, plan } = context;
  const input = metricInput(predictions, context);
  const report: MetricReport =
    task === 'regression'
      ? computeRegressionMetrics(input as RegressionInput)
      : computeClassificationMetrics(task, input as ClassificationInput);
  const latencyValues = latencyMetrics(context.latency);
  const judged: MetricReport = {
    ...report,
    metrics: { ...report.metrics, ...latencyValues.values },
    unavailable: { ...report.unavailable, ...latencyValues.unavailable },
  };

  const ci: Record<string, ConfidenceInterval | null> = {};
  const n = predictions.rows.length;
  // A shard's CIs would be thrown away: the merge resamples the whole run's rows.
  const ciReasons: Record<string, string> = {};
  for (const name of context.deferThresholds ? [] : plan.ciMetrics) {
    const f = metricFunction(task, name);
    const outcome = bootstrapCIDetailed(n, (weights) => f(input, weights), plan.bootstrap);
    const interval = outcome.ci;
    if (!outcome.ci) ciReasons[name] = `no confidence interval for ${name}: ${outcome.reason}`;
    ci[name] = interval
      ? {
          lo: interval.lo,
          hi: interval.hi,
          level: interval.level,
          resamples: interval.resamples,
          skipped: interval.skipped,
          seed: interval.seed,
          method: 'percentile',
        }
      : null;
  }
  const thresholds: ThresholdOutcome[] = context.deferThresholds
    ? []
    : (evaluateThresholds(plan.thresholds, judged, ci, { ciReasons }) as ThresholdOutcome[]);

  const slices: SliceOutcome[] = [];
  const worst: Record<string, { column: string; value: string; metric_value: number }> = {};
  for (const s of plan.slices) {
    const keys = context.sliceKeys.find((k) => k.column === s.column);
    if (!keys) throw new Error(`slice column ${s.column} was not collected`);
    const spec: SliceSpec = {
      column: s.column,
      ...(s.bins ? { bins: s.bins } : s.quantiles ? { bins: `quantile:${s.quantiles}` as const } : {}),
      ...(s.minSize !== undefined ? { min_size: s.minSize } : {}),
      ...(s.metrics ? { metrics: s.metrics.map((m) => parseMetricName(m, task, {}).name) } : {}),
      thresholds: context.deferThresholds ? [] : planScoring(task, { thresholds: s.thresholds }).thresholds,
    };
    const outcome = computeSlices(task, input, keys.values, spec);
    for (const slice of outcome.slices) {
      slices.push(slice as SliceOutcome);
      for (const t of slice.thresholds)
        thresholds.push({ ...(t as ThresholdOutcome), slice: { column: s.column, value: slice.value } });
    }
    for (const [metric, w] of Object.entries(outcome.worst ?? {}))
      worst[`${metric}@${s.column}`] = { column: s.column, value: w.value, metric_value: w.metric_value };
  }
  const passed = thresholds.every((t) => t.passed);
  return {
    passed,
    fields: {
      metrics: report.metrics,
      unavailable: { ...report.unavailable },
      ...(report.per_class ? { per_class: report.per_class } : {}),
      ...(report.confusion_matrix ? { confusion_matrix: report.confusion_matrix } : {}),
      ci,
      thresholds,
      thresholds_deferred: context.deferThresholds,
      slices,
      worst_slices: worst,
    },
    chart: chartData(predictions, input, context),
  };
}

/** The metric functions' input from stored predictions (views, no copies). */
export function metricInput(
  predictions: StoredPredictions,
  context: { task: Task; classes?: string[]; positive?: number },
): ClassificationInput | RegressionInput {
  if (context.task === 'regression') return { yTrue: predictions.yTrueValue!, yPred: predictions.value! };
  const proba = predictions.proba;
  return {
    nClasses: predictions.nClasses ?? context.classes?.length ?? 2,
    yTrue: predictions.yTrueClass!,
    yPred: predictions.yPred!,
    ...(proba ? { proba } : {}),
    ...(context.positive !== undefined ? { positive: context.positive } : {}),
    ...(context.classes ? { classNames: context.classes } : {}),
  };
}

function latencyMetrics(latency: LatencyResult | undefined): {
  values: Record<string, number | null>;
  unavailable: Record<string, string>;
} {
  const names = Object.keys(LATENCY_METRICS);
  if (!latency) {
    const reason = 'latency was not measured in this run';
    return {
      values: Object.fromEntries(names.map((n) => [n, null])),
      unavailable: Object.fromEntries(names.map((n) => [n, reason])),
    };
  }
  return {
    values: {
      latency_p50_ms: latency.single.p50_ms,
      latency_p95_ms: latency.single.p95_ms,
      latency_p99_ms: latency.single.p99_ms,
      rows_per_s: latency.batch.rows_per_s,
    },
    unavailable: {},
  };
}

function chartData(
  predictions: StoredPredictions,
  input: ClassificationInput | RegressionInput,
  context: ScoringContext,
): ChartData {
  if (context.task === 'binary') {
    const c = input as ClassificationInput;
    if (!c.proba) return {};
    return { roc: rocPoints(c.proba, c.yTrue, c.positive ?? 1) };
  }
  if (context.task === 'regression') {
    const r = input as RegressionInput;
    return { residuals: residualHistogram(r.yTrue, r.yPred) };
  }
  void predictions;
  return {};
}

/**
 * The ROC curve for the chart: positives and negatives counted in 4 096 score bins (one pass, no sort:
 * a chart needs no more resolution, and sorting 10 M rows again cost as much as every metric together).
 * roc_auc itself is the catalogue's exact value.
 */
function rocPoints(
  proba: Float64Array,
  yTrue: Int32Array,
  positive: number,
): { fpr: number[]; tpr: number[] } {
  const bins = 4096;
  const pos = new Float64Array(bins);
  const neg = new Float64Array(bins);
  const n = yTrue.length;
  for (let i = 0; i < n; i++) {
    const p = proba[i * 2 + positive];
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    if (yTrue[i] === positive) pos[b]++;
    else neg[b]++;
  }
  let totalPos = 0;
  let totalNeg = 0;
  for (let b = 0; b < bins; b++) {
    totalPos += pos[b];
    totalNeg += neg[b];
  }
  if (totalPos === 0 || totalNeg === 0) return { fpr: [], tpr: [] };
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let b = bins - 1; b >= 0; b--) {
    if (pos[b] === 0 && neg[b] === 0) continue;
    tp += pos[b];
    fp += neg[b];
    fpr.push(fp / totalNeg);
    tpr.push(tp / totalPos);
  }
  return { fpr, tpr };
}

function residualHistogram(
  yTrue: Float64Array,
  yPred: Float64Array,
  bins = 20,
): { edges: number[]; counts: number[] } {
  const n = yTrue.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = yPred[i] - yTrue[i];
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  if (!(hi > lo)) return { edges: [lo], counts: [n] };
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((yPred[i] - yTrue[i] - lo) / width))]++;
  return { edges: Array.from({ length: bins + 1 }, (_, i) => lo + i * width), counts };
}
