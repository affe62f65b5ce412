/**
 * The evaluation pass: stream the data in batches, feed each batch (or its shard's rows) to the
 * model, decode the outputs and keep per-row predictions. Memory is bounded by the per-row results
 * (a few bytes per row and class), never by the data: a batch is dropped once it has been fed.
 */
import { openDataSource } from '../data/open.js';
import { DataError } from '../data/data-error.js';
import type { Batch, Column, ColumnType, DataSource } from '../data/types.js';
import { CellState } from '../data/types.js';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  buildFeedArrays,
  buildFeeds,
  columnTypesFor,
  toTensors,
  FeedBuffers,
  planInputs,
  type FeedStats,
  type InputMode,
  type InputPlan,
} from '../model/input-mapping.js';
import type { Ort, OrtSession, OrtTensor } from '../model/ort.js';
import { planOutputs, type OutputPlan, type OutputRequest, type Task } from '../model/output-mapping.js';
import { sessionSignature, type ModelSignature } from '../model/signature.js';
import { ClassMap, readClassLabels, readNumericLabels } from './labels.js';
import { measureLatency, type LatencyOptions, type LatencyResult } from './latency.js';
import { PredictionStore, type NonFinitePolicy, type StoredPredictions } from './prediction-store.js';
import { estimateRows } from './row-estimate.js';
import type { Piece } from './parallel/rebatch.js';
import {
  planSplit,
  splitBatches,
  SplitReadFailure,
  startReaders,
  type PartReader,
  wholeFile,
  type SourceBatch,
  type SplitOptions,
} from './parallel/split-read.js';
import { formatCount } from '../report/format-number.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface RunModelRequest {
  session: OrtSession;
  modelName: string;
  dataPath: string;
  dataName: string;
  task: Task;
  /** The label column; without one (drift on unlabelled data) every row's true class is 0 (or NaN). */
  label?: string;
  features?: string[];
  exclude?: string[];
  inputMode?: InputMode;
  outputs?: OutputRequest;
  classes?: string[];
  positive?: string;
  /** Rows per model run. Default 8 192 (the reader's batch). */
  batchSize?: number;
  shard?: Shard;
  nonFinite?: NonFinitePolicy;
  /** Columns whose per-row values are kept for slicing (numeric when `numeric` says so). */
  sliceColumns?: { column: string; numeric: boolean }[];
  /**
   * 'feeds': measure nothing here but keep the latency feeds in the outcome, so a comparison can time two
   * models interleaved on the same rows.
   */
  latency?: LatencyOptions | false | 'feeds';
  /** Parse a large plain CSV file in parts on reader threads (set by entries that ship the worker). */
  parallel?: SplitOptions;
  /** What the ONNX file says each output is (ORT says only "not a tensor" for a ZipMap). */
  outputTypes?: Record<string, string>;
}

export interface SliceKeys {
  column: string;
  numeric: boolean;
  values: (string | number | null)[];
}

export interface RunModelOutcome {
  predictions: StoredPredictions;
  signature: ModelSignature;
  inputPlan: InputPlan;
  outputPlan: OutputPlan;
  classes?: string[];
  positive?: number;
  sliceKeys: SliceKeys[];
  missingCells: Record<string, number>;
  rowsRead: number;
  timing: { total_s: number; inference_s: number; rows_per_s: number };
  latency?: LatencyResult;
  /** With latency 'feeds': one row and one evaluation batch, as the latency measurement runs them. */
  latencyFeeds?: {
    single: Record<string, OrtTensor>;
    batch: Record<string, OrtTensor>;
    batchSize: number;
    fetch: string[];
  };
}

const PROGRESS_EVERY_MS = 5000;

