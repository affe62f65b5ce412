import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ConfigurationError } from '../errors.js';
import { resolveBatchSize } from './batch-size.js';
import { CsvBatchParser } from './csv-parser.js';
import { parseCsvHeader } from './csv-header.js';
import { DataError } from './data-error.js';
import { describeGzipError, isGzipError } from './gzip-error.js';
import type { Batch, DataSource, ReadOptions } from './types.js';

/** Bytes per read: 4 MiB measured ~5% faster than 1 MiB on the 263 MB benchmark file. */
const CHUNK_SIZE = 4 << 20;
/** Reads that only want the header start small (it grows as needed): 4 MiB reads cost ~40 ms of start-up. */
export const HEADER_CHUNK_SIZE = 64 << 10;
/** A single record this large is almost surely an unclosed quote swallowing the file; stop holding it. */
const MAX_RECORD_BYTES = 256 << 20;

/*
 * How CSV cells become column values (the decisions, in one place):
 * - RFC 4180: a header row; fields quoted with `"` may hold delimiters, `""` and line breaks; LF, CRLF and
 *   (never crashing) a lone CR end lines; a UTF-8 BOM is skipped; the last line needs no line break.
 * - Text is kept as is (no trimming). An empty unquoted cell is Absent in every column type; a quoted empty
 *   cell `""` is the empty string in a string column and Absent in number/boolean columns.
 * - Blank lines: rows of an empty cell in a one-column file (except trailing ones), skipped otherwise.
 * - Columns typed 'number' or 'integer' (both NumberColumn; whether 41.5 is an integer is the validator's
 *   call) read the grammar of number-parse.ts after trimming spaces/tabs: NaN/nan/NAN → CellState.NaN,
 *   inf/Infinity (any case, signed) → ±Infinity, blank → Absent, anything else (0x10, 1_000) → Invalid
 *   with the raw text. A quoted number ("1.5") is a number.
 * - 'boolean': true/True/TRUE/false/False/FALSE (spaces trimmed); 1/0, yes/no are Invalid, not guessed.
 * - 'json' columns are read as text (a CSV cell is a string; parsing JSON in it is not the reader's job).
 * - Columns without a type are strings; type hints for names not in the header are ignored.
 * - Errors are DataErrors naming the file, row (1-based, header excluded), physical line, and column.
 */

/**
 * Opens a CSV (or `.tsv`, or either `.gz`) file: reads the header now, so `columns` is known, and streams
 * the rows as columnar batches each time `batches()` is iterated (the file is reopened; nothing is held).
 */
export async function openCsv(path: string, options: ReadOptions = {}): Promise<DataSource> {
  const settings = { ...options, delimiter: options.delimiter ?? defaultDelimiter(path) };
  // The probe only reads the header: a one-row batch keeps it from allocating a full one.
  const probe = await openCsvChunks(readFileChunks(path, 0, Infinity, HEADER_CHUNK_SIZE), path, {
    ...settings,
    batchSize: 1,
  });
  const columns = probe.columns;
  await probe.close();
  if (!path.toLowerCase().endsWith('.gz')) {
    // Every row takes at least one byte per column (its delimiters and line break), so a small file
    // never needs the full batch arrays (allocating them was a tenth of a small run's time).
    const size = await fileSize(path);
    const bound = Math.ceil(size / Math.max(1, columns.length)) + 1;
    settings.batchSize = Math.max(1, Math.min(resolveBatchSize(options), bound));
  }
  return {
    path,
    format: 'csv',
    compressed: path.toLowerCase().endsWith('.gz'),
    columns,
    async *batches(): AsyncGenerator<Batch, void> {
      const stream = await openCsvChunks(readFileChunks(path), path, settings);
      try {
        if (stream.columns.join('\u0000') !== columns.join('\u0000')) {
          throw new DataError(path, { line: 1 }, 'the header changed while the file was being read');
        }
        yield* stream.batches();
      } finally {
        await stream.close();
      }
    },
  };
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    throw fileError(path, error);
  }
}

