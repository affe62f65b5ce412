import { describe, expect, it } from 'vitest';
import type { GateInputs } from '../../../src/core/gate/inputs.js';
import { resolveGatePolicy, type GatePolicyInput } from '../../../src/core/gate/policy.js';
import {
  decideGate,
  defaultGateName,
  describeThreshold,
  type OverrideRequest,
} from '../../../src/core/gate/verdict.js';
import {
  check,
  comparisonResult,
  driftResult,
  evaluationResult,
  threshold,
  validationResult,
} from './result-files.js';

const now = () => new Date('2026-05-02T08:00:00.000Z');

function source<T>(kind: string, value: T) {
  return {
    absolutePath: `/w/results/${kind}.json`,
    path: `results/${kind}.json`,
    sha256: `${kind[0]}`.repeat(64),
    value,
  };
}

function decide(
  results: {
    validation?: ReturnType<typeof validationResult>;
    evaluation?: ReturnType<typeof evaluationResult>;
    comparison?: ReturnType<typeof comparisonResult>;
    drift?: ReturnType<typeof driftResult>;
  },
  policy: GatePolicyInput = {},
  override?: OverrideRequest,
) {
  const inputs: GateInputs = {};
  if (results.validation) inputs.validation = source('validation', results.validation);
  if (results.evaluation) inputs.evaluation = source('evaluation', results.evaluation);
  if (results.comparison) inputs.comparison = source('comparison', results.comparison);
  if (results.drift) inputs.drift = source('drift', results.drift);
  return decideGate(inputs, resolveGatePolicy(policy), { name: 'churn', override, now });
}

