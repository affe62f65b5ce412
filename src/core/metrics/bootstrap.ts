/**
 * Seeded percentile bootstrap. A resample of N rows drawn with replacement is handed to the statistic as
 * integer counts per row (weights), so metrics that sort (ROC AUC, AP) sort once and re-weight in O(N).
 */
import { ConfigurationError } from '../errors.js';
import { quantileSorted } from './percentile.js';
import { Xoshiro128 } from './prng.js';

export interface BootstrapOptions {
  /** Number of resamples (default 1000). */
  resamples?: number;
  /** PRNG seed (default 0): the same seed gives the same interval, bit for bit. */
  seed?: number;
  /** Confidence level in (0, 1) (default 0.95). */
  level?: number;
}

export interface BootstrapInterval {
  lo: number;
  hi: number;
  resamples: number;
  /** Resamples where the statistic had no value (e.g. one class only for AUC). */
  skipped: number;
  level: number;
  seed: number;
  method: 'percentile';
}

export type BootstrapOutcome =
  | { ci: BootstrapInterval }
  | { ci: null; reason: string; resamples: number; skipped: number; level: number; seed: number };

/**
 * The percentile interval of `statistic` over resamples, or null when more than half the resamples have
 * no value. The counts array passed to `statistic` is reused between calls: read it, do not keep it.
 */
export function bootstrapCI(
  n: number,
  statistic: (weights: Float64Array) => number | null,
  opts: BootstrapOptions = {},
): BootstrapInterval | null {
  return bootstrapCIDetailed(n, statistic, opts).ci;
}

/** bootstrapCI with the reason when there is no interval. */
export function bootstrapCIDetailed(
  n: number,
  statistic: (weights: Float64Array) => number | null,
  opts: BootstrapOptions = {},
): BootstrapOutcome {
  const resamples = opts.resamples ?? 1000;
  const seed = opts.seed ?? 0;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new ConfigurationError(`bootstrap resamples must be a whole number >= 1, got ${resamples}.`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ConfigurationError(`bootstrap seed must be a whole number 0..4294967295, got ${seed}.`);
  }
  if (!(level > 0 && level < 1)) {
    throw new ConfigurationError(`bootstrap level must be between 0 and 1 (e.g. 0.95), got ${level}.`);
  }
  if (!Number.isInteger(n) || n < 0) throw new Error(`internal: bootstrap over ${n} rows`);
  const failed = (reason: string, skipped: number): BootstrapOutcome => ({
    ci: null,
    reason,
    resamples,
    skipped,
    level,
    seed,
  });
  if (n === 0) return failed('no rows to resample', resamples);

  const rng = new Xoshiro128(seed);
  const counts = new Float64Array(n);
  // Draws are counted in 16 bits (a quarter of the bytes to hit at random rows), then widened; a row
  // drawn 65536 times or more (possible, never seen) carries its wraps in a list.
  const draws = new Uint16Array(n);
  const wraps: number[] = [];
  const values = new Float64Array(resamples);
  let kept = 0;
  for (let b = 0; b < resamples; b++) {
    draws.fill(0);
    for (let j = 0; j < n; j++) {
      const row = rng.nextBelow(n);
      const c = draws[row] + 1;
      if (c === 65536) wraps.push(row);
      draws[row] = c;
    }
    for (let i = 0; i < n; i++) counts[i] = draws[i];
    for (const row of wraps) counts[row] += 65536;
    wraps.length = 0;
    const v = statistic(counts);
    if (v !== null && Number.isFinite(v)) values[kept++] = v;
  }
  const skipped = resamples - kept;
  if (skipped * 2 > resamples) {
    return failed(
      `the metric had no value in ${skipped} of ${resamples} resamples (more than half)`,
      skipped,
    );
  }
  const sorted = values.subarray(0, kept).sort();
  // Percent points rounded to 12 digits so level 0.95 asks for exactly 2.5 and 97.5, as np.percentile.
  const pLo = Number((50 * (1 - level)).toPrecision(12));
  const pHi = Number((50 * (1 + level)).toPrecision(12));
  return {
    ci: {
      lo: quantileSorted(sorted, pLo / 100),
      hi: quantileSorted(sorted, pHi / 100),
      resamples,
      skipped,
      level,
      seed,
      method: 'percentile',
    },
  };
}
