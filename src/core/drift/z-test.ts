/**
 * Two-proportion z-test with the pooled proportion for a binary column (Evidently's z_stat_test):
 *   p_ref = x_ref / n_ref, p_cur = x_cur / n_cur, P = (x_ref + x_cur) / (n_ref + n_cur),
 *   z = (p_ref − p_cur) / sqrt(P (1 − P) (1/n_ref + 1/n_cur)),  p = 2 · norm.sf(|z|)
 * (two-sided; norm.sf instead of Evidently's 2·(1 − norm.cdf) keeps tiny p-values). Evidently pools
 * p_ref·n_ref + p_cur·n_cur, which is the count sum up to rounding; the counts are used directly here.
 * With both values present in the union and both sides non-empty, 0 < P < 1 and z is finite; the
 * degenerate cases (a side empty, or one value only, where P is 0 or 1) are not tested: null with the
 * reason, never a p-value of 1 that would read as "no drift found".
 */
import { normalSf } from './special.js';

export type ZTestResult =
  { statistic: number; p_value: number; reason: null } | { statistic: null; p_value: null; reason: string };

/** The test on the count of one value (x) among n on each side. */
export function twoProportionZTest(xRef: number, nRef: number, xCur: number, nCur: number): ZTestResult {
  if (nRef === 0 || nCur === 0) {
    return {
      statistic: null,
      p_value: null,
      reason: `the ${nRef === 0 ? 'reference' : 'current'} side has no values`,
    };
  }
  const pooled = (xRef + xCur) / (nRef + nCur);
  if (pooled === 0 || pooled === 1) {
    return {
      statistic: null,
      p_value: null,
      reason: 'one value only on both sides (pooled proportion 0 or 1): no two proportions to compare',
    };
  }
  const pRef = xRef / nRef;
  const pCur = xCur / nCur;
  const statistic = (pRef - pCur) / Math.sqrt(pooled * (1 - pooled) * (1.0 / nRef + 1.0 / nCur));
  return { statistic, p_value: 2 * normalSf(Math.abs(statistic)), reason: null };
}
