/**
 * How data columns become model inputs. Two shapes cover the models people export:
 * - one [N, F] tensor (PyTorch, Keras, skl2onnx with a single `FloatTensorType([None, F])`): the feature
 *   columns, by default every column but the label (and any excluded ones), in file order;
 * - one input per column, matched by name (skl2onnx pipelines with string and int64 columns), each [N] or
 *   [N, 1].
 * The dtype is always the model's. Missing cells: NaN for float inputs, "" for string inputs (both
 * counted and reported); an int64/int32/bool input has no missing value, so a missing cell is an error.
 */
import { DataError } from '../data/data-error.js';
import { CellState, type Batch, type Column, type ColumnType } from '../data/types.js';
import { ConfigurationError } from '../errors.js';
import type { Ort, OrtTensor } from './ort.js';
import { describeValue, type ModelSignature, type ValueSignature } from './signature.js';

export type InputMode = 'auto' | 'tensor' | 'per-column';

const FLOAT_TYPES = new Set(['float32', 'float64']);
const INT_TYPES = new Set(['int64', 'int32']);
const SUPPORTED_TYPES = new Set([...FLOAT_TYPES, ...INT_TYPES, 'string', 'bool']);

export interface InputMappingRequest {
  /** The data file's columns in file order. */
  columns: readonly string[];
  /** The label column (never a feature). */
  label?: string;
  /** Explicit feature columns, in the order the model expects them. */
  features?: readonly string[];
  /** Columns that are not features (ids, timestamps, slice keys...). */
  exclude?: readonly string[];
  mode?: InputMode;
  /** How the model and the data are named in messages. */
  modelName: string;
  dataName: string;
}

export interface TensorInputPlan {
  kind: 'tensor';
  input: string;
  dtype: string;
  features: string[];
  /** The tensor's dims after the batch dim (a plain array, so a plan can cross to a worker thread). */
  tail: number[];
}

export interface PerColumnInput {
  input: string;
  column: string;
  dtype: string;
  /** [N] or [N, 1]. */
  rank: 1 | 2;
}

export interface PerColumnInputPlan {
  kind: 'per-column';
  inputs: PerColumnInput[];
}

export type InputPlan = TensorInputPlan | PerColumnInputPlan;

/** Decides how to feed the model from the data's columns; every mismatch is named before a row is read. */
export function planInputs(signature: ModelSignature, request: InputMappingRequest): InputPlan {
  const { inputs } = signature;
  if (inputs.length === 0) throw new ConfigurationError(`${request.modelName}: the model has no inputs`);
  for (const input of inputs) {
    if (!input.isTensor || !SUPPORTED_TYPES.has(input.dtype ?? '')) {
      throw new ConfigurationError(
        `${request.modelName}: input "${input.name}" is ${describeValue(input)}; mlgate feeds float32, float64, int64, int32, bool and string tensors`,
      );
    }
  }
  const columnSet = new Set(request.columns);
  const mode = request.mode ?? 'auto';
  const byName = inputs.every((i) => columnSet.has(i.name));
  if (
    mode === 'per-column' ||
    (mode === 'auto' && (inputs.length > 1 || (byName && isColumnShaped(inputs[0]))))
  ) {
    return planPerColumn(inputs, request, columnSet);
  }
  if (inputs.length > 1) {
    throw new ConfigurationError(
      `${request.modelName}: input mode "tensor" needs a model with one input; this one has ${inputs.length} (${inputs.map((i) => `"${i.name}"`).join(', ')}): use input mode per-column`,
    );
  }
  return planTensor(inputs[0], request, columnSet);
}

function isColumnShaped(input: ValueSignature): boolean {
  return input.shape.length === 1 || (input.shape.length === 2 && input.shape[1] === 1);
}