/** Tab for `.tsv` and `.tsv.gz`, comma otherwise. */
export function defaultDelimiter(path: string): string {
  return /\.tsv(\.gz)?$/i.test(path) ? '\t' : ',';
}

/** A CSV stream over any byte chunks: what `openCsv` uses, open to tests that choose chunk boundaries. */
export interface CsvStream {
  readonly columns: readonly string[];
  /** Byte offset of the first data byte (after the BOM, header and any blank lines before it). */
  readonly dataStart: number;
  /** Physical line where the data starts. */
  readonly firstLine: number;
  /** Streams the rows; iterate once. */
  batches(): AsyncGenerator<Batch, void>;
  /** Releases the chunk source early (also done when `batches()` ends). */
  close(): Promise<void>;
}

/**
 * Reads the header from `chunks` (named `file` in messages) and returns a stream of the remaining rows.
 * The delimiter defaults to a comma here (no file name to look at).
 */
export async function openCsvChunks(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  options: ReadOptions = {},
): Promise<CsvStream> {
  const delimiter = delimiterByte(options.delimiter ?? ',');
  const batchSize = resolveBatchSize(options);
  const input = new ChunkBuffer(chunks[Symbol.asyncIterator]());
  try {
    while (!input.done && input.buf.length < 3) await input.more();
    const buf = input.buf;
    // A UTF-8 byte order mark is not part of the first column's name.
    if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) input.pos = 3;
    for (;;) {
      const context = { file, delimiter, baseOffset: input.baseOffset };
      const header = parseCsvHeader(input.buf, input.pos, input.buf.length, input.done, context);
      if (header) {
        input.pos = header.end;
        const parser = new CsvBatchParser({
          file,
          names: header.names,
          columnTypes: options.columnTypes,
          delimiter,
          batchSize,
          firstLine: header.nextLine,
          reuseBuffers: options.reuseBuffers,
        });
        return {
          columns: header.names,
          dataStart: input.baseOffset + header.end,
          firstLine: header.nextLine,
          batches: () => streamBatches(input, parser),
          close: () => input.close(),
        };
      }
      if (input.pending > MAX_RECORD_BYTES) {
        throw new DataError(file, { line: 1 }, 'the header is larger than 256 MiB; is a quote left open?');
      }
      await input.more();
    }
  } catch (error) {
    await input.close();
    throw error;
  }
}

/** A byte range of a plain CSV file that starts at a record boundary, read with its file's header. */
export interface CsvRange {
  start: number;
  end: number;
  names: readonly string[];
  /** Physical line number to give the range's first byte (1 when the caller offsets lines itself). */
  firstLine: number;
}

/**
 * Streams the records of bytes [start, end) of a plain CSV file, as if they followed the header: how a
 * large file is split across worker threads. Row numbers restart at 1. A range that does not end at a
 * record boundary ends inside a quoted field or a record, and fails like a truncated file would.
 */
export function openCsvRange(
  path: string,
  range: CsvRange,
  options: ReadOptions = {},
): { batches(): AsyncGenerator<Batch, void>; readonly endLine: number } {
  const input = new ChunkBuffer(readFileChunks(path, range.start, range.end)[Symbol.asyncIterator]());
  input.baseOffset = range.start;
  const parser = new CsvBatchParser({
    file: path,
    names: range.names,
    columnTypes: options.columnTypes,
    delimiter: delimiterByte(options.delimiter ?? defaultDelimiter(path)),
    batchSize: resolveBatchSize(options),
    firstLine: range.firstLine,
    reuseBuffers: options.reuseBuffers,
  });
  return {
    batches: () => streamBatches(input, parser),
    get endLine() {
      return parser.line;
    },
  };
}

