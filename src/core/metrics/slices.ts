/**
 * Metrics per slice: per value of a categorical column or per bin of a numeric one. Each slice's metrics
 * come from the same functions on the slice's own rows (a sub-input), so they equal scikit-learn's on
 * that subset exactly.
 */
import { ConfigurationError } from '../errors.js';
import { computeClassificationMetrics } from './classification.js';
import { parseMetricName, type ParsedMetric } from './catalogue.js';
import { linspaceQuantiles, quantileSorted } from './percentile.js';
import { computeRegressionMetrics } from './regression.js';
import {
  checkThresholdSpec,
  directionOf,
  evaluateThresholds,
  valueOf,
  type ThresholdResult,
  type ThresholdSpec,
} from './thresholds.js';
import type { ClassificationInput, MetricReport, MetricValue, RegressionInput, Task } from './types.js';

export const MISSING = '(missing)';
export const OUT_OF_RANGE = '(out of range)';

export interface SliceSpec {
  column: string;
  /** Numeric bins: ascending edges, right-open [a, b) with the last bin closed; or 'quantile:K'. */
  bins?: readonly number[] | string;
  /** Slices with fewer rows are listed but not measured (default 30). */
  min_size?: number;
  /** Metrics to report per slice (default: the whole catalogue). */
  metrics?: readonly string[];
  thresholds?: readonly ThresholdSpec[];
}

export type SliceKey = string | number | null | undefined;

export interface SliceResult {
  column: string;
  /** The category, "[a, b)" for a bin (the last "[a, b]"), "(missing)" or "(out of range)". */
  value: string;
  rows: number;
  metrics: Record<string, MetricValue>;
  unavailable?: Record<string, string>;
  thresholds: ThresholdResult[];
  skipped?: 'below min_size';
}

export interface WorstSlice {
  value: string;
  rows: number;
  metric_value: number;
  greater_is_better: boolean;
  passed: boolean;
}

export interface SliceReport {
  column: string;
  /** The bin edges used (numeric slicing only). */
  edges?: number[];
  slices: SliceResult[];
  /** Per thresholded metric: the measured slice with the worst value by the metric's direction. */
  worst: Record<string, WorstSlice>;
}

type Input = ClassificationInput | RegressionInput;

export function computeSlices(
  task: Task,
  input: Input,
  keys: ArrayLike<SliceKey>,
  spec: SliceSpec,
  options: { where?: string } = {},
): SliceReport {
  const where = options.where ?? `slices (column ${spec.column})`;
  const n = input.yTrue.length;
  if (keys.length !== n) {
    throw new ConfigurationError(`${where}: the slice column has ${keys.length} values for ${n} rows.`);
  }
  const minSize = spec.min_size ?? 30;
  if (!Number.isInteger(minSize) || minSize < 0) {
    throw new ConfigurationError(`${where}: min_size must be a whole number >= 0, got ${minSize}.`);
  }
  const classNames =
    task === 'regression'
      ? undefined
      : ((input as ClassificationInput).classNames ??
        Array.from({ length: (input as ClassificationInput).nClasses }, (_, i) => String(i)));
  const wanted = spec.metrics?.map((m) => parseMetricName(m, task, { where, classNames }));
  const thresholds = spec.thresholds ?? [];
  const checked = thresholds.map((t, i) => checkThresholdSpec(t, task, `${where}, thresholds[${i}]`));

  const { groups, edges } = spec.bins === undefined ? categorical(keys) : numeric(keys, spec.bins, where);
  const slices: SliceResult[] = [];
  for (const [value, rows] of groups) {
    const result: SliceResult = {
      column: spec.column,
      value,
      rows: rows.length,
      metrics: {},
      thresholds: [],
    };
    if (rows.length < minSize) {
      result.skipped = 'below min_size';
      slices.push(result);
      continue;
    }
    const report = sliceReport(task, input, rows);
    result.metrics = pick(report, wanted);
    const unavailable = Object.fromEntries(
      Object.entries(report.unavailable).filter(([name]) => name in result.metrics),
    );
    if (Object.keys(unavailable).length > 0) result.unavailable = unavailable;
    result.thresholds = evaluateThresholds(thresholds, report, undefined, { task, slice: value, where });
    slices.push(result);
  }
  return {
    column: spec.column,
    ...(edges === undefined ? {} : { edges }),
    slices,
    worst: worstSlices(checked, slices),
  };
}

