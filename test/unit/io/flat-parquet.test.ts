import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFlatParquet, type FlatColumn } from '../../../src/core/io/flat-parquet.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlgate-flat-parquet-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A column over a whole array, read a row group at a time as the writer asks. */
function col(name: string, type: string, values: ArrayLike<unknown>, optional?: true): FlatColumn {
  const read = (start: number, end: number) =>
    ArrayBuffer.isView(values)
      ? (values as Int32Array).subarray(start, end)
      : Array.prototype.slice.call(values, start, end);
  return { name, type, length: values.length, read, ...(optional ? { optional } : {}) } as FlatColumn;
}

async function roundTrip(columns: FlatColumn[], rowGroupSize: number) {
  const path = join(dir, 'out.parquet');
  await writeFlatParquet(path, columns, {
    rowGroupSize,
    keyValueMetadata: [{ key: 'k', value: 'v ü' }],
    createdBy: 'mlgate-test',
  });
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const rows = await parquetReadObjects({ file });
  return { path, metadata, rows };
}

describe('writeFlatParquet', () => {
  it('writes required INT32, FLOAT and DOUBLE columns that read back exactly, over several row groups', async () => {
    const n = 1000;
    const ints = Int32Array.from({ length: n }, (_, i) => (i % 2 ? -i : i * 1_000_003) | 0);
    const floats = Float32Array.from({ length: n }, (_, i) => Math.fround(1 / (i + 3)));
    const doubles = Float64Array.from({ length: n }, (_, i) => Math.PI * i - 1e-300);
    doubles[5] = -0;
    const { metadata, rows } = await roundTrip(
      [col('row', 'INT32', ints), col('p', 'FLOAT', floats), col('v', 'DOUBLE', doubles)],
      300,
    );
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([300, 300, 300, 100]);
    expect(Number(metadata.num_rows)).toBe(n);
    expect(metadata.created_by).toBe('mlgate-test');
    expect(metadata.key_value_metadata).toEqual([{ key: 'k', value: 'v ü' }]);
    expect(metadata.schema.map((e) => [e.name, e.type, e.repetition_type])).toEqual([
      ['root', undefined, undefined],
      ['row', 'INT32', 'REQUIRED'],
      ['p', 'FLOAT', 'REQUIRED'],
      ['v', 'DOUBLE', 'REQUIRED'],
    ]);
    expect(rows).toHaveLength(n);
    for (let i = 0; i < n; i++) {
      expect(rows[i].row).toBe(ints[i]);
      expect(rows[i].p).toBe(floats[i]);
      expect(Object.is(rows[i].v, doubles[i])).toBe(true);
    }
  });

  it('writes optional DOUBLE and UTF8 columns with nulls, including non-ASCII text and an all-null group', async () => {
    const n = 40;
    const numbers = Array.from({ length: n }, (_, i) => (i % 3 === 0 || i >= 30 ? null : i / 7));
    const strings = Array.from({ length: n }, (_, i) =>
      i % 4 === 1 ? null : i % 4 === 2 ? '' : `Adélie/Gentoo ${i} ✓`,
    );
    const { metadata, rows } = await roundTrip(
      [col('slice.x', 'DOUBLE', numbers, true), col('slice.name with space', 'UTF8', strings, true)],
      10,
    );
    expect(metadata.schema[2]).toMatchObject({
      name: 'slice.name with space',
      type: 'BYTE_ARRAY',
      converted_type: 'UTF8',
      repetition_type: 'OPTIONAL',
    });
    for (let i = 0; i < n; i++) {
      expect(rows[i]['slice.x']).toBe(numbers[i]);
      expect(rows[i]['slice.name with space']).toBe(strings[i]);
    }
  });

  it('writes a file with no rows that readers accept', async () => {
    const { metadata, rows } = await roundTrip(
      [col('row', 'INT32', new Int32Array(0)), col('s', 'UTF8', [], true)],
      8,
    );
    expect(Number(metadata.num_rows)).toBe(0);
    expect(rows).toEqual([]);
  });

  it('starts and ends with the Parquet magic and records each chunk at its real offset', async () => {
    const values = Int32Array.from({ length: 50 }, (_, i) => i);
    const { path, metadata } = await roundTrip([col('a', 'INT32', values)], 20);
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(bytes.subarray(bytes.length - 4).toString('latin1')).toBe('PAR1');
    let expected = 4;
    for (const group of metadata.row_groups) {
      const chunk = group.columns[0];
      expect(Number(chunk.file_offset)).toBe(expected);
      expect(Number(chunk.meta_data!.data_page_offset)).toBe(expected);
      expected += Number(chunk.meta_data!.total_compressed_size);
    }
  });

  it('refuses a row group whose values do not match the declared length', async () => {
    const liar: FlatColumn = { name: 'a', type: 'INT32', length: 4, read: () => new Int32Array(1) };
    await expect(writeFlatParquet(join(dir, 'liar.parquet'), [liar], { rowGroupSize: 10 })).rejects.toThrow(
      'column a gave 1 values, not 4',
    );
  });

  it('refuses columns of different lengths', async () => {
    await expect(
      writeFlatParquet(
        join(dir, 'bad.parquet'),
        [col('a', 'INT32', new Int32Array(3)), col('b', 'INT32', new Int32Array(2))],
        { rowGroupSize: 10 },
      ),
    ).rejects.toThrow('column b has 2 values, not 3');
  });
});
