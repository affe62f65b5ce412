/**
 * Which test judges a column, and whether it drifted. The defaults follow Evidently's (by the number of
 * reference values and distinct values), then two things Evidently leaves out so that drift does not
 * cry wolf: p-values are corrected for testing many columns (Benjamini–Hochberg by default), and a
 * p-value test also needs an effect at least `min_effect` large (a shift of 0.1% is significant on a
 * million rows, and is not drift). Every default is written into drift.json.
 */
import { ConfigurationError } from '../errors.js';
import { benjaminiHochberg, bonferroni } from './multiple-testing.js';

export const DRIFT_METHODS = ['ks', 'wasserstein', 'psi', 'jensen_shannon', 'chi2', 'z'] as const;
export type DriftMethod = (typeof DRIFT_METHODS)[number];
export const P_VALUE_METHODS: readonly DriftMethod[] = ['ks', 'chi2', 'z'];
export const CORRECTIONS = ['benjamini-hochberg', 'bonferroni', 'none'] as const;
export type Correction = (typeof CORRECTIONS)[number];

export interface DriftPolicy {
  /** Up to this many reference values a column is judged by a p-value test, above by a distance. */
  small_sample: number;
  /** Drift when a (corrected) p-value is below this. */
  alpha: number;
  /** Drift when a distance is at or above its threshold. */
  thresholds: { wasserstein: number; psi: number; jensen_shannon: number };
  correction: Correction;
  /** A p-value test also needs this effect: the KS statistic, or the total variation distance of categories. */
  min_effect: number;
  /** Columns with fewer values than this on either side are not tested. */
  min_values: number;
  /** Dataset drift when at least this share of the tested columns drifted. */
  drift_share: number;
  /** Per-column method (and threshold) overrides. */
  methods: Record<string, { method: DriftMethod; threshold?: number }>;
}

export const DEFAULT_POLICY: DriftPolicy = {
  small_sample: 1000,
  alpha: 0.05,
  thresholds: { wasserstein: 0.1, psi: 0.1, jensen_shannon: 0.1 },
  correction: 'benjamini-hochberg',
  min_effect: 0.05,
  min_values: 30,
  drift_share: 0.5,
  methods: {},
};

export type ColumnType = 'numeric' | 'categorical';

/** Evidently's default for a column: by its type, the reference's size and the distinct values. */
export function defaultMethod(type: ColumnType, nReference: number, distinct: number, policy: DriftPolicy) {
  const small = nReference <= policy.small_sample;
  if (type === 'categorical') return small ? (distinct > 2 ? 'chi2' : 'z') : 'jensen_shannon';
  return small ? 'ks' : 'wasserstein';
}

/** Methods a column of a type can be judged by. */
export function methodFits(method: DriftMethod, type: ColumnType): boolean {
  if (type === 'numeric')
    return method === 'ks' || method === 'wasserstein' || method === 'psi' || method === 'jensen_shannon';
  return method === 'chi2' || method === 'z' || method === 'psi' || method === 'jensen_shannon';
}

/** What one column's test gave, before the correction across columns. */
export interface ColumnScore {
  name: string;
  method: DriftMethod;
  /** The p-value (p-value methods) or the distance. */
  score: number | null;
  /** p-value methods: the effect compared with min_effect. */
  effect?: number | null;
  /** Distance methods: the threshold; p-value methods: alpha. */
  threshold: number;
  /** Why the score is null. */
  reason?: string;
}

export interface ColumnVerdict extends ColumnScore {
  /** p-value methods: after the correction. */
  p_value_adjusted?: number | null;
  drifted: boolean;
  /** The decision in words: what was compared with what. */
  because: string;
}

