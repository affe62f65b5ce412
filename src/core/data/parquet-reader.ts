/**
 * Parquet reader on hyparquet (pure JS) with hyparquet-compressors for GZIP, BROTLI, ZSTD, LZ4 and LZ4_RAW.
 * It streams by row group: each row group's columns are decoded, then cut into batches, so memory is bounded
 * by one row group, not by the file. A `.parquet.gz` file is gunzipped into memory first (Parquet needs
 * random access to its footer), so it is not streamed. Type mapping: see parquet-columns.ts.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { asyncBufferFromFile, parquetMetadataAsync, parquetScan, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData, ParquetScan } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { getErrorMessage } from '../errors.js';
import { DataError } from './data-error.js';
import { describeGzipError } from './gzip-error.js';
import { describeField, isoParsers, toColumn } from './parquet-columns.js';
import type { ParquetField } from './parquet-columns.js';
import type { Batch, DataSource, ReadOptions } from './types.js';
import { resolveBatchSize } from './batch-size.js';
import { ensureReadableFile } from './file-access.js';

const MAGIC = 'PAR1';
const SUPPORTED_CODECS = [...new Set(['UNCOMPRESSED', 'SNAPPY', ...Object.keys(compressors)])];

export async function openParquet(path: string, options: ReadOptions = {}): Promise<DataSource> {
  await ensureReadableFile(path);
  const compressed = path.toLowerCase().endsWith('.gz');
  const file = compressed ? await gunzipToMemory(path) : await asyncBufferFromFile(path);
  await checkMagic(path, file);
  const metadata = await readMetadata(path, file);
  checkCodecs(path, metadata);
  const fields = parquetSchema(metadata).children.map((node) =>
    describeField(node, options.columnTypes?.[node.element.name]),
  );
  const batchSize = resolveBatchSize(options);
  return {
    path,
    format: 'parquet',
    compressed,
    columns: fields.map((f) => f.name),
    batches: () => readBatches(path, file, metadata, fields, batchSize),
  };
}

async function gunzipToMemory(path: string): Promise<ArrayBuffer> {
  const bytes = await readFile(path);
  try {
    const plain = await promisify(gunzip)(bytes);
    return plain.buffer.slice(plain.byteOffset, plain.byteOffset + plain.byteLength) as ArrayBuffer;
  } catch (error) {
    throw new DataError(path, {}, describeGzipError(error));
  }
}

async function checkMagic(path: string, file: AsyncBuffer): Promise<void> {
  const expected = `expected a Parquet file, which starts and ends with the bytes "${MAGIC}"`;
  if (file.byteLength < 12)
    throw new DataError(path, {}, `not a Parquet file (${file.byteLength} bytes); ${expected}`);
  const head = new TextDecoder('latin1').decode(await file.slice(0, 4));
  if (head !== MAGIC)
    throw new DataError(path, {}, `not a Parquet file: it starts with ${JSON.stringify(head)}; ${expected}`);
  const tail = new TextDecoder('latin1').decode(await file.slice(file.byteLength - 4));
  if (tail !== MAGIC) {
    throw new DataError(
      path,
      {},
      `truncated Parquet file: it starts with "${MAGIC}" but does not end with it (no footer)`,
    );
  }
}

async function readMetadata(path: string, file: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file, { parsers: isoParsers });
  } catch (error) {
    throw new DataError(path, {}, `cannot read the Parquet footer: ${getErrorMessage(error)}`);
  }
}

/** Fails before reading any page when a column chunk uses a codec we cannot decompress. */
function checkCodecs(path: string, metadata: FileMetaData): void {
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta && !SUPPORTED_CODECS.includes(meta.codec)) {
        const column = meta.path_in_schema.join('.');
        const supported = SUPPORTED_CODECS.join(', ');
        throw new DataError(
          path,
          { column },
          `unsupported Parquet compression ${meta.codec}; supported: ${supported}`,
        );
      }
    }
  }
}

async function* readBatches(
  path: string,
  file: AsyncBuffer,
  metadata: FileMetaData,
  fields: readonly ParquetField[],
  batchSize: number,
): AsyncGenerator<Batch> {
  const scan = await parquetScan({ file, metadata, compressors, parsers: isoParsers });
  for (const range of scan.ranges) {
    const data = await readRange(path, scan, fields, range.rowStart, range.rowEnd);
    const groupRows = range.rowEnd - range.rowStart;
    for (let start = 0; start < groupRows; start += batchSize) {
      const end = Math.min(groupRows, start + batchSize);
      const rowNumbers = new Uint32Array(end - start);
      for (let i = 0; i < rowNumbers.length; i++) rowNumbers[i] = range.rowStart + start + i + 1;
      yield {
        length: end - start,
        columns: fields.map((field, c) => toColumn(field, data[c], start, end)),
        rowNumbers,
        lines: new Uint32Array(end - start),
      };
    }
  }
}

/** Decodes every column of one row group; hyparquet's errors become DataErrors naming the row group. */
async function readRange(
  path: string,
  scan: ParquetScan,
  fields: readonly ParquetField[],
  rowStart: number,
  rowEnd: number,
): Promise<ArrayLike<unknown>[]> {
  const out: ArrayLike<unknown>[] = [];
  for (const field of fields) {
    try {
      out.push(await scan.readColumn({ column: field.name, rowStart, rowEnd }));
    } catch (error) {
      const where = `rows ${rowStart + 1}–${rowEnd}`;
      throw new DataError(
        path,
        { column: field.name },
        `cannot decode Parquet data (${where}): ${getErrorMessage(error)}`,
      );
    }
  }
  return out;
}
