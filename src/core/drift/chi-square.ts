/**
 * Chi-square test of homogeneity of a categorical column: the 2 × K table of reference and current counts
 * per category (K categories in the union, each seen on at least one side) through
 * `scipy.stats.chi2_contingency(table)` (scipy 1.10.1, default correction): expected = row sum · column
 * sum / total; when dof = K − 1 is 1, Yates' correction moves each observed count toward its expected one
 * by min(0.5, |expected − observed|); statistic = Σ (observed − expected)² / expected over the table in
 * row order, summed as numpy does; p = chi2.sf(statistic, dof).
 */
import { numpySum } from './numpy-reduce-sum.js';
import { chiSquareSf } from './special.js';

export type ChiSquareResult =
  | { statistic: number; p_value: number; dof: number; reason: null }
  | { statistic: null; p_value: null; dof: number | null; reason: string };

/** The test on counts per category (same order on both sides). */
export function chiSquareHomogeneity(
  reference: readonly number[],
  current: readonly number[],
): ChiSquareResult {
  const k = reference.length;
  if (current.length !== k)
    throw new RangeError(`chi-square: ${k} reference categories against ${current.length}`);
  let rowRef = 0;
  let rowCur = 0;
  for (let j = 0; j < k; j++) {
    rowRef += reference[j];
    rowCur += current[j];
  }
  if (rowRef === 0 || rowCur === 0) {
    return {
      statistic: null,
      p_value: null,
      dof: null,
      reason: `the ${rowRef === 0 ? 'reference' : 'current'} side has no values`,
    };
  }
  const columns = reference.map((r, j) => r + current[j]);
  if (columns.some((c) => c === 0))
    throw new RangeError('chi-square: a category with no values on either side');
  if (k < 2) {
    return {
      statistic: null,
      p_value: null,
      dof: 0,
      reason: 'one category on both sides: nothing to compare (chi-square has 0 degrees of freedom)',
    };
  }
  const total = rowRef + rowCur;
  const dof = k - 1;
  const terms = new Float64Array(2 * k);
  for (let row = 0; row < 2; row++) {
    const observedRow = row === 0 ? reference : current;
    const rowSum = row === 0 ? rowRef : rowCur;
    for (let j = 0; j < k; j++) {
      const expected = (rowSum * columns[j]) / total;
      let observed = observedRow[j];
      if (dof === 1) {
        const diff = expected - observed;
        const magnitude = Math.min(0.5, Math.abs(diff));
        observed = observed + magnitude * Math.sign(diff);
      }
      const d = observed - expected;
      terms[row * k + j] = (d * d) / expected;
    }
  }
  const statistic = numpySum(terms);
  return { statistic, p_value: chiSquareSf(statistic, dof), dof, reason: null };
}
