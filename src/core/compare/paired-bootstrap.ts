/**
 * Paired percentile bootstrap of a metric difference (candidate − baseline). Both models are scored on
 * the same resample, so row-level correlation between them cancels out of the interval. The resamples are
 * the metrics' own (bootstrapCIDetailed, xoshiro128**): one seed gives the evaluation's resamples too.
 */
import { type BootstrapOptions, bootstrapCIDetailed } from '../metrics/bootstrap.js';

export interface PairedMetricValues {
  candidate: number | null;
  baseline: number | null;
}

export interface PairedBootstrapResult {
  /** The metric on all rows (weights all 1); null when the callback had no finite value. */
  candidate: number | null;
  baseline: number | null;
  /** candidate − baseline on all rows. */
  delta: number | null;
  /** Percentile interval of the resampled deltas; null when more than half the resamples had none. */
  ci: [number, number] | null;
  level: number;
  seed: number;
  resamples: number;
  /** Resamples with a delta. */
  used: number;
  /** Resamples where either model's metric was null (or not finite). */
  skipped: number;
  method: 'percentile';
  /** Why delta or ci is null, else null. */
  note: string | null;
}

/**
 * `metrics` receives per-row whole-number weights (bootstrap counts; all 1 for the point value). The array
 * is reused between calls: read it, do not keep it.
 */
export function pairedBootstrap(
  n: number,
  metrics: (weights: Float64Array) => PairedMetricValues,
  opts: BootstrapOptions = {},
): PairedBootstrapResult {
  const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);
  const point = metrics(new Float64Array(n).fill(1));
  const candidate = finite(point.candidate);
  const baseline = finite(point.baseline);
  const delta = candidate !== null && baseline !== null ? candidate - baseline : null;

  const outcome = bootstrapCIDetailed(
    n,
    (weights) => {
      const v = metrics(weights);
      const c = finite(v.candidate);
      const b = finite(v.baseline);
      return c !== null && b !== null ? c - b : null;
    },
    opts,
  );
  const common = { candidate, baseline, delta, method: 'percentile' as const };
  const pointNote =
    delta === null
      ? `the metric has no value on all rows (candidate ${String(candidate)}, baseline ${String(baseline)})`
      : null;
  if (outcome.ci === null) {
    return {
      ...common,
      ci: null,
      level: outcome.level,
      seed: outcome.seed,
      resamples: outcome.resamples,
      used: outcome.resamples - outcome.skipped,
      skipped: outcome.skipped,
      note: pointNote ?? outcome.reason,
    };
  }
  const { ci } = outcome;
  return {
    ...common,
    ci: [ci.lo, ci.hi],
    level: ci.level,
    seed: ci.seed,
    resamples: ci.resamples,
    used: ci.resamples - ci.skipped,
    skipped: ci.skipped,
    note: pointNote,
  };
}
