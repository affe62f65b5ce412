/** Numbers and words shared by comparison.md and comparison.html, so both reports say the same thing. */
import type { ComparisonResult, ComparisonVerdict } from '../compare/result.js';
import { formatPercent, formatValue } from './html/svg-scale.js';

/** Worst first: the order checks are listed in. */
export const VERDICT_RANK: Record<ComparisonVerdict, number> = { fail: 0, inconclusive: 1, pass: 2 };

export const RULE_WORDS: Record<string, string> = {
  non_inferiority: 'non-inferiority (CI vs margin)',
  min_absolute_change: 'min_absolute_change',
  min_relative_change: 'min_relative_change',
  signature: 'signature',
  latency_ratio: 'latency ratio',
  value_threshold: 'value threshold',
};

export function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function num(v: number | null | undefined, digits = 4): string {
  return finite(v) ? formatValue(v, digits) : 'n/a';
}

export function signed(v: number | null | undefined): string {
  return finite(v) && v > 0 ? `+${num(v)}` : num(v);
}

export function interval(ci: readonly [number, number] | null | undefined): string {
  return ci && finite(ci[0]) && finite(ci[1]) ? `[${signed(ci[0])}, ${signed(ci[1])}]` : 'n/a';
}

export function relative(v: number | null | undefined): string {
  if (!finite(v)) return 'n/a';
  return v > 0 ? `+${formatPercent(v)}` : formatPercent(v);
}

/** The bootstrap's level as a percentage: "95%". */
export function levelPercent(result: ComparisonResult): string {
  return `${Number(((result.bootstrap?.level ?? 0.95) * 100).toPrecision(4))}%`;
}
