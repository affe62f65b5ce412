import { describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { compileSchema } from '../../../src/core/validate/schema-loader.js';
import { validateData } from '../../../src/core/validate/validate-data.js';
import { csv, memoryOpener, type MemoryFile } from './helpers.js';

const people = compileSchema('people.schema.json', {
  type: 'object',
  properties: {
    id: { type: 'integer', minimum: 1 },
    age: { type: ['integer', 'null'], minimum: 0 },
    height: { type: 'number', exclusiveMinimum: 0 },
    plan: { type: 'string', enum: ['free', 'pro'] },
    member: { type: 'boolean' },
  },
  required: ['id', 'plan'],
  additionalProperties: false,
});

async function run(
  files: Record<string, MemoryFile>,
  extra: Partial<Parameters<typeof validateData>[0]> = {},
) {
  const open = memoryOpener(files);
  const result = await validateData({
    files: Object.keys(files),
    schema: people,
    logger: getRecordingLogger(),
    open,
    ...extra,
  });
  return { result, open };
}

const pick = (v: { row: number | null; column: string | null; rule: string; message: string }) => [
  v.row,
  v.column,
  v.rule,
  v.message,
];

describe('row validation', () => {
  it('passes typed CSV rows and asks the reader for the schema column types', async () => {
    const { result, open } = await run({
      'a.csv': csv('id,age,height,plan,member', '1,30,1.8,pro,true', '2,,1.7,free,False'),
    });
    expect(result.passed).toBe(true);
    expect(result.rows).toBe(2);
    expect(result.violations).toEqual([]);
    expect(open.calls[0].columnTypes).toEqual({
      id: 'integer',
      age: 'integer',
      height: 'number',
      plan: 'string',
      member: 'boolean',
    });
  });

  it('reports each CSV mistake with the row, line, column, rule and a message with the value', async () => {
    const { result } = await run({
      'a.csv': csv(
        'id,age,height,plan,member',
        '41.5,30,1.8,pro,true',
        '2,-3,abc,pro,true',
        '3,NaN,1.7,gold,yes',
        ',30,,,true',
      ),
    });
    expect(result.passed).toBe(false);
    expect(result.violations.map(pick)).toEqual([
      [1, 'id', 'type', 'must be integer (got 41.5)'],
      [2, 'age', 'minimum', 'must be >= 0 (got -3)'],
      [2, 'height', 'type', 'must be number (got "abc")'],
      [3, 'plan', 'enum', 'must be equal to one of the allowed values (got "gold")'],
      [3, 'member', 'type', 'must be boolean (got "yes")'],
      [4, 'id', 'required', "must have required property 'id'"],
      [4, 'plan', 'required', "must have required property 'plan'"],
    ]);
    expect(result.violations[0]).toMatchObject({ file: 'a.csv', line: 2, severity: 'error', value: 41.5 });
    expect(result.violations.find((v) => v.rule === 'required')).not.toHaveProperty('value');
    expect(result.total_violations).toBe(7);
    expect(result.error_count).toBe(7);
  });

  it('turns a missing CSV cell into null only where the schema allows null', async () => {
    const { result } = await run({
      'a.csv': csv('id,age,height,plan,member', '1,,,pro,', '2,nan,NaN,pro,true'),
    });
    // age allows null (empty and NaN pass); height and member do not, and are not required: absent passes.
    expect(result.violations).toEqual([]);
  });

  it('reports extra columns under additionalProperties with that column', async () => {
    const { result } = await run({ 'a.csv': csv('id,plan,extra', '1,pro,x') });
    expect(result.violations.map(pick)).toEqual([
      [1, 'extra', 'additionalProperties', 'must NOT have additional properties (got "x")'],
    ]);
  });

  it('keeps JSON semantics for JSON Lines: absent key is absent, null is null', async () => {
    const { result } = await run({
      'a.jsonl': {
        format: 'jsonl',
        rows: [{ id: 1, plan: 'pro', height: null }, { id: 2 }, { id: 3, plan: 'free', age: null }],
      },
    });
    expect(result.violations.map(pick)).toEqual([
      [1, 'height', 'type', 'must be number (got null)'],
      [2, 'plan', 'required', "must have required property 'plan'"],
    ]);
    expect(result.violations[0].line).toBe(1);
  });

  it('treats a Parquet null as absent in a non-nullable column and reports line null', async () => {
    const { result } = await run({
      'a.parquet': {
        format: 'parquet',
        columns: { id: 'number', plan: 'string', height: 'number' },
        rows: [
          { id: 1, plan: 'pro', height: null },
          { id: 2, plan: null, height: NaN },
        ],
      },
    });
    expect(result.violations.map(pick)).toEqual([
      [2, 'plan', 'required', "must have required property 'plan'"],
    ]);
    expect(result.violations[0].line).toBeNull();
    expect(result.files[0]).toEqual({
      path: 'a.parquet',
      format: 'parquet',
      compressed: false,
      rows: 2,
      columns: ['id', 'plan', 'height'],
      violations: 1,
    });
  });

  it('lists the first maxViolations per (rule, column) and counts all of them exactly', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `${i + 1},-${i + 1},1,pro,true`);
    const { result } = await run(
      { 'a.csv': csv('id,age,height,plan,member', ...rows, '1001,5,0,pro,maybe') },
      { maxViolations: 3, batchSize: 64 },
    );
    expect(result.violation_counts).toEqual([
      { rule: 'minimum', column: 'age', severity: 'error', count: 1000, listed: 3 },
      { rule: 'exclusiveMinimum', column: 'height', severity: 'error', count: 1, listed: 1 },
      { rule: 'type', column: 'member', severity: 'error', count: 1, listed: 1 },
    ]);
    expect(result.violations.map((v) => v.row)).toEqual([1, 2, 3, 1001, 1001]);
    expect(result.total_violations).toBe(1002);
    expect(result.files[0].violations).toBe(1002);
  });

  it('keeps row numbers and lines right across batches and files', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `${i === 6 ? 0 : i + 1},1,1,pro,true`);
    const { result } = await run(
      { 'a.csv': csv('id,age,height,plan,member', ...rows), 'b.csv': csv('id,plan', '0,pro') },
      { batchSize: 4 },
    );
    expect(result.violations.map((v) => [v.file, v.row, v.line])).toEqual([
      ['a.csv', 7, 8],
      ['b.csv', 1, 2],
    ]);
    expect(result.rows).toBe(11);
  });

  it('prefixes the path of errors inside a JSON value', async () => {
    const schema = compileSchema('s.json', {
      properties: { tags: { type: 'array', items: { type: 'string' } } },
    });
    const { result } = await run({ 'a.jsonl': { format: 'jsonl', rows: [{ tags: ['a', 5] }] } }, { schema });
    expect(result.violations.map(pick)).toEqual([[1, 'tags', 'type', 'at /tags/1: must be string (got 5)']]);
  });

  it('reports row-level errors without a column as column null', async () => {
    const schema = compileSchema('s.json', { minProperties: 3 });
    const { result } = await run({ 'a.csv': csv('a,b', '1,2') }, { schema });
    expect(result.violations.map((v) => [v.column, v.rule])).toEqual([[null, 'minProperties']]);
  });

  it('handles column names that are special to JavaScript objects', async () => {
    const schema = compileSchema(
      's.json',
      JSON.parse(
        '{"properties": {"__proto__": {"type": "integer"}, "a\\"b": {"type": "integer"}, "constructor": {"type": "integer"}},' +
          ' "required": ["__proto__"]}',
      ),
    );
    const { result } = await run(
      { 'a.csv': csv('__proto__,a"b,constructor', '1,2,3', 'x,2.5,4') },
      { schema },
    );
    // ajv deliberately skips a "__proto__" property schema; what matters is that the cell is an own
    // property (`required` sees it) and that nothing is written onto Object.prototype.
    expect(result.violations.map(pick)).toEqual([[2, 'a"b', 'type', 'must be integer (got 2.5)']]);
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('decodes JSON pointer escapes in the column name', async () => {
    const schema = compileSchema('s.json', { properties: { 'a/b~c': { type: 'integer' } } });
    const { result } = await run({ 'a.csv': csv('a/b~c', '1.5') }, { schema });
    expect(result.violations.map((v) => v.column)).toEqual(['a/b~c']);
  });
});
