/**
 * JSON Lines reader: one JSON object per line, streamed from disk (`.gz` through zlib). Bytes are split at
 * newline bytes before decoding (0x0A never occurs inside a UTF-8 sequence), decoded strictly (invalid
 * UTF-8 is an error, never U+FFFD) and parsed line by line. Line numbers are exact: CRLF and a leading BOM
 * are accepted, blank lines are skipped but counted. Each row's number is its line number (DESIGN §4).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { getErrorMessage } from '../errors.js';
import { DataError } from './data-error.js';
import { describeGzipError, isGzipError } from './gzip-error.js';
import { decodeUtf8, InvalidUtf8Error } from './decode.js';
import { resolveBatchSize } from './batch-size.js';
import { ensureReadableFile } from './file-access.js';
import { ColumnRegistry, JsonlBatchBuilder } from './jsonl-columns.js';
import type { Batch, DataSource, ReadOptions } from './types.js';

const NEWLINE = 0x0a;

export async function openJsonl(path: string, options: ReadOptions = {}): Promise<DataSource> {
  await ensureReadableFile(path);
  const compressed = path.toLowerCase().endsWith('.gz');
  const registry = new ColumnRegistry();
  const hints = options.columnTypes ?? {};
  const batchSize = resolveBatchSize(options);
  return {
    path,
    format: 'jsonl',
    compressed,
    columns: registry.names,
    batches: () => readBatches(path, compressed, new JsonlBatchBuilder(registry, hints, batchSize)),
  };
}

/** Tracks where the reader is, so every error can name the line. */
interface Cursor {
  readonly path: string;
  /** Last line number handed out (1-based). */
  line: number;
}

async function* readBatches(
  path: string,
  compressed: boolean,
  builder: JsonlBatchBuilder,
): AsyncGenerator<Batch> {
  const cursor: Cursor = { path, line: 0 };
  const { stream, close } = openByteStream(path, compressed);
  try {
    for await (const text of textChunks(stream, cursor)) {
      let pos = 0;
      while (pos < text.length) {
        let end = text.indexOf('\n', pos);
        if (end < 0) end = text.length;
        cursor.line++;
        addLine(builder, text, pos, end, cursor);
        pos = end + 1;
        if (builder.full) yield builder.take();
      }
    }
  } finally {
    close();
  }
  if (builder.length > 0) yield builder.take();
}

function openByteStream(path: string, compressed: boolean): { stream: Readable; close: () => void } {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!compressed) return { stream: file, close: () => file.destroy() };
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(error));
  file.pipe(gunzip);
  return {
    stream: gunzip,
    close: () => {
      file.destroy();
      gunzip.destroy();
    },
  };
}

/**
 * Yields decoded text made of whole lines (each ending with '\n', except possibly the last one of the file).
 * `cursor.line` is the number of lines before the chunk being decoded, for UTF-8 error locations.
 */
async function* textChunks(stream: Readable, cursor: Cursor): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const last = chunk.lastIndexOf(NEWLINE);
      if (last < 0) {
        pending.push(chunk);
        continue;
      }
      const head = pending.length
        ? Buffer.concat([...pending, chunk.subarray(0, last + 1)])
        : chunk.subarray(0, last + 1);
      pending = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
      yield decodeText(head, cursor, first);
      first = false;
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    if (isGzipError(error)) throw new DataError(cursor.path, {}, describeGzipError(error));
    throw new DataError(cursor.path, {}, `cannot read the file: ${getErrorMessage(error)}`);
  }
  if (pending.length) yield decodeText(Buffer.concat(pending), cursor, first);
}

function decodeText(bytes: Buffer, cursor: Cursor, first: boolean): string {
  let text: string;
  try {
    text = decodeUtf8(bytes, 0, bytes.length);
  } catch (error) {
    if (!(error instanceof InvalidUtf8Error)) throw error;
    throw invalidUtf8(bytes, error, cursor);
  }
  return first && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function invalidUtf8(bytes: Buffer, error: InvalidUtf8Error, cursor: Cursor): DataError {
  let line = cursor.line + 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(NEWLINE); i >= 0 && i < error.index; i = bytes.indexOf(NEWLINE, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const byte = `0x${error.byte.toString(16).padStart(2, '0')}`;
  const where = `byte ${error.index - lineStart + 1} of the line`;
  return new DataError(
    cursor.path,
    { line },
    `invalid UTF-8 (byte ${byte} at ${where}); expected UTF-8 text`,
  );
}

function addLine(builder: JsonlBatchBuilder, text: string, start: number, end: number, cursor: Cursor): void {
  if (end > start && text.charCodeAt(end - 1) === 13) end--; // CRLF
  if (isBlank(text, start, end)) return;
  const line = text.slice(start, end);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new DataError(cursor.path, { line: cursor.line }, `invalid JSON: ${getErrorMessage(error)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new DataError(
      cursor.path,
      { line: cursor.line },
      `expected a JSON object on each line, found ${found}`,
    );
  }
  builder.addRow(value as Record<string, unknown>, cursor.line);
}

/** JSON's whitespace only (space, tab, CR, LF): what JSON.parse would also ignore. */
function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
  }
  return true;
}
