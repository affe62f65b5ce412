/**
 * The one-line forms of evaluate's options, shared by the CLI flags and the action inputs:
 *   threshold  "accuracy>=0.9", "log_loss<=0.3", "roc_auc>=0.95@ci-lower"
 *   slice      "island", "body_mass_g:q4" (quartiles), "age:18,30,65" (bin edges)
 *   shard      "2/4"
 *   list       "a,b,c" (a name with a comma: not supported in the one-line form; use mlgate.yml)
 */
import type { SliceConfig, ThresholdConfig, ThresholdOn } from '../config/types.js';
import { ConfigurationError } from '../errors.js';
import type { Shard } from './run-model.js';

const ON: readonly ThresholdOn[] = ['value', 'ci-lower', 'ci-upper', 'ci-pessimistic'];

export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function parseThresholdOption(spec: string, where = '--threshold'): [string, ThresholdConfig] {
  // The name may hold "@K" (top_k_accuracy@3) and "[CLASS]"; an "@" after the number names the bound.
  const match = /^\s*([^<>=\s][^<>=]*?)\s*(>=|<=|≥|≤)\s*([^@\s]+)\s*(?:@\s*(\S+))?\s*$/.exec(spec);
  if (!match) {
    throw new ConfigurationError(
      `${where}: "${spec}" is not a threshold; write METRIC>=VALUE or METRIC<=VALUE, optionally @ci-lower, @ci-upper or @ci-pessimistic (e.g. "accuracy>=0.9", "roc_auc>=0.95@ci-lower")`,
    );
  }
  const [, metric, op, raw, on] = match;
  const threshold = Number(raw);
  if (!Number.isFinite(threshold))
    throw new ConfigurationError(`${where}: "${spec}": ${raw} is not a number`);
  if (on !== undefined && !(ON as readonly string[]).includes(on)) {
    throw new ConfigurationError(`${where}: "${spec}": "@${on}" is not allowed; use @${ON.join(', @')}`);
  }
  return [
    metric,
    { threshold, greaterIsBetter: op === '>=' || op === '≥', ...(on ? { on: on as ThresholdOn } : {}) },
  ];
}

export function parseSliceOption(spec: string, where = '--slice'): SliceConfig {
  const at = spec.lastIndexOf(':');
  if (at <= 0) return { column: spec };
  const column = spec.slice(0, at);
  const rest = spec.slice(at + 1).trim();
  const quantiles = /^q(\d+)$/i.exec(rest);
  if (quantiles) {
    const q = Number(quantiles[1]);
    if (q < 2 || q > 100) throw new ConfigurationError(`${where}: "${spec}": quantile bins must be q2..q100`);
    return { column, quantiles: q };
  }
  const bins = splitList(rest).map(Number);
  if (
    bins.length === 0 ||
    bins.some((b) => !Number.isFinite(b)) ||
    bins.some((b, i) => i > 0 && b <= bins[i - 1])
  ) {
    throw new ConfigurationError(
      `${where}: "${spec}": write COLUMN, COLUMN:qK (K quantile bins) or COLUMN:E1,E2,... (at least two strictly increasing bin edges)`,
    );
  }
  return { column, bins };
}

export function parseShard(spec: string, where = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(spec);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ConfigurationError(`${where}: "${spec}" is not a shard; write I/N with 1 ≤ I ≤ N (e.g. 2/4)`);
  }
  return { index, count };
}

/** Threshold lines (CLI flags, the action's input) as mlgate.yml's map: one threshold per metric. */
export function parseThresholdLines(
  lines: readonly string[],
  where = '--threshold',
): Record<string, ThresholdConfig> {
  const out: Record<string, ThresholdConfig> = {};
  for (const line of lines) {
    const [metric, config] = parseThresholdOption(line, where);
    if (metric in out)
      throw new ConfigurationError(`${where}: ${metric} is given twice; give one threshold per metric`);
    out[metric] = config;
  }
  return out;
}
