import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../../src/core/errors.js';
import { loadChecksFile, loadConfig } from '../../../src/core/config/load-config.js';

const BAD = fileURLToPath(new URL('../../fixtures/config/bad', import.meta.url));
const TYPES = 'row-count, columns, unique, null-fraction, allowed-values, range, quantile, mean';

/** Fixture → the full message, `@` standing for the fixture's path. Files named checks-* are checks files. */
const cases: Record<string, string> = {
  // Structure and keys
  'missing-version.yml': '@:3:1: missing required key "version"',
  'wrong-version.yml': '@:1:10: version must be 1, got 2',
  'version-as-string.yml': '@:1:10: version must be 1, got "1"',
  'unknown-top-level-key.yml': '@:2:1: unknown key "validat" at the top level; did you mean "validate"?',
  'unknown-section.yml':
    '@:2:1: unknown key "release" at the top level; expected one of version, validate, evaluate, drift, compare, gate',
  'misspelt-validate-key.yml':
    '@:4:3: unknown key "max-violation" in validate; did you mean "max-violations"?',
  'camel-case-key.yml': '@:4:3: unknown key "failOn" in validate; did you mean "fail-on"?',
  'validate-without-data.yml': '@:3:3: missing required key "data" in validate',
  'validate-not-a-mapping.yml': '@:2:11: validate must be a mapping, got "data/train.csv"',
  'top-level-list.yml': '@:1:1: the file must hold a mapping, got a list',
  'top-level-scalar.yml': '@:1:1: the file must hold a mapping, got "hello"',
  'empty.yml': '@: the file is empty; expected a mapping starting with "version: 1"',
  'comments-only.yml': '@: the file is empty; expected a mapping starting with "version: 1"',
  // Values of validate
  'bad-fail-on.yml':
    '@:4:12: validate.fail-on must be one of error, warning, never, got "errors"; did you mean "error"?',
  'negative-max-violations.yml': '@:4:19: validate.max-violations must be ≥ 0, got -1',
  'fractional-max-violations.yml': '@:4:19: validate.max-violations must be an integer, got 2.5',
  'data-without-value.yml': '@:3:3: validate.data must be a string or a list, got nothing',
  'data-empty-list.yml': '@:3:9: validate.data must list at least one item',
  'data-empty-string.yml': '@:3:9: validate.data must not be empty',
  // Checks
  'unknown-check-type.yml': `@:7:13: unknown check type "uniq"; expected one of ${TYPES}; did you mean "unique"?`,
  'check-without-type.yml': '@:5:7: missing required key "type" in validate.checks[0]',
  'check-type-misspelt.yml':
    '@:5:7: missing required key "type" in validate.checks[0]; is "typ" meant to be "type"?',
  'check-not-a-mapping.yml': '@:5:7: validate.checks[0] must be a mapping, got "row-count"',
  'mostly-out-of-range.yml': '@:8:15: validate.checks[0].mostly must be > 0 and ≤ 1, got 1.5',
  'mostly-zero.yml': '@:8:15: validate.checks[0].mostly must be > 0 and ≤ 1, got 0',
  'range-without-bounds.yml': '@:5:7: validate.checks[0] (range) needs at least one of "min", "max"',
  'unique-both-forms.yml':
    '@:5:7: validate.checks[0] (unique) takes only one of "columns", "column", got "columns" and "column"',
  'unique-without-columns.yml': '@:5:7: validate.checks[0] (unique) needs one of "columns", "column"',
  'duplicate-column-names.yml': '@:6:26: validate.checks[0].columns lists "id" more than once',
  'column-name-is-number.yml':
    '@:6:15: validate.checks[0].column must be a string, got 2020; write "2020" in quotes to make it a string',
  'misspelt-check-key.yml':
    '@:6:7: unknown key "colum" in validate.checks[0] (null-fraction); did you mean "column"?',
  'null-fraction-without-max.yml': '@:5:7: missing required key "max" in validate.checks[0] (null-fraction)',
  'bad-severity.yml': '@:7:17: validate.checks[0].severity must be one of error, warning, got "fatal"',
  'min-greater-than-max.yml':
    '@:7:12: validate.checks[0]: min (120) is greater than max (0); no value can pass',
  'strict-equal-bounds.yml':
    '@:7:12: validate.checks[0]: min and max are both 5 with a strict bound; no value can pass',
  'quantile-out-of-range.yml': '@:7:17: validate.checks[0].quantile must be ≥ 0 and ≤ 1, got 50',
  'row-count-fraction.yml': '@:6:12: validate.checks[0].min must be an integer, got 10.5',
  'bad-columns-mode.yml':
    '@:7:13: validate.checks[0].mode must be one of exact, exact-ordered, at-least, got "atleast"; did you mean "at-least"?',
  'allowed-values-empty.yml': '@:7:15: validate.checks[0].values must list at least one item',
  'allowed-values-null-item.yml':
    '@:7:24: validate.checks[0].values[1] must be a string, a number or a boolean, got nothing',
  'strict-min-not-boolean.yml': '@:8:19: validate.checks[0].strict-min must be true or false, got "yes"',
  // The evaluate section: schema errors
  'evaluate-unknown-key.yml':
    '@:7:3: unknown key "positive_class" in evaluate; did you mean "positive-class"?',
  'evaluate-missing-label.yml': [
    '@:3:3: missing required key "label" in evaluate',
    '@:7:14: missing required key "threshold" in evaluate.thresholds.roc_auc',
  ].join('\n'),
  'evaluate-bad-task.yml':
    '@:5:9: evaluate.task must be one of binary, multiclass, regression, got "multi-class"; did you mean "multiclass"?',
  'evaluate-bad-provider.yml':
    '@:7:23: evaluate.execution-provider must be one of cpu, cuda, tensorrt, auto, got "gpu"; did you mean "cpu"?',
  'evaluate-data-list.yml': '@:4:9: evaluate.data must be a string, got a list',
  'evaluate-threshold-string.yml':
    '@:8:15: evaluate.thresholds.accuracy must be a number or a mapping, got "0.9"',
  'evaluate-threshold-misspelt-key.yml':
    '@:8:33: unknown key "greater_is_better" in evaluate.thresholds.log_loss; did you mean "greater-is-better"?',
  'evaluate-threshold-bad-on.yml':
    '@:8:36: evaluate.thresholds.roc_auc.on must be one of value, ci-lower, ci-upper, ci-pessimistic, got "ci_lower"; did you mean "ci-lower"?',
  'evaluate-bins-and-quantiles.yml':
    '@:9:7: evaluate.slices[1] takes only one of "bins", "quantiles", got "bins" and "quantiles"',
  'evaluate-slice-problems.yml': [
    '@:9:17: evaluate.slices[0].min-size must be ≥ 1, got 0',
    '@:10:31: evaluate.slices[0].thresholds.accuracy must be a number or a mapping, got "high"',
    '@:12:18: evaluate.slices[1].quantiles must be ≥ 2 and ≤ 100, got 1',
  ].join('\n'),
  'evaluate-bootstrap-out-of-range.yml': [
    '@:8:16: evaluate.bootstrap.resamples must be ≥ 10 and ≤ 100000, got 5',
    '@:9:12: evaluate.bootstrap.level must be > 0 and < 1, got 95',
  ].join('\n'),
  'evaluate-latency-off-string.yml': '@:7:12: evaluate.latency must be a boolean or a mapping, got "off"',
  'evaluate-value-problems.yml': [
    '@:7:15: evaluate.batch-size must be ≥ 1 and ≤ 1048576, got 0',
    '@:8:12: evaluate.threads must be an integer, got 1.5',
    '@:9:25: evaluate.outputs.transform must be one of none, softmax, sigmoid, got "logits"',
    '@:9:33: unknown key "probs" in evaluate.outputs; expected one of probabilities, label, value, transform',
  ].join('\n'),
  // The evaluate section: rules across keys, checked once the file matches the schema
  'evaluate-positive-class-multiclass.yml':
    '@:7:3: evaluate.positive-class applies to task binary only; task is "multiclass"',
  'evaluate-classes-regression.yml':
    '@:7:3: evaluate.classes applies to tasks binary and multiclass only; task is "regression"',
  'evaluate-binary-three-classes.yml':
    '@:7:12: evaluate.classes lists 3 classes; task binary needs exactly 2',
  'evaluate-positive-class-not-in-classes.yml':
    '@:8:19: evaluate.positive-class "Yes!" is not one of evaluate.classes (no, yes); did you mean "yes"?',
  'evaluate-duplicate-classes.yml': '@:7:19: evaluate.classes lists "1" more than once',
  'evaluate-bins-not-increasing.yml':
    '@:9:26: evaluate.slices[0].bins must be strictly increasing; 4000 follows 5000',
  'evaluate-contradictory-features.yml': [
    '@:7:17: evaluate.features lists the label column "target"; the label is never a feature',
    '@:8:13: evaluate.exclude lists "a", which evaluate.features also lists',
  ].join('\n'),
  // An anchored check reused by an alias: both uses point at the anchored text.
  'alias-error.yml': [
    '@:6:7: validate.checks[0] (range) needs at least one of "min", "max"',
    '@:6:7: validate.checks[1] (range) needs at least one of "min", "max"',
    '@:8:15: validate.checks[0].mostly must be > 0 and ≤ 1, got 3',
    '@:8:15: validate.checks[1].mostly must be > 0 and ≤ 1, got 3',
  ].join('\n'),
  'many-problems.yml': [
    '@:1:10: version must be 1, got 2',
    '@:3:9: validate.data must be a string or a list, got 5; write "5" in quotes to make it a string',
    '@:4:11: validate.schema must not be empty',
    '@:5:3: unknown key "max-violation" in validate; did you mean "max-violations"?',
    '@:6:12: validate.fail-on must be one of error, warning, never, got "sometimes"',
    `@:8:13: unknown check type "uniq"; expected one of ${TYPES}; did you mean "unique"?`,
    '@:9:7: validate.checks[1] (mean) needs at least one of "min", "max"',
    '@:9:7: missing required key "column" in validate.checks[1] (mean)',
    '@:10:7: validate.checks[2] (range) needs at least one of "min", "max"',
    '@:12:15: validate.checks[2].mostly must be > 0 and ≤ 1, got 2',
    '@: ... and 3 more problems',
  ].join('\n'),
  'config-with-error.json': '@:6:59: unknown key "maxx" in validate.checks[0] (mean); did you mean "max"?',
  // Text and YAML syntax
  'alias-bomb.yml': '@: Excessive alias count indicates a resource exhaustion attack',
  'invalid-utf8.yml': '@:3:12: the file is not valid UTF-8 text; save it as UTF-8',
  'tab-indentation.yml': '@:3:1: YAML syntax error: Tabs are not allowed as indentation',
  'duplicate-key.yml': '@:5:3: YAML syntax error: duplicate key "data"; a key may appear once per mapping',
  'bad-indentation.yml': '@:4:1: YAML syntax error: All mapping items must start at the same column',
  'unclosed-quote.yml': '@:3:9: YAML syntax error: the string opened with " here is never closed',
  'two-documents.yml': '@:2:1: YAML syntax error: more than one document (a second "---"); expected one',
  'unclosed-flow-list.yml':
    '@:4:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
  // Checks files
  'checks-without-list.yml': '@:1:1: missing required key "checks"',
  'checks-unknown-key.yml': '@:2:1: unknown key "check" at the top level; did you mean "checks"?',
  'checks-wrong-version.yml': '@:1:10: version must be 1, got 3',
  'checks-top-level-list.yml': '@:1:1: the file must hold a mapping, got a list',
  'checks-bad-item.json': `@:4:15: unknown check type "meen"; expected one of ${TYPES}; did you mean "mean"?`,
};

async function messageOf(file: string): Promise<string> {
  const path = join(BAD, file);
  try {
    await (file.startsWith('checks-') ? loadChecksFile(path) : loadConfig(path));
  } catch (error) {
    expect(isConfigurationError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error(`${file} loaded without error`);
}

describe('bad config files', () => {
  it('has a case for every fixture and a fixture for every case', () => {
    expect(readdirSync(BAD).sort()).toEqual(Object.keys(cases).sort());
  });

  it.each(Object.entries(cases))('%s', async (file, expected) => {
    expect(await messageOf(file)).toBe(expected.replaceAll('@', join(BAD, file)));
  });
});

describe('files that cannot be read', () => {
  it('says "no such file" for a missing config', async () => {
    await expect(loadConfig('test/fixtures/config/nope.yml')).rejects.toThrow(
      /^test\/fixtures\/config\/nope\.yml: no such file$/,
    );
  });

  it('says "no such file" for a missing checks file', async () => {
    await expect(loadChecksFile('nope/checks.yml')).rejects.toThrow(/^nope\/checks\.yml: no such file$/);
  });

  it('says when the path is a directory', async () => {
    await expect(loadConfig(BAD)).rejects.toThrow(`${BAD}: is a folder, expected a file`);
  });
});
