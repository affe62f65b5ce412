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
 * Written uncompressed without statistics: 1 M rows take ~0.1 s (snappy and statistics ~0.5 s), and the
 * file is a work product, not an archive.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { ParquetWriter } from 'hyparquet-writer';
import { fileWriter } from 'hyparquet-writer/src/node.js';
import { DataError } from '../data/data-error.js';
import { openParquet } from '../data/parquet-reader.js';
import { CellState, type Column } from '../data/types.js';
import { getErrorMessage } from '../errors.js';
import type { Task } from '../model/output-mapping.js';
import { Growable } from './growable.js';
import { RowIds } from './row-ids.js';
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
    const classification = predictions.task !== 'regression';
    const k = predictions.proba ? predictions.nClasses! : 0;
    const probaType = predictions.probaType ?? 'DOUBLE';
    // A slice column is stored as the values were read (numbers stay numbers, also when sliced by
    // value), so a merge slices and orders them exactly as the unsharded run did.
    const numericSlice = sliceKeys.map((key) => key.values.every((v) => v === null || typeof v === 'number'));
    const schema = [
      { name: 'root', num_children: 3 + k + sliceKeys.length },
      { name: 'row', type: 'INT32' as const, repetition_type: 'REQUIRED' as const },
      {
        name: 'y_true',
        type: classification ? ('INT32' as const) : ('DOUBLE' as const),
        repetition_type: 'REQUIRED' as const,
      },
      {
        name: 'y_pred',
        type: classification ? ('INT32' as const) : ('DOUBLE' as const),
        repetition_type: 'REQUIRED' as const,
      },
      ...Array.from({ length: k }, (_, j) => ({
        name: `proba_${j}`,
        type: probaType as 'FLOAT' | 'DOUBLE',
        repetition_type: 'REQUIRED' as const,
      })),
      ...sliceKeys.map((key, s) =>
        numericSlice[s]
          ? { name: `slice.${key.column}`, type: 'DOUBLE' as const, repetition_type: 'OPTIONAL' as const }
          : {
              name: `slice.${key.column}`,
              type: 'BYTE_ARRAY' as const,
              converted_type: 'UTF8' as const,
              repetition_type: 'OPTIONAL' as const,
            },
      ),
    ];
    const writer = new ParquetWriter({
      writer: fileWriter(tmp),
      schema,
      codec: 'UNCOMPRESSED',
      statistics: false,
      kvMetadata: [{ key: PREDICTIONS_METADATA_KEY, value: JSON.stringify(metadata) }],
      createdBy: 'mlgate',
    });
    const n = predictions.rows.length;
    for (let start = 0; start < n || start === 0; start += ROW_GROUP) {
      const end = Math.min(n, start + ROW_GROUP);
      const ids = predictions.rows.slice(start, end);
      const rows = new Int32Array(ids.buffer, ids.byteOffset, ids.length);
      // PLAIN: numbers this varied gain nothing from a dictionary, and trying one cost a fifth of the write.
      const columnData: { name: string; data: ArrayLike<number>; encoding?: 'PLAIN' }[] = [
        { name: 'row', data: rows, encoding: 'PLAIN' },
      ];
      if (classification) {
        columnData.push({
          name: 'y_true',
          data: predictions.yTrueClass!.subarray(start, end),
          encoding: 'PLAIN',
        });
        columnData.push({ name: 'y_pred', data: predictions.yPred!.subarray(start, end), encoding: 'PLAIN' });
      } else {
        columnData.push({
          name: 'y_true',
          data: predictions.yTrueValue!.subarray(start, end),
          encoding: 'PLAIN',
        });
        columnData.push({ name: 'y_pred', data: predictions.value!.subarray(start, end), encoding: 'PLAIN' });
      }
      for (let j = 0; j < k; j++) {
        const column = probaType === 'FLOAT' ? new Float32Array(end - start) : new Float64Array(end - start);
        const proba = predictions.proba!;
        for (let i = start; i < end; i++) column[i - start] = proba[i * k + j];
        columnData.push({ name: `proba_${j}`, data: column, encoding: 'PLAIN' });
      }
      for (const key of sliceKeys) {
        const values = key.values.slice(start, end);
        columnData.push({
          name: `slice.${key.column}`,
          data: (numericSlice[sliceKeys.indexOf(key)]
            ? values
            : values.map((v) => (v === null ? null : String(v)))) as never,
        });
      }
      writer.write({ columnData: columnData as never, rowGroupSize: ROW_GROUP });
      if (n === 0) break;
    }
    writer.finish();
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export interface ReadPredictions {
  metadata: PredictionsMetadata;
  predictions: StoredPredictions;
  sliceKeys: SliceKeys[];
}

