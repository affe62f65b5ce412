import type { Batch, Column } from '../../data/types.js';
import { CellState } from '../../data/types.js';
import { numberAt } from './cells.js';

/**
 * The non-missing numbers of one column over all files, held in memory (8 bytes a value) for exact
 * quantiles. Shared by every quantile check on the column; fed once per batch however many share it.
 */
export class ColumnValues {
  private values = new Float64Array(1024);
  private length = 0;
  /** Cells that are neither missing nor numbers (ignored, but reported). */
  nonNumeric = 0;
  private lastBatch: Batch | undefined;
  private sorted: Float64Array | undefined;

  constructor(readonly column: string) {}

  add(batch: Batch, column: Column): void {
    if (this.lastBatch === batch) return;
    this.lastBatch = batch;
    this.sorted = undefined;
    this.reserve(batch.length);
    const { state } = column;
    for (let i = 0; i < batch.length; i++) {
      const s = state[i];
      if (s !== CellState.Present && s !== CellState.Invalid) continue;
      const value = numberAt(column, i);
      if (Number.isNaN(value)) this.nonNumeric++;
      else this.values[this.length++] = value;
    }
  }

  /** Ascending values (sorted once, after the last batch). */
  sortedValues(): Float64Array {
    this.sorted ??= this.values.slice(0, this.length).sort();
    return this.sorted;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.values.length) return;
    const grown = new Float64Array(Math.max(this.values.length * 2, this.length + extra));
    grown.set(this.values.subarray(0, this.length));
    this.values = grown;
  }
}

/**
 * numpy.quantile's default method ('linear', type 7): h = (n − 1)·q, then numpy's own lerp, which
 * interpolates from the upper neighbour when the fraction is ≥ 0.5 (so results match to the last bit).
 */
export function linearQuantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
