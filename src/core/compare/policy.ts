/**
 * The comparison policy and its verdict. Rules per metric, direction aware:
 * - `min_absolute_change` / `min_relative_change`: MLflow's MetricThreshold semantics on the point values
 *   (higher is better: candidate ≥ baseline + x, candidate ≥ baseline + x·|baseline|; lower is better:
 *   candidate ≤ baseline − x, candidate ≤ baseline − x·|baseline|). For a positive baseline the relative
 *   bound is MLflow's baseline·(1 ± x); |baseline| keeps a negative one (r2, MCC) from inverting it;
 * - `margin`: non-inferiority judged on the paired CI of delta: fail when the whole CI is worse than
 *   −margin, pass when the whole CI is within it, inconclusive when the CI straddles it.
 * With no rule the default is no regression on the task's primary metric with margin 0.
 * The verdict is the worst check: any fail → fail, else any inconclusive → inconclusive, else pass.
 */
import { ConfigurationError } from '../errors.js';
import { metricDirection, parseMetricName } from '../metrics/catalogue.js';
import { scalarMetric } from '../metrics/metric-function.js';
import type { Task } from '../model/output-mapping.js';
import type { ComparedMetric, ComparisonVerdict, PolicyCheck, PolicyRule } from './result.js';

export const PRIMARY_METRIC: Record<Task, string> = {
  binary: 'roc_auc',
  multiclass: 'accuracy',
  regression: 'rmse',
};

export function defaultRules(task: Task): PolicyRule[] {
  return [{ metric: PRIMARY_METRIC[task], margin: 0 }];
}

const RULE_KEYS = ['min_absolute_change', 'min_relative_change', 'margin'] as const;

/**
 * `METRIC:KEY=VALUE[,KEY=VALUE]` as inputs and flags write rules, e.g. `roc_auc:margin=0.005`,
 * `accuracy:min_absolute_change=0.01`, `rmse:min_relative_change=0.02,margin=0`.
 */
export function parsePolicyRule(text: string, task: Task, where: string): PolicyRule {
  const m = /^\s*([^:\s]+)\s*:\s*(.+)$/.exec(text);
  if (!m) {
    throw new ConfigurationError(
      `${where}: "${text}" is not a comparison rule; expected METRIC:KEY=VALUE, e.g. roc_auc:margin=0.005 or ` +
        'accuracy:min_absolute_change=0.01 (keys: margin, min_absolute_change, min_relative_change).',
    );
  }
  const rule: PolicyRule = { metric: canonicalMetric(m[1], task, where) };
  for (const part of m[2].split(',')) {
    const kv = /^\s*([a-z_]+)\s*=\s*(\S+)\s*$/.exec(part);
    const key = kv?.[1] as (typeof RULE_KEYS)[number] | undefined;
    if (!kv || !RULE_KEYS.includes(key!)) {
      throw new ConfigurationError(
        `${where}: "${part.trim()}" in "${text}" is not KEY=VALUE with KEY one of ${RULE_KEYS.join(', ')}.`,
      );
    }
    rule[key!] = nonNegative(kv[2], `${where}: ${key} in "${text}"`);
  }
  return rule;
}

/** A rule as mlgate.yml writes it: `{metric, margin?, min_absolute_change?, min_relative_change?}`. */
export function checkPolicyRule(rule: PolicyRule, task: Task, where: string): PolicyRule {
  const out: PolicyRule = { metric: canonicalMetric(rule.metric, task, where) };
  for (const key of RULE_KEYS) {
    if (rule[key] !== undefined) out[key] = nonNegative(String(rule[key]), `${where}: ${key}`);
  }
  if (RULE_KEYS.every((k) => out[k] === undefined)) {
    throw new ConfigurationError(
      `${where}: the rule for ${rule.metric} has none of ${RULE_KEYS.join(', ')}.`,
    );
  }
  return out;
}

function nonNegative(text: string, where: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(`${where} is "${text}"; expected a number ≥ 0.`);
  }
  return value;
}

function canonicalMetric(name: string, task: Task, where: string): string {
  let parsed: ReturnType<typeof parseMetricName>;
  try {
    parsed = parseMetricName(name, task);
    if (parsed.kind !== 'latency') scalarMetric(task, name);
  } catch (error) {
    if (error instanceof ConfigurationError) throw new ConfigurationError(`${where}: ${error.message}`);
    throw error;
  }
  if (parsed.kind === 'latency') {
    throw new ConfigurationError(
      `${where}: ${name} is a latency figure; compare latency with max-latency-ratio (the candidate's p95 over the baseline's).`,
    );
  }
  return parsed.name;
}

export function higherIsBetter(metric: string): boolean {
  return metricDirection(metric);
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : Number(x.toPrecision(6)).toString());

