import { CellState, type Column } from '../../data/types.js';

/** Missing = Absent, Null or NaN (the same three states everywhere in validation). */
export function isMissing(state: number): boolean {
  return state === CellState.Absent || state === CellState.Null || state === CellState.NaN;
}

/** The cell's number, or NaN when the (non-missing) cell holds something else. */
export function numberAt(column: Column, i: number): number {
  if (column.state[i] !== CellState.Present) return NaN;
  if (column.kind === 'number') return column.values[i];
  if (column.kind === 'json') {
    const value = column.values[i];
    return typeof value === 'number' ? value : NaN;
  }
  return NaN;
}

/** The cell as a JSON value: Present values typed, Invalid cells as their raw value, missing as undefined. */
export function valueAt(column: Column, i: number): unknown {
  const state = column.state[i];
  if (state === CellState.Present)
    return column.kind === 'boolean' ? column.values[i] === 1 : column.values[i];
  if (state === CellState.Invalid) return column.invalid.get(i);
  return undefined;
}
