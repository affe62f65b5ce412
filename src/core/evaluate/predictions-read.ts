/** Reads predictions.parquet (layout: predictions-file.ts) back into the arrays an evaluation holds. */
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { DataError } from '../data/data-error.js';
import { openParquet } from '../data/parquet-reader.js';
import { CellState, type Column } from '../data/types.js';
import { getErrorMessage } from '../errors.js';
import { Growable } from './growable.js';
import { RowIds } from './row-ids.js';
import type { StoredPredictions } from './prediction-store.js';
import {
  PREDICTIONS_METADATA_KEY,
  PREDICTIONS_SCHEMA_VERSION,
  type PredictionsMetadata,
} from './predictions-file.js';
import type { SliceKeys } from './run-model.js';

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
