import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellState, type Batch, type Column } from '../../../src/core/data/types.js';
import { compilePrecheck } from '../../../src/core/validate/columnar-precheck.js';
import { RowValidator } from '../../../src/core/validate/row-validator.js';
import { compileSchema, type LoadedSchema } from '../../../src/core/validate/schema-loader.js';
import { ViolationCollector } from '../../../src/core/validate/violations.js';

// The pre-check may only skip rows ajv would accept: validating with it must give exactly the violations
// of validating every row with ajv, for any schema in its subset and any cells.

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const bound = fc.constantFrom(-1, 0, 1, 2, 2.5, 100);
const numberSchema = fc.record(
  {
    type: maybe(fc.constantFrom<unknown>('number', 'integer', ['number', 'null'], ['integer', 'null'])),
    minimum: maybe(bound),
    maximum: maybe(bound),
    exclusiveMinimum: maybe(bound),
    exclusiveMaximum: maybe(bound),
    enum: maybe(fc.subarray([0, 1, 2, 2.5, -1], { minLength: 1 })),
  },
  { requiredKeys: [] },
);
const stringSchema = fc.record(
  {
    type: maybe(fc.constantFrom<unknown>('string', ['string', 'null'])),
    enum: maybe(fc.subarray(['x', 'y', 'é', ''], { minLength: 1 })),
    pattern: maybe(fc.constantFrom('^x', 'y$', '^\\p{L}+$')),
    minimum: maybe(bound),
  },
  { requiredKeys: [] },
);
const booleanSchema = fc.record(
  { type: maybe(fc.constant('boolean')), enum: maybe(fc.subarray([true, false], { minLength: 1 })) },
  { requiredKeys: [] },
);
const schemaArb = fc
  .record({
    n: numberSchema,
    i: numberSchema,
    s: stringSchema,
    b: booleanSchema,
    required: fc.subarray(['n', 'i', 's', 'b', 'extra']),
    additionalProperties: maybe(fc.boolean()),
  })
  .map(({ required, additionalProperties, ...properties }) => {
    const clean = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
    const schema: Record<string, unknown> = {
      type: 'object',
      properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, clean(v)])),
      required,
    };
    if (additionalProperties !== undefined) schema.additionalProperties = additionalProperties;
    return schema;
  });

const state = fc.constantFrom<CellState>(
  ...Array<CellState>(12).fill(CellState.Present),
  CellState.Absent,
  CellState.Null,
  CellState.NaN,
  CellState.Invalid,
);
const number = fc.oneof(fc.constantFrom(-1, 0, -0, 1, 2, 2.5, 3, 100, Infinity), fc.double({ noNaN: true }));
const rowArb = fc.record({
  n: fc.tuple(state, number),
  i: fc.tuple(state, number),
  s: fc.tuple(state, fc.constantFrom('x', 'y', 'z', 'é', 'xy', '')),
  b: fc.tuple(state, fc.boolean()),
  extra: fc.tuple(state, fc.constantFrom('e')),
});
type Row = Record<'n' | 'i' | 's' | 'b' | 'extra', [CellState, unknown]>;

function toBatch(rows: Row[], names: (keyof Row)[]): Batch {
  const columns = names.map((name): Column => {
    const st = Uint8Array.from(rows, (r) => r[name][0]);
    const invalid = new Map<number, unknown>();
    rows.forEach((r, k) => r[name][0] === CellState.Invalid && invalid.set(k, 'raw'));
    const present = (k: number) => rows[k][name][0] === CellState.Present;
    if (name === 'n' || name === 'i') {
      const values = Float64Array.from(rows, (r, k) => (present(k) ? (r[name][1] as number) : NaN));
      return { name, kind: 'number', values, state: st, invalid };
    }
    if (name === 'b') {
      const values = Uint8Array.from(rows, (r, k) => (present(k) && r.b[1] ? 1 : 0));
      return { name, kind: 'boolean', values, state: st, invalid };
    }
    const values = rows.map((r, k) => (present(k) ? (r[name][1] as string) : undefined));
    return { name, kind: 'string', values, state: st, invalid };
  });
  const rowNumbers = Uint32Array.from(rows, (_, k) => k + 1);
  return { length: rows.length, columns, rowNumbers, lines: rowNumbers };
}

