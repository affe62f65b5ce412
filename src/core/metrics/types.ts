/** Inputs and the report of the metric catalogue (DESIGN §4). */

export type Task = 'binary' | 'multiclass' | 'regression';

export interface ClassificationInput {
  /** K >= 2 (binary: K = 2). */
  nClasses: number;
  /** True class index 0..K-1 per row. */
  yTrue: Int32Array;
  /** Predicted class index per row. */
  yPred: Int32Array;
  /** Row-major N*K scores/probabilities; absent when the model gives labels only. */
  proba?: Float64Array;
  /** Binary: index of the positive class (default 1). */
  positive?: number;
  /** Optional non-negative per-row weights (bootstrap counts); absent = all 1. */
  weights?: Float64Array;
  /** Display names per class index (default "0".."K-1"). */
  classNames?: readonly string[];
}

export interface RegressionInput {
  yTrue: Float64Array;
  yPred: Float64Array;
  weights?: Float64Array;
}

export type MetricValue = number | null | Record<string, number> | number[][];

export interface PerClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface MetricReport {
  /** Every metric of the task's catalogue; null when it cannot be computed. */
  metrics: Record<string, MetricValue>;
  /** Metric name -> reason (e.g. "only one class present in y_true"). */
  unavailable: Record<string, string>;
  /** By class name. */
  per_class?: Record<string, PerClassMetrics>;
  /** Rows = true class, cols = predicted (sklearn's layout). */
  confusion_matrix?: number[][];
}

/** A metric value or the reason there is none; what every metric function returns internally. */
export type Outcome = number | { reason: string };
