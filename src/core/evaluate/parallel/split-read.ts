/**
 * Reading a large plain CSV file in parts for an evaluation. Parsing is most of an evaluation's time and
 * inference little, so the evaluating thread reads the first part itself and runs the model on every
 * batch, while reader threads parse the later parts into feed arrays. Batches are still evaluated in
 * data order (part by part) and re-cut at the one-piece read's batch boundaries (rebatch.ts), so results
 * are byte for byte those of a read in one piece; a reader waits once its share of
 * `MAX_BYTES_IN_FLIGHT` is untaken, so memory stays bounded; files above `SPLIT_MAX_BYTES` are not split
 * at all (there the readers could only get that far ahead).
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { openCsvRange } from '../../data/csv-reader.js';
import { resolveBatchSize } from '../../data/batch-size.js';
import type { Batch, Column, ColumnType, DataSource, ReadOptions } from '../../data/types.js';
import { detectFormat } from '../../data/open.js';
import { getErrorMessage } from '../../errors.js';
import type { FeedArray, InputPlan } from '../../model/input-mapping.js';
import { cutCsvIntoParts } from '../../validate/parallel/split-csv.js';
import type { ReadPartAck, ReadPartMessage, ReadPartStart, ReadPartTask, SentColumn } from './read-task.js';
import { pieceBatch, Rebatcher, type Piece } from './rebatch.js';

/**
 * Reading in parts failed (a reader's error or exit, or the first part could not be read on its own, as
 * when the cut falls inside a quoted field): the caller reads the file in one piece instead, which gives
 * the exact result or error. Errors of the evaluation itself are not this: they are already exact.
 */
export class SplitReadFailure extends Error {
  override readonly name = 'SplitReadFailure';
}

export interface SplitOptions {
  /** The bundled reader (dist/workers/evaluate-read.js), located by the entry that ships it. */
  workerUrl: URL;
  /** Plain CSV files at least this large are split. Default 64 MiB. */
  minBytes?: number;
  /** Parts, this thread's included (at most 16). Default: the available cores. */
  workers?: number;
  /** Reader threads already started (prewarmReaders); taken before new ones are started. */
  pool?: ReaderPool;
}

/** A batch to evaluate, with its feeds when a reader thread built them. */
export interface SourceBatch {
  batch: Batch;
  feeds?: Record<string, FeedArray>;
  missing?: [string, number][];
}

export interface SplitPlan {
  workerUrl: URL;
  pool?: ReaderPool;
  path: string;
  names: string[];
  delimiter: string;
  firstLine: number;
  /** Byte offsets: part k is [bounds[k], bounds[k + 1]). */
  bounds: number[];
}

export const DEFAULT_SPLIT_MIN_BYTES = 64 << 20;
/** A reader parses a batch in milliseconds; this long without one means it is stuck. */
const READER_STALL_MS = 60_000;
/**
 * Above this a file is read in one piece: the reader can only get `MAX_BYTES_IN_FLIGHT` ahead, so on a
 * 3 GB file reading in parts saved 2% of the time and cost 100 MB (575 MB peak at 10 M rows instead of
 * 475 MB), while on a 310 MB file it saves a quarter of the time.
 */
export const SPLIT_MAX_BYTES = 1 << 30;
/** Reader batches waiting to be evaluated, all readers together: ~64 MB (half a million 30-float rows). */
const MAX_BYTES_IN_FLIGHT = 64 << 20;
/**
 * This thread's part relative to each reader's: it also feeds and runs the model on every batch and
 * starts at once, while a reader first loads its bundle (measured on 2 cores: 0.8 finishes together).
 */
const FIRST_PART_WEIGHT = 0.8;

/**
 * Whether a file is read in parts (a plain CSV file of at least `minBytes`, on 2 or more cores). It
 * depends on the file and the options only, not on a shard, so a run and its shards agree on it.
 */
