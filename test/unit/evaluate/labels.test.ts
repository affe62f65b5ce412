import { describe, expect, it } from 'vitest';
import { CellState, type Batch, type Column } from '../../../src/core/data/types.js';
import { ClassMap, readClassLabels } from '../../../src/core/evaluate/labels.js';

function batchOf(values: number[], states?: number[]): { batch: Batch; column: Column } {
  const column: Column = {
    name: 'label',
    kind: 'number',
    state: Uint8Array.from(states ?? values.map(() => CellState.Present)),
    values: Float64Array.from(values),
    invalid: new Map(),
  };
  const n = values.length;
  return {
    column,
    batch: {
      length: n,
      columns: [column],
      rowNumbers: Uint32Array.from({ length: n }, (_, i) => 101 + i),
      lines: Uint32Array.from({ length: n }, (_, i) => 102 + i),
    },
  };
}

/** A map whose class count the model has fixed (as after the first batch's outputs). */
function fixedMap(k: number): ClassMap {
  const map = new ClassMap(undefined, undefined);
  map.setSize(k, 'output "probabilities"');
  return map;
}

describe('readClassLabels', () => {
  it('reads integer class indices once the class count is known', () => {
    const { batch, column } = batchOf([0, 1, 2, 2, 0, 1]);
    const out = new Int32Array(6);
    readClassLabels(column, batch, fixedMap(3), out, 'data.csv');
    expect(Array.from(out)).toEqual([0, 1, 2, 2, 0, 1]);
  });

  it.each([
    [[0, 1, 0, 3, 1], undefined, 'row 104', 'label 3 is not a class of the model (class indices 0..2)'],
    [[0, 1, 1.5], undefined, 'row 103', 'label 1.5 is not a class of the model'],
    [[0, -1], undefined, 'row 102', 'label -1 is not a class of the model'],
    [
      [0, 1, NaN, 1],
      [CellState.Present, CellState.Present, CellState.Absent, CellState.Present],
      'row 103',
      'the label is missing',
    ],
  ])('names the row of a label that is not a class: %j', (values, states, row, message) => {
    const { batch, column } = batchOf(values, states);
    let error: unknown;
    try {
      readClassLabels(column, batch, fixedMap(3), new Int32Array(values.length), 'data.csv');
    } catch (e) {
      error = e;
    }
    expect(String(error)).toContain(
      `data.csv: ${row} (line ${Number(row.slice(4)) + 1}), column "label": ${message}`,
    );
  });

  it('grows the class count from labels before the model fixes it, and names the largest label if it is too large', () => {
    const map = new ClassMap(undefined, undefined);
    const first = batchOf([0, 4, 1]);
    readClassLabels(first.column, first.batch, map, new Int32Array(3), 'data.csv');
    expect(map.size).toBe(5);
    expect(() => map.setSize(3, 'output "probabilities"')).toThrow(/label 4 is not a class of the model/);
  });
});