/** Judges one rule against the compared values. */
export function judgeRule(
  rule: PolicyRule,
  compared: ComparedMetric | undefined,
  paired: boolean,
): PolicyCheck[] {
  const checks: PolicyCheck[] = [];
  const { metric } = rule;
  const hib = higherIsBetter(metric);
  const missing = (why: string, r: PolicyCheck['rule'], threshold: number): PolicyCheck => ({
    metric,
    rule: r,
    threshold,
    status: 'inconclusive',
    reason: `${metric}: ${why}, so the ${r === 'non_inferiority' ? 'non-inferiority' : r.replace(/_/g, ' ')} rule cannot be judged.`,
  });
  const c = compared?.candidate ?? null;
  const b = compared?.baseline ?? null;
  if (rule.min_absolute_change !== undefined) {
    const x = rule.min_absolute_change;
    if (c === null || b === null) checks.push(missing('a value is missing', 'min_absolute_change', x));
    else {
      const bound = hib ? b + x : b - x;
      const ok = hib ? c >= bound : c <= bound;
      checks.push({
        metric,
        rule: 'min_absolute_change',
        threshold: x,
        status: ok ? 'pass' : 'fail',
        reason: `${metric}: candidate ${fmt(c)} ${ok ? (hib ? '≥' : '≤') : hib ? '<' : '>'} baseline ${fmt(b)} ${hib ? '+' : '−'} ${fmt(x)} (min_absolute_change, ${hib ? 'higher' : 'lower'} is better).`,
      });
    }
  }
  if (rule.min_relative_change !== undefined) {
    const x = rule.min_relative_change;
    if (c === null || b === null) checks.push(missing('a value is missing', 'min_relative_change', x));
    else {
      // Relative to |baseline|: MLflow's baseline·(1 ± x) for a positive baseline, and not inverted for a
      // negative one (r2, matthews_corrcoef, cohen_kappa can be below 0).
      const bound = hib ? b + x * Math.abs(b) : b - x * Math.abs(b);
      const ok = hib ? c >= bound : c <= bound;
      checks.push({
        metric,
        rule: 'min_relative_change',
        threshold: x,
        status: ok ? 'pass' : 'fail',
        reason: `${metric}: candidate ${fmt(c)} ${ok ? (hib ? '≥' : '≤') : hib ? '<' : '>'} baseline ${fmt(b)} ${hib ? '+' : '−'} ${fmt(x)} × |${fmt(b)}| = ${fmt(bound)} (min_relative_change).`,
      });
    }
  }
  if (rule.margin !== undefined) {
    const margin = rule.margin;
    const ci = compared?.ci95 ?? null;
    if (!paired) {
      checks.push(
        missing(
          'the baseline is stored results (unpaired), so there is no paired interval of the change',
          'non_inferiority',
          margin,
        ),
      );
    } else if (ci === null) {
      checks.push(missing(compared?.note ?? 'no interval of the change', 'non_inferiority', margin));
    } else {
      // Express the interval as "improvement": positive is better for either direction.
      const [lo, hi] = hib ? ci : [-ci[1], -ci[0]];
      const status: ComparisonVerdict = hi < -margin ? 'fail' : lo >= -margin ? 'pass' : 'inconclusive';
      const interval = `[${fmt(ci[0])}, ${fmt(ci[1])}]`;
      const side =
        margin === 0
          ? hib
            ? 'below 0'
            : 'above 0'
          : hib
            ? `below −${fmt(margin)}`
            : `above +${fmt(margin)}`;
      checks.push({
        metric,
        rule: 'non_inferiority',
        threshold: margin,
        status,
        reason:
          status === 'fail'
            ? `${metric}: the 95% CI of the change ${interval} is wholly ${side}: the candidate is worse (margin ${fmt(margin)}).`
            : status === 'pass'
              ? `${metric}: the 95% CI of the change ${interval} is within the margin ${fmt(margin)}: not worse.`
              : `${metric}: the 95% CI of the change ${interval} straddles ${margin === 0 ? '0' : `${hib ? '−' : '+'}${fmt(margin)}`}: within noise, neither shown worse nor shown not worse.`,
      });
    }
  }
  return checks;
}

const RANK: Record<ComparisonVerdict, number> = { fail: 0, inconclusive: 1, pass: 2 };

export function combineChecks(checks: readonly PolicyCheck[]): {
  verdict: ComparisonVerdict;
  reasons: string[];
} {
  const ordered = [...checks].sort((a, b) => RANK[a.status] - RANK[b.status]);
  const verdict = ordered.length === 0 ? 'pass' : ordered[0].status;
  return { verdict, reasons: ordered.map((c) => c.reason) };
}