export async function isSplitCandidate(path: string, options: SplitOptions): Promise<boolean> {
  if (partCount(options) < 2) return false;
  const { format, compressed } = detectFormat(path);
  if (format !== 'csv' || compressed) return false;
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  return size >= (options.minBytes ?? DEFAULT_SPLIT_MIN_BYTES) && size <= SPLIT_MAX_BYTES;
}

export async function planSplit(
  path: string,
  options: SplitOptions,
  read: ReadOptions,
): Promise<SplitPlan | null> {
  if (!(await isSplitCandidate(path, options))) return null;
  const parts = partCount(options);
  const size = (await stat(path)).size;
  const cut = await cutCsvIntoParts(path, read, size, parts, FIRST_PART_WEIGHT);
  return cut ? { workerUrl: options.workerUrl, pool: options.pool, path, ...cut } : null;
}

export interface PartReader {
  /** The part's messages in order; ends after `done`, throws on `error`. */
  messages(): AsyncGenerator<ReadPartMessage, void>;
  ack(bytes: number): void;
  stop(): Promise<void>;
}

/** Starts one reader thread per part after the first, at once, so they load while this thread reads. */
export function startReaders(
  plan: SplitPlan,
  what: { plan: InputPlan; columnTypes: Record<string, ColumnType>; batchSize?: number; keep: string[] },
): PartReader[] {
  return plan.bounds.slice(1, -1).map((start, k) => {
    const task: ReadPartTask = {
      path: plan.path,
      start,
      end: plan.bounds[k + 2],
      names: plan.names,
      columnTypes: what.columnTypes,
      delimiter: plan.delimiter,
      batchSize: what.batchSize,
      plan: what.plan,
      keep: what.keep,
      maxBytesInFlight: Math.floor(MAX_BYTES_IN_FLIGHT / (plan.bounds.length - 2)),
    };
    const waiting = plan.pool?.take();
    if (waiting) {
      waiting.worker.postMessage({ type: 'task', task } satisfies ReadPartStart);
      return partReader(waiting);
    }
    return partReader(spawnReader(plan.workerUrl, task));
  });
}

/** A reader thread and what it has sent so far; listened to from its start, so no message or exit is missed. */
interface SpawnedReader {
  worker: Worker;
  queue: ReadPartMessage[];
  ended: boolean;
  wake?: () => void;
}

function spawnReader(url: URL, task?: ReadPartTask): SpawnedReader {
  const worker = new Worker(url, task ? { workerData: task } : {});
  const reader: SpawnedReader = { worker, queue: [], ended: false };
  const push = (message: ReadPartMessage) => {
    reader.queue.push(message);
    reader.wake?.();
  };
  worker.on('message', push);
  worker.once('error', (error) => push({ type: 'error', message: getErrorMessage(error) }));
  worker.once('exit', (code) => {
    reader.ended = true;
    push({ type: 'error', message: `reader thread exited with code ${code}` });
  });
  return reader;
}

/**
 * Reader threads started before their parts are known: each loads its bundle (~50 ms) while this thread
 * opens the model, instead of after. Threads not taken are stopped by `close`.
 */
export class ReaderPool {
  private readonly idle: SpawnedReader[];

  constructor(url: URL, count: number) {
    this.idle = Array.from({ length: count }, () => spawnReader(url));
  }

  take(): SpawnedReader | undefined {
    return this.idle.shift();
  }

  async close(): Promise<void> {
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((r) => (r.ended ? undefined : r.worker.terminate())));
  }
}

/** A pool for a file that will be read in parts (isSplitCandidate), or none. */
export function prewarmReaders(options: SplitOptions): ReaderPool {
  return new ReaderPool(options.workerUrl, partCount(options) - 1);
}

function partCount(options: SplitOptions): number {
  return Math.min(options.workers ?? availableParallelism(), 16);
}