async function* streamBatches(input: ChunkBuffer, parser: CsvBatchParser): AsyncGenerator<Batch, void> {
  try {
    for (;;) {
      parser.baseOffset = input.baseOffset;
      input.pos = parser.parse(input.buf, input.pos, input.buf.length, input.done);
      if (parser.isFull) {
        yield parser.takeBatch();
        continue;
      }
      if (input.done) break;
      if (input.pending > MAX_RECORD_BYTES) {
        throw new DataError(
          parser.file,
          { row: parser.rowNumber + 1, line: parser.line },
          'this record is larger than 256 MiB; is a quote left open?',
        );
      }
      if (input.pending === 0 || input.pending > BRIDGE_BYTES) {
        await input.more();
        continue;
      }
      yield* bridge(input, parser, await input.nextChunk());
    }
    if (input.pos < input.buf.length)
      throw new Error(`internal error: CSV parser stopped at byte ${input.pos}`);
    parser.finish();
    if (parser.row > 0) yield parser.takeBatch();
  } finally {
    await input.close();
  }
}

/** Bytes of a new chunk joined to the cut record before it, enough for that record to end in them. */
const BRIDGE_BYTES = 64 << 10;

/**
 * Finishes the record cut at the end of the previous chunk without copying the whole new chunk: parses
 * `rest + chunk[0, BRIDGE_BYTES)` up to the first record that ends inside the chunk, then moves on to the
 * chunk itself. Falls back to joining both when the record is longer than the bridge.
 */
async function* bridge(
  input: ChunkBuffer,
  parser: CsvBatchParser,
  chunk: Uint8Array | null,
): AsyncGenerator<Batch, void> {
  const rest = input.buf.subarray(input.pos);
  const baseOffset = input.baseOffset + input.pos;
  if (chunk === null || chunk.length <= BRIDGE_BYTES) {
    input.reset(chunk === null ? rest : concat(rest, [chunk], chunk.length), baseOffset, chunk === null);
    return;
  }
  const joined = concat(rest, [chunk.subarray(0, BRIDGE_BYTES)], BRIDGE_BYTES);
  parser.baseOffset = baseOffset;
  let pos = 0;
  for (;;) {
    pos = parser.parse(joined, pos, joined.length, false, rest.length);
    if (!parser.isFull) break;
    yield parser.takeBatch();
  }
  if (pos >= rest.length) input.reset(chunk, baseOffset + rest.length, false, pos - rest.length);
  else input.reset(concat(rest, [chunk], chunk.length), baseOffset, false);
}

/** The unparsed tail of the input, grown chunk by chunk. */
class ChunkBuffer {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  done = false;
  /** Offset in the stream of `buf[0]`. */
  baseOffset = 0;
  private closed = false;

  constructor(private readonly iterator: AsyncIterator<Uint8Array>) {}

  get pending(): number {
    return this.buf.length - this.pos;
  }

  /** The next non-empty chunk as a plain Uint8Array (one element type keeps the parser monomorphic), or null. */
  async nextChunk(): Promise<Uint8Array | null> {
    for (;;) {
      const next = await this.iterator.next();
      if (next.done) return null;
      const chunk = next.value;
      if (chunk.length > 0) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    }
  }

  reset(buf: Uint8Array, baseOffset: number, done: boolean, pos = 0): void {
    this.buf = buf;
    this.baseOffset = baseOffset;
    this.done = done;
    this.pos = pos;
  }

  /**
   * Keeps the unparsed tail and appends at least as many new bytes as it holds (at least one chunk), so a
   * record spanning many chunks is rescanned a logarithmic number of times, not once per chunk.
   */
  async more(): Promise<void> {
    const pending = this.buf.subarray(this.pos);
    const baseOffset = this.baseOffset + this.pos;
    if (pending.length === 0) {
      const chunk = await this.nextChunk();
      this.reset(chunk ?? pending, baseOffset, chunk === null);
      return;
    }
    // Chunks may be reused buffers (see readFileChunks): copy what is kept before reading on.
    const rest = pending.slice();
    const parts: Uint8Array[] = [];
    let added = 0;
    let done = false;
    while (added < rest.length) {
      const chunk = await this.nextChunk();
      if (chunk === null) {
        done = true;
        break;
      }
      parts.push(chunk.slice());
      added += chunk.length;
    }
    this.reset(concat(rest, parts, added), baseOffset, done);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.iterator.return?.();
  }
}

