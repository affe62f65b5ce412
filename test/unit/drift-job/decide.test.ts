/**
 * decide.ts called directly: the correction across columns against numpy (the small fixture's p-values
 * from scripts/reference/drift_job_reference.py), the boundaries the policy documents, Evidently's
 * default tests, and the checks on a policy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  decideColumns,
  decideDataset,
  defaultMethod,
  resolvePolicy,
  type ColumnScore,
  type DriftMethod,
  type DriftPolicy,
} from '../../../src/core/drift/decide.js';
import { isConfigurationError } from '../../../src/core/errors.js';
import { repoRoot } from '../../helpers/run-action.js';

interface Decision {
  method: DriftMethod;
  score: number | null;
  threshold: number;
  p_value_adjusted?: number | null;
  drifted: boolean;
}
interface Variant {
  columns: Record<string, Decision>;
  dataset: { dataset_drift: boolean; tested: number; drifted: number; drifted_share: number };
}
interface Column {
  ks: { statistic: number } | null;
  total_variation?: number | null;
}
const expected = JSON.parse(
  readFileSync(join(repoRoot, 'test/fixtures/drift-job/expected.json'), 'utf8'),
) as { small: { columns: Record<string, Column>; variants: Record<string, Variant> } };

const small = expected.small;

/** The scores runDriftJob hands decideColumns for the small fixture, from the scipy values. */
function scores(variant: Variant): ColumnScore[] {
  return Object.entries(variant.columns).map(([name, d]) => {
    const column = small.columns[name];
    const effect =
      d.method === 'ks'
        ? (column.ks?.statistic ?? null)
        : d.method === 'chi2' || d.method === 'z'
          ? column.total_variation
          : undefined;
    return {
      name,
      method: d.method,
      score: d.score,
      effect,
      threshold: d.threshold,
      ...(d.score === null ? { reason: 'n/a' } : {}),
    };
  });
}

describe('decideColumns on the small fixture', () => {
  it.each([
    ['benjamini-hochberg', 'default'],
    ['bonferroni', 'bonferroni'],
    ['none', 'none'],
  ] as const)('%s: adjusted p-values within 1e-15 of numpy, and the same verdicts', (correction, key) => {
    const variant = small.variants[key];
    const policy = resolvePolicy({ correction });
    const verdicts = decideColumns(scores(variant), policy);
    for (const v of verdicts) {
      const want = variant.columns[v.name];
      expect(v.drifted, v.name).toBe(want.drifted);
      if (want.p_value_adjusted == null) {
        expect(v.p_value_adjusted ?? null, v.name).toBeNull();
      } else if (want.p_value_adjusted === 0) {
        expect(v.p_value_adjusted).toBe(0);
      } else {
        const error = Math.abs(v.p_value_adjusted! - want.p_value_adjusted) / want.p_value_adjusted;
        expect(error, v.name).toBeLessThanOrEqual(1e-15);
      }
    }
    expect(decideDataset(verdicts, policy)).toMatchObject({
      dataset_drift: variant.dataset.dataset_drift,
      tested: variant.dataset.tested,
      drifted: variant.dataset.drifted,
      drifted_share: variant.dataset.drifted_share,
    });
  });

  it('leaves distance methods out of the family the p-values are corrected in', () => {
    const variant = small.variants.methods;
    const verdicts = decideColumns(scores(variant), DEFAULT_POLICY);
    const shifted = verdicts.find((v) => v.name === 'shifted')!;
    expect(shifted.method).toBe('psi');
    expect(shifted.p_value_adjusted).toBeUndefined();
    for (const v of verdicts) expect(v.drifted, v.name).toBe(variant.columns[v.name].drifted);
  });
});

describe('decideColumns: the boundaries the policy documents', () => {
  const one = (s: Partial<ColumnScore>, policy: Partial<DriftPolicy> = {}) =>
    decideColumns([{ name: 'c', method: 'ks', score: 0.01, effect: 0.2, threshold: 0.05, ...s }], {
      ...DEFAULT_POLICY,
      correction: 'none',
      ...policy,
    })[0];

  it('a p-value equal to alpha is not drift (drift below alpha)', () => {
    expect(one({ score: 0.05 }).drifted).toBe(false);
    expect(one({ score: 0.0499999 }).drifted).toBe(true);
  });

  it('an effect equal to min_effect is large enough (at least min_effect)', () => {
    expect(one({ effect: 0.05 }).drifted).toBe(true);
    expect(one({ effect: 0.0499999 }).drifted).toBe(false);
    expect(one({ effect: 0.0499999 }).because).toMatch(/too small to call drift/);
  });

  it('a p-value test without an effect is not drift', () => {
    expect(one({ method: 'chi2', effect: null }).drifted).toBe(false);
  });

  it.each(['wasserstein', 'psi', 'jensen_shannon'] as const)(
    '%s: a distance equal to its threshold is drift (at or above)',
    (method) => {
      expect(one({ method, score: 0.1, threshold: 0.1, effect: undefined }).drifted).toBe(true);
      expect(one({ method, score: 0.0999, threshold: 0.1, effect: undefined }).drifted).toBe(false);
    },
  );

  it('a column without a score is not drift and says why', () => {
    const v = one({ score: null, reason: 'the current sample has no values' });
    expect(v.drifted).toBe(false);
    expect(v.because).toBe('not tested: the current sample has no values');
  });

  it('Benjamini–Hochberg skips the columns without a p-value (m counts the scored ones)', () => {
    const verdicts = decideColumns(
      [
        { name: 'a', method: 'ks', score: 0.02, effect: 1, threshold: 0.05 },
        { name: 'b', method: 'ks', score: null, threshold: 0.05, reason: 'none' },
        { name: 'c', method: 'wasserstein', score: 0.5, threshold: 0.1 },
        { name: 'd', method: 'chi2', score: 0.03, effect: 1, threshold: 0.05 },
      ],
      DEFAULT_POLICY,
    );
    // m = 2: q(0.02) = min(2/1 · 0.02, q(0.03)) = 0.03, q(0.03) = 2/2 · 0.03.
    expect(verdicts.map((v) => v.p_value_adjusted)).toEqual([0.03, undefined, undefined, 0.03]);
  });
});