/** Corrects the p-values across the columns judged by one and decides each column. */
export function decideColumns(scores: readonly ColumnScore[], policy: DriftPolicy): ColumnVerdict[] {
  const pIndex = scores.map((s, i) => (P_VALUE_METHODS.includes(s.method) ? i : -1)).filter((i) => i >= 0);
  const raw = pIndex.map((i) => scores[i].score);
  const adjusted =
    policy.correction === 'benjamini-hochberg'
      ? benjaminiHochberg(raw)
      : policy.correction === 'bonferroni'
        ? bonferroni(raw)
        : raw;
  const adjustedAt = new Map(pIndex.map((i, k) => [i, adjusted[k]]));
  return scores.map((s, i): ColumnVerdict => {
    if (s.score === null) return { ...s, drifted: false, because: `not tested: ${s.reason ?? 'no score'}` };
    if (!P_VALUE_METHODS.includes(s.method)) {
      const drifted = s.score >= s.threshold;
      return {
        ...s,
        drifted,
        because: `${s.method} ${fmt(s.score)} ${drifted ? '≥' : '<'} ${fmt(s.threshold)}`,
      };
    }
    const p = adjustedAt.get(i) ?? null;
    const significant = p !== null && p < s.threshold;
    const effect = s.effect ?? null;
    const large = effect !== null && effect >= policy.min_effect;
    const pText =
      policy.correction === 'none'
        ? `p ${fmt(p)}`
        : `p ${fmt(p)} (${policy.correction}; raw ${fmt(s.score)})`;
    const effectName = s.method === 'ks' ? 'KS statistic' : 'total variation';
    return {
      ...s,
      p_value_adjusted: p,
      drifted: significant && large,
      because: !significant
        ? `${pText} ≥ ${fmt(s.threshold)}`
        : large
          ? `${pText} < ${fmt(s.threshold)} and ${effectName} ${fmt(effect)} ≥ ${fmt(policy.min_effect)}`
          : `${pText} < ${fmt(s.threshold)}, but ${effectName} ${fmt(effect)} < min_effect ${fmt(policy.min_effect)}: too small to call drift`,
    };
  });
}

/** Whether the dataset drifted: the share of tested columns that drifted against drift_share. */
export function decideDataset(verdicts: readonly ColumnVerdict[], policy: DriftPolicy) {
  const tested = verdicts.filter((v) => v.score !== null);
  const drifted = tested.filter((v) => v.drifted);
  const share = tested.length ? drifted.length / tested.length : 0;
  return {
    dataset_drift: tested.length > 0 && share >= policy.drift_share,
    tested: tested.length,
    drifted: drifted.length,
    drifted_share: share,
    because: tested.length
      ? `${drifted.length} of ${tested.length} tested columns drifted (${fmt(share)} ${share >= policy.drift_share ? '≥' : '<'} drift_share ${fmt(policy.drift_share)})`
      : 'no column could be tested',
  };
}

/** Checks and completes a policy from options (mlgate.yml, inputs, flags). */
export function resolvePolicy(
  given: Partial<Omit<DriftPolicy, 'thresholds'>> & {
    thresholds?: Partial<DriftPolicy['thresholds']>;
  },
): DriftPolicy {
  const policy: DriftPolicy = {
    ...DEFAULT_POLICY,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
    thresholds: { ...DEFAULT_POLICY.thresholds, ...stripUndefined(given.thresholds ?? {}) },
    methods: Object.assign(Object.create(null) as DriftPolicy['methods'], given.methods ?? {}),
  };
  const fraction = (name: string, v: number, open = false) => {
    if (!Number.isFinite(v) || v < 0 || v > 1 || (open && (v === 0 || v === 1))) {
      throw new ConfigurationError(
        `drift ${name} must be a number in ${open ? '(0, 1)' : '[0, 1]'}; got ${v}`,
      );
    }
  };
  fraction('alpha', policy.alpha, true);
  fraction('min-effect', policy.min_effect);
  fraction('drift-share', policy.drift_share);
  for (const [k, v] of Object.entries(policy.thresholds)) {
    if (!Number.isFinite(v) || v < 0)
      throw new ConfigurationError(`drift threshold for ${k} must be a number ≥ 0; got ${v}`);
  }
  for (const [name, v] of [
    ['min-values', policy.min_values],
    ['small-sample', policy.small_sample],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new ConfigurationError(`drift ${name} must be an integer ≥ 1; got ${v}`);
  }
  if (!CORRECTIONS.includes(policy.correction)) {
    throw new ConfigurationError(
      `drift correction must be one of ${CORRECTIONS.join(', ')}; got ${JSON.stringify(policy.correction)}`,
    );
  }
  for (const [column, m] of Object.entries(policy.methods)) {
    if (!DRIFT_METHODS.includes(m.method)) {
      throw new ConfigurationError(
        `drift method for column "${column}" must be one of ${DRIFT_METHODS.join(', ')}; got ${JSON.stringify(m.method)}`,
      );
    }
    if (m.threshold !== undefined && (!Number.isFinite(m.threshold) || m.threshold < 0)) {
      throw new ConfigurationError(
        `drift threshold for column "${column}" must be a number ≥ 0; got ${m.threshold}`,
      );
    }
  }
  return policy;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined) return 'n/a';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}
