/**
 * One column pair's statistics, data quality and test (drift-job.ts for the data's columns, and
 * prediction-drift.ts for the model's scores on both sides).
 */
import { ConfigurationError } from '../errors.js';
import { localEngine, type NumericEngine } from './column-pool.js';
import { categoricalDrift } from './index.js';
import {
  defaultMethod,
  methodFits,
  P_VALUE_METHODS,
  type ColumnScore,
  type DriftMethod,
  type DriftPolicy,
} from './decide.js';
import type { DriftColumn, DriftColumnQuality } from './result.js';
import { MAX_NUMERIC_CATEGORIES, type ColumnSamples, type SideSample } from './samples.js';

export async function testColumn(
  column: ColumnSamples,
  ref: SideSample,
  cur: SideSample,
  policy: DriftPolicy,
  engine: NumericEngine = localEngine(),
  /** Arrays to take the values into (reused column after column), else new ones. */
  lane?: { a: Float64Array; b: Float64Array },
): Promise<{ entry: DriftColumn; score: ColumnScore }> {
  const quality: DriftColumnQuality = {
    null_fraction: {
      reference: share(ref.missing, ref.rows),
      current: share(cur.missing, cur.rows),
      change: share(cur.missing, cur.rows) - share(ref.missing, ref.rows),
    },
    nan: { reference: ref.nan, current: cur.nan },
    infinite: { reference: ref.infinite, current: cur.infinite },
    constant: { reference: false, current: false },
  };
  const override = Object.hasOwn(policy.methods, column.name) ? policy.methods[column.name] : undefined;
  let entry: DriftColumn;
  let counts: { reference: Map<string, number>; current: Map<string, number> } | undefined;
  if (column.kind === 'numeric') {
    const a = await ref.values!.take(lane?.a);
    const b = await cur.values!.take(lane?.b);
    const nA = a.length;
    const nB = b.length;
    const pair = await engine.run(a, b);
    const stats = pair.stats;
    quality.constant = pair.constant;
    if (pair.range) {
      const { below, above, min, max } = pair.range;
      quality.out_of_range = {
        below,
        above,
        share: (below + above) / nB,
        reference_min: min,
        reference_max: max,
      };
    }
    // Evidently tests a numeric column with at most 5 distinct values as categories.
    const few = ref.distinct && cur.distinct && union(ref.distinct, cur.distinct) <= MAX_NUMERIC_CATEGORIES;
    if (few) counts = { reference: keyed(ref.distinct!), current: keyed(cur.distinct!) };
    const cat = counts ? categoricalDrift(counts.reference, counts.current) : undefined;
    entry = {
      type: 'numeric',
      n_reference: nA,
      n_current: nB,
      ...(few ? { tested_as: 'categories' as const } : {}),
      ks: stats.ks,
      wasserstein: stats.wasserstein,
      wasserstein_normed: stats.wasserstein_normed,
      psi: stats.psi,
      jensen_shannon: stats.jensen_shannon,
      chi2: cat?.chi2 ?? null,
      z: cat?.z ?? null,
      ...(cat ? { total_variation: totalVariation(cat.reference, cat.current) } : {}),
      method: null,
      score: null,
      threshold: null,
      drifted: false,
      because: '',
      ...(Object.keys({ ...stats.reasons, ...cat?.reasons }).length
        ? { reasons: { ...stats.reasons, ...cat?.reasons } as Record<string, string> }
        : {}),
      quality,
      histogram: stats.bins
        ? { edges: stats.bins.edges, reference: stats.bins.reference, current: stats.bins.current }
        : undefined,
      // Tested as categories: PSI and Jensen–Shannon over its values too, as Evidently computes them.
      ...(cat
        ? {
            as_categories: {
              categories: cat.categories,
              reference: cat.reference,
              current: cat.current,
              psi: cat.psi,
              jensen_shannon: cat.jensen_shannon,
            },
          }
        : {}),
    };
  } else {
    const stats = categoricalDrift(ref.counts!, cur.counts!);
    quality.constant = { reference: ref.counts!.size === 1, current: cur.counts!.size === 1 };
    const fresh = stats.only_current;
    const freshCount = fresh.reduce((sum, c) => sum + cur.counts!.get(c)!, 0);
    if (fresh.length) {
      quality.new_categories = {
        values: fresh.slice(0, 20),
        count: fresh.length,
        share: share(freshCount, stats.n_current),
      };
    }
    entry = {
      type: 'categorical',
      n_reference: stats.n_reference,
      n_current: stats.n_current,
      ks: null,
      wasserstein: null,
      wasserstein_normed: null,
      psi: stats.psi,
      jensen_shannon: stats.jensen_shannon,
      chi2: stats.chi2,
      z: stats.z,
      total_variation: totalVariation(stats.reference, stats.current),
      method: null,
      score: null,
      threshold: null,
      drifted: false,
      because: '',
      ...(Object.keys(stats.reasons).length ? { reasons: stats.reasons as Record<string, string> } : {}),
      quality,
      histogram: { categories: stats.categories, reference: stats.reference, current: stats.current },
    };
  }
  // Which test judges the column.
  const type = entry.tested_as === 'categories' ? 'categorical' : entry.type;
  const distinct =
    entry.type === 'categorical'
      ? entry.histogram!.categories!.length
      : counts
        ? union(ref.distinct!, cur.distinct!)
        : Infinity;
  let method: DriftMethod = override?.method ?? defaultMethod(type, entry.n_reference, distinct, policy);
  let reason: string | undefined;
  if (
    override &&
    !methodFits(override.method, entry.type) &&
    !(entry.tested_as === 'categories' && methodFits(override.method, 'categorical'))
  ) {
    throw new ConfigurationError(
      `drift method ${override.method} for column "${column.name}" does not fit a ${entry.type} column; use ${entry.type === 'numeric' ? 'ks, wasserstein, psi or jensen_shannon' : 'chi2, z, psi or jensen_shannon'}`,
    );
  }
  if (method === 'z' && entry.z === null && distinct > 2) method = 'chi2';
  const threshold =
    override?.threshold ??
    (P_VALUE_METHODS.includes(method)
      ? policy.alpha
      : policy.thresholds[method as keyof DriftPolicy['thresholds']]);
  let score: number | null = null;
  let effect: number | null | undefined;
  if (entry.n_reference < policy.min_values || entry.n_current < policy.min_values) {
    reason = `${Math.min(entry.n_reference, entry.n_current)} values on the ${entry.n_reference < entry.n_current ? 'reference' : 'current'} side, below min_values ${policy.min_values}`;
  } else if (sameConstant(entry)) {
    // One and the same value everywhere: no distribution to compare, at any sample size.
    reason = 'constant: one and the same value on both sides';
  } else {
    switch (method) {
      case 'ks':
        score = entry.ks?.p_value ?? null;
        effect = entry.ks?.statistic ?? null;
        reason = entry.reasons?.ks;
        break;
      case 'wasserstein':
        score = entry.wasserstein_normed;
        reason = entry.reasons?.wasserstein_normed ?? entry.reasons?.wasserstein;
        break;
      case 'psi':
        score = entry.as_categories ? entry.as_categories.psi : entry.psi;
        reason = entry.reasons?.psi;
        break;
      case 'jensen_shannon':
        score = entry.as_categories ? entry.as_categories.jensen_shannon : entry.jensen_shannon;
        reason = entry.reasons?.jensen_shannon;
        break;
      case 'chi2':
        score = entry.chi2?.p_value ?? null;
        effect = entry.total_variation ?? null;
        reason = entry.reasons?.chi2;
        break;
      case 'z':
        score = entry.z?.p_value ?? null;
        effect = entry.total_variation ?? null;
        reason = entry.reasons?.z;
        break;
    }
    if (score === null && reason === undefined) reason = `${method} could not be computed`;
  }
  entry.method = method;
  entry.score = score;
  entry.threshold = threshold;
  return {
    entry,
    score: {
      name: column.name,
      method,
      score,
      effect,
      threshold,
      ...(reason && score === null ? { reason } : {}),
    },
  };
}

function sameConstant(entry: DriftColumn): boolean {
  const q = entry.quality;
  if (!q.constant.reference || !q.constant.current) return false;
  const h = entry.histogram;
  if (h?.categories) return h.categories.length === 1;
  // Numeric: the current values all inside the reference's [v, v].
  return q.out_of_range !== undefined && q.out_of_range.below + q.out_of_range.above === 0;
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function union(a: Map<number, number>, b: Map<number, number>): number {
  const all = new Set([...a.keys(), ...b.keys()]);
  return all.size;
}

function keyed(m: Map<number, number>): Map<string, number> {
  return new Map([...m].map(([k, v]) => [String(k), v]));
}

function totalVariation(reference: number[], current: number[]): number | null {
  const nR = reference.reduce((a, b) => a + b, 0);
  const nC = current.reduce((a, b) => a + b, 0);
  if (nR === 0 || nC === 0) return null;
  let sum = 0;
  for (let k = 0; k < reference.length; k++) sum += Math.abs(reference[k] / nR - current[k] / nC);
  return sum / 2;
}
