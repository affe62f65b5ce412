import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../../src/core/config/types.js';
import { isConfigurationError } from '../../../src/core/errors.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { compileSchema } from '../../../src/core/validate/schema-loader.js';
import { validateData, type ValidateDataOptions } from '../../../src/core/validate/validate-data.js';
import { csv, memoryOpener, type MemoryFile } from './helpers.js';

const fixtures = join(import.meta.dirname, '../../fixtures/validate');

async function check(
  files: Record<string, MemoryFile>,
  checks: CheckSpec[],
  extra: Partial<ValidateDataOptions> = {},
) {
  const open = memoryOpener(files);
  const result = await validateData({
    files: Object.keys(files),
    checks,
    logger: getRecordingLogger(),
    open,
    ...extra,
  });
  return { result, open };
}

const people = csv('id,plan,score', '1,pro,0.5', '2,free,0.9', '3,pro,', '2,gold,1.5');

describe('dataset checks', () => {
  it.each([
    [{ min: 4 }, true, '4 rows; expected >= 4'],
    [{ min: 5 }, false, '4 rows; expected >= 5'],
    [{ max: 3 }, false, '4 rows; expected <= 3'],
    [{ min: 1, max: 10 }, true, '4 rows; expected >= 1 and <= 10'],
  ])('row-count %o over all files', async (bounds, passed, message) => {
    const { result } = await check({ 'a.csv': people }, [{ type: 'row-count', ...bounds }]);
    expect(result.checks[0]).toMatchObject({ type: 'row-count', passed, observed: 4, message });
    expect(result.passed).toBe(passed);
  });

  it('counts rows over every file for row-count', async () => {
    const { result } = await check({ 'a.csv': people, 'b.csv': csv('id,plan,score', '9,pro,1') }, [
      { type: 'row-count', min: 5 },
    ]);
    expect(result.checks[0]).toMatchObject({ passed: true, observed: 5 });
  });

  it.each([
    ['exact', ['plan', 'id', 'score'], true, ''],
    ['exact', ['id', 'plan'], false, 'a.csv: unexpected "score"'],
    [
      'exact-ordered',
      ['plan', 'id', 'score'],
      false,
      'a.csv: columns are in the order "id", "plan", "score"; expected "plan", "id", "score"',
    ],
    ['exact-ordered', ['id', 'plan', 'score'], true, ''],
    ['at-least', ['id', 'score'], true, ''],
    ['at-least', ['id', 'age'], false, 'a.csv: missing "age"'],
  ] as const)('columns %s %j', async (mode, columns, passed, message) => {
    const { result } = await check({ 'a.csv': people }, [{ type: 'columns', mode, columns: [...columns] }]);
    expect(result.checks[0].passed).toBe(passed);
    if (message) expect(result.checks[0].message).toBe(message);
  });

  it('finds duplicates of a single key, listing the 2nd occurrence with the first in the message', async () => {
    const { result } = await check({ 'a.csv': people }, [{ type: 'unique', columns: ['id'] }]);
    expect(result.checks[0]).toMatchObject({
      passed: false,
      unexpected_count: 1,
      observed: { duplicates: 1, distinct: 3 },
      message: '1 duplicate value of id',
    });
    expect(result.violations).toEqual([
      {
        file: 'a.csv',
        row: 4,
        line: 5,
        column: 'id',
        rule: 'unique',
        severity: 'error',
        message: 'duplicate "2": first seen at row 2',
        value: '2',
      },
    ]);
  });

  it('finds composite-key duplicates across files and skips keys with a missing cell', async () => {
    const a = csv('x,y', '1,a', '1,b', ',a', ',a');
    const b = csv('x,y', '1,b', '2,a');
    const { result } = await check({ 'a.csv': a, 'b.csv': b }, [{ type: 'unique', columns: ['x', 'y'] }]);
    expect(result.checks[0]).toMatchObject({
      passed: false,
      unexpected_count: 1,
      columns: ['x', 'y'],
      message: '1 duplicate key of x, y',
    });
    expect(result.violations.map((v) => [v.file, v.row, v.column, v.message])).toEqual([
      ['b.csv', 1, 'x, y', 'duplicate ["1","b"]: first seen at row 2 of a.csv'],
    ]);
  });

  it('adds a unique check for x-unique properties of the schema', async () => {
    const schema = compileSchema('s.json', { properties: { id: { type: 'integer', 'x-unique': true } } });
    const { result } = await check({ 'a.csv': csv('id', '1', '2', '1', '1') }, [], { schema });
    expect(result.checks).toMatchObject([
      {
        name: 'unique (id) from x-unique',
        passed: false,
        unexpected_count: 2,
        message: '2 duplicate values of id',
      },
    ]);
    expect(result.violations.map((v) => [v.row, v.message, v.value])).toEqual([
      [3, 'duplicate 1: first seen at row 1', 1],
      [4, 'duplicate 1: first seen at row 1', 1],
    ]);
  });

  it('caps listed duplicates but counts them all', async () => {
    const rows = Array.from({ length: 50 }, () => '7');
    const { result } = await check({ 'a.csv': csv('id', ...rows) }, [{ type: 'unique', columns: ['id'] }], {
      maxViolations: 2,
    });
    expect(result.violations).toHaveLength(2);
    expect(result.violation_counts).toEqual([
      { rule: 'unique', column: 'id', severity: 'error', count: 49, listed: 2 },
    ]);
  });

  it('measures the null fraction over all rows (empty, null and NaN are missing)', async () => {
    const a = csv('id,score', '1,0.5', '2,', '3,NaN', '4,1');
    const spec: CheckSpec = { type: 'null-fraction', column: 'score', max: 0.5 };
    const schema = compileSchema('s.json', { properties: { score: { type: 'number' } } });
    const { result } = await check({ 'a.csv': a }, [spec, { ...spec, max: 0.25 }], { schema });
    expect(result.checks.map((c) => [c.passed, c.observed])).toEqual([
      [true, 0.5],
      [false, 0.5],
    ]);
    expect(result.checks[1].message).toBe('2 of 4 values missing (50%); expected at most 25%');
  });

  it('counts NaN text as a value in a string column (only number columns have NaN cells)', async () => {
    const { result } = await check({ 'a.csv': csv('s', 'NaN', '') }, [
      { type: 'null-fraction', column: 's', max: 1 },
    ]);
    expect(result.checks[0].observed).toBe(0.5);
  });

  it('lists allowed-values failures as violations without mostly', async () => {
    const { result } = await check({ 'a.csv': people }, [
      { type: 'allowed-values', column: 'plan', values: ['free', 'pro'] },
    ]);
    expect(result.checks[0]).toMatchObject({ passed: false, unexpected_count: 1, unexpected_fraction: 0.25 });
    expect(result.violations.map((v) => [v.row, v.column, v.rule, v.message])).toEqual([
      [4, 'plan', 'allowed-values', 'must be one of "free", "pro" (got "gold")'],
    ]);
    expect(result.error_count).toBe(1);
  });

  it('with mostly, a passing check counts its failing rows but lists no violations', async () => {
    const { result } = await check({ 'a.csv': people }, [
      { type: 'allowed-values', column: 'plan', values: ['free', 'pro'], mostly: 0.75 },
    ]);
    expect(result.checks[0]).toMatchObject({ passed: true, unexpected_count: 1, mostly: 0.75 });
    expect(result.violations).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('with mostly, a failing check lists its failing rows', async () => {
    const { result } = await check({ 'a.csv': people }, [
      { type: 'allowed-values', column: 'plan', values: ['free'], mostly: 0.6 },
    ]);
    expect(result.checks[0]).toMatchObject({ passed: false, unexpected_count: 3 });
    expect(result.violations.map((v) => v.row)).toEqual([1, 3, 4]);
  });

  it('compares allowed values by text, so numbers match CSV text and booleans match', async () => {
    const { result } = await check({ 'a.csv': csv('n', '1', '2', '3') }, [
      { type: 'allowed-values', column: 'n', values: [1, 2] },
    ]);
    expect(result.checks[0]).toMatchObject({ unexpected_count: 1 });
  });

  it('checks ranges with inclusive and strict bounds; missing cells are skipped, text fails', async () => {
    const a = csv('score', '0', '0.5', '1', '', 'high');
    const { result } = await check({ 'a.csv': a }, [
      { type: 'range', column: 'score', min: 0, max: 1 },
      {
        type: 'range',
        column: 'score',
        min: 0,
        max: 1,
        strictMin: true,
        strictMax: true,
        severity: 'warning',
      },
    ]);
    expect(result.checks.map((c) => [c.passed, c.unexpected_count])).toEqual([
      [false, 1],
      [false, 3],
    ]);
    expect(result.checks[1].name).toBe('range of score: > 0 and < 1');
    expect(result.violations.map((v) => [v.row, v.severity, v.message])).toEqual([
      [1, 'warning', 'must be a number > 0 and < 1 (got 0)'],
      [3, 'warning', 'must be a number > 0 and < 1 (got 1)'],
      [5, 'error', 'must be a number >= 0 and <= 1 (got "high")'],
      [5, 'warning', 'must be a number > 0 and < 1 (got "high")'],
    ]);
  });

  it('reads columns of numeric checks as numbers when the schema does not type them', async () => {
    const { open } = await check({ 'a.csv': people }, [
      { type: 'mean', column: 'score' },
      { type: 'allowed-values', column: 'plan', values: ['pro'] },
    ]);
    expect(open.calls[0].columnTypes).toEqual({ score: 'number' });
  });

  it('fails a check whose column is missing from one file', async () => {
    const { result } = await check({ 'a.csv': people, 'b.csv': csv('id', '5') }, [
      { type: 'null-fraction', column: 'score', max: 1 },
    ]);
    expect(result.checks[0]).toMatchObject({ passed: false, message: 'column "score" not found in b.csv' });
  });

  it('rejects a check on a column that neither the schema nor any file has', async () => {
    const error = await check({ 'a.csv': people }, [{ type: 'mean', column: 'scroe' }]).catch(
      (e: unknown) => e as Error,
    );
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'check "mean" names column "scroe", which is in neither the schema nor any data file; known columns: "id", "plan", "score"',
    );
  });

  it.each([
    [
      { type: 'quantile', column: 'score', quantile: 1.5 },
      'check 1 (quantile): quantile must be a number from 0 to 1, got 1.5',
    ],
    [{ type: 'range', column: 'score', min: 2, max: 1 }, 'check 1 (range): min (2) is greater than max (1)'],
    [{ type: 'range', column: 'score', mostly: 2 }, 'check 1 (range): mostly must be > 0 and ≤ 1, got 2'],
    [{ type: 'range', column: 'score', mostly: 0 }, 'check 1 (range): mostly must be > 0 and ≤ 1, got 0'],
    [{ type: 'unique', columns: [] }, 'check 1 (unique): columns must list at least one column'],
    [{ type: 'median', column: 'score' }, 'check 1 (median): unknown type "median"'],
  ])('rejects a bad check spec %j', async (spec, message) => {
    const error = await check({ 'a.csv': people }, [spec as CheckSpec]).catch((e: unknown) => e as Error);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toContain(message);
  });

  it('fails only on error severity by default, on warnings with fail_on warning, never with never', async () => {
    const spec: CheckSpec = { type: 'row-count', min: 100, severity: 'warning' };
    const byFailOn = await Promise.all(
      (['error', 'warning', 'never'] as const).map(
        async (failOn) => (await check({ 'a.csv': people }, [spec], { failOn })).result,
      ),
    );
    expect(byFailOn.map((r) => [r.fail_on, r.passed, r.warning_count, r.error_count])).toEqual([
      ['error', true, 1, 0],
      ['warning', false, 1, 0],
      ['never', true, 1, 0],
    ]);
    const failing = await check({ 'a.csv': people }, [{ type: 'row-count', min: 100 }], { failOn: 'never' });
    expect(failing.result.passed).toBe(true);
  });
});

describe('quantile and mean against numpy', () => {
  const reference = JSON.parse(readFileSync(join(fixtures, 'reference.json'), 'utf8')) as {
    columns: Record<
      string,
      {
        count: number;
        missing_fraction: number;
        quantiles: [number, number][];
        exact_mean: number;
        numpy_mean: number;
      }
    >;
  };
  const lines = readFileSync(join(fixtures, 'measures.csv'), 'utf8').trimEnd().split('\n');
  const measures = csv(...lines);

  const close = (actual: unknown, expected: number) => {
    expect(typeof actual).toBe('number');
    expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
  };

  it.each(Object.keys(reference.columns))(
    'matches numpy quantiles (linear) of %s to 1e-12',
    async (column) => {
      const ref = reference.columns[column];
      const checks: CheckSpec[] = ref.quantiles.map(([quantile]) => ({ type: 'quantile', column, quantile }));
      const { result } = await check({ 'm.csv': measures }, checks, { batchSize: 300 });
      result.checks.forEach((c, k) => close(c.observed, ref.quantiles[k][1]));
    },
  );

  it.each(Object.keys(reference.columns))(
    'matches the mean of %s to 1e-12 and pandas missing fraction',
    async (column) => {
      const ref = reference.columns[column];
      const { result } = await check({ 'm.csv': measures }, [
        { type: 'mean', column },
        { type: 'null-fraction', column, max: 1 },
      ]);
      close(result.checks[0].observed, ref.exact_mean);
      close(result.checks[0].observed, ref.numpy_mean);
      expect(result.checks[1].observed).toBe(ref.missing_fraction);
    },
  );

  it('passes or fails quantile and mean bounds', async () => {
    const median = reference.columns.normal.quantiles.find(([q]) => q === 0.5)![1];
    const { result } = await check({ 'm.csv': measures }, [
      { type: 'quantile', column: 'normal', quantile: 0.5, min: median, max: median },
      { type: 'quantile', column: 'normal', quantile: 0.5, max: median - 1 },
      { type: 'mean', column: 'ints', min: -1000, max: 1000 },
      { type: 'mean', column: 'ints', min: 1000 },
    ]);
    expect(result.checks.map((c) => c.passed)).toEqual([true, false, true, false]);
  });

  it('fails quantile and mean on a column without numbers, and says how many were ignored', async () => {
    const { result } = await check({ 'a.csv': csv('x', 'a', 'b', '') }, [
      { type: 'quantile', column: 'x', quantile: 0.5 },
      { type: 'mean', column: 'x' },
    ]);
    expect(result.checks.map((c) => [c.passed, c.observed, c.message])).toEqual([
      [false, null, 'no numeric values in x (2 non-numeric values ignored)'],
      [false, null, 'no numeric values in x (2 non-numeric values ignored)'],
    ]);
  });
});
