import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { compileSchema, loadSchema } from '../../../src/core/validate/schema-loader.js';
import { validateData } from '../../../src/core/validate/validate-data.js';

const dir = join(import.meta.dirname, '../../fixtures/validate');
const fixture = (name: string) => join(dir, name);
const pick = (v: {
  row: number | null;
  line: number | null;
  column: string | null;
  rule: string;
  message: string;
}) => [v.row, v.line, v.column, v.rule, v.message];

describe('validateData over real files (openDataSource)', () => {
  it('validates a CSV file against a 2020-12 schema with x-unique', async () => {
    const schema = await loadSchema(fixture('people.schema.json'));
    const result = await validateData({
      files: [fixture('people.csv')],
      schema,
      logger: getRecordingLogger(),
    });
    expect(result.passed).toBe(false);
    expect(result.rows).toBe(7);
    expect(result.files).toEqual([
      {
        path: fixture('people.csv'),
        format: 'csv',
        compressed: false,
        rows: 7,
        columns: ['id', 'name', 'age', 'height', 'plan', 'member', 'signup'],
        violations: 8,
      },
    ]);
    expect(result.violations.map(pick)).toEqual([
      [4, 5, 'age', 'type', 'must be integer or null (got 41.5)'],
      [5, 6, 'age', 'minimum', 'must be >= 0 (got -3)'],
      [5, 6, 'height', 'type', 'must be number (got "abc")'],
      [5, 6, 'plan', 'enum', 'must be equal to one of the allowed values (got "gold")'],
      [5, 6, 'member', 'type', 'must be boolean (got "yes")'],
      [6, 7, 'id', 'unique', 'duplicate 2: first seen at row 2'],
      [7, 8, 'name', 'required', "must have required property 'name'"],
      [7, 8, 'plan', 'required', "must have required property 'plan'"],
    ]);
    expect(result.checks).toMatchObject([
      { name: 'unique (id) from x-unique', passed: false, unexpected_count: 1 },
    ]);
    expect(result.error_count).toBe(8);
    expect(result.schema_draft).toBe('2020-12');
  });

  it('validates JSON Lines with line numbers as rows and JSON null semantics', async () => {
    const schema = await loadSchema(fixture('people.schema.json'));
    const result = await validateData({
      files: [fixture('people.jsonl')],
      schema,
      logger: getRecordingLogger(),
    });
    expect(result.violations.map(pick)).toEqual([
      [1, 1, 'tags', 'additionalProperties', 'must NOT have additional properties (got ["a"])'],
      [4, 4, 'id', 'type', 'must be integer (got "3")'],
      [5, 5, 'name', 'required', "must have required property 'name'"],
      [5, 5, 'age', 'type', 'must be integer or null (got 41.5)'],
      [5, 5, 'member', 'type', 'must be boolean (got "yes")'],
    ]);
  });
});

describe('validateData over Parquet and gzip', () => {
  const parquet = join(import.meta.dirname, '../../fixtures/data/parquet/types.parquet');

  it('validates a Parquet file: nulls and NaN are missing, big INT64 is reported as invalid', async () => {
    const schema = compileSchema('types.schema.json', {
      properties: {
        id: { type: 'integer', 'x-unique': true },
        score: { type: ['number', 'null'], maximum: 100 },
        big: { type: 'integer' },
        flag: { type: 'boolean' },
        name: { type: 'string' },
        day: { type: 'string', format: 'date' },
      },
      required: ['id', 'flag'],
    });
    const result = await validateData({ files: [parquet], schema, logger: getRecordingLogger() });
    expect(result.files[0]).toMatchObject({ format: 'parquet', rows: 5 });
    expect(result.violations.map(pick)).toEqual([
      [3, null, 'flag', 'required', "must have required property 'flag'"],
      [3, null, 'big', 'type', 'must be integer (got 9007199254740993)'],
      [5, null, 'score', 'maximum', 'must be <= 100 (got 1e+300)'],
    ]);
    expect(result.checks[0]).toMatchObject({ passed: true });
  });

  it('reads a gzipped CSV the same as the plain file', async () => {
    const schema = await loadSchema(fixture('people.schema.json'));
    const plain = await validateData({
      files: [fixture('people.csv')],
      schema,
      logger: getRecordingLogger(),
    });
    const gz = await validateData({
      files: [fixture('people.csv.gz')],
      schema,
      logger: getRecordingLogger(),
    });
    expect(gz.files[0].compressed).toBe(true);
    expect(gz.violations.map(pick)).toEqual(plain.violations.map(pick));
    expect(gz.violation_counts).toEqual(plain.violation_counts);
  });

  it('matches numpy on the measures fixture read by the real CSV reader', async () => {
    const reference = JSON.parse(readFileSync(fixture('reference.json'), 'utf8')) as {
      columns: Record<
        string,
        { quantiles: [number, number][]; exact_mean: number; missing_fraction: number }
      >;
    };
    const ref = reference.columns.normal;
    const result = await validateData({
      files: [fixture('measures.csv')],
      checks: [
        ...ref.quantiles.map(([quantile]) => ({ type: 'quantile' as const, column: 'normal', quantile })),
        { type: 'mean', column: 'normal' },
        { type: 'null-fraction', column: 'normal', max: 1 },
      ],
      logger: getRecordingLogger(),
    });
    const observed = result.checks.map((c) => c.observed as number);
    const expected = [...ref.quantiles.map(([, v]) => v), ref.exact_mean, ref.missing_fraction];
    observed.forEach((value, k) =>
      expect(Math.abs(value - expected[k])).toBeLessThanOrEqual(1e-12 * Math.abs(expected[k])),
    );
  });
});