describe('decideDataset', () => {
  const verdict = (drifted: boolean, score: number | null = 0.5) => ({
    name: 'c',
    method: 'psi' as const,
    score,
    threshold: 0.1,
    drifted,
    because: '',
  });

  it('drifts when the share of drifted tested columns reaches drift_share', () => {
    const d = decideDataset([verdict(true), verdict(false)], DEFAULT_POLICY);
    expect(d).toMatchObject({ dataset_drift: true, tested: 2, drifted: 1, drifted_share: 0.5 });
    expect(decideDataset([verdict(true), verdict(false), verdict(false)], DEFAULT_POLICY).dataset_drift).toBe(
      false,
    );
  });

  it('counts only the columns that were tested', () => {
    const d = decideDataset([verdict(true), verdict(false, null), verdict(false, null)], DEFAULT_POLICY);
    expect(d).toMatchObject({ dataset_drift: true, tested: 1, drifted_share: 1 });
  });

  it('is no drift, with the reason, when no column could be tested', () => {
    expect(decideDataset([verdict(false, null)], DEFAULT_POLICY)).toEqual({
      dataset_drift: false,
      tested: 0,
      drifted: 0,
      drifted_share: 0,
      because: 'no column could be tested',
    });
  });
});

describe("defaultMethod: Evidently's default tests", () => {
  it.each([
    ['numeric', 1000, Infinity, 'ks'],
    ['numeric', 1001, Infinity, 'wasserstein'],
    ['categorical', 1000, 3, 'chi2'],
    ['categorical', 1000, 2, 'z'],
    ['categorical', 1001, 2, 'jensen_shannon'],
    ['categorical', 1001, 40, 'jensen_shannon'],
  ] as const)('%s, %i reference values, %s distinct: %s', (type, n, distinct, method) => {
    expect(defaultMethod(type, n, distinct, DEFAULT_POLICY)).toBe(method);
  });

  it('--small-sample moves the switch between p-value tests and distances', () => {
    expect(defaultMethod('numeric', 5000, Infinity, { ...DEFAULT_POLICY, small_sample: 5000 })).toBe('ks');
  });
});

describe('resolvePolicy', () => {
  it('fills every default', () => {
    expect(resolvePolicy({})).toEqual(DEFAULT_POLICY);
    expect(resolvePolicy({ thresholds: { psi: 0.2 } }).thresholds).toEqual({
      wasserstein: 0.1,
      psi: 0.2,
      jensen_shannon: 0.1,
    });
  });

  it.each([
    [{ alpha: 0 }, /alpha must be a number in \(0, 1\); got 0/],
    [{ alpha: 1 }, /alpha must be a number in \(0, 1\); got 1/],
    [{ min_effect: 1.5 }, /min-effect must be a number in \[0, 1\]; got 1.5/],
    [{ drift_share: -0.1 }, /drift-share must be a number in \[0, 1\]/],
    [{ min_values: 2.5 }, /min-values must be an integer ≥ 1; got 2.5/],
    [{ small_sample: 0 }, /small-sample must be an integer ≥ 1/],
    [
      { correction: 'holm' as never },
      /correction must be one of benjamini-hochberg, bonferroni, none; got "holm"/,
    ],
    [{ thresholds: { psi: -1 } }, /threshold for psi must be a number ≥ 0; got -1/],
    [{ methods: { a: { method: 'mmd' as never } } }, /drift method for column "a" must be one of/],
    [{ methods: { a: { method: 'psi' as const, threshold: Number.NaN } } }, /threshold for column "a"/],
  ])('rejects %o', (given, message) => {
    let error: unknown;
    try {
      resolvePolicy(given);
    } catch (e) {
      error = e;
    }
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });
});
