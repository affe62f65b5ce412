import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../../src/core/data/csv-reader.js';
import { cellOf, type TestCell } from './csv-helpers.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'data', 'csv');
const vega = join(import.meta.dirname, '..', '..', '..', 'node_modules', 'vega-datasets', 'data');

async function readAll(
  path: string,
  options = {},
): Promise<{ columns: readonly string[]; rows: TestCell[][] }> {
  const source = await openCsv(path, options);
  const rows: TestCell[][] = [];
  for await (const batch of source.batches()) {
    for (let r = 0; r < batch.length; r++) rows.push(batch.columns.map((_, c) => cellOf(batch, c, r)));
  }
  return { columns: source.columns, rows };
}

describe('openCsv on files', () => {
  const types = { columnTypes: { id: 'integer', score: 'number', ok: 'boolean' } } as const;
  const expected = [
    [1, 'Smith, J', 1.5, true],
    [2, 'two\r\nlines', -2000, false],
    [3, null, 'NaN!', null],
    [4, 'été', { invalid: 'abc' }, true],
  ];

  it.each(['basic.csv', 'basic.csv.gz'])('reads %s (BOM, CRLF, quotes, typed columns)', async (name) => {
    const path = join(fixtures, name);
    const source = await openCsv(path, types);
    expect(source).toMatchObject({ path, format: 'csv', compressed: name.endsWith('.gz') });
    expect(source.columns).toEqual(['id', 'name', 'score', 'ok']);
    expect((await readAll(path, types)).rows).toEqual(expected);
  });

  it.each(['basic.tsv', 'basic.tsv.gz'])('reads %s with tab as the default delimiter', async (name) => {
    const result = await readAll(join(fixtures, name), { columnTypes: { score: 'number' } });
    expect(result.columns).toEqual(['id', 'name', 'score']);
    expect(result.rows).toEqual([
      ['1', 'a,b', 1.5],
      ['2', 'x\ty', 2],
    ]);
  });

  it('can stream the rows more than once (each iteration reopens the file)', async () => {
    const source = await openCsv(join(fixtures, 'basic.csv'), types);
    for (let run = 0; run < 2; run++) {
      let rows = 0;
      for await (const batch of source.batches()) rows += batch.length;
      expect(rows).toBe(4);
    }
  });
});

describe('large files (reused read buffers, records across reads)', () => {
  it.each(['big.csv', 'big.csv.gz'])(
    'reads %s with rows cut by every read and a record longer than a read',
    async (name) => {
      const dir = mkdtempSync(join(tmpdir(), 'mlgate-csv-'));
      try {
        const huge = 'h'.repeat(5 << 20) + '\n,"\n' + 'é'.repeat(1000);
        const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
        const rows: string[][] = [];
        for (let i = 0; i < 120_000; i++) {
          rows.push([
            String(i),
            (i * 0.001).toFixed(3),
            i % 1000 === 7 ? quote(`multi\nline "${i}"`) : `v${i % 13}`,
          ]);
          if (i === 60_000) rows.push(['-1', '0.5', quote(huge)]);
        }
        const text = 'id,x,s\n' + rows.map((row) => row.join(',')).join('\n') + '\n';
        const path = join(dir, name);
        writeFileSync(path, name.endsWith('.gz') ? gzipSync(text) : text);
        const result = await readAll(path, { columnTypes: { id: 'integer', x: 'number' } });
        expect(result.rows.length).toBe(120_001);
        expect(result.rows[0]).toEqual([0, 0, 'v0']);
        expect(result.rows[7]).toEqual([7, 0.007, 'multi\nline "7"']);
        expect(result.rows[60_001]).toEqual([-1, 0.5, huge]);
        expect(result.rows[60_002]).toEqual([60_001, 60.001, `v${60_001 % 13}`]);
        expect(result.rows[120_000]).toEqual([119_999, 119.999, `v${119_999 % 13}`]);
        const ids = result.rows.map((row) => row[0]);
        expect(ids.filter((id, k) => k <= 60_000 && id !== k)).toEqual([]);
        expect(ids.filter((id, k) => k > 60_001 && id !== k - 1)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe('real data (vega-datasets) against pandas (scripts/reference/csv_reference.py)', () => {
  it.each(['seattle-weather', 'stocks'])('%s.csv matches pandas cell by cell', async (name) => {
    const reference = JSON.parse(readFileSync(join(fixtures, `${name}-reference.json`), 'utf8')) as {
      rows: number;
      columns: string[];
      numeric: string[];
      values: Record<string, (string | number | null)[]>;
    };
    const columnTypes = Object.fromEntries(reference.numeric.map((c) => [c, 'number' as const]));
    const result = await readAll(join(vega, `${name}.csv`), { columnTypes, batchSize: 500 });
    expect(result.columns).toEqual(reference.columns);
    expect(result.rows.length).toBe(reference.rows);
    reference.columns.forEach((column, c) => {
      expect(result.rows.map((row) => row[c])).toEqual(reference.values[column]);
    });
  });

  it('spot-checks cells read by eye from the files', async () => {
    const weather = await readAll(join(vega, 'seattle-weather.csv'), { columnTypes: { temp_max: 'number' } });
    expect(weather.rows[0]).toEqual(['2012-01-01', '0.0', 12.8, '5.0', '4.7', 'drizzle']);
    const stocks = await readAll(join(vega, 'stocks.csv'), { columnTypes: { price: 'number' } });
    expect(stocks.rows[0]).toEqual(['MSFT', 'Jan 1 2000', 39.81]);
  });
});