describe('decideGate', () => {
  it('passes when every source passes, with one reason per source and each source summarised', () => {
    const v = decide({
      validation: validationResult(),
      evaluation: evaluationResult(),
      comparison: comparisonResult(),
      drift: driftResult(),
    });
    expect(v).toMatchObject({
      schemaVersion: 1,
      kind: 'verdict',
      name: 'churn',
      verdict: 'pass',
      passed: true,
      conclusion: 'success',
      override: null,
    });
    expect(v.created_at).toBe('2026-05-02T08:00:00.000Z');
    expect(v.reasons.map((r) => [r.source, r.status])).toEqual([
      ['validation', 'pass'],
      ['evaluation', 'pass'],
      ['comparison', 'pass'],
      ['drift', 'pass'],
    ]);
    expect(v.sources.comparison).toEqual({
      path: 'results/comparison.json',
      sha256: 'c'.repeat(64),
      verdict: 'pass',
    });
    expect(v.policy.source).toBe('default');
  });

  it('fails on a missed threshold, one reason per threshold with the numbers, worst first', () => {
    const v = decide({
      evaluation: evaluationResult({
        thresholds: [
          threshold('roc_auc', 0.71, 0.8),
          threshold('log_loss', 0.52, 0.4, { greater_is_better: false, on: 'ci_upper' }),
          threshold('recall', 0.9, 0.5, { slice: { column: 'region', value: 'EU' } }),
        ],
      }),
      comparison: comparisonResult(),
    });
    expect(v).toMatchObject({ verdict: 'fail', passed: false, conclusion: 'failure' });
    expect(v.reasons.slice(0, 2)).toEqual([
      {
        source: 'evaluation',
        status: 'fail',
        message: 'threshold missed: roc_auc = 0.71, needs ≥ 0.8',
        file: 'results/evaluation.json',
      },
      {
        source: 'evaluation',
        status: 'fail',
        message: 'threshold missed: log_loss (ci upper) = 0.52, needs ≤ 0.4',
        file: 'results/evaluation.json',
      },
    ]);
    expect(v.sources.evaluation!.verdict).toBe('fail');
  });

  it('a missed threshold only warns under evaluation: warn', () => {
    const v = decide(
      { evaluation: evaluationResult({ thresholds: [threshold('roc_auc', 0.71, 0.8)] }) },
      { evaluation: 'warn' },
    );
    expect(v).toMatchObject({ verdict: 'pass', passed: true, conclusion: 'success' });
    expect(v.reasons[0].status).toBe('warn');
  });

  it.each([
    ['neutral', { passed: false, conclusion: 'neutral', policyStatus: 'inconclusive' }],
    ['fail', { passed: false, conclusion: 'failure', policyStatus: 'fail' }],
    ['pass', { passed: true, conclusion: 'success', policyStatus: 'pass' }],
  ] as const)('an inconclusive comparison under inconclusive: %s', (policy, expected) => {
    const v = decide(
      { comparison: comparisonResult({ checks: [check('roc_auc', 'inconclusive')] }) },
      { inconclusive: policy },
    );
    expect(v.verdict).toBe('inconclusive');
    expect(v.passed).toBe(expected.passed);
    expect(v.conclusion).toBe(expected.conclusion);
    const said = v.reasons.find((r) => r.source === 'policy')!;
    expect(said.status).toBe(expected.policyStatus);
    expect(said.message).toContain(`inconclusive: ${policy}`);
  });

  it('a failed comparison check beats an inconclusive one', () => {
    const v = decide({
      comparison: comparisonResult({ checks: [check('accuracy', 'inconclusive'), check('roc_auc', 'fail')] }),
    });
    expect(v.verdict).toBe('fail');
    expect(v.reasons.map((r) => r.status)).toEqual(['fail', 'inconclusive']);
  });

  it("never says better than comparison.json's own verdict", () => {
    const v = decide({
      comparison: { ...comparisonResult({ checks: [check('roc_auc', 'pass')] }), verdict: 'fail' },
    });
    expect(v.verdict).toBe('fail');
    expect(v.reasons[0]).toMatchObject({
      source: 'comparison',
      status: 'fail',
      message: 'comparison verdict: fail (worse than any of its checks)',
    });
  });

  it('says when the comparison had no baseline or only stored results', () => {
    const bootstrap = decide({ comparison: comparisonResult({ mode: 'bootstrap' }) });
    expect(bootstrap.reasons[0].message).toMatch(/bootstrap mode: no baseline, value thresholds only/);
    const unpaired = decide({ comparison: comparisonResult({ mode: 'unpaired' }) });
    expect(unpaired.reasons[0].message).toMatch(/unpaired: metrics only/);
  });

  it.each([
    ['warn', 'pass', 'warn'],
    ['fail', 'fail', 'fail'],
    ['ignore', 'pass', 'ignored'],
  ] as const)('dataset drift under drift: %s', (policy, verdict, status) => {
    const v = decide({ drift: driftResult({ drifted: ['amount', 'plan'] }) }, { drift: policy });
    expect(v.verdict).toBe(verdict);
    expect(v.reasons[0]).toMatchObject({ source: 'drift', status });
    expect(v.reasons[0].message).toBe(
      'dataset drift: 2 of 4 tested columns drifted (threshold 50%); drifted: amount, plan',
    );
    expect(v.sources.drift!.verdict).toBe(status);
  });

  it("drift with nothing tested, and drift of the model's outputs, are warnings", () => {
    const v = decide({ drift: driftResult({ tested: 0, predictionDrifted: true }) }, { drift: 'fail' });
    expect(v.verdict).toBe('pass');
    expect(v.reasons.map((r) => r.status)).toEqual(['warn', 'warn']);
    expect(v.reasons[0].message).toMatch(/^drift not tested/);
  });

  it('fails on failed validation, naming the rule and column', () => {
    const v = decide({ validation: validationResult({ passed: false, errors: 3 }) });
    expect(v.verdict).toBe('fail');
    expect(v.reasons[0].message).toBe(
      'validation failed: 3 errors in 120 rows (3 violations); minimum on age',
    );
  });

  it('a source the policy requires but that was not given fails the gate', () => {
    const v = decide({ evaluation: evaluationResult() }, { require: 'evaluation, comparison' });
    expect(v.verdict).toBe('fail');
    expect(v.reasons[0]).toEqual({
      source: 'policy',
      status: 'fail',
      message: 'the policy requires comparison.json and none was given (did the step that writes it run?)',
    });
  });

  it('an override lets a failed gate pass and says who, keeping the verdict', () => {
    const v = decide(
      { comparison: comparisonResult({ checks: [check('roc_auc', 'fail')] }) },
      {},
      {
        via: 'label',
        by: 'alice',
        reason: 'the label "mlgate:override" is on pull request #7',
        label: 'mlgate:override',
      },
    );
    expect(v).toMatchObject({ verdict: 'fail', passed: true, conclusion: 'success' });
    expect(v.override).toEqual({
      applied: true,
      by: 'alice',
      via: 'label',
      reason: 'the label "mlgate:override" is on pull request #7',
      label: 'mlgate:override',
    });
    expect(v.reasons.find((r) => r.source === 'override')!.message).toBe(
      'overridden by @alice through the label "mlgate:override": the fail gate is let through (the label "mlgate:override" is on pull request #7)',
    );
  });

  it('an override of an inconclusive gate follows the same rule and says so', () => {
    const v = decide(
      { comparison: comparisonResult({ checks: [check('roc_auc', 'inconclusive')] }) },
      {},
      { via: 'input', by: 'bob', reason: 'accepted by the model owner' },
    );
    expect(v).toMatchObject({ verdict: 'inconclusive', passed: true, conclusion: 'success' });
    expect(v.reasons.find((r) => r.source === 'override')!.message).toContain(
      'the inconclusive gate is let through',
    );
  });

  it('an override of a passing gate is recorded as not applied', () => {
    const v = decide({ comparison: comparisonResult() }, {}, { via: 'input', by: null, reason: 'x' });
    expect(v.override!.applied).toBe(false);
    expect(v).toMatchObject({ verdict: 'pass', passed: true });
    expect(v.reasons.at(-1)!.message).toMatch(/was not needed/);
  });
});

describe('defaultGateName', () => {
  it("is the model file's name, else drift.json's name, else model", () => {
    const inputs: GateInputs = {
      evaluation: source('evaluation', evaluationResult({ modelPath: 'models/Churn v2.onnx' })),
    };
    expect(defaultGateName(inputs)).toBe('Churn v2');
    expect(defaultGateName({ drift: source('drift', driftResult({ name: 'requests' })) })).toBe('requests');
    expect(defaultGateName({ validation: source('validation', validationResult()) })).toBe('model');
  });
});

it('describeThreshold shows the slice and why a value is missing', () => {
  expect(describeThreshold(threshold('recall', 0.4, 0.5, { slice: { column: 'region', value: 'EU' } }))).toBe(
    'recall on region = EU = 0.4, needs ≥ 0.5',
  );
  expect(describeThreshold({ ...threshold('roc_auc', null, 0.8), reason: 'one class only' })).toBe(
    'roc_auc = n/a, needs ≥ 0.8: one class only',
  );
});