function pick(report: MetricReport, wanted: ParsedMetric[] | undefined): Record<string, MetricValue> {
  if (wanted === undefined) return { ...report.metrics };
  const out: Record<string, MetricValue> = {};
  for (const parsed of wanted) {
    const v = valueOf(parsed, report);
    out[parsed.name] = 'value' in v ? v.value : (report.metrics[parsed.name] ?? null);
  }
  return out;
}

function worstSlices(
  checked: ReturnType<typeof checkThresholdSpec>[],
  slices: SliceResult[],
): Record<string, WorstSlice> {
  const worst: Record<string, WorstSlice> = {};
  for (const c of checked) {
    if (c.spec.threshold === undefined || c.name in worst) continue;
    const greater = c.spec.greater_is_better ?? directionOf(c);
    let best: WorstSlice | undefined;
    for (const s of slices) {
      const r = s.thresholds.find((t) => t.metric === c.name && t.value !== null);
      if (r === undefined || r.value === null) continue;
      const v = r.value;
      if (best === undefined || (greater ? v < best.metric_value : v > best.metric_value)) {
        best = {
          value: s.value,
          rows: s.rows,
          metric_value: v,
          greater_is_better: greater,
          passed: r.passed,
        };
      }
    }
    if (best !== undefined) worst[c.name] = best;
  }
  return worst;
}

function isMissing(key: SliceKey): boolean {
  return key === null || key === undefined || key === '' || (typeof key === 'number' && Number.isNaN(key));
}

function categorical(keys: ArrayLike<SliceKey>): { groups: [string, number[]][]; edges?: undefined } {
  const byValue = new Map<string, { sortKey: SliceKey; rows: number[] }>();
  const missing: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (isMissing(key)) {
      missing.push(i);
      continue;
    }
    const label = String(key);
    let group = byValue.get(label);
    if (group === undefined) {
      group = { sortKey: key, rows: [] };
      byValue.set(label, group);
    }
    group.rows.push(i);
  }
  // Numbers in numeric order, then strings in code-point order; "(missing)" last.
  const ordered = [...byValue.entries()].sort(([a, ga], [b, gb]) => {
    const na = typeof ga.sortKey === 'number';
    const nb = typeof gb.sortKey === 'number';
    if (na && nb) return (ga.sortKey as number) - (gb.sortKey as number);
    if (na !== nb) return na ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const groups: [string, number[]][] = ordered.map(([label, g]) => [label, g.rows]);
  if (missing.length > 0) groups.push([MISSING, missing]);
  return { groups };
}

function numeric(
  keys: ArrayLike<SliceKey>,
  bins: readonly number[] | string,
  where: string,
): { groups: [string, number[]][]; edges: number[] } {
  const values = new Float64Array(keys.length);
  const present: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === null || key === undefined || isMissing(key)) {
      values[i] = NaN;
      continue;
    }
    const v = typeof key === 'number' ? key : Number(key);
    if (typeof key === 'string' && Number.isNaN(v)) {
      throw new ConfigurationError(`${where}: binning needs numbers, but row ${i + 1} has "${key}".`);
    }
    values[i] = v;
    present.push(v);
  }
  const edges = typeof bins === 'string' ? quantileEdges(present, bins, where) : explicitEdges(bins, where);
  const m = edges.length - 1;
  const rowsPerBin: number[][] = Array.from({ length: Math.max(m, 1) }, () => []);
  const missing: number[] = [];
  const outside: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) missing.push(i);
    else {
      const bin = binOf(edges, v);
      if (bin < 0) outside.push(i);
      else rowsPerBin[bin].push(i);
    }
  }
  const groups: [string, number[]][] = [];
  const shown = edgeLabels(edges);
  if (m === 0) groups.push([`[${shown[0]}, ${shown[0]}]`, rowsPerBin[0]]);
  for (let b = 0; b < m; b++) {
    groups.push([`[${shown[b]}, ${shown[b + 1]}${b === m - 1 ? ']' : ')'}`, rowsPerBin[b]]);
  }
  if (outside.length > 0) groups.push([OUT_OF_RANGE, outside]);
  if (missing.length > 0) groups.push([MISSING, missing]);
  return { groups, edges };
}

