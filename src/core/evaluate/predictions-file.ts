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
    const ids = predictions.rows.slice(0, n);
    const columns: FlatColumn[] = [{ name: 'row', type: 'INT32', values: new Int32Array(ids.buffer, 0, n) }];
    if (predictions.task !== 'regression') {
      columns.push({ name: 'y_true', type: 'INT32', values: predictions.yTrueClass!.subarray(0, n) });
      columns.push({ name: 'y_pred', type: 'INT32', values: predictions.yPred!.subarray(0, n) });
    } else {
      columns.push({ name: 'y_true', type: 'DOUBLE', values: predictions.yTrueValue!.subarray(0, n) });
      columns.push({ name: 'y_pred', type: 'DOUBLE', values: predictions.value!.subarray(0, n) });
    }
    const k = predictions.proba ? predictions.nClasses! : 0;
    const proba = predictions.proba!;
    for (let j = 0; j < k; j++) {
      const name = `proba_${j}`;
      if (predictions.probaType === 'FLOAT') {
        const values = new Float32Array(n);
        for (let i = 0; i < n; i++) values[i] = proba[i * k + j];
        columns.push({ name, type: 'FLOAT', values });
      } else {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = proba[i * k + j];
        columns.push({ name, type: 'DOUBLE', values });
      }
    }
    // A slice column is stored as the values were read (numbers stay numbers, also when sliced by
    // value), so a merge slices and orders them exactly as the unsharded run did.
    for (const key of sliceKeys) {
      const name = `slice.${key.column}`;
      const values = key.values.slice(0, n);
      if (values.every((v) => v === null || typeof v === 'number')) {
        columns.push({ name, type: 'DOUBLE', optional: true, values: values as (number | null)[] });
      } else {
        columns.push({
          name,
          type: 'UTF8',
          optional: true,
          values: values.map((v) => (v === null ? null : String(v))),
        });
      }
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