function partReader(reader: SpawnedReader): PartReader {
  const { worker, queue } = reader;
  return {
    async *messages() {
      for (;;) {
        while (queue.length === 0) {
          // A reader that neither sends nor dies (stalled I/O, a bug) must not hang the run: after a
          // minute without a batch, read the file in one piece instead.
          let timer: NodeJS.Timeout | undefined;
          const stalled = await new Promise<boolean>((resolve) => {
            reader.wake = () => resolve(false);
            timer = setTimeout(() => resolve(true), READER_STALL_MS);
          });
          clearTimeout(timer);
          if (stalled && queue.length === 0) {
            throw new SplitReadFailure(`a reader thread sent nothing for ${READER_STALL_MS / 1000} s`);
          }
        }
        const message = queue.shift()!;
        if (message.type === 'error') throw new SplitReadFailure(message.message);
        yield message;
        if (message.type === 'done') return;
      }
    },
    ack: (bytes) => {
      if (!reader.ended) worker.postMessage({ type: 'ack', bytes } satisfies ReadPartAck);
    },
    stop: async () => {
      if (!reader.ended) await worker.terminate();
    },
  };
}

/** The batches of a file read in one piece. */
export async function* wholeFile(source: DataSource): AsyncGenerator<SourceBatch, void> {
  for await (const batch of source.batches()) yield { batch };
}

/**
 * The first part read here, then each reader's batches in order, their row and line numbers made
 * absolute (a part's rows restart at 1; the next part's line 1 is the line the previous one ended on),
 * and cut again into the one-piece read's batches (see rebatch.ts): the first part's last, partial
 * batch (the only batch of it shorter than `batchSize`) becomes a piece joined with what follows.
 */
export async function* splitBatches(
  plan: SplitPlan,
  readers: PartReader[],
  read: ReadOptions,
  toPiece: (batch: Batch) => Piece,
): AsyncGenerator<SourceBatch, void> {
  const size = resolveBatchSize(read);
  const first = openCsvRange(
    plan.path,
    { start: plan.bounds[0], end: plan.bounds[1], names: plan.names, firstLine: plan.firstLine },
    { ...read, delimiter: plan.delimiter },
  );
  const rebatcher = new Rebatcher(size);
  let rowOffset = 0;
  const batches = first.batches();
  for (;;) {
    let next: IteratorResult<Batch, void>;
    try {
      next = await batches.next();
    } catch (error) {
      throw new SplitReadFailure(`the first part cannot be read on its own: ${getErrorMessage(error)}`);
    }
    if (next.done) break;
    const batch = next.value;
    rowOffset += batch.length;
    // Copied out now: the reader refills this batch's arrays on the next read.
    if (batch.length < size) rebatcher.push(toPiece(batch));
    else yield { batch };
  }
  let lineOffset = first.endLine - 1;
  const emit = (piece: Piece): SourceBatch => ({
    batch: pieceBatch(piece),
    feeds: piece.feeds,
    missing: piece.missing,
  });
  for (const reader of readers) {
    let rows = 0;
    for await (const message of reader.messages()) {
      if (message.type === 'done') {
        if (message.rows !== rows)
          throw new SplitReadFailure(`a reader sent ${rows} of its ${message.rows} rows`);
        lineOffset += message.endLine - 1;
        break;
      }
      if (message.type !== 'batch') continue;
      const rowNumbers = message.rowNumbers;
      const lines = message.lines;
      for (let i = 0; i < message.n; i++) {
        rowNumbers[i] += rowOffset;
        lines[i] += lineOffset;
      }
      rows += message.n;
      rebatcher.push({
        n: message.n,
        feeds: message.feeds,
        columns: message.columns.map(receiveColumn),
        rowNumbers,
        lines,
        missing: message.missing,
      });
      reader.ack(message.bytes);
      for (let piece = rebatcher.take(); piece; piece = rebatcher.take()) yield emit(piece);
    }
    rowOffset += rows;
  }
  const last = rebatcher.rest();
  if (last) yield emit(last);
}

function receiveColumn(c: SentColumn): Column {
  return {
    name: c.name,
    kind: c.kind,
    state: c.state,
    values: c.values,
    invalid: new Map(c.invalid),
  } as Column;
}
