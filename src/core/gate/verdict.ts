/**
 * verdict.json: one verdict from the result files under the gate's policy. Every source gives reasons
 * with a status; the verdict is fail when any reason fails, else inconclusive when any is inconclusive,
 * else pass. `passed` and the check run's `conclusion` follow from the verdict, the policy's choice for
 * an inconclusive comparison, and an override. An override never rewrites the verdict: a failed gate
 * that was let through keeps verdict fail with `passed: true` and says who let it through.
 */
import type { ComparisonResult, PolicyCheck } from '../compare/result.js';
import type { DriftResult } from '../drift/result.js';
import type { EvaluationResult, ThresholdOutcome } from '../evaluate/result.js';
import type { ValidationResult } from '../validate/result.js';
import type { GateInputs } from './inputs.js';
import { GATE_SOURCES, type FindingPolicy, type GatePolicy, type GateSource } from './policy.js';

export const VERDICT_SCHEMA_VERSION = 1;

export type GateVerdictValue = 'pass' | 'fail' | 'inconclusive';
/** The check run conclusions the gate uses. */
export type GateConclusion = 'success' | 'failure' | 'neutral';
/** A reason's status: `warn` and `ignored` are reported and never change the verdict. */
export type ReasonStatus = 'pass' | 'fail' | 'inconclusive' | 'warn' | 'ignored';

export interface GateReason {
  source: GateSource | 'policy' | 'override';
  status: ReasonStatus;
  message: string;
  /** The result file the reason comes from. */
  file?: string;
}

export interface GateSourceSummary {
  path: string;
  sha256: string;
  /** The source's own outcome under the policy. */
  verdict: ReasonStatus;
}

export interface GateOverride {
  /** False when an override was asked for but the gate passed without it. */
  applied: boolean;
  /** Who: the login that applied the label, or GITHUB_ACTOR for the input; null when unknown. */
  by: string | null;
  via: 'label' | 'input';
  reason: string;
  /** The label's name (via label). */
  label?: string;
}

/** An override as asked for, before the gate knows whether it is needed. */
export interface OverrideRequest {
  via: 'label' | 'input';
  by: string | null;
  reason: string;
  label?: string;
}

export interface GateVerdict {
  schemaVersion: number;
  kind: 'verdict';
  /** The model the gate is about (the check run and comment are per model). */
  name: string;
  verdict: GateVerdictValue;
  passed: boolean;
  conclusion: GateConclusion;
  /** Worst first: fail, inconclusive, warn, pass, ignored. */
  reasons: GateReason[];
  sources: Partial<Record<GateSource, GateSourceSummary>>;
  policy: GatePolicy & { source: 'default' | 'inputs' | 'config' };
  override: GateOverride | null;
  created_at: string;
}

const STATUS_ORDER: Record<ReasonStatus, number> = { fail: 0, inconclusive: 1, warn: 2, pass: 3, ignored: 4 };

/** What a finding becomes under a `fail | warn | ignore` policy. */
function findingStatus(policy: FindingPolicy): ReasonStatus {
  return policy === 'fail' ? 'fail' : policy === 'warn' ? 'warn' : 'ignored';
}

/** The worst status of a source's reasons: its verdict in `sources`. */
function worst(reasons: readonly GateReason[]): ReasonStatus {
  let out: ReasonStatus = 'pass';
  for (const r of reasons) {
    if (r.status === 'ignored') continue;
    if (STATUS_ORDER[r.status] < STATUS_ORDER[out]) out = r.status;
  }
  if (out === 'pass' && reasons.length > 0 && reasons.every((r) => r.status === 'ignored')) return 'ignored';
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(3) : String(Number(value.toFixed(4)));
}

function validationReasons(v: ValidationResult, policy: FindingPolicy, file: string): GateReason[] {
  const errors = v.error_count ?? v.violations.filter((x) => x.severity !== 'warning').length;
  const warnings = v.warning_count ?? 0;
  if (v.passed) {
    return [
      {
        source: 'validation',
        status: 'pass',
        message: `validation passed: ${plural(v.rows, 'row')}, ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}`,
        file,
      },
    ];
  }
  const rules = new Map<string, number>();
  for (const x of v.violations) {
    const key = `${x.rule}${x.column ? ` on ${x.column}` : ''}`;
    rules.set(key, (rules.get(key) ?? 0) + 1);
  }
  const failedChecks = (v.checks ?? []).filter((c) => c && c.passed === false).map((c) => c.name);
  const top = [...rules].sort((a, b) => b[1] - a[1]).slice(0, 3);
  const detail = [
    ...top.map(([rule]) => rule),
    ...failedChecks.slice(0, 3).map((name) => `check ${name}`),
  ].join(', ');
  return [
    {
      source: 'validation',
      status: findingStatus(policy),
      message:
        `validation failed: ${plural(errors, 'error')} in ${plural(v.rows, 'row')}` +
        `${v.total_violations !== undefined ? ` (${plural(v.total_violations, 'violation')})` : ''}` +
        `${detail ? `; ${detail}` : ''}`,
      file,
    },
  ];
}

