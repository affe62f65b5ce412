import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { isoTimestamp } from '../../../src/core/data/parquet-columns.js';
import { openParquet } from '../../../src/core/data/parquet-reader.js';
import type { Batch, ReadOptions } from '../../../src/core/data/types.js';
import { CellState } from '../../../src/core/data/types.js';
import { column, errorOf, readBatches } from './reader-helpers.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'data');
const parquet = (name: string) => join(fixtures, 'parquet', name);
const bad = (name: string) => join(fixtures, 'bad', name);
const flights = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'node_modules',
  'vega-datasets',
  'data',
  'flights-3m.parquet',
);
const { Present, Null, NaN: NaNState, Invalid } = CellState;

const readAll = (path: string, options?: ReadOptions): Promise<Batch[]> =>
  readBatches(openParquet(path, options));

describe('openParquet type mapping (types.parquet)', async () => {
  const source = await openParquet(parquet('types.parquet'));
  const batches: Batch[] = [];
  for await (const b of source.batches()) batches.push(b);
  const [batch] = batches;

  it('lists the schema columns at open and numbers rows from 1 with no lines', () => {
    expect(source.format).toBe('parquet');
    expect(source.compressed).toBe(false);
    expect(source.columns).toEqual([
      'id',
      'score',
      'f32',
      'big',
      'flag',
      'name',
      'day',
      'ts',
      'ts_us',
      'tags',
      'rec',
      'price',
    ]);
    expect(batches).toHaveLength(1);
    expect(batch.columns.map((c) => c.name)).toEqual(source.columns);
    expect([...batch.rowNumbers]).toEqual([1, 2, 3, 4, 5]);
    expect([...batch.lines]).toEqual([0, 0, 0, 0, 0]);
  });

  it('maps INT32, DOUBLE and FLOAT to numbers, with nulls as Null and NaN as NaN', () => {
    expect(column(batch, 'id')).toMatchObject({ kind: 'number', values: Float64Array.from([1, 2, 3, 4, 5]) });
    const score = column(batch, 'score');
    expect(score.kind).toBe('number');
    expect([...score.state]).toEqual([Present, Null, NaNState, Present, Present]);
    expect([
      (score.values as Float64Array)[0],
      (score.values as Float64Array)[3],
      (score.values as Float64Array)[4],
    ]).toEqual([1.5, -0.25, 1e300]);
    expect([...column(batch, 'f32').state]).toEqual([Present, Present, Null, NaNState, Present]);
  });

  it('keeps INT64 within ±2^53 as numbers and marks larger values Invalid with the bigint kept', () => {
    const big = column(batch, 'big');
    expect(big.kind).toBe('number');
    expect([...big.state]).toEqual([Present, Present, Invalid, Null, Present]);
    expect((big.values as Float64Array)[1]).toBe(-9007199254740992);
    expect(big.invalid.get(2)).toBe(9007199254740993n);
  });

  it('keeps INT64 exact as bigint in a json column when hinted json', async () => {
    const [hinted] = await readAll(parquet('types.parquet'), { columnTypes: { big: 'json', id: 'string' } });
    const big = column(hinted, 'big');
    expect(big.kind).toBe('json');
    expect(big.values[2]).toBe(9007199254740993n);
    expect(column(hinted, 'id').kind).toBe('number'); // the Parquet type wins over other hints
  });

  it('maps BOOLEAN to booleans and strings to strings', () => {
    const flag = column(batch, 'flag');
    expect(flag.kind).toBe('boolean');
    expect([...flag.values]).toEqual([1, 0, 0, 1, 0]);
    expect([...flag.state]).toEqual([Present, Present, Null, Present, Present]);
    const name = column(batch, 'name');
    expect(name.kind).toBe('string');
    expect(name.values).toEqual(['alpha', 'héllo wörld', undefined, '', '日本語 🎉']);
    expect([...name.state]).toEqual([Present, Present, Null, Present, Present]);
  });

  it('writes dates and timestamps as ISO-8601 text with the unit’s precision', () => {
    expect(column(batch, 'day')).toMatchObject({
      kind: 'string',
      values: ['1970-01-01', '2024-02-29', undefined, '1969-12-31', '2000-02-29'],
    });
    expect(column(batch, 'ts').values).toEqual([
      '1970-01-01T00:00:00.000Z',
      '2023-11-14T22:13:20.123Z',
      undefined,
      '1969-12-31T23:59:58.500Z',
      '2000-02-29T00:00:00.000Z',
    ]);
    expect(column(batch, 'ts_us').values).toEqual([
      '1970-01-01T00:00:00.000000Z',
      '2023-11-14T22:13:20.123456Z',
      undefined,
      '1969-12-31T23:59:59.999999Z',
      '2000-02-29T00:00:00.000001Z',
    ]);
  });

  it('gives lists and structs as json values', () => {
    const tags = column(batch, 'tags');
    expect(tags.kind).toBe('json');
    expect(tags.values).toEqual([['a', 'b'], [], undefined, ['c'], ['d', null]]);
    expect([...tags.state]).toEqual([Present, Present, Null, Present, Present]);
    const rec = column(batch, 'rec');
    expect(rec.values[0]).toEqual({ x: 1, y: 'a' });
    expect(rec.values[3]).toEqual({ x: null, y: 'z' });
    expect(rec.state[1]).toBe(Null);
  });

  it('reads DECIMAL as the same float64 as the decimal text', () => {
    const price = column(batch, 'price');
    expect(price.kind).toBe('number');
    expect([...price.state]).toEqual([Present, Null, Present, Present, Present]);
    const v = price.values as Float64Array;
    expect([v[0], v[2], v[3], v[4]]).toEqual([Number('12.34'), Number('-0.05'), 0, Number('99999.99')]);
  });

  it('reads .parquet.gz (gunzipped in memory) the same as the plain file', async () => {
    const gz = await openParquet(parquet('types.parquet.gz'));
    expect(gz.compressed).toBe(true);
    const gzBatches: Batch[] = [];
    for await (const b of gz.batches()) gzBatches.push(b);
    expect(gzBatches).toEqual(batches);
  });
});

