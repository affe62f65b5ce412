/**
 * Adjusted p-values across the p-value tests of one run, so that testing many columns does not flag
 * drift by chance. A null p-value (a column not tested) is skipped and not counted in m.
 *   Benjamini–Hochberg (R's p.adjust(method = "BH")): sort ascending, q_(i) = min(1, min_{j ≥ i} m/j · p_(j)),
 *   the running minimum taken from the largest p down (step-up), back in the input order.
 *   Bonferroni: min(1, m · p).
 */

export type PValue = number | null;

/** Benjamini–Hochberg adjusted p-values (false discovery rate), in the input's order. */
export function benjaminiHochberg(pValues: readonly PValue[]): PValue[] {
  const tested: number[] = [];
  pValues.forEach((p, i) => {
    if (p !== null) tested.push(i);
  });
  const m = tested.length;
  const out: PValue[] = pValues.map(() => null);
  // Descending p (ties in input order, like R's order(p, decreasing = TRUE)).
  const order = [...tested].sort((a, b) => (pValues[b] as number) - (pValues[a] as number) || a - b);
  let running = Infinity;
  order.forEach((index, k) => {
    const rank = m - k;
    const value = (m / rank) * (pValues[index] as number);
    if (value < running) running = value;
    out[index] = Math.min(1, running);
  });
  return out;
}

/** Bonferroni adjusted p-values, in the input's order. */
export function bonferroni(pValues: readonly PValue[]): PValue[] {
  const m = pValues.filter((p) => p !== null).length;
  return pValues.map((p) => (p === null ? null : Math.min(1, m * p)));
}
