/**
 * Review: failing on purpose. judgeRule's min_relative_change (src/core/compare/policy.ts:134) demands
 * candidate ≥ baseline·(1 + x) for a higher-is-better metric. That is an improvement only when the
 * baseline is positive. r2, explained_variance, matthews_corrcoef and cohen_kappa are higher-is-better
 * and negative for weak models; there baseline·(1 + x) is BELOW the baseline, so "improve by at least
 * 10 %" lets a candidate through that is worse than the baseline.
 *
 * MLflow 2.x (`_validate` in mlflow/models/evaluation/base.py, the semantics the comment names) computes
 * relative_change = (candidate − baseline) / baseline and fails when it is < min_relative_change. For the
 * pairs below it fails too: (−0.52 − −0.5) / −0.5 = 0.04 < 0.1. mlgate's own relative_delta
 * (compare-job.ts: delta / |baseline|) is −0.04: a regression. Whatever the convention for negative
 * baselines, a worse candidate must not pass a rule that asks for an improvement.
 */
import { describe, expect, it } from 'vitest';
import { judgeRule } from '../../../src/core/compare/policy.js';
import type { ComparedMetric } from '../../../src/core/compare/result.js';

function compared(candidate: number, baseline: number): ComparedMetric {
  const delta = candidate - baseline;
  return {
    candidate,
    baseline,
    delta,
    ci95: null,
    relative_delta: delta / Math.abs(baseline),
    higher_is_better: true,
  };
}

describe('review: min_relative_change with a negative baseline (higher is better)', () => {
  it.each([
    ['r2', -0.52, -0.5],
    ['matthews_corrcoef', -0.21, -0.2],
    ['cohen_kappa', -0.105, -0.1],
  ])('%s: candidate %s is worse than baseline %s, so min_relative_change=0.1 fails', (metric, c, b) => {
    const [check] = judgeRule({ metric, min_relative_change: 0.1 }, compared(c, b), true);
    expect(check.rule).toBe('min_relative_change');
    expect(check.status).toBe('fail');
  });

  it('min_relative_change=0 (no regression) fails a worse candidate with a negative baseline', () => {
    // baseline·(1 + 0) = baseline: this one is judged right today, kept as the control.
    const [check] = judgeRule({ metric: 'r2', min_relative_change: 0 }, compared(-0.52, -0.5), true);
    expect(check.status).toBe('fail');
  });

  it('a positive baseline is judged as MLflow does (control)', () => {
    expect(judgeRule({ metric: 'r2', min_relative_change: 0.1 }, compared(0.54, 0.5), true)[0].status).toBe(
      'fail',
    );
    expect(judgeRule({ metric: 'r2', min_relative_change: 0.1 }, compared(0.56, 0.5), true)[0].status).toBe(
      'pass',
    );
  });
});