function planPerColumn(
  inputs: ValueSignature[],
  request: InputMappingRequest,
  columnSet: Set<string>,
): PerColumnInputPlan {
  const missing = inputs.filter((i) => !columnSet.has(i.name));
  if (missing.length > 0) {
    throw new ConfigurationError(
      `${request.modelName}: the model takes one input per column, and ${request.dataName} has no column named ${missing
        .map((i) => `"${i.name}" (${describeValue(i)})`)
        .join(', ')}; its columns are ${request.columns.map((c) => `"${c}"`).join(', ')}`,
    );
  }
  if (request.label !== undefined && inputs.some((i) => i.name === request.label)) {
    throw new ConfigurationError(
      `${request.modelName}: the label column "${request.label}" is also an input of the model; a model must not see its label`,
    );
  }
  return {
    kind: 'per-column',
    inputs: inputs.map((input) => {
      if (!isColumnShaped(input) && input.shape.length !== 0) {
        throw new ConfigurationError(
          `${request.modelName}: input "${input.name}" is ${describeValue(input)}; one input per column must be [N] or [N, 1]`,
        );
      }
      return {
        input: input.name,
        column: input.name,
        dtype: input.dtype!,
        rank: input.shape.length === 1 ? 1 : 2,
      };
    }),
  };
}

function planTensor(
  input: ValueSignature,
  request: InputMappingRequest,
  columnSet: Set<string>,
): TensorInputPlan {
  const dtype = input.dtype!;
  if (dtype === 'string' || dtype === 'bool') {
    throw new ConfigurationError(
      `${request.modelName}: input "${input.name}" is ${describeValue(input)}; one [N, F] tensor of features must be a number type (float32, float64, int64, int32)`,
    );
  }
  let features: string[];
  let how: string;
  if (request.features?.length) {
    const unknown = request.features.filter((c) => !columnSet.has(c));
    if (unknown.length > 0) {
      throw new ConfigurationError(
        `${request.dataName}: has no feature column ${unknown.map((c) => `"${c}"`).join(', ')}; its columns are ${request.columns.map((c) => `"${c}"`).join(', ')}`,
      );
    }
    if (request.label !== undefined && request.features.includes(request.label)) {
      throw new ConfigurationError(`features: the label column "${request.label}" cannot also be a feature`);
    }
    features = [...request.features];
    how = 'the listed features';
  } else {
    const excluded = new Set([
      ...(request.exclude ?? []),
      ...(request.label !== undefined ? [request.label] : []),
    ]);
    const unknown = (request.exclude ?? []).filter((c) => !columnSet.has(c));
    if (unknown.length > 0) {
      throw new ConfigurationError(
        `${request.dataName}: cannot exclude ${unknown.map((c) => `"${c}"`).join(', ')}: no such column; its columns are ${request.columns.map((c) => `"${c}"`).join(', ')}`,
      );
    }
    features = request.columns.filter((c) => !excluded.has(c));
    how = `every column but ${[...excluded].map((c) => `"${c}"`).join(', ') || 'none'}`;
  }
  const shape = input.shape;
  if (shape.length < 2) {
    throw new ConfigurationError(
      `${request.modelName}: input "${input.name}" is ${describeValue(input)}; a features tensor needs a batch dimension and a feature dimension ([N, F])`,
    );
  }
  const fixed = shape.slice(1);
  const width = fixed.every((d) => typeof d === 'number' && d > 0)
    ? (fixed as number[]).reduce((a, b) => a * b, 1)
    : undefined;
  if (width !== undefined && width !== features.length) {
    throw new ConfigurationError(
      `${request.modelName}: input "${input.name}" expects ${width} features (${describeValue(input)}); ${request.dataName} gives ${features.length} (${how})${features.length <= 40 ? `: ${features.map((c) => `"${c}"`).join(', ')}` : ''}. Name the feature columns with features (--features) or exclude the others (--exclude)`,
    );
  }
  if (width === undefined && fixed.length > 1) {
    throw new ConfigurationError(
      `${request.modelName}: input "${input.name}" is ${describeValue(input)}; mlgate can reshape columns only into fixed dims after the batch dim`,
    );
  }
  const tail = width === undefined ? [features.length] : (fixed as number[]);
  return { kind: 'tensor', input: input.name, dtype, features, tail };
}

