/**
 * A Parquet file of flat columns written straight from typed arrays: one PLAIN, uncompressed data page
 * (v2) per column and row group, no statistics or page indexes. hyparquet-writer encodes values one at a
 * time through a DataView (80 ms for a million predictions); here a required numeric column is its
 * array's bytes, handed to the file without a copy. hyparquet-writer still encodes the Thrift page
 * headers, the definition levels of optional columns and the footer, so the format details stay in one
 * tested library.
 */
import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import type { ColumnChunk, FileMetaData, RowGroup, SchemaElement } from 'hyparquet';

/**
 * A column of `length` values; `read(start, end)` gives the values of one row group when the writer gets
 * there, so a column computed from others (a class's probabilities out of the row-major matrix) never
 * exists whole: at most a row group of it at a time.
 */
export type FlatColumn = { name: string; length: number } & (
  | { type: 'INT32'; read: (start: number, end: number) => Int32Array }
  | { type: 'FLOAT'; read: (start: number, end: number) => Float32Array }
  | { type: 'DOUBLE'; optional?: false; read: (start: number, end: number) => Float64Array }
  /** Optional columns: null is a missing value. */
  | { type: 'DOUBLE'; optional: true; read: (start: number, end: number) => readonly (number | null)[] }
  | { type: 'UTF8'; optional: true; read: (start: number, end: number) => readonly (string | null)[] }
);

export interface FlatParquetOptions {
  rowGroupSize: number;
  keyValueMetadata?: { key: string; value: string }[];
  createdBy?: string;
}

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // PAR1
const LITTLE_ENDIAN = endianness() === 'LE';
const encoder = new TextEncoder();

/** Writes `columns` (all of one length) to `path`, which is created or truncated. */
export async function writeFlatParquet(
  path: string,
  columns: readonly FlatColumn[],
  options: FlatParquetOptions,
): Promise<void> {
  const rows = columns.length ? columns[0].length : 0;
  for (const column of columns) {
    if (column.length !== rows)
      throw new Error(`column ${column.name} has ${column.length} values, not ${rows}`);
  }
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map((c): SchemaElement => {
      return c.type === 'UTF8'
        ? { name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }
        : { name: c.name, type: c.type, repetition_type: isOptional(c) ? 'OPTIONAL' : 'REQUIRED' };
    }),
  ];
  const file = await open(path, 'w');
  try {
    const out = new ChunkedOutput(file);
    out.push(MAGIC);
    const rowGroups: RowGroup[] = [];
    const size = Math.max(1, options.rowGroupSize);
    for (let start = 0; start < rows || (start === 0 && rows === 0); start += size) {
      const end = Math.min(rows, start + size);
      const groupStart = out.offset;
      const chunks: ColumnChunk[] = [];
      for (const column of columns) chunks.push(writeColumnChunk(out, column, start, end));
      let bytes = 0n;
      for (const c of chunks) bytes += c.meta_data!.total_uncompressed_size;
      rowGroups.push({
        columns: chunks,
        num_rows: BigInt(end - start),
        total_byte_size: bytes,
        total_compressed_size: BigInt(out.offset - groupStart),
      });
      await out.flushIfLarge();
      if (rows === 0) break;
    }
    const footer = new ByteWriter();
    const metadata = {
      version: 2,
      schema,
      num_rows: BigInt(rows),
      row_groups: rowGroups,
      key_value_metadata: options.keyValueMetadata,
      created_by: options.createdBy,
    } as Omit<FileMetaData, 'metadata_length'>;
    writeMetadata(footer, metadata as FileMetaData);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, footer.offset, true);
    out.push(footer.getBytes().slice(), length, MAGIC);
    await out.flush();
  } finally {
    await file.close();
  }
}

