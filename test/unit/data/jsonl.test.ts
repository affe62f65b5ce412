import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJsonl } from '../../../src/core/data/jsonl-reader.js';
import type { Batch, ReadOptions } from '../../../src/core/data/types.js';
import { CellState } from '../../../src/core/data/types.js';
import { column, errorOf, readBatches } from './reader-helpers.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'data');
const jsonl = (name: string) => join(fixtures, 'jsonl', name);
const bad = (name: string) => join(fixtures, 'bad', name);
const tmp = mkdtempSync(join(tmpdir(), 'mlgate-jsonl-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const readAll = (path: string, options?: ReadOptions): Promise<Batch[]> =>
  readBatches(openJsonl(path, options));

describe('openJsonl', () => {
  it('reads keys as json columns in order of first appearance, with line numbers as row numbers', async () => {
    const source = await openJsonl(jsonl('basic.jsonl'));
    expect(source.format).toBe('jsonl');
    expect(source.compressed).toBe(false);
    const batches: Batch[] = [];
    for await (const b of source.batches()) batches.push(b);
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(source.columns).toEqual(['id', 'name', 'score', 'ok', 'tags', 'extra']);
    expect(batch.columns.map((c) => c.name)).toEqual(['id', 'name', 'score', 'ok', 'tags', 'extra']);
    expect(batch.length).toBe(4);
    expect([...batch.rowNumbers]).toEqual([1, 2, 4, 5]);
    expect([...batch.lines]).toEqual([1, 2, 4, 5]);
    const score = column(batch, 'score');
    expect(score.kind).toBe('json');
    expect(score.values).toEqual([0.5, undefined, '5', 1000]);
    expect([...score.state]).toEqual([
      CellState.Present,
      CellState.Null,
      CellState.Present,
      CellState.Present,
    ]);
    const tags = column(batch, 'tags');
    expect([...tags.state]).toEqual([
      CellState.Present,
      CellState.Absent,
      CellState.Absent,
      CellState.Absent,
    ]);
    expect(tags.values[0]).toEqual(['a']);
    expect(column(batch, 'extra').values[2]).toEqual({ k: 1 });
    expect(column(batch, 'name').values).toEqual(['alpha', 'beta', 7, 'délta ✓']);
  });

  it('fills hinted columns with values of the hinted JSON type and keeps anything else as Invalid', async () => {
    const columnTypes = { score: 'number', ok: 'boolean', name: 'string', id: 'integer' } as const;
    const [batch] = await readAll(jsonl('basic.jsonl'), { columnTypes });
    const score = column(batch, 'score');
    expect(score.kind).toBe('number');
    if (score.kind !== 'number') return;
    expect([...score.state]).toEqual([
      CellState.Present,
      CellState.Null,
      CellState.Invalid,
      CellState.Present,
    ]);
    expect(score.values[0]).toBe(0.5);
    expect(score.values[3]).toBe(1000);
    expect(Number.isNaN(score.values[2])).toBe(true);
    expect(score.invalid.get(2)).toBe('5'); // the string "5" is never coerced to 5

    const ok = column(batch, 'ok');
    expect(ok.kind).toBe('boolean');
    expect([...ok.values]).toEqual([1, 0, 0, 0]);
    expect([...ok.state]).toEqual([CellState.Present, CellState.Present, CellState.Invalid, CellState.Null]);
    expect(ok.invalid.get(2)).toBe('yes');

    const name = column(batch, 'name');
    expect(name.kind).toBe('string');
    expect([...name.state]).toEqual([
      CellState.Present,
      CellState.Present,
      CellState.Invalid,
      CellState.Present,
    ]);
    expect(name.invalid.get(2)).toBe(7);
    expect(name.values[3]).toBe('délta ✓');

    const id = column(batch, 'id');
    expect(id.kind).toBe('number');
    expect([...(id.values as Float64Array)]).toEqual([1, 2, 3, 4]);
  });

  it('accepts a BOM and CRLF, skips blank lines and still counts them', async () => {
    const [batch] = await readAll(jsonl('crlf-bom.jsonl'), { columnTypes: { x: 'number' } });
    expect(batch.columns.map((c) => c.name)).toEqual(['x', 'y']);
    expect([...batch.rowNumbers]).toEqual([1, 3, 5]);
    expect([...batch.lines]).toEqual([1, 3, 5]);
    expect(column(batch, 'y').values).toEqual(['a', 'b', 'c']);
    const x = column(batch, 'x');
    expect([...x.state]).toEqual([CellState.Present, CellState.Present, CellState.Absent]);
    expect([...(x.values as Float64Array)].slice(0, 2)).toEqual([1, 2.5]);
  });

  it('reads .jsonl.gz the same as the plain file', async () => {
    const source = await openJsonl(jsonl('basic.jsonl.gz'));
    expect(source.compressed).toBe(true);
    const [plain] = await readAll(jsonl('basic.jsonl'));
    const [gz] = await readAll(jsonl('basic.jsonl.gz'));
    expect(gz).toEqual(plain);
  });

  it('cuts batches at batchSize; each batch lists every column seen so far, absent where a row lacks it', async () => {
    const lines: string[] = [];
    for (let i = 1; i <= 1000; i++) {
      if (i % 10 === 0) lines.push('');
      lines.push(JSON.stringify(i > 500 ? { a: i, late: i * 2 } : { a: i }));
    }
    const path = join(tmp, 'many.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const source = await openJsonl(path, { batchSize: 64, columnTypes: { a: 'number', late: 'number' } });
    const batches: Batch[] = [];
    for await (const b of source.batches()) batches.push(b);
    expect(batches.map((b) => b.length)).toEqual([...Array<number>(15).fill(64), 40]);
    expect(source.columns).toEqual(['a', 'late']);
    let expectedLine = 0;
    let sumA = 0;
    for (const b of batches) {
      const a = column(b, 'a');
      for (let r = 0; r < b.length; r++) {
        expectedLine += 1;
        if (expectedLine % 11 === 10) expectedLine += 1; // the blank line before every 10th row
        expect(b.rowNumbers[r]).toBe(expectedLine);
        sumA += (a.values as Float64Array)[r];
      }
    }
    expect(sumA).toBe(500500);
    // Batch 8 holds rows 449–512: `late` first appears at row 501 (index 52), absent before it.
    expect(batches[6].columns.map((c) => c.name)).toEqual(['a']);
    const late = column(batches[7], 'late');
    expect(late.state[51]).toBe(CellState.Absent);
    expect(late.state[52]).toBe(CellState.Present);
    expect((late.values as Float64Array)[52]).toBe(1002);
    expect(batches[15].columns.map((c) => c.name)).toEqual(['a', 'late']);
  });

  it('keeps line numbers exact across stream chunks, with a line longer than a chunk', async () => {
    const long = JSON.stringify({ text: 'x'.repeat(3_000_000) });
    const path = join(tmp, 'long.jsonl');
    writeFileSync(path, `{"text": "a"}\n${long}\n\n{"text": "é"}`);
    const [batch] = await readAll(path);
    expect([...batch.rowNumbers]).toEqual([1, 2, 4]);
    const text = column(batch, 'text').values as string[];
    expect(text[1]).toHaveLength(3_000_000);
    expect(text[2]).toBe('é');
  });

  it('streams again on a second pass without duplicating columns', async () => {
    const source = await openJsonl(jsonl('basic.jsonl'));
    const first: Batch[] = [];
    for await (const b of source.batches()) first.push(b);
    const second: Batch[] = [];
    for await (const b of source.batches()) second.push(b);
    expect(second).toEqual(first);
    expect(source.columns).toEqual(['id', 'name', 'score', 'ok', 'tags', 'extra']);
  });

  it('treats keys such as __proto__ and constructor as plain column names', async () => {
    const path = join(tmp, 'proto.jsonl');
    writeFileSync(path, '{"__proto__": {"polluted": 1}, "constructor": 2}\n');
    const [batch] = await readAll(path);
    expect(batch.columns.map((c) => c.name)).toEqual(['__proto__', 'constructor']);
    expect(column(batch, '__proto__').values[0]).toEqual({ polluted: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads real data (vega-datasets penguins as JSON Lines) as pandas does', async () => {
    // Reference from pandas.read_json(lines=True): scripts/reference/jsonl_reference.py.
    const reference = JSON.parse(readFileSync(jsonl('penguins-reference.json'), 'utf8')) as {
      rows: number;
      columns: string[];
      null_counts: Record<string, number>;
      means: Record<string, number>;
      value_counts: { Species: Record<string, number> };
    };
    const numeric = Object.keys(reference.means);
    const columnTypes = Object.fromEntries(numeric.map((c) => [c, 'number' as const]));
    const source = await openJsonl(jsonl('penguins.jsonl'), { columnTypes, batchSize: 100 });
    let rows = 0;
    const nulls: Record<string, number> = Object.fromEntries(reference.columns.map((c) => [c, 0]));
    const present: Record<string, number[]> = Object.fromEntries(numeric.map((c) => [c, []]));
    const species: Record<string, number> = {};
    for await (const b of source.batches()) {
      for (const c of b.columns) {
        for (let r = 0; r < b.length; r++) {
          if (c.state[r] === CellState.Null) nulls[c.name]++;
          else if (c.kind === 'number') present[c.name].push(c.values[r]);
        }
      }
      for (const s of column(b, 'Species').values as string[]) species[s] = (species[s] ?? 0) + 1;
      rows += b.length;
    }
    expect(rows).toBe(reference.rows);
    expect(source.columns).toEqual(reference.columns);
    expect(nulls).toEqual(reference.null_counts);
    expect(species).toEqual(reference.value_counts.Species);
    for (const c of numeric) {
      const values = present[c];
      expect(values.reduce((a, v) => a + v, 0) / values.length).toBeCloseTo(reference.means[c], 10);
    }
  });
});

describe('openJsonl on bad input', () => {
  it('names the line and quotes JSON.parse for invalid JSON', async () => {
    const error = await errorOf(readAll(bad('jsonl-invalid-json.jsonl')));
    expect(error.location).toEqual({ line: 3 });
    expect(error.message).toBe(
      `${bad('jsonl-invalid-json.jsonl')}: line 3: invalid JSON: Expected double-quoted property name in JSON at position 8`,
    );
  });

  it('rejects a line holding an array', async () => {
    const error = await errorOf(readAll(bad('jsonl-array-line.jsonl')));
    expect(error.message).toBe(
      `${bad('jsonl-array-line.jsonl')}: line 2: expected a JSON object on each line, found an array`,
    );
  });

  it('rejects a line holding a scalar, counting blank lines', async () => {
    const error = await errorOf(readAll(bad('jsonl-scalar-line.jsonl')));
    expect(error.message).toBe(
      `${bad('jsonl-scalar-line.jsonl')}: line 4: expected a JSON object on each line, found a number`,
    );
  });

  it('names the line and byte of invalid UTF-8', async () => {
    const error = await errorOf(readAll(bad('jsonl-invalid-utf8.jsonl')));
    expect(error.message).toBe(
      `${bad('jsonl-invalid-utf8.jsonl')}: line 3: invalid UTF-8 (byte 0xff at byte 8 of the line); expected UTF-8 text`,
    );
  });

  it('says when a .gz file is not gzip data', async () => {
    const error = await errorOf(readAll(bad('jsonl-not-gzip.jsonl.gz')));
    expect(error.message).toBe(
      `${bad('jsonl-not-gzip.jsonl.gz')}: the file is not valid gzip data (incorrect header check); expected a complete .gz file`,
    );
  });

  it('says when a .gz file is truncated', async () => {
    const error = await errorOf(readAll(bad('jsonl-truncated.jsonl.gz')));
    expect(error.message).toBe(
      `${bad('jsonl-truncated.jsonl.gz')}: the gzip data is truncated (unexpected end of file); expected a complete .gz file`,
    );
  });

  it('names a missing file when opening', async () => {
    const error = await errorOf(openJsonl(jsonl('missing.jsonl')));
    expect(error.message).toBe(`${jsonl('missing.jsonl')}: no such file`);
  });

  it('names a folder given as a file', async () => {
    const error = await errorOf(openJsonl(join(fixtures, 'jsonl')));
    expect(error.message).toBe(`${join(fixtures, 'jsonl')}: is a folder, expected a data file`);
  });

  it('reports the line of an error in a later batch exactly', async () => {
    const path = join(tmp, 'late-error.jsonl');
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ i }));
    lines[256] = '{"i": }';
    writeFileSync(path, lines.join('\r\n'));
    const error = await errorOf(readAll(path, { batchSize: 100 }));
    expect(error.location).toEqual({ line: 257 });
  });
});
