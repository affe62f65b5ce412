import { describe, expect, it } from 'vitest';
import { CellState, type Batch, type Column } from '../../../src/core/data/types.js';
import { buildFeedArrays, FeedBuffers, type InputPlan } from '../../../src/core/model/input-mapping.js';

/** A batch of `n` rows × `width` number columns; cell (r, j) = r * 10 + j + 0.1, optionally with gaps. */
function batchOf(
  n: number,
  width: number,
  gaps: readonly (readonly [number, number])[] = [],
  offset = 0,
): Batch {
  const columns: Column[] = Array.from({ length: width }, (_, j) => {
    // A state array at a byte offset, as a reused parser buffer can be: the fast check must not assume one.
    const state = new Uint8Array(new ArrayBuffer(n + offset), offset, n);
    const values = Float64Array.from({ length: n }, (_, r) => r * 10 + j + 0.1);
    for (const [r, c] of gaps) {
      if (c === j) {
        state[r] = CellState.Absent;
        values[r] = NaN;
      }
    }
    return { name: `f${j}`, kind: 'number', state, values, invalid: new Map() };
  });
  return {
    length: n,
    columns,
    rowNumbers: Uint32Array.from({ length: n }, (_, r) => r + 1),
    lines: Uint32Array.from({ length: n }, (_, r) => r + 2),
  };
}

const plan = (width: number): InputPlan => ({
  kind: 'tensor',
  input: 'x',
  dtype: 'float32',
  features: Array.from({ length: width }, (_, j) => `f${j}`),
  tail: [width],
});

/** The row-major float32 matrix the model must get, cell by cell. */
function expected(n: number, width: number, gaps: readonly (readonly [number, number])[] = []): Float32Array {
  const out = new Float32Array(n * width);
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) out[r * width + j] = r * 10 + j + 0.1;
  for (const [r, j] of gaps) out[r * width + j] = NaN;
  return out;
}

describe('buildFeedArrays (one [N, F] float32 tensor)', () => {
  it.each([
    ['complete columns (the blocked transpose), 700 rows: blocks of 256 and a partial one', 700, 30, [], 0],
    ['complete columns, state at an unaligned byte offset', 513, 7, [], 3],
    ['a missing cell (the cell-by-cell path, NaN there, counted)', 300, 5, [[257, 3]], 0],
  ] as const)('%s', (_label, n, width, gaps, offset) => {
    const stats = { missing: new Map<string, number>() };
    const feeds = buildFeedArrays(
      plan(width),
      batchOf(n, width, [...gaps], offset),
      undefined,
      stats,
      'data.csv',
    );
    expect(feeds.x.dims).toEqual([n, width]);
    expect(Array.from(feeds.x.data as Float32Array)).toEqual(Array.from(expected(n, width, [...gaps])));
    expect([...stats.missing]).toEqual(gaps.length ? [['f3', 1]] : []);
  });

  it('writes into reused buffers as into fresh ones, and takes a row selection', () => {
    const buffers = new FeedBuffers();
    const first = buildFeedArrays(plan(4), batchOf(600, 4), undefined, { missing: new Map() }, 'd', buffers);
    const second = buildFeedArrays(plan(4), batchOf(600, 4), undefined, { missing: new Map() }, 'd', buffers);
    expect(second.x.data).toBe(first.x.data);
    expect(Array.from(second.x.data as Float32Array)).toEqual(Array.from(expected(600, 4)));
    const picked = buildFeedArrays(
      plan(4),
      batchOf(600, 4),
      Uint32Array.of(5, 599),
      { missing: new Map() },
      'd',
    );
    const all = expected(600, 4);
    expect(Array.from(picked.x.data as Float32Array)).toEqual([
      ...all.subarray(20, 24),
      ...all.subarray(2396, 2400),
    ]);
  });
});