describe('openParquet streaming', () => {
  it('cuts two row groups into batches and numbers rows across the group boundary', async () => {
    const batches = await readAll(parquet('two-row-groups.parquet'), { batchSize: 300 });
    // Batches never span row groups: 1000 = 300+300+300+100, then 500 = 300+200.
    expect(batches.map((b) => b.length)).toEqual([300, 300, 300, 100, 300, 200]);
    const rows = batches.flatMap((b) => [...b.rowNumbers]);
    expect(rows).toEqual(Array.from({ length: 1500 }, (_, i) => i + 1));
    let nulls = 0;
    let sum = 0;
    for (const b of batches) {
      const x = column(b, 'x');
      const label = column(b, 'label');
      const n = column(b, 'n');
      for (let r = 0; r < b.length; r++) {
        const i = b.rowNumbers[r] - 1;
        expect(label.values[r]).toBe(`r${i + 1}`);
        expect((n.values as Float64Array)[r]).toBe(i * 1000);
        if (x.state[r] === Null) nulls++;
        else sum += (x.values as Float64Array)[r];
      }
    }
    expect(nulls).toBe(15);
    // Σ i·0.5 over i = 0..1499, minus the nulls at i ≡ 7 (mod 100).
    const nullSum = Array.from({ length: 15 }, (_, k) => (k * 100 + 7) * 0.5).reduce((a, b) => a + b, 0);
    expect(sum).toBe((1499 * 1500) / 4 - nullSum);
  });

  it.each(['uncompressed', 'snappy', 'gzip', 'brotli', 'zstd'])(
    'reads pages written with codec %s',
    async (codec) => {
      const [batch] = await readAll(parquet(`codec-${codec}.parquet`));
      expect(batch.length).toBe(300);
      const id = column(batch, 'id').values as Float64Array;
      const x = column(batch, 'x').values as Float64Array;
      const label = column(batch, 'label').values;
      for (const i of [0, 5, 123, 299]) {
        expect(id[i]).toBe(i + 1);
        expect(x[i]).toBe(Math.sin(i) * 100);
        expect(label[i]).toBe(`label-${i % 7}`);
      }
    },
  );

  it('reads the first row group of real data (vega-datasets flights-3m, written by Polars) in line with its footer', async () => {
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(flights));
    expect(Number(metadata.num_rows)).toBe(3_000_000);
    const groupRows = Number(metadata.row_groups[0].num_rows);
    const stats = (name: string) =>
      metadata.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema[0] === name)!.meta_data!
        .statistics!;

    const source = await openParquet(flights);
    expect(source.columns).toEqual(['date', 'delay', 'distance', 'origin', 'destination']);
    let rows = 0;
    const min = { delay: Infinity, distance: Infinity };
    const max = { delay: -Infinity, distance: -Infinity };
    let nonPresent = 0;
    let firstDate = '';
    let lastDate = '';
    for await (const b of source.batches()) {
      for (const name of ['delay', 'distance'] as const) {
        const c = column(b, name);
        const values = c.values as Float64Array;
        for (let r = 0; r < b.length; r++) {
          if (c.state[r] !== Present) nonPresent++;
          if (values[r] < min[name]) min[name] = values[r];
          if (values[r] > max[name]) max[name] = values[r];
        }
      }
      const dates = column(b, 'date').values as string[];
      firstDate ||= dates[0];
      lastDate = dates.reduce((a, d) => (d > a ? d : a), lastDate);
      rows += b.length;
      if (rows >= groupRows) break; // the whole file takes ~6 s to decode; one row group is enough here
    }
    expect(rows).toBe(groupRows);
    expect(nonPresent).toBe(0);
    expect(min).toEqual({
      delay: Number(stats('delay').min_value),
      distance: Number(stats('distance').min_value),
    });
    expect(max).toEqual({
      delay: Number(stats('delay').max_value),
      distance: Number(stats('distance').max_value),
    });
    // A timestamp without UTC adjustment: local wall-clock time, so no `Z`.
    expect(firstDate).toBe('2001-01-01T00:01:00.000000');
    expect(lastDate).toBe('2001-01-17T15:35:00.000000');
  });
});