/** Type hints for the reader: what each column needs to be parsed as. */
export function columnTypesFor(plan: InputPlan): Record<string, ColumnType> {
  const types: Record<string, ColumnType> = {};
  if (plan.kind === 'tensor') {
    for (const f of plan.features) types[f] = 'number';
  } else {
    for (const i of plan.inputs)
      types[i.column] = i.dtype === 'string' ? 'string' : i.dtype === 'bool' ? 'boolean' : 'number';
  }
  return types;
}

/** Rows of a batch to feed: all of them, or a subset (a shard). */
export type RowSelection = Uint32Array | undefined;

export interface FeedStats {
  /** Missing cells fed as NaN (float) or "" (string), per column. */
  missing: Map<string, number>;
}

/**
 * Typed arrays reused from batch to batch (the session is done with a feed once run() returns): fresh
 * 1 MB arrays per batch were a tenth of an evaluation's time in allocation and GC.
 */
export class FeedBuffers {
  private readonly buffers = new Map<string, NumericArray>();
  take(key: string, dtype: string, length: number): NumericArray {
    let buffer = this.buffers.get(key);
    if (!buffer || buffer.length < length) {
      buffer = allocate(dtype, length);
      this.buffers.set(key, buffer);
    }
    return buffer.length === length ? buffer : (buffer.subarray(0, length) as NumericArray);
  }
}

/** One input's data and dims, before it becomes an ORT tensor (what a reader thread can build and send). */
export interface FeedArray {
  dtype: string;
  data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array | string[];
  dims: number[];
}

/** Builds the feeds for the selected rows of a batch (into `buffers` when given, else fresh arrays). */
export function buildFeeds(
  ort: Ort,
  plan: InputPlan,
  batch: Batch,
  selection: RowSelection,
  stats: FeedStats,
  dataName: string,
  buffers?: FeedBuffers,
): Record<string, OrtTensor> {
  return toTensors(ort, buildFeedArrays(plan, batch, selection, stats, dataName, buffers));
}

export function toTensors(ort: Ort, arrays: Record<string, FeedArray>): Record<string, OrtTensor> {
  const feeds: Record<string, OrtTensor> = {};
  for (const [name, f] of Object.entries(arrays)) {
    feeds[name] = new ort.Tensor(f.dtype as 'float32', f.data as Float32Array, f.dims);
  }
  return feeds;
}

/** The feeds' data for the selected rows of a batch, without ONNX Runtime. */
export function buildFeedArrays(
  plan: InputPlan,
  batch: Batch,
  selection: RowSelection,
  stats: FeedStats,
  dataName: string,
  buffers?: FeedBuffers,
): Record<string, FeedArray> {
  const take = (key: string, dtype: string, length: number) =>
    buffers ? buffers.take(key, dtype, length) : allocate(dtype, length);
  const n = selection ? selection.length : batch.length;
  const columns = new Map(batch.columns.map((c) => [c.name, c]));
  const get = (name: string): Column => {
    const column = columns.get(name);
    if (!column) throw new DataError(dataName, {}, `column "${name}" is missing from a batch of rows`);
    return column;
  };
  if (plan.kind === 'tensor') {
    const width = plan.features.length;
    const data = take(plan.input, plan.dtype, n * width);
    const columns = plan.features.map(get);
    if (
      !selection &&
      data instanceof Float32Array &&
      columns.every((c) => c.kind === 'number' && allPresent(c.state, n))
    ) {
      transposeInto(
        data,
        columns.map((c) => c.values as Float64Array),
        n,
      );
    } else {
      for (let j = 0; j < width; j++) {
        fillColumn(columns[j], data, j, width, selection, n, plan.dtype, stats, batch, dataName);
      }
    }
    return { [plan.input]: { dtype: plan.dtype, data, dims: [n, ...plan.tail] } };
  }
  const feeds: Record<string, FeedArray> = {};
  for (const input of plan.inputs) {
    const column = get(input.column);
    const dims = input.rank === 1 ? [n] : [n, 1];
    if (input.dtype === 'string') {
      feeds[input.input] = {
        dtype: 'string',
        data: stringValues(column, selection, n, stats, batch, dataName),
        dims,
      };
    } else if (input.dtype === 'bool') {
      feeds[input.input] = { dtype: 'bool', data: boolValues(column, selection, n, batch, dataName), dims };
    } else {
      const data = take(input.input, input.dtype, n);
      fillColumn(column, data, 0, 1, selection, n, input.dtype, stats, batch, dataName);
      feeds[input.input] = { dtype: input.dtype, data, dims };
    }
  }
  return feeds;
}

