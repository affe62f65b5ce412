/** A tested column's score against its threshold, one number for charts and ordering (both reports). */
import { P_VALUE_METHODS } from './decide.js';
import type { DriftColumn } from './result.js';

/**
 * ≥ 1 is beyond the threshold: a distance ÷ its threshold, or for a p-value test log p ÷ log α (the
 * adjusted p when there is one, floored at 1e-300). Null when untested or when it would not be finite.
 */
export function relativeScore(c: DriftColumn): number | null {
  if (!finite(c.score) || !finite(c.threshold) || c.method === null) return null;
  let r: number;
  if (P_VALUE_METHODS.includes(c.method)) {
    if (!(c.threshold > 0 && c.threshold < 1)) return null;
    const p = Math.min(1, Math.max(finite(c.p_value_adjusted) ? c.p_value_adjusted : c.score, 1e-300));
    r = Math.log10(p) / Math.log10(c.threshold);
  } else {
    if (!(c.threshold > 0)) return null;
    r = c.score / c.threshold;
  }
  // + 0 turns the −0 of p = 1 into 0.
  return Number.isFinite(r) ? r + 0 : null;
}

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
