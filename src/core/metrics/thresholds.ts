/**
 * Thresholds with MLflow's MetricThreshold semantics: a value passes when it is >= threshold (greater is
 * better) or <= threshold. Only `threshold` is judged here; the change margins belong to compare.
 * Optionally the judged number is a bound of the metric's confidence interval.
 */
import { ConfigurationError } from '../errors.js';
import { LATENCY_METRICS, METRICS, parseMetricName, type ParsedMetric } from './catalogue.js';
import type { MetricReport, Task } from './types.js';

export type ThresholdOn = 'value' | 'ci_lower' | 'ci_upper' | 'ci_pessimistic';
const ON: readonly ThresholdOn[] = ['value', 'ci_lower', 'ci_upper', 'ci_pessimistic'];

export interface ThresholdSpec {
  metric: string;
  threshold?: number;
  greater_is_better?: boolean;
  min_absolute_change?: number;
  min_relative_change?: number;
  /** Which number is judged (default the value; ci_pessimistic = the bound on the bad side). */
  on?: ThresholdOn;
}

export interface ThresholdResult {
  metric: string;
  threshold: number;
  greater_is_better: boolean;
  on: ThresholdOn;
  /** The number judged; null when there is none (then the threshold fails). */
  value: number | null;
  passed: boolean;
  reason?: string;
  slice?: string;
}

export interface ConfidenceBounds {
  lo: number;
  hi: number;
}

export interface ThresholdOptions {
  /** The report's task; inferred from its metric names when absent. */
  task?: Task;
  /** Names the slice in every result (slices.ts). */
  slice?: string;
  /** Where the specs came from, for error messages. */
  where?: string;
  /** Why a CI is missing, by metric name (bootstrap failures), for the reason of a failed threshold. */
  ciReasons?: Record<string, string>;
}

/** The task whose catalogue produced `report`. */
export function taskOfReport(report: MetricReport): Task {
  const names = report.metrics;
  if ('mae' in names) return 'regression';
  if ('roc_auc_ovr_macro' in names || 'top_k_accuracy' in names) return 'multiclass';
  return 'binary';
}

/** A spec checked and its metric name resolved, or a ConfigurationError naming the spec. */
export function checkThresholdSpec(
  spec: ThresholdSpec,
  task: Task,
  where: string,
): ParsedMetric & { spec: ThresholdSpec } {
  if (typeof spec.metric !== 'string' || spec.metric.trim() === '') {
    throw new ConfigurationError(
      `${where}: "metric" must be a metric name, got ${JSON.stringify(spec.metric)}.`,
    );
  }
  if (
    spec.threshold !== undefined &&
    (typeof spec.threshold !== 'number' || !Number.isFinite(spec.threshold))
  ) {
    throw new ConfigurationError(
      `${where}: "threshold" must be a finite number, got ${JSON.stringify(spec.threshold)}.`,
    );
  }
  if (spec.greater_is_better !== undefined && typeof spec.greater_is_better !== 'boolean') {
    throw new ConfigurationError(`${where}: "greater_is_better" must be true or false.`);
  }
  if (spec.on !== undefined && !ON.includes(spec.on)) {
    throw new ConfigurationError(`${where}: "on" is ${JSON.stringify(spec.on)}; allowed: ${ON.join(', ')}.`);
  }
  const parsed = parseMetricName(spec.metric, task, { where });
  if (parsed.kind === 'catalogue' && METRICS[parsed.name].shape !== 'scalar') {
    throw new ConfigurationError(
      `${where}: ${parsed.name} is not one number` +
        (parsed.name === 'top_k_accuracy'
          ? '; name one k, e.g. top_k_accuracy@3.'
          : '; it has no threshold.'),
    );
  }
  if (parsed.kind === 'latency' && spec.on !== undefined && spec.on !== 'value') {
    throw new ConfigurationError(`${where}: ${parsed.name} has no confidence interval; use on: value.`);
  }
  return { ...parsed, spec };
}

/** The direction of a parsed metric: the catalogue's, latency's, or greater for per-class and top-k. */
export function directionOf(parsed: ParsedMetric): boolean {
  if (parsed.kind === 'catalogue') return METRICS[parsed.name].greaterIsBetter;
  if (parsed.kind === 'latency') return LATENCY_METRICS[parsed.name].greaterIsBetter;
  return true;
}

