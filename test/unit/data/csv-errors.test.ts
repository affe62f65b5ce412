import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../../src/core/data/csv-reader.js';
import { DataError } from '../../../src/core/data/data-error.js';
import { ConfigurationError } from '../../../src/core/errors.js';

const bad = join(import.meta.dirname, '..', '..', 'fixtures', 'data', 'bad');

async function readError(path: string): Promise<DataError> {
  try {
    const source = await openCsv(path, { columnTypes: { score: 'number' } });
    for await (const batch of source.batches()) void batch;
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error(`${path} was read without an error`);
}

describe('bad CSV files: one message per case, naming the file and the place', () => {
  it.each([
    ['csv-empty.csv', 'the file is empty; expected a header row with the column names'],
    ['csv-bom-only.csv', 'the file is empty; expected a header row with the column names'],
    ['csv-blank-lines-only.csv', 'the file is empty; expected a header row with the column names'],
    [
      'csv-duplicate-header.csv',
      'line 1: duplicate column name "name" in the header (columns 2 and 4); names must be unique',
    ],
    ['csv-empty-header-name.csv', 'line 1: header column 2 has an empty name; every column needs a name'],
    ['csv-unclosed-quote-header.csv', 'quoted field opened in the header (line 1) is never closed'],
    [
      'csv-unclosed-quote.csv',
      'row 3 (line 4), column "name": the quoted field that opens here is never closed; is a closing quote missing?',
    ],
    [
      'csv-quote-in-unquoted.csv',
      `row 2 (line 3), column "name": unexpected '"' inside unquoted field 2; a field holding quotes must be quoted as a whole, with inner quotes doubled ("a""b")`,
    ],
    [
      'csv-text-after-quote.csv',
      'row 1 (line 2), column "name": unexpected text after the closing quote of field 2; expected the delimiter or the end of the line',
    ],
    ['csv-ragged-more.csv', 'row 3 (line 5): has 5 fields; the header has 4'],
    ['csv-ragged-fewer.csv', 'row 2 (line 3): has 2 fields; the header has 3'],
    [
      'csv-invalid-utf8.csv',
      'row 2 (line 3), column "name": invalid UTF-8 at byte offset 21 (byte 0xe9); the file must be UTF-8',
    ],
    [
      'csv-invalid-utf8-number.csv',
      'row 2 (line 3), column "score": invalid UTF-8 at byte offset 15 (byte 0xff); the file must be UTF-8',
    ],
    [
      'csv-invalid-utf8-header.csv',
      'line 1: invalid UTF-8 in the header at byte offset 5 (byte 0xc0); the file must be UTF-8',
    ],
    [
      'csv-not-gzip.csv.gz',
      'the file is not valid gzip data (incorrect header check); expected a complete .gz file',
    ],
    [
      'csv-truncated.csv.gz',
      'the gzip data is truncated (unexpected end of file); expected a complete .gz file',
    ],
  ])('%s', async (name, problem) => {
    const path = join(bad, name);
    const error = await readError(path);
    expect(error.message).toContain(`${path}: ${problem}`);
    expect(error.file).toBe(path);
  });

  it('keeps the row, line and column in the error location for tools (annotations)', async () => {
    const error = await readError(join(bad, 'csv-invalid-utf8.csv'));
    expect(error.location).toEqual({ row: 2, line: 3, column: 'name' });
    const ragged = await readError(join(bad, 'csv-ragged-more.csv'));
    expect(ragged.location).toEqual({ row: 3, line: 5 });
  });

  it('says "no such file" with the path for a missing file, at open', async () => {
    const path = join(bad, 'does-not-exist.csv');
    await expect(openCsv(path)).rejects.toThrow(`${path}: no such file`);
    await expect(openCsv(`${path}.gz`)).rejects.toThrow(`${path}.gz: no such file`);
  });

  it('says when the path is a folder', async () => {
    await expect(openCsv(bad)).rejects.toThrow(`${bad}: is a folder, expected a data file`);
  });

  it('rejects a delimiter that cannot separate fields, and a bad batch size, as configuration errors', async () => {
    const path = join(bad, 'csv-ragged-more.csv');
    await expect(openCsv(path, { delimiter: '.' })).rejects.toThrow(ConfigurationError);
    await expect(openCsv(path, { delimiter: ';;' })).rejects.toThrow('CSV delimiter ";;" is not allowed');
    await expect(openCsv(path, { delimiter: '"' })).rejects.toThrow('is not allowed');
    await expect(openCsv(path, { batchSize: 0 })).rejects.toThrow('batch size 0 is not allowed');
  });
});