/** The bin of v: [e_b, e_{b+1}) for every bin but the last, which is closed; -1 outside. */
function binOf(edges: number[], v: number): number {
  const m = edges.length - 1;
  if (m === 0) return v === edges[0] ? 0 : -1;
  if (v < edges[0] || v > edges[m]) return -1;
  if (v === edges[m]) return m - 1;
  let lo = 0;
  let hi = m; // the bin is the last b with edges[b] <= v
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid;
    else hi = mid;
  }
  return lo;
}

function quantileEdges(present: number[], bins: string, where: string): number[] {
  const match = /^quantile:(\d+)$/.exec(bins.trim());
  if (match === null || Number(match[1]) < 1) {
    throw new ConfigurationError(
      `${where}: bins is "${bins}"; allowed: a list of ascending edges or "quantile:K" with K >= 1.`,
    );
  }
  if (present.length === 0) throw new ConfigurationError(`${where}: the column has no numbers to bin.`);
  const sorted = Float64Array.from(present).sort();
  const raw = linspaceQuantiles(Number(match[1])).map((q) => quantileSorted(sorted, q));
  // np.unique: sorted, duplicates merged.
  raw.sort((a, b) => a - b);
  return raw.filter((e, i) => i === 0 || e !== raw[i - 1]);
}

function explicitEdges(bins: readonly number[], where: string): number[] {
  if (!Array.isArray(bins) || bins.length < 2) {
    throw new ConfigurationError(`${where}: bins needs at least two edges, got ${JSON.stringify(bins)}.`);
  }
  for (let i = 0; i < bins.length; i++) {
    if (typeof bins[i] !== 'number' || !Number.isFinite(bins[i]) || (i > 0 && bins[i] <= bins[i - 1])) {
      throw new ConfigurationError(
        `${where}: bins must be finite and strictly ascending, got ${JSON.stringify(bins)}.`,
      );
    }
  }
  return [...bins];
}

function sliceReport(task: Task, input: Input, rows: number[]): MetricReport {
  const m = rows.length;
  const weights = input.weights === undefined ? undefined : Float64Array.from(rows, (r) => input.weights![r]);
  if (task === 'regression') {
    const r = input as RegressionInput;
    return computeRegressionMetrics({
      yTrue: Float64Array.from(rows, (i) => r.yTrue[i]),
      yPred: Float64Array.from(rows, (i) => r.yPred[i]),
      weights,
    });
  }
  const c = input as ClassificationInput;
  const k = c.nClasses;
  let proba: Float64Array | undefined;
  if (c.proba !== undefined) {
    proba = new Float64Array(m * k);
    rows.forEach((r, i) => proba!.set(c.proba!.subarray(r * k, (r + 1) * k), i * k));
  }
  return computeClassificationMetrics(task, {
    nClasses: k,
    yTrue: Int32Array.from(rows, (i) => c.yTrue[i]),
    yPred: Int32Array.from(rows, (i) => c.yPred[i]),
    proba,
    positive: c.positive,
    weights,
    classNames: c.classNames,
  });
}

/**
 * Bin edges as people read them: 6 significant digits ("3733.33", not "3733.333333333333"), more only
 * where two edges would otherwise print alike. The exact edges are in the report's `edges`.
 */
function edgeLabels(edges: readonly number[]): string[] {
  for (let digits = 6; digits < 17; digits++) {
    const labels = edges.map((e) => String(Number(e.toPrecision(digits))));
    if (new Set(labels).size === new Set(edges).size) return labels;
  }
  return edges.map(String);
}
