import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { inferSchema, isIdLike } from '../../../src/core/validate/infer-schema.js';
import { compileSchema } from '../../../src/core/validate/schema-loader.js';
import { validateData } from '../../../src/core/validate/validate-data.js';

const dir = join(import.meta.dirname, '../../fixtures/validate');
const fixture = (name: string) => join(dir, name);
const vega = (name: string) => join(import.meta.dirname, '../../../node_modules/vega-datasets/data', name);

interface InferredSchema {
  $schema: string;
  additionalProperties: boolean;
  required: string[];
  properties: Record<string, { type?: string | string[]; [keyword: string]: unknown }>;
}

/** Infers from files, then validates the same files with the result: nothing may be reported. */
async function roundTrip(files: string[]) {
  const { schema, checks } = await inferSchema(files, { logger: getRecordingLogger() });
  const loaded = compileSchema('inferred.schema.json', JSON.parse(JSON.stringify(schema)));
  const result = await validateData({ files, schema: loaded, checks, logger: getRecordingLogger() });
  return { schema: schema as InferredSchema, checks, result };
}

describe('inferSchema', () => {
  it('infers types, bounds, enums, nullability, x-unique and checks from a CSV file', async () => {
    const { schema, checks, result } = await roundTrip([fixture('orders.csv')]);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties).toEqual({
      order_id: { type: 'integer', minimum: 1, maximum: 12, 'x-unique': true },
      customer: { type: 'string' },
      qty: { type: 'integer', minimum: 1, maximum: 6 },
      price: { type: ['number', 'null'], minimum: 0.5, maximum: 100 },
      express: { type: 'boolean' },
      status: { type: 'string' },
      note: { type: ['string', 'null'] },
    });
    expect(schema.required).toEqual(['order_id', 'customer', 'qty', 'express', 'status']);
    expect(checks).toEqual([
      { type: 'row-count', min: 6 },
      {
        type: 'columns',
        mode: 'exact-ordered',
        columns: ['order_id', 'customer', 'qty', 'price', 'express', 'status', 'note'],
      },
      { type: 'null-fraction', column: 'price', max: 0.14 },
      { type: 'null-fraction', column: 'note', max: 0.89 },
    ]);
    expect(result.total_violations).toBe(0);
    expect(result.checks.every((c) => c.passed)).toBe(true);
    expect(result.passed).toBe(true);
  });

  it('adds an enum for a string column with few values seen often enough (null included when nullable)', async () => {
    const { schema, result } = await roundTrip([vega('seattle-weather.csv')]);
    expect(schema.properties.weather).toEqual({
      type: 'string',
      enum: ['drizzle', 'fog', 'rain', 'snow', 'sun'],
    });
    expect(schema.properties.date).toEqual({ type: 'string' });
    expect(schema.properties.temp_max.type).toBe('number');
    expect(result.rows).toBe(1461);
    expect(result.total_violations).toBe(0);
    expect(result.passed).toBe(true);
  });

  it('round-trips a CSV with empty cells and NaN text (they are missing numbers)', async () => {
    const { schema, checks, result } = await roundTrip([fixture('measures.csv')]);
    expect(schema.properties.normal.type).toEqual(['number', 'null']);
    expect(schema.properties.ints.type).toEqual(['integer', 'null']);
    expect(schema.properties.label).toEqual({ type: 'string', enum: ['a', 'b', 'c'] });
    expect(schema.properties.id['x-unique']).toBe(true);
    expect(checks.filter((c) => c.type === 'null-fraction').map((c) => c.column)).toEqual(['normal', 'ints']);
    expect(result.total_violations).toBe(0);
    expect(result.passed).toBe(true);
  });

  it('round-trips JSON Lines with nulls, absent keys, mixed kinds and nested values', async () => {
    const { schema, result } = await roundTrip([fixture('people.jsonl')]);
    // id holds 1, 2, "3", 4: JSON values of two kinds get no type constraint.
    expect(schema.properties).toMatchObject({
      id: {},
      age: { type: ['number', 'null'] },
      tags: {},
      member: { type: ['string', 'null'] },
    });
    expect(schema.required).toEqual(['id', 'plan']);
    expect(result.total_violations).toBe(0);
  });

  it('round-trips several files whose columns differ (at-least check on the common ones)', async () => {
    const { checks, result } = await roundTrip([fixture('orders.csv'), fixture('people.csv')]);
    // No column is common to both files, so there is no columns check.
    expect(checks.map((c) => c.type)).not.toContain('columns');
    expect(result.total_violations).toBe(0);
    expect(result.passed).toBe(true);
  });

  it.each([
    ['id', true],
    ['ID', true],
    ['user_id', true],
    ['user-id', true],
    ['userId', true],
    ['OrderID', true],
    ['uuid', true],
    ['valid', false],
    ['paid', false],
    ['identity', false],
    ['idle', false],
  ])('treats %s as id-like: %s', (name, expected) => {
    expect(isIdLike(name)).toBe(expected);
  });
});