export async function runModel(
  ort: Ort,
  request: RunModelRequest,
  logger: Logger,
  now: () => number = () => performance.now(),
): Promise<RunModelOutcome> {
  const started = now();
  const { session, task } = request;
  const signature = sessionSignature(session, request.outputTypes);
  const probe = await openDataSource(request.dataPath);
  if (probe.format === 'jsonl') {
    // JSON Lines has no header: its columns are the keys of the first batch of rows, in order of first
    // appearance (a key that first appears later is not a feature).
    for await (const first of probe.batches()) {
      void first;
      break;
    }
  }
  const columns = [...probe.columns];
  if (request.label !== undefined && !columns.includes(request.label)) {
    throw new DataError(
      request.dataName,
      {},
      `has no label column "${request.label}"; its columns are ${columns.map((c) => `"${c}"`).join(', ')}`,
    );
  }
  const sliceColumns = request.sliceColumns ?? [];
  for (const s of sliceColumns) {
    if (!columns.includes(s.column)) {
      throw new DataError(
        request.dataName,
        {},
        `has no slice column "${s.column}"; its columns are ${columns.map((c) => `"${c}"`).join(', ')}`,
      );
    }
  }
  const inputPlan = planInputs(signature, {
    columns,
    label: request.label,
    features: request.features,
    exclude: request.exclude,
    mode: request.inputMode,
    modelName: request.modelName,
    dataName: request.dataName,
  });
  const outputPlan = planOutputs(signature, task, request.outputs ?? {}, request.modelName);
  const newClassMap = () => {
    const map =
      task === 'regression' ? undefined : new ClassMap(request.classes, task === 'binary' ? 2 : undefined);
    // A binary task has classes 0 and 1 (or the two listed): a label 5 is a mistake, not a tenth class.
    if (task === 'binary') map!.fixed = true;
    // A model whose probabilities have a fixed K fixes the classes before any label is read.
    else if (map && outputPlan.scores?.classes !== undefined && !request.classes) {
      map.setSize(outputPlan.scores.classes, `${request.modelName}: output "${outputPlan.scores.name}"`);
    }
    return map;
  };
  const firstMap = newClassMap();
  const positive = task === 'binary' ? firstMap!.resolvePositive(request.positive) : undefined;
  if (task === 'binary' && firstMap!.size !== 2) {
    throw new ConfigurationError(`task binary needs two classes; classes lists ${firstMap!.size}`);
  }

  const columnTypes: Record<string, ColumnType> = columnTypesFor(inputPlan);
  const labelType: ColumnType = task === 'regression' || !request.classes ? 'number' : 'string';
  if (request.label !== undefined && columnTypes[request.label] === undefined)
    columnTypes[request.label] = labelType;
  for (const s of sliceColumns)
    if (columnTypes[s.column] === undefined) columnTypes[s.column] = s.numeric ? 'number' : 'string';

  // A model exported with a fixed batch size (often 1) is fed batches of that size.
  const fixed = signature.inputs
    .map((i) => i.shape[0])
    .filter((d): d is number => typeof d === 'number' && d > 0);
  const modelBatch = fixed.length === signature.inputs.length && fixed.length > 0 ? fixed[0] : undefined;
  if (modelBatch !== undefined && request.batchSize !== undefined && request.batchSize !== modelBatch) {
    throw new ConfigurationError(
      `${request.modelName}: its inputs have a fixed batch size of ${modelBatch}; batch-size ${request.batchSize} cannot be fed (leave batch-size unset)`,
    );
  }
  const batchSize = request.batchSize ?? modelBatch;
  const estimated = await estimateRows(request.dataPath);
  const shard = request.shard;

  /** One evaluation pass over batches (read here, or by a reader thread with their feeds built). */
  const pass = async (batches: AsyncIterable<SourceBatch>) => {
    const classMap = newClassMap();
    const feedBuffers = new FeedBuffers();
    const store = new PredictionStore(
      task,
      outputPlan,
      classMap,
      request.nonFinite ?? 'error',
      request.modelName,
      estimated ? Math.ceil((estimated * 1.02) / (shard?.count ?? 1)) : undefined,
    );
    const sliceKeys: SliceKeys[] = sliceColumns.map((s) => ({ ...s, values: [] }));
    const stats: FeedStats = { missing: new Map() };
    let rowsRead = 0;
    let inferenceMs = 0;
    // Progress counts this pass only (after a failed read in parts, the one-piece read starts again).
    const passStarted = now();
    let lastProgress = passStarted;
    let latencyFeeds:
      { single: Record<string, OrtTensor>; batch: Record<string, OrtTensor>; batchSize: number } | undefined;
    let yTrueBuffer: Int32Array | Float64Array = new Int32Array(0);

    let batchIndex = -1;
    for await (const { batch, feeds: sent, missing } of batches) {
      batchIndex++;
      rowsRead += batch.length;
      // A shard takes whole batches (k mod N = I - 1): the model then runs on exactly the batches of an
      // unsharded run, and a merge equals it bit for bit even for a model whose outputs for a row
      // depend on the rows beside it.
      if (shard && batchIndex % shard.count !== shard.index - 1) continue;
      const n = batch.length;
      if (n === 0) continue;
      if (yTrueBuffer.length < n)
        yTrueBuffer =
          task === 'regression'
            ? new Float64Array(n).fill(request.label === undefined ? NaN : 0)
            : new Int32Array(n);
      if (request.label !== undefined) {
        const labelColumn = batch.columns.find((c) => c.name === request.label)!;
        if (task === 'regression')
          readNumericLabels(labelColumn, batch, yTrueBuffer as Float64Array, request.dataName);
        else readClassLabels(labelColumn, batch, classMap!, yTrueBuffer as Int32Array, request.dataName);
      }
      let feeds: Record<string, OrtTensor>;
      if (sent) {
        feeds = toTensors(ort, sent);
        for (const [column, count] of missing ?? [])
          stats.missing.set(column, (stats.missing.get(column) ?? 0) + count);
      } else {
        // The first batch's feeds are kept for the latency runs; later batches reuse one set of buffers.
        const keep = request.latency !== false && latencyFeeds === undefined;
        feeds = buildFeeds(
          ort,
          inputPlan,
          batch,
          undefined,
          stats,
          request.dataName,
          keep ? undefined : feedBuffers,
        );
        if (keep) {
          latencyFeeds = {
            single: buildFeeds(
              ort,
              inputPlan,
              batch,
              Uint32Array.of(0),
              { missing: new Map() },
              request.dataName,
            ),
            batch: feeds,
            batchSize: n,
          };
        }
      }
      const t0 = now();
      let outputs: Record<string, OrtTensor>;
      try {
        outputs = (await session.run(feeds, outputPlan.fetch)) as Record<string, OrtTensor>;
      } catch (error) {
        throw new ConfigurationError(
          `${request.modelName}: ONNX Runtime could not run the model on ${request.dataName} rows ${batch.rowNumbers[0]}–${batch.rowNumbers[batch.length - 1]}: ${firstLine(error)}`,
          { cause: error },
        );
      }
      inferenceMs += now() - t0;
      const rowNumbers = batch.rowNumbers;
      const before = store.length;
      store.add(rowNumbers, yTrueBuffer.subarray(0, n), outputs);
      if (sliceKeys.length)
        collectSliceKeys(sliceKeys, batch, store.length - before < n ? keptRows(store, before) : undefined);
      const t = now();
      if (t - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = t;
        const rate = rowsRead / ((t - passStarted) / 1000);
        const eta =
          estimated && estimated > rowsRead
            ? `, about ${formatSeconds((estimated - rowsRead) / rate)} left`
            : '';
        logger.info(`  ${formatCount(rowsRead)} rows read, ${formatCount(Math.round(rate))} rows/s${eta}`);
      }
    }
    return { classMap, store, sliceKeys, stats, rowsRead, inferenceMs, latencyFeeds };
  };

  const readOptions = { columnTypes, batchSize, reuseBuffers: true };
  let done: Awaited<ReturnType<typeof pass>> | undefined;
  // A large plain CSV file is parsed in parts: this thread reads the first part and runs the model,
  // a reader thread parses the rest meanwhile. Any failure there (a cut inside a quoted field, a bad
  // cell) is answered by reading the file in one piece, which gives the exact same result or error.
  const split =
    request.parallel && !shard ? await planSplit(request.dataPath, request.parallel, readOptions) : null;
  if (split) {
    // The columns this thread reads itself from a reader's batches, in one order for every piece.
    const kept = [
      ...(request.label !== undefined ? [request.label] : []),
      ...sliceColumns.map((c) => c.column).filter((c) => c !== request.label),
    ];
    const toPiece = (batch: Batch): Piece => {
      const stats: FeedStats = { missing: new Map() };
      const feeds = buildFeedArrays(inputPlan, batch, undefined, stats, request.dataName);
      return {
        n: batch.length,
        feeds,
        columns: kept.map((name) =>
          copyColumn(
            batch.columns.find((c) => c.name === name)!,
            batch.length,
          ),
        ),
        rowNumbers: batch.rowNumbers.slice(0, batch.length),
        lines: batch.lines.slice(0, batch.length),
        missing: [...stats.missing],
      };
    };
    let readers: PartReader[] = [];
    try {
      readers = startReaders(split, { plan: inputPlan, columnTypes, batchSize, keep: kept });
      done = await pass(splitBatches(split, readers, readOptions, toPiece));
      logger.debug(`${request.dataName}: read in ${split.bounds.length - 1} parts`);
    } catch (error) {
      // Only a failure of reading in parts is retried in one piece; the evaluation's own errors are exact.
      if (!(error instanceof SplitReadFailure) && !isWorkerStartError(error)) throw error;
      logger.info(
        `${request.dataName}: read in one piece after reading in parts failed (${getErrorMessage(error)})`,
      );
    } finally {
      await Promise.all(readers.map((r) => r.stop()));
    }
  }
  if (!done) {
    // Every batch is fed and copied out before the next is read, so the reader may refill its arrays.
    const source: DataSource = await openDataSource(request.dataPath, readOptions);
    done = await pass(wholeFile(source));
  }
  const { classMap, store, sliceKeys, stats, rowsRead, inferenceMs, latencyFeeds } = done;
  if (store.length === 0 && !(shard && rowsRead > 0)) {
    throw new DataError(
      request.dataName,
      {},
      rowsRead === 0
        ? 'has no data rows to evaluate'
        : 'no row was left to evaluate (every prediction was non-finite and dropped)',
    );
  }
  const totalMs = now() - started;
  const latency =
    request.latency !== false && request.latency !== 'feeds' && latencyFeeds
      ? await measureLatency(session, latencyFeeds, outputPlan.fetch, request.latency ?? {}, now)
      : undefined;
  const predictions = store.finish();
  return {
    predictions,
    ...(request.latency === 'feeds' && latencyFeeds
      ? { latencyFeeds: { ...latencyFeeds, fetch: outputPlan.fetch } }
      : {}),
    signature,
    inputPlan,
    outputPlan,
    classes: classMap?.names,
    positive,
    sliceKeys,
    missingCells: Object.fromEntries(stats.missing),
    rowsRead,
    timing: {
      total_s: Number((totalMs / 1000).toFixed(3)),
      inference_s: Number((inferenceMs / 1000).toFixed(3)),
      rows_per_s: Math.round(store.length / (totalMs / 1000)),
    },
    latency,
  };
}