/** "roc_auc (ci_lower) = 0.71, needs ≥ 0.8" with the slice when there is one. */
export function describeThreshold(t: ThresholdOutcome): string {
  const slice = t.slice ? ` on ${t.slice.column} = ${t.slice.value}` : '';
  const on = t.on && t.on !== 'value' ? ` (${t.on.replace('_', ' ')})` : '';
  const needs = `${t.greater_is_better ? '≥' : '≤'} ${fmt(t.threshold)}`;
  const why = t.value === null && t.reason ? `: ${t.reason}` : '';
  return `${t.metric}${on}${slice} = ${fmt(t.value)}, needs ${needs}${why}`;
}

function evaluationReasons(e: EvaluationResult, policy: FindingPolicy, file: string): GateReason[] {
  const failed = e.thresholds.filter((t) => !t.passed);
  if (failed.length > 0) {
    return failed.map((t) => ({
      source: 'evaluation' as const,
      status: findingStatus(policy),
      message: `threshold missed: ${describeThreshold(t)}`,
      file,
    }));
  }
  if (!e.passed) {
    // passed false with every threshold met: evaluation.json's own verdict decides.
    return [
      {
        source: 'evaluation',
        status: findingStatus(policy),
        message: 'evaluation failed (evaluation.json says passed: false)',
        file,
      },
    ];
  }
  const n = e.thresholds.length;
  return [
    {
      source: 'evaluation',
      status: 'pass',
      message:
        n === 0
          ? `evaluation has no thresholds: nothing to judge (${plural(e.rows, 'row')})`
          : `every threshold met: ${plural(n, 'threshold')} on ${plural(e.rows, 'row')}`,
      file,
    },
  ];
}

const MODE_NOTES: Record<string, string> = {
  unpaired: ' (unpaired: metrics only, no paired statistics)',
  bootstrap: ' (bootstrap mode: no baseline, value thresholds only)',
  shadow: ' (shadow mode: unlabelled data)',
};

function comparisonReasons(c: ComparisonResult, file: string): GateReason[] {
  const note = MODE_NOTES[c.mode] ?? '';
  const checks: PolicyCheck[] = c.checks;
  if (checks.length > 0) {
    const out: GateReason[] = checks.map((check) => ({
      source: 'comparison' as const,
      status: check.status,
      message: `${check.reason}${note}`,
      file,
    }));
    // The file's verdict is the worst of its checks; should it say worse, the gate never says better.
    if (STATUS_ORDER[c.verdict] < STATUS_ORDER[worst(out)]) {
      out.push({
        source: 'comparison',
        status: c.verdict,
        message: `comparison verdict: ${c.verdict} (worse than any of its checks)${note}`,
        file,
      });
    }
    return out;
  }
  const reasons = c.reasons?.length ? c.reasons : [`comparison verdict: ${c.verdict}`];
  return reasons.map((message) => ({
    source: 'comparison' as const,
    status: c.verdict,
    message: `${message}${note}`,
    file,
  }));
}

function driftReasons(d: DriftResult, policy: FindingPolicy, file: string): GateReason[] {
  const out: GateReason[] = [];
  if (d.summary.tested === 0) {
    out.push({
      source: 'drift',
      status: policy === 'ignore' ? 'ignored' : 'warn',
      message: `drift not tested: ${d.summary.because}`,
      file,
    });
  } else if (d.dataset_drift) {
    const cols = d.drifted_columns;
    const shown = cols.slice(0, 10).join(', ') + (cols.length > 10 ? `, … ${cols.length - 10} more` : '');
    out.push({
      source: 'drift',
      status: findingStatus(policy),
      message: `dataset drift: ${d.summary.because}${cols.length ? `; drifted: ${shown}` : ''}`,
      file,
    });
  } else {
    out.push({ source: 'drift', status: 'pass', message: `no dataset drift: ${d.summary.because}`, file });
  }
  if (d.prediction_drift?.drifted) {
    // The policy is about the data; drift of the model's outputs is reported beside it, never gating.
    out.push({
      source: 'drift',
      status: policy === 'ignore' ? 'ignored' : 'warn',
      message: "the model's outputs drifted between the reference and the current data",
      file,
    });
  }
  return out;
}

export interface DecideOptions {
  name: string;
  policySource?: 'default' | 'inputs' | 'config';
  override?: OverrideRequest;
  now?: () => Date;
}

