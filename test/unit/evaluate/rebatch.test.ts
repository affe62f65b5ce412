import { describe, expect, it } from 'vitest';
import { CellState, type Column } from '../../../src/core/data/types.js';
import { Rebatcher, type Piece } from '../../../src/core/evaluate/parallel/rebatch.js';

/** A piece of rows first..first+n-1 with a 2-wide float32 feed (row, -row) and a label column. */
function piece(first: number, n: number): Piece {
  const data = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    data[2 * i] = first + i;
    data[2 * i + 1] = -(first + i);
  }
  const label: Column = {
    name: 'y',
    kind: 'number',
    state: new Uint8Array(n).fill(CellState.Present),
    values: Float64Array.from({ length: n }, (_, i) => (first + i) % 2),
    invalid: new Map(),
  };
  return {
    n,
    feeds: { x: { dtype: 'float32', data, dims: [n, 2] } },
    columns: [label],
    rowNumbers: Uint32Array.from({ length: n }, (_, i) => first + i),
    lines: Uint32Array.from({ length: n }, (_, i) => first + i + 1),
    missing: [],
  };
}

describe('Rebatcher', () => {
  it('cuts pieces of any size into batches of exactly the batch size, rows in order, the rest last', () => {
    const rebatcher = new Rebatcher(5);
    const seen: number[][] = [];
    let next = 1;
    const check = (batch: Piece) => {
      // Read now: a joined batch's feeds are rewritten by the next take().
      const x = batch.feeds.x.data as Float32Array;
      const rows = Array.from(batch.rowNumbers);
      expect(Array.from(x)).toEqual(rows.flatMap((r) => [r, -r]));
      expect(batch.feeds.x.dims).toEqual([batch.n, 2]);
      expect(Array.from((batch.columns[0] as { values: Float64Array }).values)).toEqual(
        rows.map((r) => r % 2),
      );
      seen.push(rows);
    };
    for (const n of [3, 1, 7, 2, 5, 5, 4, 11, 1]) {
      rebatcher.push(piece(next, n));
      next += n;
      for (let batch = rebatcher.take(); batch; batch = rebatcher.take()) check(batch);
    }
    const rest = rebatcher.rest();
    if (rest) check(rest);
    expect(seen.flat()).toEqual(Array.from({ length: next - 1 }, (_, i) => i + 1));
    expect(seen.map((rows) => rows.length)).toEqual([5, 5, 5, 5, 5, 5, 5, 4]);
  });
});