/** The number a report holds for a parsed name, or why there is none. */
export function valueOf(parsed: ParsedMetric, report: MetricReport): { value: number } | { reason: string } {
  const direct = report.metrics[parsed.name];
  if (typeof direct === 'number') return { value: direct };
  switch (parsed.kind) {
    case 'latency':
      return {
        reason:
          report.unavailable[parsed.name] ??
          `no ${parsed.name} in the results (latency is measured by the model runner)`,
      };
    case 'top_k': {
      const byK = report.metrics.top_k_accuracy;
      const v =
        byK !== null && typeof byK === 'object' && !Array.isArray(byK) ? byK[String(parsed.k)] : undefined;
      if (typeof v === 'number') return { value: v };
      return {
        reason:
          report.unavailable[parsed.name] ??
          report.unavailable.top_k_accuracy ??
          `no top_k_accuracy at k = ${parsed.k}`,
      };
    }
    case 'per_class': {
      const perClass = report.per_class ?? {};
      const names = Object.keys(perClass);
      const key =
        parsed.cls in perClass
          ? parsed.cls
          : /^\d+$/.test(parsed.cls)
            ? names[Number(parsed.cls)]
            : undefined;
      if (key === undefined) {
        throw new ConfigurationError(
          `Unknown class "${parsed.cls}" in metric "${parsed.name}". Classes: ${names.join(', ')} (or 0..${names.length - 1}).`,
        );
      }
      return { value: perClass[key][parsed.base] };
    }
    default:
      return { reason: report.unavailable[parsed.name] ?? `no value for ${parsed.name}` };
  }
}

/**
 * Judges every spec that has a `threshold` (specs without one only carry change margins for compare).
 * `cis` holds confidence bounds by resolved metric name, for specs judged on a bound.
 */
export function evaluateThresholds(
  specs: readonly ThresholdSpec[],
  report: MetricReport,
  cis?: Readonly<Record<string, ConfidenceBounds | null | undefined>>,
  options: ThresholdOptions = {},
): ThresholdResult[] {
  const task = options.task ?? taskOfReport(report);
  const results: ThresholdResult[] = [];
  specs.forEach((spec, i) => {
    const parsed = checkThresholdSpec(spec, task, options.where ?? `thresholds[${i}]`);
    if (spec.threshold === undefined) return;
    const greater = spec.greater_is_better ?? directionOf(parsed);
    const on = spec.on ?? 'value';
    const result: ThresholdResult = {
      metric: parsed.name,
      threshold: spec.threshold,
      greater_is_better: greater,
      on,
      value: null,
      passed: false,
    };
    if (options.slice !== undefined) result.slice = options.slice;
    const judged = judgedNumber(parsed, on, greater, report, cis, options.ciReasons);
    if ('reason' in judged) result.reason = judged.reason;
    else {
      result.value = judged.value;
      result.passed = greater ? judged.value >= spec.threshold : judged.value <= spec.threshold;
      if (!result.passed) {
        result.reason = `${parsed.name}${on === 'value' ? '' : ` (${on})`} = ${judged.value}, ${greater ? 'below' : 'above'} the threshold ${spec.threshold}`;
      }
    }
    results.push(result);
  });
  return results;
}

function judgedNumber(
  parsed: ParsedMetric,
  on: ThresholdOn,
  greater: boolean,
  report: MetricReport,
  cis: Readonly<Record<string, ConfidenceBounds | null | undefined>> | undefined,
  ciReasons: Record<string, string> | undefined,
): { value: number } | { reason: string } {
  const value = valueOf(parsed, report);
  if (on === 'value' || 'reason' in value) return value;
  const ci = cis?.[parsed.name];
  if (ci === undefined || ci === null) {
    return { reason: ciReasons?.[parsed.name] ?? `no confidence interval for ${parsed.name}` };
  }
  const lower = on === 'ci_lower' || (on === 'ci_pessimistic' && greater);
  return { value: lower ? ci.lo : ci.hi };
}