/** Data rows the store kept from a batch (rows with non-finite outputs are dropped under non-finite: drop). */
function keptRows(store: PredictionStore, before: number): Set<number> {
  const kept = new Set<number>();
  for (let i = before; i < store.length; i++) kept.add(store.rows.at(i));
  return kept;
}

function collectSliceKeys(keys: SliceKeys[], batch: Batch, kept: Set<number> | undefined): void {
  for (const key of keys) {
    const column = batch.columns.find((c) => c.name === key.column)!;
    for (let r = 0; r < batch.length; r++) {
      if (kept && !kept.has(batch.rowNumbers[r])) continue;
      if (column.state[r] !== CellState.Present) key.values.push(null);
      else {
        const v = column.values[r];
        key.values.push(typeof v === 'number' || typeof v === 'string' ? v : String(v));
      }
    }
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

function formatSeconds(s: number): string {
  if (s < 90) return `${Math.max(1, Math.round(s))} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** A column's first `n` cells, copied out of arrays the reader will refill. */
function copyColumn(column: Column, n: number): Column {
  return {
    ...column,
    state: column.state.slice(0, n),
    values: column.values.slice(0, n),
    invalid: new Map(column.invalid),
  } as Column;
}

/** A reader thread that could not even start (its file missing, workerData not cloneable). */
function isWorkerStartError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (code.startsWith('ERR_WORKER') || code === 'ERR_MODULE_NOT_FOUND' || code === 'DataCloneError')
  );
}
