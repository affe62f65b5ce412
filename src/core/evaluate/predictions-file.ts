/**
 * predictions.parquet: one row per evaluated data row, written by `mlgate evaluate` and read by
 * `mlgate merge` (and later by compare and drift). Layout (docs/predictions.md):
 *   row      INT32   the 1-based data row (as in validation.json)
 *   y_true   INT32   class index (classification) | DOUBLE value (regression)
 *   y_pred   INT32   predicted class index        | DOUBLE predicted value
 *   proba_0 … proba_{K-1}  FLOAT (the model's float32 values, exact) or DOUBLE (transformed scores)
 *   slice.<column>  the slice columns' values (DOUBLE or UTF8, null when missing), so a merge can slice
 * and the key-value metadata `mlgate.predictions`: JSON with the task, classes, positive class, model
 * and data identity and the shard, so a merge can refuse shards of different runs.
 * Written uncompressed without statistics (io/flat-parquet.ts): the file is a work product, not an archive.
 * Read back by predictions-read.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFlatParquet, type FlatColumn } from '../io/flat-parquet.js';
import type { Task } from '../model/output-mapping.js';
import type { StoredPredictions } from './prediction-store.js';
import type { SliceKeys } from './run-model.js';

export const PREDICTIONS_METADATA_KEY = 'mlgate.predictions';
export const PREDICTIONS_SCHEMA_VERSION = 1;
const ROW_GROUP = 1 << 17;

export interface PredictionsMetadata {
  schemaVersion: number;
  task: Task;
  classes?: string[];
  positive?: number;
  model: { path: string; sha256: string };
  /** The data file as the run named it, and its size (shards fetched separately must be the same file). */
  data: { path: string; size_bytes?: number };
  shard?: { index: number; count: number };
  /** Rows the model gave non-finite outputs for and the policy that dropped them (they are not in the file). */
  non_finite: number;
  /** The thresholds, bootstrap and slices the run was scored with, so a merge can score the same way. */
  plan?: unknown;
}

export async function writePredictionsFile(
  path: string,
  predictions: StoredPredictions,
  metadata: PredictionsMetadata,
  sliceKeys: readonly SliceKeys[] = [],
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const n = predictions.rows.length;
    const column = <T extends FlatColumn['type']>(
      name: string,
      type: T,
      read: (start: number, end: number) => ArrayLike<unknown>,
      optional?: true,
    ) => ({ name, type, length: n, read, ...(optional ? { optional } : {}) }) as FlatColumn;
    const rows = (start: number, end: number) => {
      const ids = predictions.rows.slice(start, end);
      return new Int32Array(ids.buffer, ids.byteOffset, ids.length);
    };
    const columns: FlatColumn[] = [column('row', 'INT32', rows)];
    if (predictions.task !== 'regression') {
      const yTrue = predictions.yTrueClass!;
      const yPred = predictions.yPred!;
      columns.push(column('y_true', 'INT32', (start, end) => yTrue.subarray(start, end)));
      columns.push(column('y_pred', 'INT32', (start, end) => yPred.subarray(start, end)));
    } else {
      const yTrue = predictions.yTrueValue!;
      const value = predictions.value!;
      columns.push(column('y_true', 'DOUBLE', (start, end) => yTrue.subarray(start, end)));
      columns.push(column('y_pred', 'DOUBLE', (start, end) => value.subarray(start, end)));
    }
    const k = predictions.proba ? predictions.nClasses! : 0;
    const proba = predictions.proba!;
    const float = predictions.probaType === 'FLOAT';
    for (let j = 0; j < k; j++) {
      // One class's probabilities out of the row-major matrix, a row group at a time.
      const read = (start: number, end: number) => {
        const values = float ? new Float32Array(end - start) : new Float64Array(end - start);
        for (let i = start; i < end; i++) values[i - start] = proba[i * k + j];
        return values;
      };
      columns.push(column(`proba_${j}`, float ? 'FLOAT' : 'DOUBLE', read));
    }
    // A slice column is stored as the values were read (numbers stay numbers, also when sliced by
    // value), so a merge slices and orders them exactly as the unsharded run did.
    for (const key of sliceKeys) {
      const name = `slice.${key.column}`;
      const numeric = key.values.every((v) => v === null || typeof v === 'number');
      const read = numeric
        ? (start: number, end: number) => key.values.slice(start, end)
        : (start: number, end: number) =>
            key.values.slice(start, end).map((v) => (v === null ? null : String(v)));
      columns.push(column(name, numeric ? 'DOUBLE' : 'UTF8', read, true));
    }
    await writeFlatParquet(tmp, columns, {
      rowGroupSize: ROW_GROUP,
      keyValueMetadata: [{ key: PREDICTIONS_METADATA_KEY, value: JSON.stringify(metadata) }],
      createdBy: 'mlgate',
    });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
