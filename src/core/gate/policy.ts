/**
 * The gate's policy (issue 4 item 6): which result files must be there and what each kind of finding
 * does to the verdict. Written in mlgate.yml's `gate:` section (once the schema has one), the action's
 * inputs or the CLI's flags; every value is checked here, so the three read the same way.
 */
import { suggest } from '../config/did-you-mean.js';
import { ConfigurationError } from '../errors.js';

/** The pull request label that lets a failed gate through (actions/gate input override-label). */
export const DEFAULT_OVERRIDE_LABEL = 'mlgate:override';

export const GATE_SOURCES = ['validation', 'evaluation', 'comparison', 'drift'] as const;
export type GateSource = (typeof GATE_SOURCES)[number];

/** What an inconclusive comparison makes of the check run: its conclusion. */
export const INCONCLUSIVE_POLICIES = ['neutral', 'fail', 'pass'] as const;
export type InconclusivePolicy = (typeof INCONCLUSIVE_POLICIES)[number];

/** What a finding does: fails the gate, is reported as a warning, or is only recorded. */
export const FINDING_POLICIES = ['fail', 'warn', 'ignore'] as const;
export type FindingPolicy = (typeof FINDING_POLICIES)[number];

export interface GatePolicy {
  /** Sources that must be given; null: whichever result files are given. */
  require: GateSource[] | null;
  /**
   * An inconclusive comparison: `neutral` (default) → verdict inconclusive, not passed, check run
   * neutral; `fail` → not passed, check run failure; `pass` → passed, check run success.
   */
  inconclusive: InconclusivePolicy;
  /** Dataset drift (drift.json's `dataset_drift`): default warn. */
  drift: FindingPolicy;
  /** Failed evaluation thresholds: default fail (thresholds must pass). */
  evaluation: FindingPolicy;
  /** Failed validation (validation.json's `passed` false): default fail. */
  validation: FindingPolicy;
}

export const DEFAULT_GATE_POLICY: Readonly<GatePolicy> = Object.freeze({
  require: null,
  inconclusive: 'neutral',
  drift: 'warn',
  evaluation: 'fail',
  validation: 'fail',
});

/** A policy as written (strings from inputs, flags or YAML), before it is checked. */
export interface GatePolicyInput {
  require?: readonly string[] | string | null;
  inconclusive?: string;
  drift?: string;
  evaluation?: string;
  validation?: string;
}

/** Where a policy key was written, for messages: `input "drift-policy"`, `--inconclusive`, `mlgate.yml gate.drift`. */
export type PolicyKeyNames = Partial<Record<keyof GatePolicyInput, string>>;

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  where: string,
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  const trimmed = value.trim();
  if ((allowed as readonly string[]).includes(trimmed)) return trimmed as T;
  // "warning" for warn, "failure" for fail: a word that begins with an allowed one is a hint too.
  const hint = suggest(trimmed, allowed) ?? allowed.find((a) => trimmed.toLowerCase().startsWith(a));
  throw new ConfigurationError(
    `${where} is "${value}": expected one of ${allowed.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}.`,
  );
}

/** `validation, comparison` or a list → the sources, each known and listed once. */
export function parseRequire(value: readonly string[] | string, where: string): GateSource[] {
  const items = (typeof value === 'string' ? value.split(/[,\n]/) : value)
    .map((s) => String(s).trim())
    .filter((s) => s !== '');
  const out: GateSource[] = [];
  for (const item of items) {
    const name = item.replace(/\.json$/, '');
    if (!(GATE_SOURCES as readonly string[]).includes(name)) {
      const hint = suggest(name, GATE_SOURCES);
      throw new ConfigurationError(
        `${where} names "${item}": expected ${GATE_SOURCES.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}.`,
      );
    }
    if (!out.includes(name as GateSource)) out.push(name as GateSource);
  }
  return out;
}

/** The policy with every value checked; unset keys take the defaults. */
export function resolveGatePolicy(input: GatePolicyInput = {}, names: PolicyKeyNames = {}): GatePolicy {
  const where = (key: keyof GatePolicyInput) => names[key] ?? `gate policy "${key}"`;
  const require =
    input.require === undefined || input.require === null
      ? null
      : parseRequire(input.require, where('require'));
  return {
    require: require && require.length > 0 ? require : null,
    inconclusive: oneOf(input.inconclusive, INCONCLUSIVE_POLICIES, where('inconclusive'), 'neutral'),
    drift: oneOf(input.drift, FINDING_POLICIES, where('drift'), DEFAULT_GATE_POLICY.drift),
    evaluation: oneOf(
      input.evaluation,
      FINDING_POLICIES,
      where('evaluation'),
      DEFAULT_GATE_POLICY.evaluation,
    ),
    validation: oneOf(
      input.validation,
      FINDING_POLICIES,
      where('validation'),
      DEFAULT_GATE_POLICY.validation,
    ),
  };
}

/**
 * Policy keys of mlgate.yml's `gate:` section (its `name` is the model's name, not a policy key: callers
 * take it out). The schema checks the values; this names a key that is not a policy key.
 */
export function policyFromConfigSection(section: unknown, file: string): GatePolicyInput {
  if (section === undefined || section === null) return {};
  if (typeof section !== 'object' || Array.isArray(section)) {
    throw new ConfigurationError(`${file}: "gate" must be a mapping of policy keys.`);
  }
  const known = ['require', 'inconclusive', 'drift', 'evaluation', 'validation'];
  const out: GatePolicyInput = {};
  for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
    if (!known.includes(key)) {
      const hint = suggest(key, known);
      throw new ConfigurationError(
        `${file}: gate.${key} is not a gate policy key (expected ${known.join(', ')})${hint ? `; did you mean "${hint}"?` : ''}.`,
      );
    }
    if (key === 'require') {
      if (typeof value !== 'string' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
        throw new ConfigurationError(`${file}: gate.require must be a list of ${GATE_SOURCES.join(', ')}.`);
      }
      out.require = value as string[] | string;
    } else {
      if (typeof value !== 'string') {
        throw new ConfigurationError(`${file}: gate.${key} must be a string, got ${JSON.stringify(value)}.`);
      }
      out[key as Exclude<keyof GatePolicyInput, 'require'>] = value;
    }
  }
  return out;
}

/** Explicit values (inputs, flags) over the config's, key by key. */
export function mergePolicyInputs(base: GatePolicyInput, over: GatePolicyInput): GatePolicyInput {
  const out: GatePolicyInput = { ...base };
  for (const [key, value] of Object.entries(over) as [keyof GatePolicyInput, unknown][]) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

/** One line for reports: `inconclusive → neutral, drift → warn, evaluation → fail, validation → fail`. */
export function describePolicy(policy: GatePolicy): string {
  const require = policy.require ? `requires ${policy.require.join(', ')}; ` : '';
  return (
    `${require}inconclusive → ${policy.inconclusive}, drift → ${policy.drift}, ` +
    `evaluation thresholds → ${policy.evaluation}, validation → ${policy.validation}`
  );
}
