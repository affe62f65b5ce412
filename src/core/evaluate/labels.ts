/**
 * Label values in the data → class indices. Integers by default (label 2 is class 2, the model's third
 * probability column); any other labels (strings, or integers that do not start at 0) through a
 * `classes` list given in the order of the model's probability columns.
 */
import { DataError, type DataLocation } from '../data/data-error.js';
import { CellState, type Batch, type Column } from '../data/types.js';
import { ConfigurationError } from '../errors.js';

export class ClassMap {
  private readonly index: Map<string, number> | undefined;
  /** Display name per class index. */
  readonly names: string[];
  constructor(
    readonly classes: readonly string[] | undefined,
    private nClasses: number | undefined,
  ) {
    if (classes) {
      const seen = new Map<string, number>();
      classes.forEach((c, i) => {
        if (seen.has(c))
          throw new ConfigurationError(
            `classes: "${c}" is listed twice; each class once, in the order of the model's probability columns`,
          );
        seen.set(c, i);
      });
      if (classes.length < 2)
        throw new ConfigurationError(`classes: needs at least two classes; got ${classes.length}`);
      this.index = seen;
      this.nClasses = classes.length;
      this.names = [...classes];
    } else {
      this.names = [];
      if (nClasses !== undefined) for (let i = 0; i < nClasses; i++) this.names.push(String(i));
    }
  }

  get size(): number | undefined {
    return this.nClasses;
  }

  /** The largest integer label seen so far and where, to name it if the model turns out to have fewer classes. */
  private largest: { index: number; file: string; location: DataLocation } | undefined;

  /**
   * The model's output says how many classes it has (K of [N, K]); once known it must not change.
   * Integer labels seen before it (a first batch without the highest class, or with a label ≥ K) are
   * checked against it, and a label that is not a class is named by its row.
   */
  setSize(k: number, source: string): void {
    if (!this.classes && !this.fixed) {
      if (this.largest && this.largest.index >= k) {
        throw new DataError(
          this.largest.file,
          this.largest.location,
          `label ${this.largest.index} is not a class of the model (${source} gives ${k} classes: indices 0..${k - 1}); give classes (--classes) in the order of the model's probability columns to map other labels`,
        );
      }
      this.nClasses = k;
      this.names.length = Math.min(this.names.length, k);
      for (let i = this.names.length; i < k; i++) this.names.push(String(i));
      this.fixed = true;
      return;
    }
    if (this.nClasses !== k) {
      throw new ConfigurationError(
        this.classes
          ? `${source} has ${k} classes, but classes lists ${this.nClasses} (${this.classes.join(', ')}); list one class per probability column`
          : `${source} has ${k} classes, but ${this.nClasses} were expected`,
      );
    }
  }

  /** Whether `index` is above every integer label seen so far (observe then records where it is). */
  isLargest(index: number): boolean {
    return !this.largest || index > this.largest.index;
  }

  /** Grows the class count from observed integer labels when the model gives labels only. */
  observe(index: number, file?: string, location?: DataLocation): void {
    if (file && location && this.isLargest(index)) this.largest = { index, file, location };
    if (this.classes || (this.nClasses !== undefined && index < this.nClasses)) return;
    this.nClasses = Math.max(this.nClasses ?? 0, index + 1);
    for (let i = this.names.length; i < this.nClasses; i++) this.names.push(String(i));
  }

  /** Whether the class count is fixed (a classes list or the model's probabilities said so). */
  fixed = false;

  lookup(name: string): number | undefined {
    return this.index?.get(name);
  }

  /** Resolves a positive-class option: a class name (with a classes list) or an index. */
  resolvePositive(value: string | undefined): number {
    if (value === undefined) return 1;
    if (this.index) {
      const i = this.index.get(value);
      if (i === undefined)
        throw new ConfigurationError(
          `positive class "${value}" is not one of the classes: ${this.classes!.join(', ')}`,
        );
      return i;
    }
    if (value !== '0' && value !== '1') {
      throw new ConfigurationError(
        `positive class must be 0 or 1 for integer labels; got "${value}" (give classes to name them)`,
      );
    }
    return Number(value);
  }
}

/** Reads the label column of a batch into class indices. */
export function readClassLabels(
  column: Column,
  batch: Batch,
  map: ClassMap,
  out: Int32Array,
  dataName: string,
): void {
  let r = 0;
  if (!map.classes && map.fixed && map.size !== undefined && column.kind === 'number') {
    // The common case, a number column of class indices once the class count is known, in one tight
    // loop (the general one below cost ~25 ms per million rows); any other row goes the general way.
    const { state, values } = column;
    const k = map.size;
    for (; r < batch.length; r++) {
      const v = values[r];
      if (state[r] !== CellState.Present || !(v >= 0 && v < k) || Math.floor(v) !== v) break;
      out[r] = v;
    }
  }
  for (; r < batch.length; r++) {
    const state = column.state[r];
    if (state !== CellState.Present) {
      const raw = column.invalid.get(r);
      throw new DataError(
        dataName,
        cellAt(batch, r, column),
        state === CellState.Invalid
          ? `label ${JSON.stringify(raw)} is not an integer class index; give classes (--classes) to map text labels to the model's classes`
          : 'the label is missing; every evaluated row needs a label',
      );
    }
    const value = column.values[r];
    let index: number | undefined;
    if (map.classes) {
      index = map.lookup(typeof value === 'string' ? value : String(value));
      if (index === undefined) {
        throw new DataError(
          dataName,
          cellAt(batch, r, column),
          `label ${JSON.stringify(value)} is not one of the model's classes (${map.classes.join(', ')})`,
        );
      }
    } else {
      const v = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : NaN;
      const k2 = map.size;
      if (!Number.isInteger(v) || v < 0 || (map.fixed && k2 !== undefined && v >= k2)) {
        throw new DataError(
          dataName,
          cellAt(batch, r, column),
          `label ${JSON.stringify(typeof value === 'bigint' ? Number(value) : value)} is not a class of the model (${k2 !== undefined && map.fixed ? `class indices 0..${k2 - 1}` : 'class indices start at 0'}); give classes (--classes) in the order of the model's probability columns to map other labels`,
        );
      }
      index = v;
      if (map.isLargest(v)) map.observe(v, dataName, cellAt(batch, r, column));
      else map.observe(v);
    }
    out[r] = index;
  }
}

/** Where a label is, built only for an error or a new largest label (an object per row cost 18 ms per million). */
function cellAt(batch: Batch, r: number, column: Column): DataLocation {
  return { row: batch.rowNumbers[r], line: batch.lines[r] || undefined, column: column.name };
}

/** Reads a numeric label column (regression). */
export function readNumericLabels(column: Column, batch: Batch, out: Float64Array, dataName: string): void {
  for (let r = 0; r < batch.length; r++) {
    const state = column.state[r];
    const value = column.kind === 'number' ? column.values[r] : Number(column.values[r]);
    if (state !== CellState.Present || !Number.isFinite(value)) {
      throw new DataError(
        dataName,
        { row: batch.rowNumbers[r], line: batch.lines[r] || undefined, column: column.name },
        state === CellState.Invalid
          ? `label ${JSON.stringify(column.invalid.get(r))} is not a number`
          : state === CellState.Present
            ? `label ${value} is not a finite number`
            : 'the label is missing; every evaluated row needs a label',
      );
    }
    out[r] = value;
  }
}