type NumericArray = Float32Array | Float64Array | BigInt64Array | Int32Array;

function allocate(dtype: string, length: number): NumericArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'int32':
      return new Int32Array(length);
    default:
      throw new Error(`unsupported input dtype ${dtype}`);
  }
}

function fillColumn(
  column: Column,
  out: NumericArray,
  offset: number,
  stride: number,
  selection: RowSelection,
  n: number,
  dtype: string,
  stats: FeedStats,
  batch: Batch,
  dataName: string,
): void {
  const isFloat = dtype === 'float32' || dtype === 'float64';
  const state = column.state;
  if (column.kind === 'number') {
    const values = column.values;
    if (isFloat) {
      const target = out as Float32Array | Float64Array;
      if (!selection && allPresent(state, n)) {
        // The common case, a column without missing cells, in a tight loop (the general one below took
        // 6 ns a cell, a tenth of an evaluation's time on a million rows of 30 features).
        if (target instanceof Float32Array)
          for (let k = 0; k < n; k++) target[k * stride + offset] = values[k];
        else for (let k = 0; k < n; k++) target[k * stride + offset] = values[k];
        return;
      }
      let missing = 0;
      for (let k = 0; k < n; k++) {
        const r = selection ? selection[k] : k;
        const s = state[r];
        if (s === CellState.Present) target[k * stride + offset] = values[r];
        else if (s === CellState.Invalid) throw notNumber(column, r, batch, dataName, dtype);
        else {
          target[k * stride + offset] = NaN;
          missing++;
        }
      }
      if (missing) stats.missing.set(column.name, (stats.missing.get(column.name) ?? 0) + missing);
      return;
    }
    for (let k = 0; k < n; k++) {
      const r = selection ? selection[k] : k;
      const s = state[r];
      const v = values[r];
      if (s === CellState.Invalid) throw notNumber(column, r, batch, dataName, dtype);
      if (s !== CellState.Present) throw missingInteger(column, r, batch, dataName, dtype);
      if (!Number.isInteger(v)) {
        throw new DataError(
          dataName,
          { row: batch.rowNumbers[r], line: batch.lines[r] || undefined, column: column.name },
          `${v} is not an integer, and the model's input is ${dtype}`,
        );
      }
      if (dtype === 'int64') (out as BigInt64Array)[k * stride + offset] = BigInt(v);
      else (out as Int32Array)[k * stride + offset] = v;
    }
    return;
  }
  // Booleans (1/0) and JSON values (JSON Lines, Parquet int64 as bigint) that hold numbers.
  for (let k = 0; k < n; k++) {
    const r = selection ? selection[k] : k;
    const s = state[r];
    let v: number;
    if (s === CellState.Present) {
      const raw = column.values[r];
      v = typeof raw === 'bigint' ? Number(raw) : typeof raw === 'boolean' ? Number(raw) : (raw as number);
      if (typeof v !== 'number') throw notNumber(column, r, batch, dataName, dtype);
    } else if (s === CellState.Invalid) throw notNumber(column, r, batch, dataName, dtype);
    else if (isFloat) {
      v = NaN;
      stats.missing.set(column.name, (stats.missing.get(column.name) ?? 0) + 1);
    } else throw missingInteger(column, r, batch, dataName, dtype);
    if (dtype === 'int64') {
      if (!Number.isInteger(v)) throw notNumber(column, r, batch, dataName, dtype);
      (out as BigInt64Array)[k * stride + offset] = BigInt(v);
    } else (out as Float32Array)[k * stride + offset] = v;
  }
}

