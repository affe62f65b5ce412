/**
 * Small result files for the gate's tests, written by hand in the shapes mlgate's jobs write
 * (src/core/validate/result.ts, evaluate/result.ts, compare/result.ts, drift/result.ts): typed, so a
 * change of those shapes breaks these builders at compile time rather than the tests silently.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComparisonResult, PolicyCheck } from '../../../src/core/compare/result.js';
import type { DriftResult } from '../../../src/core/drift/result.js';
import type { EvaluationResult, ThresholdOutcome } from '../../../src/core/evaluate/result.js';
import type { ValidationResult } from '../../../src/core/validate/result.js';

export const CANDIDATE_SHA = 'a'.repeat(64);

export function validationResult(
  o: { passed?: boolean; rows?: number; errors?: number } = {},
): ValidationResult {
  const passed = o.passed ?? true;
  const errors = o.errors ?? (passed ? 0 : 2);
  return {
    schemaVersion: 1,
    kind: 'validation',
    passed,
    fail_on: 'error',
    rows: o.rows ?? 120,
    duration_ms: 4,
    files: [
      {
        path: 'data/eval.csv',
        format: 'csv',
        compressed: false,
        rows: o.rows ?? 120,
        columns: ['x', 'y'],
        violations: errors,
      },
    ],
    schema: 'schema.json',
    schema_draft: '2020-12',
    violations: Array.from({ length: errors }, (_, i) => ({
      file: 'data/eval.csv',
      row: i + 1,
      line: i + 2,
      column: 'age',
      rule: 'minimum',
      severity: 'error' as const,
      message: 'must be >= 0',
      value: -1,
    })),
    violation_counts: errors
      ? [{ rule: 'minimum', column: 'age', severity: 'error', count: errors, listed: errors }]
      : [],
    total_violations: errors,
    error_count: errors,
    warning_count: 0,
    checks: [],
  };
}

export function threshold(
  metric: string,
  value: number | null,
  needed: number,
  extra: Partial<ThresholdOutcome> = {},
): ThresholdOutcome {
  const greater = extra.greater_is_better ?? true;
  const passed = value !== null && (greater ? value >= needed : value <= needed);
  return { metric, threshold: needed, greater_is_better: greater, on: 'value', value, passed, ...extra };
}

export function evaluationResult(
  o: { thresholds?: ThresholdOutcome[]; passed?: boolean; modelPath?: string; sha256?: string } = {},
): EvaluationResult {
  const thresholds = o.thresholds ?? [threshold('roc_auc', 0.91, 0.8)];
  return {
    schemaVersion: 1,
    task: 'binary',
    passed: o.passed ?? thresholds.every((t) => t.passed),
    rows: 400,
    model: {
      path: o.modelPath ?? 'models/churn.onnx',
      sha256: o.sha256 ?? CANDIDATE_SHA,
      size_bytes: 1234,
      inputs: [{ name: 'x', is_tensor: true, dtype: 'float32', shape: ['N', 4] }],
      outputs: [{ name: 'probabilities', is_tensor: true, dtype: 'float32', shape: ['N', 2] }],
    },
    data: { path: 'data/eval.csv', rows_read: 400, shard: null },
    mapping: { inputs: {}, outputs: { ignored: [] } },
    metrics: { roc_auc: 0.91, accuracy: 0.87 },
    unavailable: {},
    ci: {},
    thresholds,
    thresholds_deferred: false,
    slices: [],
    worst_slices: {},
    latency: null,
    runtime: null,
    non_finite: { count: 0, rows: [], policy: 'error' },
    missing_cells: {},
    timing: null,
    predictions_path: null,
    created_at: '2026-05-01T12:00:00.000Z',
  };
}

export function check(metric: string, status: PolicyCheck['status'], reason?: string): PolicyCheck {
  return {
    metric,
    rule: 'non_inferiority',
    threshold: 0,
    status,
    reason:
      reason ??
      `${metric}: CI of the change is ${status === 'pass' ? 'within' : status === 'fail' ? 'wholly below' : 'across'} -0.000`,
  };
}

export function comparisonResult(
  o: {
    verdict?: ComparisonResult['verdict'];
    checks?: PolicyCheck[];
    sha256?: string;
    mode?: ComparisonResult['mode'];
    candidatePath?: string;
  } = {},
): ComparisonResult {
  const checks = o.checks ?? [check('roc_auc', o.verdict ?? 'pass')];
  const verdict =
    o.verdict ??
    (checks.some((c) => c.status === 'fail')
      ? 'fail'
      : checks.some((c) => c.status === 'inconclusive')
        ? 'inconclusive'
        : 'pass');
  return {
    schemaVersion: 1,
    task: 'binary',
    rows: 400,
    mode: o.mode ?? 'paired',
    candidate: { path: o.candidatePath ?? 'models/churn.onnx', sha256: o.sha256 ?? CANDIDATE_SHA },
    baseline: { kind: 'model', path: 'models/production.onnx', sha256: 'b'.repeat(64) },
    data: { path: 'data/eval.csv', labelled: true },
    primary_metric: 'roc_auc',
    metrics: {
      accuracy: {
        candidate: 0.86,
        baseline: 0.87,
        delta: -0.01,
        ci95: [-0.03, 0.01],
        relative_delta: -0.0115,
        higher_is_better: true,
      },
      roc_auc: {
        candidate: 0.91,
        baseline: 0.9,
        delta: 0.01,
        ci95: [-0.004, 0.024],
        relative_delta: 0.0111,
        higher_is_better: true,
      },
    },
    tests: { mcnemar: { b: 12, c: 8, statistic: 0.45, p_value: 0.502, exact_p_value: 0.503, note: null } },
    bootstrap: { resamples: 1000, seed: 0, level: 0.95, method: 'percentile' },
    policy: {
      rules: [{ metric: 'roc_auc', margin: 0 }],
      source: 'default',
      signature: 'fail',
      max_latency_ratio: null,
    },
    checks,
    verdict,
    reasons: checks.map((c) => c.reason),
    signature: { breaking: [], compatible: [] },
    latency: null,
    shadow: null,
    charts: {},
    created_at: '2026-05-01T12:00:00.000Z',
  };
}

export function driftResult(
  o: { drifted?: string[]; tested?: number; predictionDrifted?: boolean; name?: string | null } = {},
): DriftResult {
  const drifted = o.drifted ?? [];
  const tested = o.tested ?? 4;
  const because =
    tested === 0
      ? 'no column had enough values to test'
      : `${drifted.length} of ${tested} tested columns drifted (threshold 50%)`;
  return {
    schemaVersion: 1,
    name: o.name ?? null,
    reference: { files: ['data/train.csv'], rows: 600 },
    current: { files: ['data/current.csv'], rows: 400 },
    columns: {},
    not_tested: {},
    columns_only_in_reference: [],
    columns_only_in_current: [],
    dataset_drift: tested > 0 && drifted.length > 0,
    drifted_columns: drifted,
    prediction_drift:
      o.predictionDrifted === undefined
        ? null
        : ({ drifted: o.predictionDrifted } as DriftResult['prediction_drift']),
    summary: {
      tested,
      drifted: drifted.length,
      drifted_share: tested ? drifted.length / tested : 0,
      because,
    },
    settings: {} as DriftResult['settings'],
    conventions: [],
    created_at: '2026-05-01T12:00:00.000Z',
  };
}

/** Writes each given result as `<kind>.json` in `dir`; returns the paths relative to `dir`. */
export function writeResults(
  dir: string,
  results: { validation?: unknown; evaluation?: unknown; comparison?: unknown; drift?: unknown },
): Record<string, string> {
  mkdirSync(join(dir, 'results'), { recursive: true });
  const paths: Record<string, string> = {};
  for (const [kind, value] of Object.entries(results)) {
    if (value === undefined) continue;
    const path = `results/${kind}.json`;
    writeFileSync(join(dir, path), typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
    paths[kind] = path;
  }
  return paths;
}
