/**
 * comparison.json (DESIGN §4): the candidate against its baseline on the same rows. Stable keys:
 * `metrics: {name: {candidate, baseline, delta, ci95}}`, `tests: {mcnemar: {b, c, statistic, p_value}, …}`,
 * `verdict`. Everything else is added detail.
 */
import type { Task } from '../model/output-mapping.js';

export type ComparisonVerdict = 'pass' | 'fail' | 'inconclusive';

export interface ComparedMetric {
  candidate: number | null;
  baseline: number | null;
  /** candidate − baseline. */
  delta: number | null;
  /** Paired percentile bootstrap interval of delta (level `bootstrap.level`); null when unpaired or none. */
  ci95: [number, number] | null;
  /** delta / |baseline|; null when the baseline is 0 or missing. */
  relative_delta: number | null;
  higher_is_better: boolean;
  /** Why a value is null, else absent. */
  note?: string;
}

/** One rule of the comparison policy, as written (mlgate.yml `compare.policy`, inputs, flags). */
export interface PolicyRule {
  metric: string;
  /** MLflow's: candidate ≥ baseline + x (higher is better) or ≤ baseline − x (lower is better). */
  min_absolute_change?: number;
  /** MLflow's: candidate ≥ baseline + x·|baseline| (higher is better) or ≤ baseline − x·|baseline|. */
  min_relative_change?: number;
  /**
   * Non-inferiority on the paired CI of delta: fail when the whole CI is worse than −margin (on the
   * metric's bad side), pass when all of it is within, inconclusive when it straddles −margin.
   */
  margin?: number;
}

export interface PolicyCheck {
  metric: string;
  rule:
    | 'min_absolute_change'
    | 'min_relative_change'
    | 'non_inferiority'
    | 'signature'
    | 'latency_ratio'
    | 'value_threshold';
  /** The rule's number (the margin, the change, the ratio). */
  threshold: number | null;
  status: ComparisonVerdict;
  /** One sentence with the numbers, e.g. "roc_auc: CI of the change [-0.031, -0.012] is wholly below -0.000". */
  reason: string;
}

export interface McNemarSummary {
  /** Baseline right, candidate wrong. */
  b: number;
  /** Baseline wrong, candidate right. */
  c: number;
  /** Chi-square with continuity correction (null when b + c = 0) and its p-value. */
  statistic: number | null;
  p_value: number;
  /** Exact two-sided binomial test of min(b, c) in b + c at 0.5. */
  exact_p_value: number;
  note: string | null;
}

export interface DeLongSummary {
  auc_candidate: number | null;
  auc_baseline: number | null;
  difference: number | null;
  z: number | null;
  p_value: number | null;
  ci95: [number, number] | null;
  note: string | null;
}

export interface WilcoxonSummary {
  /** On the absolute errors: candidate's |e| against baseline's |e|. */
  statistic: number | null;
  p_value: number | null;
  method: 'exact' | 'approx' | null;
  n: number;
  zeros: number;
  note: string | null;
}

export type BaselineSource =
  /** Another ONNX file run on the same rows: paired. */
  | { kind: 'model'; path: string; sha256: string }
  /** A registry version (e.g. production) downloaded, verified and run on the same rows: paired. */
  | { kind: 'registry'; ref: string; tag: string; version: string; sha256: string; path: string }
  /** Stored results of the baseline (its evaluation.json): metrics only, unpaired. */
  | { kind: 'results'; path: string; sha256: string }
  /** No baseline: value thresholds only (bootstrap mode). */
  | { kind: 'none' };

export interface LatencyComparison {
  /** Rounds of batch-1 runs, candidate and baseline alternating on the same rows. */
  rounds: number;
  candidate: { p50_ms: number; p95_ms: number };
  baseline: { p50_ms: number; p95_ms: number };
  /** candidate / baseline. */
  ratio_p50: number;
  ratio_p95: number;
}

export interface ShadowComparison {
  /** Unlabelled rows both models scored. */
  rows: number;
  /** Share of rows with the same predicted class (classification) or within tolerance (regression). */
  agreement_rate: number;
  /** KS two-sample test of the two models' scores (P(positive), the predicted value). */
  score_shift: { statistic: number; p_value: number } | null;
  /** The rows where the two disagree most (data rows as numbered in the file: the first row after the header is 1). */
  top_disagreements: {
    row: number;
    candidate: number | string;
    baseline: number | string;
    difference: number;
  }[];
}

/** Thinned curves and matrices for the HTML report (both models). */
export interface ComparisonCharts {
  roc?: { candidate: [number, number][]; baseline: [number, number][] };
  pr?: { candidate: [number, number][]; baseline: [number, number][] };
  /** Reliability curve: mean predicted probability vs observed frequency per bin. */
  calibration?: {
    candidate: { bin: number; predicted: number; observed: number; count: number }[];
    baseline: { bin: number; predicted: number; observed: number; count: number }[];
  };
  confusion?: { labels: string[]; candidate: number[][]; baseline: number[][] };
  /** Regression: histogram of absolute errors of both. */
  errors?: { edges: number[]; candidate: number[]; baseline: number[] };
}

export interface ComparisonResult {
  schemaVersion: 1;
  task: Task;
  /** Rows both models were scored on (paired), or the candidate's rows (unpaired / none). */
  rows: number;
  /** paired: both models on the same rows; unpaired: against stored results; bootstrap: no baseline. */
  mode: 'paired' | 'unpaired' | 'bootstrap' | 'shadow';
  candidate: { path: string; sha256: string };
  baseline: BaselineSource;
  data: { path: string; labelled: boolean };
  primary_metric: string;
  metrics: Record<string, ComparedMetric>;
  tests: { mcnemar?: McNemarSummary; delong?: DeLongSummary; wilcoxon?: WilcoxonSummary };
  bootstrap: { resamples: number; seed: number; level: number; method: 'percentile' } | null;
  policy: {
    rules: PolicyRule[];
    source: 'default' | 'config' | 'inputs';
    signature: 'fail' | 'warn';
    max_latency_ratio: number | null;
  };
  checks: PolicyCheck[];
  verdict: ComparisonVerdict;
  /** Every check's reason, worst first. */
  reasons: string[];
  signature: { breaking: string[]; compatible: string[] } | null;
  latency: LatencyComparison | null;
  shadow: ShadowComparison | null;
  charts: ComparisonCharts;
  created_at: string;
}
