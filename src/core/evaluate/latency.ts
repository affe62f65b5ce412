/**
 * Latency as a serving system sees it, measured apart from the evaluation pass: after a warm-up, one
 * row at a time (a request) and a full evaluation batch, each timed run by run. Percentiles are numpy's
 * (quantileSorted, pinned against np.quantile in the metric tests).
 */
import { quantileSorted } from '../metrics/percentile.js';
import type { OrtSession, OrtTensor } from '../model/ort.js';

export interface LatencyOptions {
  /** Untimed runs first (JIT, allocator and thread-pool warm-up). Default 10. */
  warmup?: number;
  /** Timed runs per batch size, at most. Default 200 at batch 1, 30 at the evaluation batch size. */
  runs?: number;
  /** Stop timing a batch size after this many seconds. Default 3. */
  maxSeconds?: number;
}

export interface LatencyStats {
  batch_size: number;
  runs: number;
  /** Per run (one batch). */
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  mean_ms: number;
  /** Per row: the run's time over its rows. */
  per_row_p50_ms: number;
  rows_per_s: number;
}

export interface LatencyResult {
  /** One row per run: what a request to a served model costs. The top-level p50/p95/p99 are these. */
  single: LatencyStats;
  /** The evaluation batch size. */
  batch: LatencyStats;
  warmup: number;
}

export function summarise(times: number[], batchSize: number): LatencyStats {
  const sorted = Float64Array.from(times).sort();
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  const p50 = quantileSorted(sorted, 0.5);
  return {
    batch_size: batchSize,
    runs: times.length,
    p50_ms: round(p50),
    p95_ms: round(quantileSorted(sorted, 0.95)),
    p99_ms: round(quantileSorted(sorted, 0.99)),
    mean_ms: round(mean),
    per_row_p50_ms: round(p50 / batchSize),
    rows_per_s: Math.round((batchSize * 1000) / p50),
  };
}

function round(ms: number): number {
  return Number(ms.toPrecision(4));
}

export async function measureLatency(
  session: OrtSession,
  feeds: { single: Record<string, OrtTensor>; batch: Record<string, OrtTensor>; batchSize: number },
  fetch: string[],
  options: LatencyOptions = {},
  now: () => number = () => performance.now(),
): Promise<LatencyResult> {
  const warmup = options.warmup ?? 10;
  const maxMs = (options.maxSeconds ?? 3) * 1000;
  for (let i = 0; i < warmup; i++) await session.run(feeds.single, fetch);
  for (let i = 0; i < Math.min(warmup, 3); i++) await session.run(feeds.batch, fetch);
  const time = async (f: Record<string, OrtTensor>, runs: number): Promise<number[]> => {
    const times: number[] = [];
    const start = now();
    while (times.length < runs && (times.length < 5 || now() - start < maxMs)) {
      const t0 = now();
      await session.run(f, fetch);
      times.push(now() - t0);
    }
    return times;
  };
  const single = summarise(await time(feeds.single, options.runs ?? 200), 1);
  const batch = summarise(await time(feeds.batch, options.runs ?? 30), feeds.batchSize);
  return { single, batch, warmup };
}
