import { ConfigurationError } from '../errors.js';
import type { ReadOptions } from './types.js';

/** See ReadOptions.batchSize: measured with bench/csv-parse.mjs at 4 096 to 65 536 rows per batch. */
export const DEFAULT_BATCH_SIZE = 8192;

/** The rows per batch a reader should cut; a zero, negative or fractional size would never make progress. */
export function resolveBatchSize(options: ReadOptions): number {
  const size = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(size) || size < 1) {
    throw new ConfigurationError(
      `batch size ${size} is not allowed: expected a whole number of rows, at least 1`,
    );
  }
  return size;
}