function violations(loaded: LoadedSchema, batch: Batch, withPrecheck: boolean) {
  const collector = new ViolationCollector(1000);
  const validator = new RowValidator({
    validate: () => loaded.validate,
    nullable: new Set(loaded.nullable),
    collector,
    precheck: withPrecheck ? loaded.precheck : undefined,
  });
  validator.validateBatch(batch, { path: 'f.csv', format: 'csv' });
  return { listed: collector.violations(['f.csv']), total: collector.fileCount('f.csv') };
}

describe('columnar pre-check', () => {
  it('changes no violation: same rows, rules, messages and counts as ajv on every row', () => {
    let skipped = 0;
    let checked = 0;
    fc.assert(
      fc.property(
        schemaArb,
        fc.array(rowArb, { minLength: 1, maxLength: 30 }),
        fc.shuffledSubarray(['n', 'i', 's', 'b', 'extra'] as const, { minLength: 1 }),
        (schema, rows, names) => {
          const loaded = compileSchema('p.json', schema);
          expect(loaded.precheck).toBeDefined();
          const batch = toBatch(rows, [...names]);
          const suspect = loaded.precheck!(batch);
          if (suspect) {
            skipped += suspect.filter((x) => x === 0).length;
            checked += suspect.length;
          }
          expect(violations(loaded, batch, true)).toEqual(violations(loaded, batch, false));
        },
      ),
      { numRuns: 600 },
    );
    // The property is not vacuous: the pre-check did skip rows, and did not skip them all.
    expect(skipped).toBeGreaterThan(0);
    expect(skipped).toBeLessThan(checked);
  });

  it('proves clean rows valid and leaves exactly the failing or incomplete ones to ajv', () => {
    const loaded = compileSchema('p.json', {
      type: 'object',
      properties: { n: { type: 'integer', minimum: 0 }, s: { enum: ['x', 'y'] }, b: { type: 'boolean' } },
      required: ['n', 's'],
      additionalProperties: false,
    });
    const P = CellState.Present;
    const batch = toBatch(
      [
        { n: [P, 1], i: [P, 0], s: [P, 'x'], b: [P, true], extra: [P, 'e'] },
        { n: [P, 1.5], i: [P, 0], s: [P, 'x'], b: [P, true], extra: [P, 'e'] },
        { n: [P, 2], i: [P, 0], s: [P, 'z'], b: [P, false], extra: [P, 'e'] },
        { n: [P, 3], i: [P, 0], s: [CellState.Absent, ''], b: [P, false], extra: [P, 'e'] },
        { n: [P, -1], i: [P, 0], s: [P, 'y'], b: [P, false], extra: [P, 'e'] },
        { n: [P, 4], i: [P, 0], s: [P, 'y'], b: [CellState.Invalid, ''], extra: [P, 'e'] },
      ],
      ['n', 's', 'b'],
    );
    expect([...loaded.precheck!(batch)!]).toEqual([0, 1, 1, 1, 1, 1]);
    // A column the schema forbids fails every row: nothing is proven.
    expect(
      loaded.precheck!(
        toBatch([{ n: [P, 1], i: [P, 0], s: [P, 'x'], b: [P, true], extra: [P, 'e'] }], ['n', 's', 'extra']),
      ),
    ).toBeNull();
  });

  it.each([
    [{ type: 'object', properties: { a: { type: 'string', minLength: 2 } } }],
    [{ type: 'object', properties: { a: { $ref: '#/$defs/x' } }, $defs: { x: {} } }],
    [{ type: 'object', properties: { a: { type: 'number' } }, allOf: [{ required: ['a'] }] }],
    [{ type: 'object', properties: { a: { type: 'string', format: 'email' } } }],
    [{ type: 'object', additionalProperties: { type: 'number' } }],
    [{ properties: { a: { type: 'number' } } }],
  ])('stays off for a schema beyond its subset: %j', (schema) => {
    expect(compilePrecheck(schema)).toBeUndefined();
  });
});
