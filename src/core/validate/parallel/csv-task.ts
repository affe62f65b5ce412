import type { ReadOptions } from '../../data/types.js';
import type { ExportedBucket } from '../violations.js';

/** One worker's share of a CSV file: a byte range that starts at a record boundary. */
export interface CsvPartTask {
  path: string;
  /** How the file is named in violations. */
  displayPath: string;
  start: number;
  end: number;
  names: string[];
  /** Line number of the range's first byte (the true one for the first part, 1 for the others). */
  firstLine: number;
  readOptions: Pick<ReadOptions, 'columnTypes' | 'batchSize' | 'delimiter' | 'reuseBuffers'>;
  /** The JSON Schema to compile in the worker (compiled functions cannot cross threads), or null. */
  schema: { path: string; schema: Record<string, unknown> } | null;
  maxViolations: number;
}

export type CsvPartMessage =
  | { type: 'done'; rows: number; endLine: number; fileCount: number; buckets: ExportedBucket[] }
  | { type: 'error'; message: string };