function writeColumnChunk(out: ChunkedOutput, column: FlatColumn, start: number, end: number): ColumnChunk {
  const n = end - start;
  let levels: Uint8Array = new Uint8Array(0);
  let data: Uint8Array;
  let nulls = 0;
  if (column.type === 'UTF8' || (column.type === 'DOUBLE' && column.optional === true)) {
    const values = column.read(start, end);
    if (values.length !== n) throw new Error(`column ${column.name} gave ${values.length} values, not ${n}`);
    const definition = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (values[i] === null) nulls++;
      else definition[i] = 1;
    }
    const levelWriter = new ByteWriter();
    writeRleBitPackedHybrid(levelWriter, definition, 1);
    levels = levelWriter.getBytes();
    data =
      column.type === 'UTF8'
        ? plainStrings(values as readonly (string | null)[])
        : plainDoubles(values as readonly (number | null)[]);
  } else {
    const values = column.read(start, end);
    if (values.length !== n) throw new Error(`column ${column.name} gave ${values.length} values, not ${n}`);
    data = bytesOf(values);
  }
  const offset = out.offset;
  const header = new ByteWriter(64);
  writePageHeader(header, {
    type: 'DATA_PAGE_V2',
    uncompressed_page_size: levels.length + data.length,
    compressed_page_size: levels.length + data.length,
    data_page_header_v2: {
      num_values: n,
      num_nulls: nulls,
      num_rows: n,
      encoding: 'PLAIN',
      definition_levels_byte_length: levels.length,
      repetition_levels_byte_length: 0,
      is_compressed: false,
    },
  });
  out.push(header.getBytes().slice(), levels, data);
  const size = BigInt(out.offset - offset);
  return {
    file_offset: BigInt(offset),
    meta_data: {
      type: column.type === 'UTF8' ? 'BYTE_ARRAY' : column.type,
      encodings: ['PLAIN'],
      path_in_schema: [column.name],
      codec: 'UNCOMPRESSED',
      num_values: BigInt(n),
      total_uncompressed_size: size,
      total_compressed_size: size,
      data_page_offset: BigInt(offset),
    },
  };
}

/** The little-endian bytes of a typed array: the array itself on a little-endian machine. */
function bytesOf(values: Int32Array | Float32Array | Float64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  const width = values.BYTES_PER_ELEMENT;
  for (let i = 0; i < values.length; i++) {
    if (values instanceof Int32Array) view.setInt32(i * 4, values[i], true);
    else if (width === 4) view.setFloat32(i * 4, values[i], true);
    else view.setFloat64(i * 8, values[i], true);
  }
  return bytes;
}

function isOptional(column: FlatColumn): boolean {
  return column.type === 'UTF8' || (column.type === 'DOUBLE' && column.optional === true);
}

function plainDoubles(values: readonly (number | null)[]): Uint8Array {
  const present: number[] = [];
  for (const v of values) if (v !== null) present.push(v);
  return bytesOf(Float64Array.from(present));
}

/** PLAIN BYTE_ARRAY: each present value as a 4-byte little-endian length and its UTF-8 bytes. */
function plainStrings(values: readonly (string | null)[]): Uint8Array {
  const encoded: Uint8Array[] = [];
  let total = 0;
  for (const v of values) {
    if (v === null) continue;
    const bytes = encoder.encode(v);
    encoded.push(bytes);
    total += 4 + bytes.length;
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const bytes of encoded) {
    view.setUint32(at, bytes.length, true);
    out.set(bytes, at + 4);
    at += 4 + bytes.length;
  }
  return out;
}

/** Pieces of the file in order, written with one writev call per few megabytes. */
class ChunkedOutput {
  offset = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly file: import('node:fs/promises').FileHandle) {}

  push(...pieces: Uint8Array[]): void {
    for (const piece of pieces) {
      if (piece.length === 0) continue;
      this.pending.push(piece);
      this.pendingBytes += piece.length;
      this.offset += piece.length;
    }
  }

  async flushIfLarge(): Promise<void> {
    if (this.pendingBytes >= 8 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    let pieces = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    // writev writes fewer bytes than asked only on errors or huge requests; loop on what is left.
    while (pieces.length) {
      const batch = pieces.slice(0, 1024);
      const expected = batch.reduce((sum, p) => sum + p.length, 0);
      const { bytesWritten } = await this.file.writev(batch);
      if (bytesWritten !== expected) {
        let left = bytesWritten;
        const rest: Uint8Array[] = [];
        for (const p of batch) {
          if (left >= p.length) left -= p.length;
          else {
            rest.push(p.subarray(left));
            left = 0;
          }
        }
        pieces = [...rest, ...pieces.slice(batch.length)];
      } else pieces = pieces.slice(batch.length);
    }
  }
}
