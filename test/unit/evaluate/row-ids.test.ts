import { describe, expect, it } from 'vitest';
import { RowIds } from '../../../src/core/evaluate/row-ids.js';

const all = (ids: RowIds) => Array.from(ids.slice(0, ids.length));

describe('RowIds', () => {
  it('keeps an arithmetic run (a CSV file, a shard) without an array, in order', () => {
    const ids = new RowIds();
    ids.push([2, 5, 8]);
    ids.push([11, 14]);
    expect(ids.length).toBe(5);
    expect(all(ids)).toEqual([2, 5, 8, 11, 14]);
    expect(ids.at(3)).toBe(11);
    expect(Array.from(ids.slice(1, 3))).toEqual([5, 8]);
  });

  it('turns into an array at the first row that breaks the run, keeping every row', () => {
    const ids = new RowIds(2);
    ids.push([1, 2, 3, 5, 6, 10]);
    expect(all(ids)).toEqual([1, 2, 3, 5, 6, 10]);
    expect(ids.at(5)).toBe(10);
  });

  it('skips the rows a keep mask drops (non-finite outputs)', () => {
    const ids = new RowIds();
    ids.push([1, 2, 3, 4], Uint8Array.of(1, 0, 1, 1));
    expect(all(ids)).toEqual([1, 3, 4]);
  });

  it('round-trips an explicit array', () => {
    expect(all(RowIds.of(Uint32Array.of(7, 3, 9)))).toEqual([7, 3, 9]);
    expect(RowIds.of(new Uint32Array(0)).length).toBe(0);
  });
});
