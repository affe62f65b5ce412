/**
 * Every categorical drift statistic of one column pair in one call, from the count of each category on
 * each side. The categories are the union of both sides (a category with count 0 on both is dropped), in
 * ascending UTF-16 code-unit order (JavaScript's default sort; the order only fixes the summation order
 * and which value the z-test's proportion counts). A category absent on one side has proportion 0 there:
 * PSI replaces it by 1e-4 (psi.ts), Jensen–Shannon and chi-square take it as 0.
 * No NaN or Infinity leaves: a value that cannot be computed is null, with its reason in `reasons`.
 */
import { chiSquareHomogeneity } from './chi-square.js';
import { jensenShannonDistance } from './jensen-shannon.js';
import { populationStabilityIndex } from './psi.js';
import { twoProportionZTest } from './z-test.js';

export type CategoricalStatistic = 'chi2' | 'z' | 'psi' | 'jensen_shannon';

export interface CategoricalDriftStats {
  n_reference: number;
  n_current: number;
  /** The union of the categories, sorted. */
  categories: string[];
  /** Count of each category (in `categories` order) on each side. */
  reference: number[];
  current: number[];
  /** Categories seen on one side only (for data quality: new categories are in `only_current`). */
  only_reference: string[];
  only_current: string[];
  /** scipy.stats.chi2_contingency on the 2 × K table (Yates when dof = 1). */
  chi2: { statistic: number; p_value: number; dof: number } | null;
  /** Two-proportion z-test for a binary column (two categories in the union): the share of `category`. */
  z: { statistic: number; p_value: number; category: string } | null;
  /** PSI over the categories. */
  psi: number | null;
  /** Jensen–Shannon distance, base 2, over the categories. */
  jensen_shannon: number | null;
  /** Why a statistic above is null (only those that are). */
  reasons: Partial<Record<CategoricalStatistic, string>>;
}

/** Counts must be non-negative integers; a RangeError otherwise (a caller's bug). */
export function categoricalDrift(
  referenceCounts: ReadonlyMap<string, number>,
  currentCounts: ReadonlyMap<string, number>,
): CategoricalDriftStats {
  checkCounts(referenceCounts, 'reference');
  checkCounts(currentCounts, 'current');
  const union = new Set<string>();
  for (const [category, count] of referenceCounts) if (count > 0) union.add(category);
  for (const [category, count] of currentCounts) if (count > 0) union.add(category);
  const categories = [...union].sort();
  const reference = categories.map((c) => referenceCounts.get(c) ?? 0);
  const current = categories.map((c) => currentCounts.get(c) ?? 0);
  const nRef = reference.reduce((a, b) => a + b, 0);
  const nCur = current.reduce((a, b) => a + b, 0);
  const stats: CategoricalDriftStats = {
    n_reference: nRef,
    n_current: nCur,
    categories,
    reference,
    current,
    only_reference: categories.filter((_, k) => current[k] === 0),
    only_current: categories.filter((_, k) => reference[k] === 0),
    chi2: null,
    z: null,
    psi: null,
    jensen_shannon: null,
    reasons: {},
  };
  if (nRef === 0 || nCur === 0) {
    const why = `the ${nRef === 0 ? 'reference' : 'current'} sample has no values`;
    stats.reasons = { chi2: why, z: why, psi: why, jensen_shannon: why };
    return stats;
  }
  const chi2 = chiSquareHomogeneity(reference, current);
  if (chi2.reason === null) stats.chi2 = { statistic: chi2.statistic, p_value: chi2.p_value, dof: chi2.dof };
  else stats.reasons.chi2 = chi2.reason;

  if (categories.length <= 2) {
    // One category: the test's own degenerate case (pooled proportion 1), reported as its reason.
    const k = categories.length - 1;
    const z = twoProportionZTest(reference[k], nRef, current[k], nCur);
    if (z.reason === null) stats.z = { statistic: z.statistic, p_value: z.p_value, category: categories[k] };
    else stats.reasons.z = z.reason;
  } else {
    stats.reasons.z = `not a binary column: ${categories.length} categories`;
  }

  stats.psi = populationStabilityIndex(reference, current);
  stats.jensen_shannon = jensenShannonDistance(
    reference.map((c) => c / nRef),
    current.map((c) => c / nCur),
  );
  return stats;
}

function checkCounts(counts: ReadonlyMap<string, number>, side: string): void {
  for (const [category, count] of counts) {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`categoricalDrift: ${side} count of ${JSON.stringify(category)} is ${count}`);
    }
  }
}
