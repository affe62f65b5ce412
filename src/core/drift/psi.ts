/**
 * Population stability index over bins (numeric: binning.ts's deciles; categorical: the union of the
 * categories), DESIGN §4:
 *   r_i = reference count / n_reference,  c_i = current count / n_current,
 *   an empty bin's proportion (count 0, on either side, each side on its own) is replaced by 1e-4,
 *   PSI = Σ (c_i − r_i) · ln(c_i / r_i), summed in numpy's order.
 * The replacement is Evidently's (np.place(percents, percents == 0, 0.0001) on both sides) and applies to
 * proportions that are exactly 0 only; the other proportions are not renormalised, so a side with empty
 * bins sums to slightly more than 1. scripts/reference/drift_reference.py computes the same in numpy.
 */
import { numpySum } from './numpy-reduce-sum.js';

/** The proportion an empty bin gets. */
export const PSI_EMPTY_PROPORTION = 1e-4;

/** PSI of two count vectors over the same bins; each side must have at least one value. */
export function populationStabilityIndex(reference: readonly number[], current: readonly number[]): number {
  if (reference.length !== current.length) {
    throw new RangeError(`PSI: ${reference.length} reference bins against ${current.length} current bins`);
  }
  const nRef = sum(reference);
  const nCur = sum(current);
  if (!(nRef > 0 && nCur > 0)) throw new RangeError('PSI: a side has no values');
  const terms = new Float64Array(reference.length);
  for (let k = 0; k < reference.length; k++) {
    const r = reference[k] === 0 ? PSI_EMPTY_PROPORTION : reference[k] / nRef;
    const c = current[k] === 0 ? PSI_EMPTY_PROPORTION : current[k] / nCur;
    terms[k] = (c - r) * Math.log(c / r);
  }
  return numpySum(terms);
}

function sum(counts: readonly number[]): number {
  let total = 0;
  for (const c of counts) total += c;
  return total;
}