describe('isoTimestamp', () => {
  it.each([
    [0n, 1000n, '1970-01-01T00:00:00.000Z'],
    [-1n, 1000n, '1969-12-31T23:59:59.999Z'],
    [-1n, 1_000_000_000n, '1969-12-31T23:59:59.999999999Z'],
    [1700000000123456789n, 1_000_000_000n, '2023-11-14T22:13:20.123456789Z'],
  ])('formats %s at %s units per second as %s', (value, units, expected) => {
    expect(isoTimestamp(value, units)).toBe(expected);
  });

  it('keeps the raw value when the instant is beyond what a Date holds', () => {
    expect(isoTimestamp(10n ** 18n, 1000n)).toBe(10n ** 18n);
  });
});

describe('openParquet on bad input', () => {
  it('says a file is not Parquet when the magic bytes are missing', async () => {
    const path = bad('parquet-not-parquet.parquet');
    const error = await errorOf(openParquet(path));
    expect(error.message).toBe(
      `${path}: not a Parquet file: it starts with "id,x"; expected a Parquet file, which starts and ends with the bytes "PAR1"`,
    );
  });

  it('says a Parquet file is truncated when its footer is gone', async () => {
    const path = bad('parquet-truncated.parquet');
    const error = await errorOf(openParquet(path));
    expect(error.message).toBe(
      `${path}: truncated Parquet file: it starts with "PAR1" but does not end with it (no footer)`,
    );
  });

  it('names the column and the codec it cannot decompress', async () => {
    const path = bad('parquet-lzo-codec.parquet');
    const error = await errorOf(openParquet(path));
    expect(error.location).toEqual({ column: 'id' });
    expect(error.message).toBe(
      `${path}: column "id": unsupported Parquet compression LZO; supported: UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD, LZ4, LZ4_RAW`,
    );
  });

  it('names the column and rows of a page it cannot decode, when reading', async () => {
    const path = bad('parquet-corrupt-page.parquet');
    const source = await openParquet(path); // the footer is intact: the damage shows only when reading
    const error = await errorOf(
      (async () => {
        for await (const b of source.batches()) expect(b.length).toBeGreaterThan(0);
      })(),
    );
    expect(error.location).toEqual({ column: 'x' });
    expect(error.message).toBe(
      `${path}: column "x": cannot decode Parquet data (rows 1–300): invalid length/literal`,
    );
  });

  it('says when a .parquet.gz file is not gzip data', async () => {
    const path = bad('parquet-not-gzip.parquet.gz');
    const error = await errorOf(openParquet(path));
    expect(error.message).toBe(
      `${path}: the file is not valid gzip data (incorrect header check); expected a complete .gz file`,
    );
  });

  it('names a missing file', async () => {
    const path = parquet('missing.parquet');
    const error = await errorOf(openParquet(path));
    expect(error.message).toBe(`${path}: no such file`);
  });
});