/** Reads a predictions file back into the same arrays an evaluation holds. */
export async function readPredictionsFile(path: string): Promise<ReadPredictions> {
  const source = await openParquet(path);
  let metadata: PredictionsMetadata;
  let probaType: 'FLOAT' | 'DOUBLE';
  try {
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    probaType = meta.schema.find((e) => e.name === 'proba_0')?.type === 'FLOAT' ? 'FLOAT' : 'DOUBLE';
    const entry = meta.key_value_metadata?.find((kv) => kv.key === PREDICTIONS_METADATA_KEY);
    if (!entry?.value) throw new Error('no mlgate.predictions metadata');
    metadata = JSON.parse(entry.value) as PredictionsMetadata;
  } catch (error) {
    throw new DataError(
      path,
      {},
      `is not an mlgate predictions file (${getErrorMessage(error)}); it is written by mlgate evaluate --predictions`,
    );
  }
  if (metadata.schemaVersion !== PREDICTIONS_SCHEMA_VERSION) {
    throw new DataError(
      path,
      {},
      `predictions format version ${metadata.schemaVersion} is not supported (this mlgate reads version ${PREDICTIONS_SCHEMA_VERSION})`,
    );
  }
  const classification = metadata.task !== 'regression';
  const k = source.columns.filter((c) => /^proba_\d+$/.test(c)).length;
  const rows = new Growable(Uint32Array);
  const yTrueClass = new Growable(Int32Array);
  const yPred = new Growable(Int32Array);
  const yTrueValue = new Growable(Float64Array);
  const value = new Growable(Float64Array);
  const proba = new Growable(Float64Array);
  const sliceColumns = source.columns.filter((c) => c.startsWith('slice.'));
  const sliceKeys: SliceKeys[] = sliceColumns.map((c) => ({
    column: c.slice('slice.'.length),
    numeric: false,
    values: [],
  }));
  for await (const batch of source.batches()) {
    const byName = new Map(batch.columns.map((c) => [c.name, c]));
    const numbers = (name: string): ArrayLike<number> => {
      const column = byName.get(name);
      if (!column)
        throw new DataError(path, {}, `has no column "${name}"; it is not an mlgate predictions file`);
      return numericValues(column, path);
    };
    const n = batch.length;
    const r = numbers('row');
    const rowsOut = rows.reserve(n);
    for (let i = 0; i < n; i++) rowsOut[rows.length + i] = r[i];
    rows.length += n;
    if (classification) {
      copyInto(yTrueClass, numbers('y_true'), n);
      copyInto(yPred, numbers('y_pred'), n);
      if (k > 0) {
        const out = proba.reserve(n * k);
        const base = proba.length;
        for (let j = 0; j < k; j++) {
          const col = numbers(`proba_${j}`);
          for (let i = 0; i < n; i++) out[base + i * k + j] = col[i];
        }
        proba.length += n * k;
      }
    } else {
      copyInto(yTrueValue, numbers('y_true'), n);
      copyInto(value, numbers('y_pred'), n);
    }
    sliceColumns.forEach((name, s) => {
      const column = byName.get(name)!;
      const key = sliceKeys[s];
      key.numeric = column.kind === 'number';
      for (let i = 0; i < n; i++) {
        key.values.push(column.state[i] === CellState.Present ? (column.values[i] as string | number) : null);
      }
    });
  }
  const nonFinite = { count: metadata.non_finite, rows: [], policy: 'drop' as const };
  return {
    metadata,
    sliceKeys,
    predictions: classification
      ? {
          task: metadata.task,
          rows: RowIds.of(rows.finish()),
          yTrueClass: yTrueClass.finish(),
          yPred: yPred.finish(),
          ...(k > 0 ? { proba: proba.finish(), probaType } : {}),
          nClasses: metadata.classes?.length ?? k,
          nonFinite,
        }
      : {
          task: metadata.task,
          rows: RowIds.of(rows.finish()),
          yTrueValue: yTrueValue.finish(),
          value: value.finish(),
          nonFinite,
        },
  };
}

function copyInto(
  target: Growable<Int32Array> | Growable<Float64Array>,
  values: ArrayLike<number>,
  n: number,
): void {
  const out = target.reserve(n);
  const base = target.length;
  for (let i = 0; i < n; i++) out[base + i] = values[i];
  target.length += n;
}

function numericValues(column: Column, path: string): ArrayLike<number> {
  if (column.kind === 'number') {
    for (let i = 0; i < column.state.length; i++) {
      if (column.state[i] !== CellState.Present)
        throw new DataError(path, { column: column.name }, 'a predictions file has no missing values');
    }
    return column.values;
  }
  if (column.kind === 'json') return column.values.map((v) => Number(v));
  throw new DataError(
    path,
    { column: column.name },
    `column "${column.name}" is not numeric; it is not an mlgate predictions file`,
  );
}