function cellLocation(column: Column, r: number, batch: Batch) {
  return { row: batch.rowNumbers[r], line: batch.lines[r] || undefined, column: column.name };
}

function notNumber(column: Column, r: number, batch: Batch, dataName: string, dtype: string): DataError {
  const raw = column.invalid.get(r) ?? column.values[r];
  return new DataError(
    dataName,
    cellLocation(column, r, batch),
    `${JSON.stringify(raw)} is not a number, and the model's input is ${dtype}`,
  );
}

function missingInteger(column: Column, r: number, batch: Batch, dataName: string, dtype: string): DataError {
  return new DataError(
    dataName,
    cellLocation(column, r, batch),
    `the cell is empty or null, and the model's input is ${dtype}, which has no missing value; fill it or drop the row`,
  );
}

function stringValues(
  column: Column,
  selection: RowSelection,
  n: number,
  stats: FeedStats,
  batch: Batch,
  dataName: string,
): string[] {
  const out = new Array<string>(n);
  let missing = 0;
  for (let k = 0; k < n; k++) {
    const r = selection ? selection[k] : k;
    const s = column.state[r];
    if (s === CellState.Present) {
      const v = column.values[r];
      out[k] = typeof v === 'string' ? v : String(v);
    } else if (s === CellState.Invalid) {
      throw new DataError(
        dataName,
        cellLocation(column, r, batch),
        "is not text, and the model's input is a string",
      );
    } else {
      out[k] = '';
      missing++;
    }
  }
  if (missing) stats.missing.set(column.name, (stats.missing.get(column.name) ?? 0) + missing);
  return out;
}

function boolValues(
  column: Column,
  selection: RowSelection,
  n: number,
  batch: Batch,
  dataName: string,
): Uint8Array {
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const r = selection ? selection[k] : k;
    if (column.state[r] !== CellState.Present || column.kind !== 'boolean') {
      throw new DataError(
        dataName,
        cellLocation(column, r, batch),
        "is not true or false, and the model's input is bool",
      );
    }
    out[k] = column.values[r];
  }
  return out;
}

/**
 * Number columns without missing cells into one row-major float32 matrix, a block of rows at a time: a
 * block's rows (256 × 30 floats, 30 KB) stay in the L1 cache while every column is written into them,
 * where column after column over the whole batch (983 KB) took 5–6 ns a cell.
 */
function transposeInto(out: Float32Array, columns: Float64Array[], n: number): void {
  const width = columns.length;
  const BLOCK = 256;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    for (let j = 0; j < width; j++) {
      const values = columns[j];
      for (let k = start, at = start * width + j; k < end; k++, at += width) out[at] = values[k];
    }
  }
}

/** Whether the first `n` cells are all Present (state 0). */
function allPresent(state: Uint8Array, n: number): boolean {
  // Present is 0: four cells a read where the bytes are aligned.
  let k = 0;
  if (state.byteOffset % 4 === 0) {
    const words = new Uint32Array(state.buffer, state.byteOffset, n >>> 2);
    for (let w = 0; w < words.length; w++) if (words[w] !== 0) return false;
    k = words.length * 4;
  }
  for (; k < n; k++) if (state[k] !== CellState.Present) return false;
  return true;
}
