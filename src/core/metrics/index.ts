/** The metric catalogue, thresholds, bootstrap confidence intervals and slices. */
export type * from './types.js';
export { computeClassificationMetrics } from './classification.js';
export { computeRegressionMetrics } from './regression.js';
export { metricFunction } from './metric-function.js';
export {
  LATENCY_METRICS,
  METRICS,
  metricDirection,
  metricNames,
  parseMetricName,
  resolveMetricName,
  type MetricInfo,
  type ParsedMetric,
  type ResolveOptions,
} from './catalogue.js';
export {
  evaluateThresholds,
  taskOfReport,
  type ConfidenceBounds,
  type ThresholdOn,
  type ThresholdOptions,
  type ThresholdResult,
  type ThresholdSpec,
} from './thresholds.js';
export {
  bootstrapCI,
  bootstrapCIDetailed,
  type BootstrapInterval,
  type BootstrapOptions,
  type BootstrapOutcome,
} from './bootstrap.js';
export {
  computeSlices,
  MISSING,
  OUT_OF_RANGE,
  type SliceKey,
  type SliceReport,
  type SliceResult,
  type SliceSpec,
  type WorstSlice,
} from './slices.js';
export { median, percentile, percentiles, weightedMedian } from './percentile.js';
