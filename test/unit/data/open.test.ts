import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/data/data-error.js';
import { detectFormat, openDataSource } from '../../../src/core/data/open.js';
import type { Batch, DataSource } from '../../../src/core/data/types.js';
import { ConfigurationError } from '../../../src/core/errors.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'data');
const tmp = mkdtempSync(join(tmpdir(), 'mlgate-open-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function readAll(source: DataSource): Promise<Batch[]> {
  const batches: Batch[] = [];
  for await (const b of source.batches()) batches.push(b);
  return batches;
}

describe('detectFormat', () => {
  it.each([
    ['train.csv', 'csv', false],
    ['train.tsv', 'csv', false],
    ['train.csv.gz', 'csv', true],
    ['train.tsv.gz', 'csv', true],
    ['events.jsonl', 'jsonl', false],
    ['events.ndjson', 'jsonl', false],
    ['events.jsonl.gz', 'jsonl', true],
    ['events.ndjson.gz', 'jsonl', true],
    ['table.parquet', 'parquet', false],
    ['table.parquet.gz', 'parquet', true],
    ['/abs/dir.with.dots/Data.CSV', 'csv', false],
    ['relative/TABLE.Parquet.GZ', 'parquet', true],
  ])('%s → %s (compressed: %s)', (path, format, compressed) => {
    expect(detectFormat(path)).toEqual({ format, compressed });
  });

  it.each(['data.json', 'data.txt', 'data', 'data.gz', '.csv', 'data.csv.zip', 'folder.csv/data'])(
    'rejects %s naming the file and the supported extensions',
    (path) => {
      expect(() => detectFormat(path)).toThrow(ConfigurationError);
      expect(() => detectFormat(path)).toThrow(
        `${path}: unknown data file type; supported extensions: .csv, .csv.gz, .tsv, .tsv.gz, .jsonl, .jsonl.gz, ` +
          '.ndjson, .ndjson.gz, .parquet, .parquet.gz',
      );
    },
  );
});

describe('openDataSource', () => {
  it('opens JSON Lines, plain and gzipped', async () => {
    const plain = await openDataSource(join(fixtures, 'jsonl', 'basic.jsonl'));
    expect([plain.format, plain.compressed]).toEqual(['jsonl', false]);
    const gz = await openDataSource(join(fixtures, 'jsonl', 'basic.jsonl.gz'), { batchSize: 2 });
    expect([gz.format, gz.compressed]).toEqual(['jsonl', true]);
    expect((await readAll(gz)).map((b) => b.length)).toEqual([2, 2]);
  });

  it('opens an .ndjson file with the JSON Lines reader', async () => {
    const path = join(tmp, 'events.ndjson');
    writeFileSync(path, '{"a": 1}\n{"a": 2}\n');
    const source = await openDataSource(path);
    expect(source.format).toBe('jsonl');
    expect((await readAll(source))[0].length).toBe(2);
  });

  it('opens Parquet, plain and gzipped, passing options through', async () => {
    const plain = await openDataSource(join(fixtures, 'parquet', 'two-row-groups.parquet'), {
      batchSize: 1000,
    });
    expect(plain.format).toBe('parquet');
    expect((await readAll(plain)).map((b) => b.length)).toEqual([1000, 500]);
    const gz = await openDataSource(join(fixtures, 'parquet', 'types.parquet.gz'));
    expect([gz.format, gz.compressed]).toEqual(['parquet', true]);
  });

  it('opens CSV and TSV with the CSV reader', async () => {
    const csv = join(tmp, 'small.csv');
    writeFileSync(csv, 'a,b\n1,x\n2,y\n');
    const tsv = join(tmp, 'small.tsv');
    writeFileSync(tsv, 'a\tb\n1\tx\n2\ty\n');
    for (const path of [csv, tsv]) {
      const source = await openDataSource(path, { columnTypes: { a: 'number' } });
      expect(source.format).toBe('csv');
      expect(source.columns).toEqual(['a', 'b']);
      const [batch] = await readAll(source);
      expect(batch.length).toBe(2);
      expect([...(batch.columns[0].values as Float64Array)]).toEqual([1, 2]);
      expect(batch.columns[1].values).toEqual(['x', 'y']);
    }
  });

  it('rejects an unknown extension before touching the file system', async () => {
    await expect(openDataSource(join(tmp, 'missing.xlsx'))).rejects.toThrow(
      /missing\.xlsx: unknown data file type/,
    );
  });

  it('names a missing file', async () => {
    const path = join(tmp, 'missing.parquet');
    const error = await openDataSource(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toBe(`${path}: no such file`);
  });
});

describe('batch size', () => {
  it.each([0, -1, 2.5, Number.NaN])('rejects batchSize %s in every reader', async (batchSize) => {
    for (const path of [join(fixtures, 'jsonl', 'basic.jsonl'), join(fixtures, 'parquet', 'types.parquet')]) {
      await expect(openDataSource(path, { batchSize })).rejects.toThrow(
        `batch size ${batchSize} is not allowed: expected a whole number of rows, at least 1`,
      );
    }
  });
});
