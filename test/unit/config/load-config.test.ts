import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadChecksFile,
  loadConfig,
  parseChecksFile,
  parseConfig,
} from '../../../src/core/config/load-config.js';
import type { CheckSpec, MlgateConfig } from '../../../src/core/config/types.js';

/** The message of the error `fn` throws (fails the test when it throws nothing). */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

const GOOD = fileURLToPath(new URL('../../fixtures/config/good/', import.meta.url));

describe('loadConfig on valid files', () => {
  it('reads the documented example into the typed config, kebab-case keys in camelCase', async () => {
    const path = join(GOOD, 'full.yml');
    const expected: MlgateConfig = {
      version: 1,
      path,
      validate: {
        data: ['data/train.csv'],
        schema: 'schemas/train.schema.json',
        checksFile: 'checks.yml',
        checks: [
          { type: 'row-count', min: 100 },
          { type: 'columns', columns: ['id', 'age', 'species'], mode: 'at-least' },
          { type: 'unique', columns: ['id'] },
          { type: 'unique', columns: ['id'], name: 'ids are unique' },
          { type: 'null-fraction', column: 'age', max: 0.05, severity: 'warning' },
          {
            type: 'allowed-values',
            column: 'species',
            values: ['Adelie', 'Gentoo', 'Chinstrap'],
            mostly: 0.99,
          },
          { type: 'range', column: 'age', min: 0, max: 120, strictMin: true, strictMax: false },
          { type: 'quantile', column: 'income', quantile: 0.5, min: 1000, max: 90000 },
          { type: 'mean', column: 'income', min: 10 },
        ],
        maxViolations: 20,
        failOn: 'error',
      },
    };
    expect(await loadConfig(path)).toStrictEqual(expected);
  });

  it('leaves defaults unset rather than inventing them', async () => {
    expect(await loadConfig(join(GOOD, 'minimal.yml'))).toStrictEqual({
      version: 1,
      path: join(GOOD, 'minimal.yml'),
    });
  });

  it('expands anchors, keeps data lists, flow mappings and YAML scalars as typed', async () => {
    const config = await loadConfig(join(GOOD, 'anchors-and-lists.yml'));
    const mean: CheckSpec = { type: 'mean', column: 'income', min: -5500, max: 150000 };
    expect(config.validate).toStrictEqual({
      data: ['data/train-*.csv', 'data/extra.jsonl.gz'],
      checks: [mean, mean, { type: 'allowed-values', column: 'flag', values: [true, 0, 'no', 2.5] }],
      failOn: 'never',
      maxViolations: 0,
    });
  });

  it('applies YAML merge keys (<<) before validating', async () => {
    const config = await loadConfig(join(GOOD, 'merge-keys.yml'));
    expect(config.validate?.checks).toStrictEqual([
      { type: 'range', column: 'income', min: 0 },
      { type: 'range', column: 'salary', min: 0, strictMin: true },
    ]);
  });

  it('reads a JSON config and drops its $schema key', async () => {
    const path = join(GOOD, 'mlgate.json');
    expect(await loadConfig(path)).toStrictEqual({
      version: 1,
      path,
      validate: { data: ['data/train.parquet'], checksFile: 'checks.json', failOn: 'warning' },
    });
  });

  it('accepts a UTF-8 byte order mark and CRLF line ends', async () => {
    const config = await loadConfig(join(GOOD, 'bom-crlf.yml'));
    expect(config.validate?.data).toEqual(['data/café €.csv']);
  });

  it('keeps paths as written and makes config.path absolute', () => {
    const config = parseConfig('version: 1\nvalidate:\n  data: ../data/*.csv\n', 'sub/mlgate.yml');
    expect(config.path).toBe(resolve('sub/mlgate.yml'));
    expect(config.validate?.data).toEqual(['../data/*.csv']);
  });
});

describe('parseConfig positions', () => {
  it('counts lines after CRLF line ends', () => {
    expect(
      errorOf(() => parseConfig('version: 1\r\nvalidate:\r\n  data: x\r\n  fail-on: no\r\n', 'c.yml')),
    ).toBe('c.yml:4:12: validate.fail-on must be one of error, warning, never, got "no"');
  });

  it('points at the value of a key in a flow mapping', () => {
    const text =
      'version: 1\nvalidate: { data: x, checks: [{ type: range, column: a, min: 0, mostly: 9 }] }\n';
    expect(errorOf(() => parseConfig(text, 'c.yml'))).toBe(
      'c.yml:2:73: validate.checks[0].mostly must be > 0 and ≤ 1, got 9',
    );
  });

  it('names a key that is not valid in this kind of check with the kind', () => {
    const text =
      'version: 1\nvalidate:\n  data: x\n  checks:\n    - type: mean\n      column: a\n      min: 1\n      mostly: 0.9\n';
    expect(errorOf(() => parseConfig(text, 'c.yml'))).toBe(
      'c.yml:8:7: unknown key "mostly" in validate.checks[0] (mean); expected one of type, name, severity, column, min, max',
    );
  });
});

describe('checks files', () => {
  it('loads a YAML checks file with version', async () => {
    expect(await loadChecksFile(join(GOOD, 'checks.yml'))).toStrictEqual([
      { type: 'row-count', max: 1000000, severity: 'warning' },
      { type: 'unique', columns: ['id', 'day'] },
      { type: 'range', column: 'score', max: 1, strictMax: true, mostly: 0.5 },
    ]);
  });

  it('loads a JSON checks file and expands `column` of unique', async () => {
    expect(await loadChecksFile(join(GOOD, 'checks.json'))).toStrictEqual([
      { type: 'columns', columns: ['a', 'b'], mode: 'exact-ordered' },
      { type: 'unique', columns: ['a'] },
    ]);
  });

  it('reports problems with the checks file path and a path rooted at checks', () => {
    expect(
      errorOf(() =>
        parseChecksFile('checks:\n  - type: null-fraction\n    column: a\n    max: 2\n', 'k.yml'),
      ),
    ).toBe('k.yml:4:10: checks[0].max must be ≥ 0 and ≤ 1, got 2');
  });

  it('accepts an empty list of checks', () => {
    expect(parseChecksFile('checks: []\n', 'k.yml')).toEqual([]);
  });
});