function concat(rest: Uint8Array, parts: Uint8Array[], added: number): Uint8Array {
  const out = new Uint8Array(rest.length + added);
  out.set(rest, 0);
  let offset = rest.length;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Read buffers in rotation. One read runs ahead (into the next buffer) while the consumer parses the
 * current chunk, so a chunk stays intact until the consumer asks for the chunk POOL - 1 after it.
 */
const POOL = 4;

/**
 * The file's bytes in large chunks, gunzipped when the name ends in `.gz`; file errors become DataErrors.
 * Plain files are read into a few reused buffers (fresh 1 MiB buffers per read cost more in page faults
 * than the parsing itself), so a consumer must copy what it keeps beyond the next POOL - 2 chunks.
 * `start`/`end` read a byte range of a plain file.
 */
export async function* readFileChunks(
  path: string,
  start = 0,
  end = Number.POSITIVE_INFINITY,
  chunkSize = CHUNK_SIZE,
): AsyncGenerator<Uint8Array, void> {
  if (path.toLowerCase().endsWith('.gz')) {
    if (start !== 0 || end !== Number.POSITIVE_INFINITY)
      throw new Error('internal error: ranged read of gzip');
    yield* readGzipChunks(path);
    return;
  }
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(path, error);
  }
  let pending: Promise<number> = Promise.resolve(0);
  try {
    // A small file gets small buffers (one more byte than the file, to see its end in one read).
    const fileSize = (await handle.stat()).size;
    const size = Math.min(chunkSize, Math.max(64 << 10, Math.min(fileSize, end) - start + 1));
    const pool = Array.from({ length: POOL }, () => new Uint8Array(size));
    const readAt = (k: number, position: number): Promise<number> => {
      const read =
        position < end
          ? handle.read(pool[k], 0, Math.min(size, end - position), position).then((r) => r.bytesRead)
          : Promise.resolve(0);
      read.catch(() => {}); // awaited below; this only keeps a failed read-ahead from counting as unhandled
      return read;
    };
    pending = readAt(0, start);
    for (let k = 0, position = start; ;) {
      let bytesRead: number;
      try {
        bytesRead = await pending;
      } catch (error) {
        throw fileError(path, error);
      }
      if (bytesRead === 0) return;
      const chunk = pool[k].subarray(0, bytesRead);
      position += bytesRead;
      k = (k + 1) % POOL;
      // Read the next chunk while the consumer parses this one.
      pending = readAt(k, position);
      yield chunk;
    }
  } finally {
    await pending.catch(() => {});
    await handle.close();
  }
}

async function* readGzipChunks(path: string): AsyncGenerator<Uint8Array, void> {
  const file = createReadStream(path, { highWaterMark: CHUNK_SIZE });
  const gunzip = createGunzip({ chunkSize: CHUNK_SIZE });
  // pipeline forwards a read error (e.g. ENOENT) into gunzip, so iterating gunzip sees it.
  pipeline(file, gunzip, () => {});
  try {
    for await (const chunk of gunzip as AsyncIterable<Uint8Array>) yield chunk;
  } catch (error) {
    throw fileError(path, error);
  } finally {
    gunzip.destroy();
    file.destroy();
  }
}

function fileError(path: string, error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  if (code === 'ENOENT') return new DataError(path, {}, 'no such file');
  if (code === 'EISDIR') return new DataError(path, {}, 'is a folder, expected a data file');
  if (code === 'EACCES' || code === 'EPERM') return new DataError(path, {}, 'permission denied');
  if (isGzipError(error)) return new DataError(path, {}, describeGzipError(error));
  return error;
}

function delimiterByte(delimiter: string): number {
  const code = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  // Characters that can start or continue a number, quotes and line breaks cannot separate fields.
  if (code < 0 || code > 0x7f || /[0-9A-Za-z.+\-"\r\n]/.test(delimiter)) {
    throw new ConfigurationError(
      `CSV delimiter ${JSON.stringify(delimiter)} is not allowed; ` +
        'expected one ASCII character other than a letter, digit, ".", "+", "-", a quote or a line break (e.g. ",", ";", "\\t", "|")',
    );
  }
  return code;
}
