import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellState, type Batch, type Column, type DataFormat } from '../../../src/core/data/types.js';
import { describeError, RowValidator } from '../../../src/core/validate/row-validator.js';
import { compileSchema } from '../../../src/core/validate/schema-loader.js';
import { ViolationCollector } from '../../../src/core/validate/violations.js';

const schema = compileSchema('p.json', {
  properties: {
    n: { type: 'number', minimum: 0 },
    m: { type: ['integer', 'null'] },
    b: { type: 'boolean' },
    s: { type: 'string', enum: ['x', 'y'] },
    j: { type: 'array' },
  },
  required: ['n', 'b'],
  additionalProperties: false,
});

type Cell = { state: CellState; value: unknown };

const states = fc.constantFrom<CellState>(
  CellState.Present,
  CellState.Present,
  CellState.Present,
  CellState.Absent,
  CellState.Null,
  CellState.NaN,
  CellState.Invalid,
);
const cell = (present: fc.Arbitrary<unknown>): fc.Arbitrary<Cell> =>
  fc.record({ state: states, value: present }).map(({ state, value }) => ({
    state,
    value: state === CellState.Invalid ? 'raw' : value,
  }));
const rowArb = fc.record({
  n: cell(fc.double({ noNaN: true, min: -5, max: 5 })),
  m: cell(fc.constantFrom(1, 2.5)),
  b: cell(fc.boolean()),
  s: cell(fc.constantFrom('x', 'y', 'z')),
  j: cell(fc.constantFrom([1], { a: 1 }, 'q')),
  extra: cell(fc.constantFrom('e')),
});
const KINDS = { n: 'number', m: 'number', b: 'boolean', s: 'string', j: 'json', extra: 'string' } as const;
type Name = keyof typeof KINDS;

function toBatch(rows: Record<Name, Cell>[], names: Name[]): Batch {
  const length = rows.length;
  const columns = names.map((name): Column => {
    const state = new Uint8Array(rows.map((r) => r[name].state));
    const invalid = new Map<number, unknown>();
    rows.forEach((r, i) => r[name].state === CellState.Invalid && invalid.set(i, r[name].value));
    const present = (i: number) => rows[i][name].state === CellState.Present;
    const kind = KINDS[name];
    if (kind === 'number') {
      const values = Float64Array.from(rows, (r, i) => (present(i) ? (r[name].value as number) : NaN));
      return { name, kind, values, state, invalid };
    }
    if (kind === 'boolean') {
      const values = Uint8Array.from(rows, (r, i) => (present(i) && r[name].value ? 1 : 0));
      return { name, kind, values, state, invalid };
    }
    const values = rows.map((r, i) => (present(i) ? r[name].value : undefined));
    return kind === 'string'
      ? { name, kind, values: values as string[], state, invalid }
      : { name, kind, values, state, invalid };
  });
  const rowNumbers = Uint32Array.from(rows, (_, i) => i + 1);
  return { length, columns, rowNumbers, lines: rowNumbers };
}

/** The documented cell rule, written plainly: one fresh object per row. */
function referenceRow(row: Record<Name, Cell>, names: Name[], format: DataFormat): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const { state, value } = row[name];
    if (state === CellState.Present || state === CellState.Invalid) out[name] = value;
    else if (format === 'jsonl') {
      if (state !== CellState.Absent) out[name] = null;
    } else if (schema.nullable.includes(name)) out[name] = null;
  }
  return out;
}

describe('generated row builder', () => {
  it('reports exactly what ajv reports on plainly built rows, for every cell state and format', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 40 }),
        fc.shuffledSubarray(['n', 'm', 'b', 's', 'j', 'extra'] as Name[], { minLength: 1 }),
        fc.constantFrom<DataFormat>('csv', 'jsonl', 'parquet'),
        (rows, names, format) => {
          const collector = new ViolationCollector(Number.MAX_SAFE_INTEGER);
          const validator = new RowValidator({
            validate: () => schema.validate,
            nullable: new Set(schema.nullable),
            collector,
          });
          validator.validateBatch(toBatch(rows, names), { path: 'f', format });
          const actual = collector
            .violations(['f'])
            .map((v) => `${v.row} ${v.rule} ${v.column} ${v.message}`);
          const expected: string[] = [];
          rows.forEach((row, i) => {
            if (schema.validate(referenceRow(row, names, format))) return;
            for (const e of schema.validate.errors ?? []) {
              const params = e.params as Record<string, string>;
              const column = e.instancePath
                ? e.instancePath.slice(1)
                : (params.missingProperty ?? params.additionalProperty);
              expected.push(`${i + 1} ${e.keyword} ${column} ${describeError(e)}`);
            }
          });
          expect(actual.map((line) => line.replace(/ \(got .*\)$/, ''))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
