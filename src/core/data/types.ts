/**
 * The columnar shape every reader (CSV, JSON Lines, Parquet) streams. Readers yield batches of rows;
 * within a batch each column holds its values in a typed array (numbers, booleans) or a plain array
 * (strings, JSON values), plus one state byte per row so missing values are explicit, never guessed.
 */

/** What a reader should make of a column's cells (a hint, usually derived from the JSON Schema). */
export type ColumnType = 'number' | 'integer' | 'boolean' | 'string' | 'json';

/** Per-cell state. Values of non-Present cells are placeholders (NaN, 0, undefined). */
export const CellState = {
  /** A value of the column's kind is in `values`. */
  Present: 0,
  /** No value: an empty CSV cell, a key absent from a JSON Lines row. */
  Absent: 1,
  /** An explicit null: JSON null, a Parquet null. */
  Null: 2,
  /** Not-a-number: a float NaN, or the text NaN/nan in a number column of a CSV file. */
  NaN: 3,
  /** Present but not of the column's kind (e.g. `abc` in a number column); raw value in `invalid`. */
  Invalid: 4,
} as const;
export type CellState = (typeof CellState)[keyof typeof CellState];

interface ColumnBase {
  readonly name: string;
  /** One CellState per row of the batch. */
  readonly state: Uint8Array;
  /** Raw value (CSV text, JSON value) of each Invalid cell, by row index within the batch. */
  readonly invalid: Map<number, unknown>;
}

export interface NumberColumn extends ColumnBase {
  readonly kind: 'number';
  /** Correctly rounded float64 (the same as `Number(text)`); NaN where the cell is not Present. */
  readonly values: Float64Array;
}

export interface BooleanColumn extends ColumnBase {
  readonly kind: 'boolean';
  /** 1 true, 0 false. */
  readonly values: Uint8Array;
}

export interface StringColumn extends ColumnBase {
  readonly kind: 'string';
  readonly values: (string | undefined)[];
}

/** Any JSON value as parsed (JSON Lines objects/arrays, Parquet nested or bigint-bearing values). */
export interface JsonColumn extends ColumnBase {
  readonly kind: 'json';
  readonly values: unknown[];
}

export type Column = NumberColumn | BooleanColumn | StringColumn | JsonColumn;

export interface Batch {
  /** Number of rows in this batch. */
  readonly length: number;
  /** Columns of this batch in source order. JSON Lines batches may differ in columns from batch to batch. */
  readonly columns: readonly Column[];
  /**
   * The 1-based data row of each row, as reported to users: CSV excludes the header (first data row is 1);
   * JSON Lines uses the line number (DESIGN §4); Parquet the 1-based row index.
   */
  readonly rowNumbers: Uint32Array;
  /** The 1-based physical line where each row starts (CSV, JSON Lines); 0 when the format has no lines. */
  readonly lines: Uint32Array;
}

export type DataFormat = 'csv' | 'jsonl' | 'parquet';

export interface ReadOptions {
  /**
   * Rows per batch. Default 8 192: a batch's columns then stay in the CPU caches while it is parsed and
   * validated (65 536 rows of 30 number columns, 15 MB, parsed ~20% slower).
   */
  batchSize?: number;
  /**
   * Type hints by column name. CSV columns not listed are read as strings; JSON Lines columns as `json`
   * unless hinted; Parquet columns take their physical/logical type.
   */
  columnTypes?: Readonly<Record<string, ColumnType>>;
  /** CSV field delimiter. Default `,` (tab for `.tsv`). */
  delimiter?: string;
  /**
   * The consumer is done with a batch before it asks for the next, so the reader may refill the same
   * typed arrays (CSV): fresh 15 MB arrays per batch cost more in allocation and GC than validating
   * them. Default false: every batch is the caller's to keep.
   */
  reuseBuffers?: boolean;
}

export interface DataSource {
  readonly path: string;
  readonly format: DataFormat;
  readonly compressed: boolean;
  /**
   * Column names. CSV: the header, known at open. Parquet: the file schema. JSON Lines: the keys seen so far
   * in order of first appearance (complete once `batches()` has been consumed).
   */
  readonly columns: readonly string[];
  /** Streams the rows once. */
  batches(): AsyncIterable<Batch>;
}
