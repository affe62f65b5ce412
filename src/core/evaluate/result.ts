/**
 * evaluation.json (DESIGN §4: task, rows, metrics, thresholds, latency; the rest is ours). Numbers are
 * plain JSON numbers; a metric that cannot be computed is null and its reason is in `unavailable`.
 */
import type { MetricValue } from '../metrics/types.js';
import type { Task } from '../model/output-mapping.js';
import type { LatencyStats } from './latency.js';

export const EVALUATION_SCHEMA_VERSION = 1;

export interface ValueInfo {
  name: string;
  is_tensor: boolean;
  dtype?: string;
  shape: (number | string)[];
  /** What a non-tensor value is, from the ONNX file (e.g. "seq(map(int64, float32))"). */
  type?: string;
}

export interface ModelInfo {
  path: string;
  sha256: string;
  size_bytes: number;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  ir_version?: number;
  opsets?: { domain: string; version: number }[];
  producer?: string;
  producer_version?: string;
  graph_name?: string;
  doc_string?: string;
  model_version?: number;
  metadata?: Record<string, string>;
}

export interface ThresholdOutcome {
  metric: string;
  threshold: number;
  greater_is_better: boolean;
  on: 'value' | 'ci_lower' | 'ci_upper' | 'ci_pessimistic';
  /** The number judged (the value or a CI bound); null when it could not be computed. */
  value: number | null;
  passed: boolean;
  reason?: string;
  slice?: { column: string; value: string };
}

export interface ConfidenceInterval {
  lo: number;
  hi: number;
  level: number;
  resamples: number;
  skipped: number;
  seed: number;
  method: 'percentile';
}

export interface SliceOutcome {
  column: string;
  value: string;
  rows: number;
  metrics: Record<string, MetricValue>;
  thresholds: ThresholdOutcome[];
  skipped?: string;
}

export interface RuntimeInfo {
  ort_version: string;
  execution_provider: string;
  requested_provider: string;
  fell_back: boolean;
  fallback_reason?: string;
  /**
   * ONNX Runtime's intra-op threads: as set (`threads`), its default (the physical cores), or 1 while
   * a reader thread parses a large CSV file on the other cores ('reader-threads').
   */
  threads: number;
  threads_source: 'session-options' | 'ort-default' | 'reader-threads';
  cpu: string;
  gpu: string | null;
  node: string;
  platform: string;
}

export interface EvaluationResult {
  schemaVersion: number;
  task: Task;
  passed: boolean;
  rows: number;
  model: ModelInfo;
  data: { path: string; rows_read: number; shard: { index: number; count: number } | null };
  mapping: {
    inputs: unknown;
    outputs: {
      scores?: unknown;
      label?: unknown;
      value?: unknown;
      ignored: { name: string; reason: string }[];
    };
    classes?: string[];
    positive_class?: string;
  };
  metrics: Record<string, MetricValue>;
  unavailable: Record<string, string>;
  per_class?: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  confusion_matrix?: number[][];
  ci: Record<string, ConfidenceInterval | null>;
  thresholds: ThresholdOutcome[];
  /** True in a shard's result: its thresholds are judged by `mlgate merge` over all shards. */
  thresholds_deferred: boolean;
  slices: SliceOutcome[];
  worst_slices: Record<string, { column: string; value: string; metric_value: number }>;
  latency: (LatencyFigures & { single: LatencyStats; batch: LatencyStats; warmup: number }) | null;
  runtime: RuntimeInfo | null;
  non_finite: { count: number; rows: number[]; policy: string };
  missing_cells: Record<string, number>;
  timing: { total_s: number; inference_s: number; rows_per_s: number } | null;
  predictions_path: string | null;
  /** Where merged results came from. */
  merged_from?: string[];
  created_at: string;
}

/** DESIGN §4's latency keys: p50/p95/p99 of one-row runs, throughput at the evaluation batch size. */
export interface LatencyFigures {
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  rows_per_s: number;
  batch_size: number;
  execution_provider: string;
}
