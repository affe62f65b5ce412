/**
 * Every numeric drift statistic of one column pair in one call, on the two samples sorted ascending
 * (sort.ts: one sort per side). After the sorts everything is linear or less: one merge gives the KS
 * statistic and the Wasserstein distance (ecdf-walk.ts), two pairwise passes the reference's std, binary
 * searches the decile bins; PSI and Jensen–Shannon work on the 10 bin counts.
 * No NaN or Infinity leaves: a value that cannot be computed is null, with its reason in `reasons`.
 */
import { decileBins, type Bins } from './binning.js';
import { ecdfStatistics } from './ecdf-walk.js';
import { jensenShannonDistance } from './jensen-shannon.js';
import { ksTwoSided, type KsResult } from './ks.js';
import { populationStabilityIndex } from './psi.js';
import { normedWasserstein, populationStd } from './wasserstein.js';

export type NumericStatistic =
  'ks' | 'wasserstein' | 'wasserstein_normed' | 'reference_std' | 'psi' | 'jensen_shannon' | 'bins';

export interface NumericDriftStats {
  n_reference: number;
  n_current: number;
  /** Two-sample KS, two-sided, as scipy.stats.ks_2samp(method='auto'); `method` says which p-value. */
  ks: KsResult | null;
  /** scipy.stats.wasserstein_distance(reference, current). */
  wasserstein: number | null;
  /** wasserstein / np.std(reference) (Evidently's normed Wasserstein; null for a constant reference). */
  wasserstein_normed: number | null;
  /** np.std(reference), ddof 0. */
  reference_std: number | null;
  /** PSI on the decile bins (binning.ts, psi.ts). */
  psi: number | null;
  /** Jensen–Shannon distance, base 2, on the same bins' raw proportions. */
  jensen_shannon: number | null;
  /** The decile bins: cut points and counts per side. */
  bins: Bins | null;
  /** Why a statistic above is null (only those that are). */
  reasons: Partial<Record<NumericStatistic, string>>;
}

/**
 * The statistics of a reference and a current sample, each sorted ascending with finite values only
 * (NaN and ±Infinity removed by the caller: they are data-quality findings, not values). Throws a
 * RangeError on an unsorted or non-finite input (a caller's bug); empty sides give nulls with reasons.
 */
export function numericDrift(referenceSorted: Float64Array, currentSorted: Float64Array): NumericDriftStats {
  checkSortedFinite(referenceSorted, 'reference');
  checkSortedFinite(currentSorted, 'current');
  const nRef = referenceSorted.length;
  const nCur = currentSorted.length;
  if (nRef === 0 || nCur === 0) {
    const why = `the ${nRef === 0 ? 'reference' : 'current'} sample has no values`;
    return {
      n_reference: nRef,
      n_current: nCur,
      ks: null,
      wasserstein: null,
      wasserstein_normed: null,
      reference_std: null,
      psi: null,
      jensen_shannon: null,
      bins: null,
      reasons: {
        ks: why,
        wasserstein: why,
        wasserstein_normed: why,
        reference_std: why,
        psi: why,
        jensen_shannon: why,
        bins: why,
      },
    };
  }
  const reasons: Partial<Record<NumericStatistic, string>> = {};
  const { ksStatistic, wasserstein } = ecdfStatistics(referenceSorted, currentSorted);
  const ks = ksTwoSided(ksStatistic, nRef, nCur);
  const std = populationStd(referenceSorted);
  const distance = finiteOrNull(wasserstein, 'wasserstein', reasons);
  const referenceStd = finiteOrNull(std, 'reference_std', reasons);
  let normedValue: number | null = null;
  if (distance === null || referenceStd === null) {
    reasons.wasserstein_normed = `the ${distance === null ? 'distance' : "reference's standard deviation"} overflows`;
  } else {
    const normed = normedWasserstein(distance, referenceStd);
    normedValue = normed.value;
    if (normed.reason !== null) reasons.wasserstein_normed = normed.reason;
  }
  const bins = decileBins(referenceSorted, currentSorted);
  let psi: number | null = null;
  let js: number | null = null;
  if (bins.edges.every(Number.isFinite)) {
    psi = populationStabilityIndex(bins.reference, bins.current);
    js = jensenShannonDistance(
      bins.reference.map((c) => c / nRef),
      bins.current.map((c) => c / nCur),
    );
  } else {
    // Interpolating between deciles near ±1.8e308 overflows.
    const why = 'the reference deciles overflow double precision for values this large';
    reasons.psi = why;
    reasons.jensen_shannon = why;
    reasons.bins = why;
  }
  return {
    n_reference: nRef,
    n_current: nCur,
    ks,
    wasserstein: distance,
    wasserstein_normed: normedValue,
    reference_std: referenceStd,
    psi,
    jensen_shannon: js,
    bins: psi === null ? null : bins,
    reasons,
  };
}

/** Statistics of values near ±1.8e308 can overflow; a non-finite result is reported, not returned. */
function finiteOrNull(
  value: number,
  name: NumericStatistic,
  reasons: Partial<Record<NumericStatistic, string>>,
): number | null {
  if (Number.isFinite(value)) return value;
  reasons[name] = `${name} overflows double precision (${value}) for values this large`;
  return null;
}

function checkSortedFinite(values: Float64Array, side: string): void {
  const n = values.length;
  if (n === 0) return;
  if (!Number.isFinite(values[0]) || !Number.isFinite(values[n - 1])) {
    throw new RangeError(`numericDrift: the ${side} sample holds NaN or ±Infinity; remove them first`);
  }
  for (let i = 1; i < n; i++) {
    // !(a <= b) is also true for a NaN in the middle, which an unsorted input could hold.
    if (!(values[i - 1] <= values[i])) {
      throw new RangeError(`numericDrift: the ${side} sample is not sorted ascending at index ${i}`);
    }
  }
}
