import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GATE_POLICY,
  describePolicy,
  mergePolicyInputs,
  parseRequire,
  policyFromConfigSection,
  resolveGatePolicy,
} from '../../../src/core/gate/policy.js';

describe('resolveGatePolicy', () => {
  it('defaults: whichever files are given, inconclusive neutral, drift warns, thresholds and validation fail', () => {
    expect(resolveGatePolicy()).toEqual({
      require: null,
      inconclusive: 'neutral',
      drift: 'warn',
      evaluation: 'fail',
      validation: 'fail',
    });
    expect(DEFAULT_GATE_POLICY).toEqual(resolveGatePolicy({}));
  });

  it('takes every allowed value, trimmed', () => {
    expect(
      resolveGatePolicy({
        require: 'comparison, evaluation',
        inconclusive: ' fail ',
        drift: 'ignore',
        evaluation: 'warn',
        validation: 'ignore',
      }),
    ).toEqual({
      require: ['comparison', 'evaluation'],
      inconclusive: 'fail',
      drift: 'ignore',
      evaluation: 'warn',
      validation: 'ignore',
    });
  });

  it.each([
    [
      { inconclusive: 'netural' },
      'input "inconclusive" is "netural": expected one of neutral, fail, pass (did you mean "neutral"?).',
    ],
    [
      { drift: 'warning' },
      'input "drift-policy" is "warning": expected one of fail, warn, ignore (did you mean "warn"?).',
    ],
    [{ evaluation: 'strict' }, 'input "evaluation-policy" is "strict": expected one of fail, warn, ignore.'],
  ])('refuses %j naming where it was written', (input, message) => {
    expect(() =>
      resolveGatePolicy(input, {
        inconclusive: 'input "inconclusive"',
        drift: 'input "drift-policy"',
        evaluation: 'input "evaluation-policy"',
      }),
    ).toThrow(message);
  });

  it('names the policy key when no input name is given', () => {
    expect(() => resolveGatePolicy({ validation: 'no' })).toThrow('gate policy "validation" is "no"');
  });
});

describe('parseRequire', () => {
  it('reads commas, lines and .json names, each once', () => {
    expect(parseRequire('validation,\ncomparison.json, validation', '--require')).toEqual([
      'validation',
      'comparison',
    ]);
    expect(parseRequire(['drift'], '--require')).toEqual(['drift']);
  });

  it('refuses an unknown source with a suggestion', () => {
    expect(() => parseRequire('comparision', '--require')).toThrow(
      '--require names "comparision": expected validation, evaluation, comparison, drift (did you mean "comparison"?).',
    );
  });

  it('an empty list means whichever files are given', () => {
    expect(resolveGatePolicy({ require: '' }).require).toBeNull();
  });
});

describe('the config section', () => {
  it('reads the policy keys of a gate: mapping', () => {
    expect(policyFromConfigSection({ require: ['comparison'], drift: 'fail' }, 'mlgate.yml')).toEqual({
      require: ['comparison'],
      drift: 'fail',
    });
    expect(policyFromConfigSection(undefined, 'mlgate.yml')).toEqual({});
  });

  it('refuses unknown keys, wrong types and a non-mapping, naming the file', () => {
    expect(() => policyFromConfigSection({ inconclusve: 'pass' }, 'mlgate.yml')).toThrow(
      'mlgate.yml: gate.inconclusve is not a gate policy key (expected require, inconclusive, drift, evaluation, validation); did you mean "inconclusive"?',
    );
    expect(() => policyFromConfigSection({ drift: true }, 'mlgate.yml')).toThrow(
      'mlgate.yml: gate.drift must be a string, got true.',
    );
    expect(() => policyFromConfigSection({ require: [1] }, 'mlgate.yml')).toThrow(
      'gate.require must be a list',
    );
    expect(() => policyFromConfigSection(['drift'], 'mlgate.yml')).toThrow('"gate" must be a mapping');
  });

  it('explicit values win key by key; unset ones keep the config', () => {
    expect(
      mergePolicyInputs(
        { drift: 'fail', inconclusive: 'pass' },
        { drift: 'ignore', inconclusive: undefined, evaluation: '' },
      ),
    ).toEqual({ drift: 'ignore', inconclusive: 'pass' });
  });
});

it('describes the policy in one line', () => {
  expect(describePolicy(resolveGatePolicy({ require: 'comparison' }))).toBe(
    'requires comparison; inconclusive → neutral, drift → warn, evaluation thresholds → fail, validation → fail',
  );
});