/** The verdict over the inputs given (see the file comment). */
export function decideGate(inputs: GateInputs, policy: GatePolicy, options: DecideOptions): GateVerdict {
  const reasons: GateReason[] = [];
  const sources: GateVerdict['sources'] = {};
  const perSource: Record<GateSource, (() => GateReason[]) | undefined> = {
    validation: inputs.validation
      ? () => validationReasons(inputs.validation!.value, policy.validation, inputs.validation!.path)
      : undefined,
    evaluation: inputs.evaluation
      ? () => evaluationReasons(inputs.evaluation!.value, policy.evaluation, inputs.evaluation!.path)
      : undefined,
    comparison: inputs.comparison
      ? () => comparisonReasons(inputs.comparison!.value, inputs.comparison!.path)
      : undefined,
    drift: inputs.drift
      ? () => driftReasons(inputs.drift!.value, policy.drift, inputs.drift!.path)
      : undefined,
  };
  for (const name of GATE_SOURCES) {
    const loaded = inputs[name];
    const make = perSource[name];
    if (!loaded || !make) continue;
    const own = make();
    reasons.push(...own);
    sources[name] = { path: loaded.path, sha256: loaded.sha256, verdict: worst(own) };
  }
  for (const name of policy.require ?? []) {
    if (inputs[name]) continue;
    reasons.push({
      source: 'policy',
      status: 'fail',
      message: `the policy requires ${name}.json and none was given (did the step that writes it run?)`,
    });
  }

  const verdict: GateVerdictValue = reasons.some((r) => r.status === 'fail')
    ? 'fail'
    : reasons.some((r) => r.status === 'inconclusive')
      ? 'inconclusive'
      : 'pass';
  let passed: boolean;
  let conclusion: GateConclusion;
  if (verdict === 'pass') [passed, conclusion] = [true, 'success'];
  else if (verdict === 'fail') [passed, conclusion] = [false, 'failure'];
  else if (policy.inconclusive === 'pass') [passed, conclusion] = [true, 'success'];
  else if (policy.inconclusive === 'fail') [passed, conclusion] = [false, 'failure'];
  else [passed, conclusion] = [false, 'neutral'];

  if (verdict === 'inconclusive') {
    reasons.push({
      source: 'policy',
      status:
        policy.inconclusive === 'fail' ? 'fail' : policy.inconclusive === 'pass' ? 'pass' : 'inconclusive',
      message:
        policy.inconclusive === 'pass'
          ? 'the comparison is inconclusive and the policy (inconclusive: pass) lets an inconclusive gate pass'
          : policy.inconclusive === 'fail'
            ? 'the comparison is inconclusive and the policy (inconclusive: fail) fails an inconclusive gate'
            : 'the comparison is inconclusive: the check run is neutral and the gate has not passed (policy inconclusive: neutral)',
    });
  }

  let override: GateOverride | null = null;
  const asked = options.override;
  if (asked) {
    const who = asked.by ? `@${asked.by}` : 'someone (who could not be read)';
    const how = asked.via === 'label' ? `the label "${asked.label ?? ''}"` : 'the override input';
    override = {
      applied: !passed,
      by: asked.by,
      via: asked.via,
      reason: asked.reason,
      ...(asked.label ? { label: asked.label } : {}),
    };
    if (!passed) {
      // Same rule for a fail and an inconclusive, said in words: the verdict itself stays.
      reasons.push({
        source: 'override',
        status: 'pass',
        message: `overridden by ${who} through ${how}: the ${verdict} gate is let through (${asked.reason})`,
      });
      passed = true;
      conclusion = 'success';
    } else {
      reasons.push({
        source: 'override',
        status: 'ignored',
        message: `an override was asked for by ${who} through ${how} but was not needed: the gate passed on its own`,
      });
    }
  }

  reasons.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  return {
    schemaVersion: VERDICT_SCHEMA_VERSION,
    kind: 'verdict',
    name: options.name,
    verdict,
    passed,
    conclusion,
    reasons,
    sources,
    policy: { ...policy, source: options.policySource ?? 'default' },
    override,
    created_at: (options.now ?? (() => new Date()))().toISOString(),
  };
}

/**
 * The model's name when none is given: the evaluated or compared model's file name without `.onnx`,
 * else drift.json's name, else "model".
 */
export function defaultGateName(inputs: GateInputs): string {
  const path = inputs.evaluation?.value.model.path ?? inputs.comparison?.value.candidate.path;
  if (path) {
    const base = path.split(/[\\/]/).pop() ?? path;
    const stem = base.replace(/\.onnx$/i, '');
    if (stem !== '') return stem;
  }
  return inputs.drift?.value.name ?? 'model';
}
