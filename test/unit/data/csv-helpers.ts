import { openCsvChunks } from '../../../src/core/data/csv-reader.js';
import { CellState, type Batch, type ReadOptions } from '../../../src/core/data/types.js';

/** A cell as tests compare it: the value when Present, null when Absent, 'NaN!' for NaN, {invalid} otherwise. */
export type TestCell = number | boolean | string | null | { invalid: unknown };

export interface ReadResult {
  columns: readonly string[];
  rows: TestCell[][];
  rowNumbers: number[];
  lines: number[];
  batchLengths: number[];
}

/** Splits bytes into chunks of the given sizes (cycled), or one chunk. */
export async function* chunked(
  data: Uint8Array,
  sizes: readonly number[] = [data.length || 1],
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let k = 0;
  while (offset < data.length) {
    const size = Math.max(1, sizes[k++ % sizes.length]);
    yield data.subarray(offset, offset + size);
    offset += size;
  }
}

export function cellOf(batch: Batch, c: number, r: number): TestCell {
  const column = batch.columns[c];
  const state = column.state[r];
  if (state === CellState.Absent) return null;
  if (state === CellState.NaN) return 'NaN!';
  if (state === CellState.Invalid) return { invalid: column.invalid.get(r) };
  if (column.kind === 'boolean') return column.values[r] === 1;
  return column.values[r] as number | string;
}

export async function readCsvText(
  input: string | Uint8Array,
  options: ReadOptions = {},
  chunkSizes?: readonly number[],
): Promise<ReadResult> {
  const data = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const stream = await openCsvChunks(chunked(data, chunkSizes), 'test.csv', options);
  const result: ReadResult = {
    columns: stream.columns,
    rows: [],
    rowNumbers: [],
    lines: [],
    batchLengths: [],
  };
  for await (const batch of stream.batches()) {
    result.batchLengths.push(batch.length);
    for (let r = 0; r < batch.length; r++) {
      result.rows.push(batch.columns.map((_, c) => cellOf(batch, c, r)));
      result.rowNumbers.push(batch.rowNumbers[r]);
      result.lines.push(batch.lines[r]);
    }
  }
  return result;
}
