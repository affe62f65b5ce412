import type { ColumnType } from '../../data/types.js';
import type { FeedArray, InputPlan } from '../../model/input-mapping.js';

/** A reader thread's share of a CSV file: a byte range starting at a record boundary (see split-read.ts). */
export interface ReadPartTask {
  path: string;
  start: number;
  end: number;
  names: string[];
  columnTypes: Record<string, ColumnType>;
  delimiter: string;
  batchSize?: number;
  plan: InputPlan;
  /** Columns the evaluating thread reads itself (the label, slice columns), sent as they were parsed. */
  keep: string[];
  /** Bytes of batches sent but not yet taken; the reader waits above this (bounded memory). */
  maxBytesInFlight: number;
}

/** A column as a reader parsed it, in a form that crosses threads. */
export interface SentColumn {
  name: string;
  kind: 'number' | 'boolean' | 'string' | 'json';
  state: Uint8Array;
  values: Float64Array | Uint8Array | unknown[];
  invalid: [number, unknown][];
}

export type ReadPartMessage =
  | {
      type: 'batch';
      n: number;
      /** Row and line numbers within the part (1-based, as if the part followed the header). */
      rowNumbers: Uint32Array;
      lines: Uint32Array;
      feeds: Record<string, FeedArray>;
      columns: SentColumn[];
      missing: [string, number][];
      bytes: number;
    }
  | { type: 'done'; rows: number; endLine: number }
  | { type: 'error'; message: string };

/** From the evaluating thread to a reader started without its task (a ReaderPool's): the part to read. */
export interface ReadPartStart {
  type: 'task';
  task: ReadPartTask;
}

/** From the evaluating thread: `bytes` of batches have been taken. */
export interface ReadPartAck {
  type: 'ack';
  bytes: number;
}
