/**
 * Latency of two models measured interleaved on the same runner and the same row: after a warm-up of
 * each, one-row runs alternate A B B A A B … so drift of the machine (turbo, other jobs, caches) falls on
 * both alike. The ratio is the candidate's percentile over the baseline's.
 */
import type { OrtSession, OrtTensor } from '../model/ort.js';
import { summarise } from '../evaluate/latency.js';
import type { LatencyComparison } from './result.js';

export interface LatencySubject {
  session: OrtSession;
  feeds: Record<string, OrtTensor>;
  fetch: string[];
}

export async function measureInterleaved(
  candidate: LatencySubject,
  baseline: LatencySubject,
  options: { warmup?: number; runs?: number; maxSeconds?: number } = {},
  now: () => number = () => performance.now(),
): Promise<LatencyComparison> {
  const warmup = options.warmup ?? 10;
  const runs = options.runs ?? 200;
  const maxMs = (options.maxSeconds ?? 6) * 1000;
  for (let i = 0; i < warmup; i++) {
    await candidate.session.run(candidate.feeds, candidate.fetch);
    await baseline.session.run(baseline.feeds, baseline.fetch);
  }
  const times = { candidate: [] as number[], baseline: [] as number[] };
  const time = async (s: LatencySubject, into: number[]) => {
    const t0 = now();
    await s.session.run(s.feeds, s.fetch);
    into.push(now() - t0);
  };
  const start = now();
  for (let i = 0; i < runs && (i < 10 || now() - start < maxMs); i++) {
    // ABBA order: neither model always goes first.
    if (i % 2 === 0) {
      await time(candidate, times.candidate);
      await time(baseline, times.baseline);
    } else {
      await time(baseline, times.baseline);
      await time(candidate, times.candidate);
    }
  }
  const c = summarise(times.candidate, 1);
  const b = summarise(times.baseline, 1);
  const ratio = (x: number, y: number) => (y > 0 ? Number((x / y).toPrecision(4)) : Number.NaN);
  return {
    rounds: times.candidate.length,
    candidate: { p50_ms: c.p50_ms, p95_ms: c.p95_ms },
    baseline: { p50_ms: b.p50_ms, p95_ms: b.p95_ms },
    ratio_p50: ratio(c.p50_ms, b.p50_ms),
    ratio_p95: ratio(c.p95_ms, b.p95_ms),
  };
}
