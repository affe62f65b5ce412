import { describe, expect, it } from 'vitest';
import { readCsvText, type TestCell } from './csv-helpers.js';
import type { ColumnType } from '../../../src/core/data/types.js';

const n = (name: string) => ({ [name]: 'number' as ColumnType });

describe('CSV records (RFC 4180)', () => {
  it.each<[string, string, TestCell[][]]>([
    [
      'simple rows',
      'a,b\n1,2\n3,4\n',
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    [
      'last line without a line break',
      'a,b\n1,2\n3,4',
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    [
      'CRLF line endings',
      'a,b\r\n1,2\r\n3,4\r\n',
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    [
      'mixed LF and CRLF',
      'a,b\r\n1,2\n3,4\r\n',
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    [
      'a lone CR ends a line too',
      'a,b\r1,2\r3,4',
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    ['quoted fields with delimiters', 'a,b\n"x,y","1,2"\n', [['x,y', '1,2']]],
    ['doubled quotes inside quotes', 'a,b\n"say ""hi""",""""\n', [['say "hi"', '"']]],
    ['newlines inside quotes', 'a,b\n"one\ntwo","three\r\nfour"\n', [['one\ntwo', 'three\r\nfour']]],
    ['whitespace kept as is', 'a,b\n  x , y\t\n', [['  x ', ' y\t']]],
    [
      'empty cells are absent',
      'a,b,c\n,,\n1,,3\n',
      [
        [null, null, null],
        ['1', null, '3'],
      ],
    ],
    ['a quoted empty string is an empty string', 'a,b\n"",x\n', [['', 'x']]],
    ['a trailing empty line is ignored', 'a,b\n1,2\n\n', [['1', '2']]],
    [
      'blank lines between rows are skipped with several columns',
      'a,b\n1,2\n\n\r\n3,4\n',
      [
        ['1', '2'],
        ['3', '4'],
      ],
    ],
    ['a UTF-8 BOM is skipped', '\ufeffa,b\n1,2\n', [['1', '2']]],
    ['unicode text and emoji', 'a,b\nété,"😀,🎉"\n', [['été', '😀,🎉']]],
    ['a BOM inside a cell is data', 'a\n\ufeffx\n', [['\ufeffx']]],
    ['header only', 'a,b\n', []],
    ['header only without a line break', 'a,b', []],
  ])('%s', async (_name, text, rows) => {
    const result = await readCsvText(text);
    expect(result.columns).toEqual(['a', 'b', 'c'].slice(0, result.columns.length));
    expect(result.rows).toEqual(rows);
  });

  it('reads a single-column file: a blank line in the middle is an empty cell, trailing blank lines are not rows', async () => {
    const result = await readCsvText('x\n1\n\n2\n\n\n');
    expect(result.rows).toEqual([['1'], [null], ['2']]);
    expect(result.rowNumbers).toEqual([1, 2, 3]);
    expect(result.lines).toEqual([2, 3, 4]);
  });

  it('reads quoted header names with delimiters, quotes and newlines', async () => {
    const result = await readCsvText('"a,1","b ""q""","c\nd"\n1,2,3\n');
    expect(result.columns).toEqual(['a,1', 'b "q"', 'c\nd']);
    expect(result.lines).toEqual([3]);
  });

  it('skips blank lines before the header and keeps line numbers right', async () => {
    const result = await readCsvText('\n\r\na,b\n1,2\n');
    expect(result.columns).toEqual(['a', 'b']);
    expect(result.lines).toEqual([4]);
  });

  it('numbers rows from 1 (header excluded) and records the physical line where each starts', async () => {
    const result = await readCsvText('a,b\n1,"x\ny"\n2,z\n\n3,"\n\n"\n4,w');
    expect(result.rowNumbers).toEqual([1, 2, 3, 4]);
    expect(result.lines).toEqual([2, 4, 6, 9]);
  });

  it('uses the delimiter given, and tab for .tsv is the reader default', async () => {
    expect((await readCsvText('a;b\n1;"x;y"\n', { delimiter: ';' })).rows).toEqual([['1', 'x;y']]);
    expect((await readCsvText('a\tb\n1\t2,3\n', { delimiter: '\t' })).rows).toEqual([['1', '2,3']]);
  });
});

describe('typed CSV columns', () => {
  it.each<[string, TestCell]>([
    ['1', 1],
    ['-2.5', -2.5],
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['1e5', 1e5],
    ['1E-5', 1e-5],
    [' 7 ', 7],
    ['"8"', 8],
    ['" 9.5 "', 9.5],
    ['Infinity', Infinity],
    ['-inf', -Infinity],
    ['NaN', 'NaN!'],
    ['nan', 'NaN!'],
    ['NAN', 'NaN!'],
    ['', null],
    ['""', null],
    ['   ', null],
    ['abc', { invalid: 'abc' }],
    ['0x10', { invalid: '0x10' }],
    ['1_000', { invalid: '1_000' }],
    ['-', { invalid: '-' }],
    ['1,5', 'ragged'],
    ['"1,5"', { invalid: '1,5' }],
    ['"a""b"', { invalid: 'a"b' }],
    ['"12\n3"', { invalid: '12\n3' }],
    ['été', { invalid: 'été' }],
    ['12345678901234567890', 12345678901234567000],
    ['0.1234567891', 0.1234567891],
  ])('number cell %j reads as %j', async (cell, expected) => {
    const read = readCsvText(`x,y\n${cell},end\n`, { columnTypes: n('x') });
    if (expected === 'ragged') {
      await expect(read).rejects.toThrow('has 3 fields; the header has 2');
      return;
    }
    const result = await read;
    expect(result.rows).toEqual([[expected, 'end']]);
  });

  it('integer columns read as numbers (the validator decides about 41.5)', async () => {
    const result = await readCsvText('i\n41\n41.5\n', { columnTypes: { i: 'integer' } });
    expect(result.rows).toEqual([[41], [41.5]]);
  });

  it('keeps NaN placeholders in values of cells that are not Present', async () => {
    const { openCsvChunks } = await import('../../../src/core/data/csv-reader.js');
    const { chunked } = await import('./csv-helpers.js');
    const stream = await openCsvChunks(chunked(new TextEncoder().encode('x\n1\n\nabc\nNaN\n2')), 't.csv', {
      columnTypes: n('x'),
    });
    for await (const batch of stream.batches()) {
      const column = batch.columns[0];
      expect(column.kind).toBe('number');
      expect(Array.from(column.values as Float64Array)).toEqual([1, NaN, NaN, NaN, 2]);
      expect(Array.from(column.state)).toEqual([0, 1, 4, 3, 0]);
    }
  });

  it.each<[string, TestCell]>([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    [' true ', true],
    ['"false"', false],
    ['', null],
    ['1', { invalid: '1' }],
    ['0', { invalid: '0' }],
    ['yes', { invalid: 'yes' }],
    ['tRUE', { invalid: 'tRUE' }],
  ])('boolean cell %j reads as %j', async (cell, expected) => {
    const result = await readCsvText(`b\n${cell}\nfalse\n`, { columnTypes: { b: 'boolean' } });
    expect(result.rows[0]).toEqual([expected]);
  });

  it('reads json columns as text, and ignores type hints for columns not in the file', async () => {
    const result = await readCsvText('j,s\n"{""a"":1}",x\n', {
      columnTypes: { j: 'json', missing: 'number' },
    });
    expect(result.rows).toEqual([['{"a":1}', 'x']]);
  });

  it('reads repeated short strings (cached) and long ones identically', async () => {
    const values = Array.from({ length: 20_000 }, (_, i) =>
      i % 3 === 0 ? `c${i % 7}` : `long-value-${i}-${'z'.repeat(i % 30)}`,
    );
    const result = await readCsvText(`s\n${values.join('\n')}\n`);
    expect(result.rows.map((row) => row[0])).toEqual(values);
  });
});

describe('batches and chunk boundaries', () => {
  const text =
    '\ufeffid,name,score,ok\r\n' +
    '1,"Smith, J",1.5,true\r\n' +
    '2,"multi\r\nline ""q""",-2e3,False\r\n' +
    '3,,NaN,\r\n' +
    '4,été 😀,abc,TRUE\r\n' +
    '\r\n' +
    '5,"",.25,false';
  const types = { id: 'integer', score: 'number', ok: 'boolean' } as const;

  it('yields batches of batchSize rows with continuous row numbers and lines', async () => {
    const result = await readCsvText(text, { columnTypes: types, batchSize: 2 });
    expect(result.batchLengths).toEqual([2, 2, 1]);
    expect(result.rowNumbers).toEqual([1, 2, 3, 4, 5]);
    expect(result.lines).toEqual([2, 3, 5, 6, 8]);
    expect(result.rows).toEqual([
      [1, 'Smith, J', 1.5, true],
      [2, 'multi\r\nline "q"', -2000, false],
      [3, null, 'NaN!', null],
      [4, 'été 😀', { invalid: 'abc' }, true],
      [5, '', 0.25, false],
    ]);
  });

  it('gives the same result for every split of the bytes into two chunks, and for 1-byte chunks', async () => {
    const data = new TextEncoder().encode(text);
    const expected = await readCsvText(data, { columnTypes: types });
    for (let cut = 1; cut < data.length; cut++) {
      const result = await readCsvText(data, { columnTypes: types, batchSize: 3 }, [cut, data.length]);
      expect(result.rows).toEqual(expected.rows);
      expect(result.lines).toEqual(expected.lines);
    }
    const tiny = await readCsvText(data, { columnTypes: types, batchSize: 1 }, [1]);
    expect(tiny.rows).toEqual(expected.rows);
    expect(tiny.lines).toEqual(expected.lines);
  });

  it('handles records cut at the end of large chunks (the bridge between chunks)', async () => {
    const rows = Array.from(
      { length: 60_000 },
      (_, i) => `${i},${(i * 1.25).toFixed(2)},"q ""${i}""\nx",${i % 2 ? 'true' : 'false'}`,
    );
    const data = new TextEncoder().encode(`id,score,name,ok\n${rows.join('\n')}\n`);
    const result = await readCsvText(data, { columnTypes: types, batchSize: 7_000 }, [
      100_003,
      70_001,
      1 << 20,
    ]);
    expect(result.rows.length).toBe(60_000);
    expect(result.rows[59_999]).toEqual([59_999, 74998.75, 'q "59999"\nx', true]);
    expect(result.rows[12_345]).toEqual([12_345, 15431.25, 'q "12345"\nx', true]);
    expect(result.lines[59_999]).toBe(2 + 2 * 59_999);
  });

  it('streams: the first batch arrives before the source is read to the end', async () => {
    const { openCsvChunks } = await import('../../../src/core/data/csv-reader.js');
    let pulled = 0;
    const line = new TextEncoder().encode('1.5,2.5\n');
    async function* source(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('a,b\n');
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        yield line;
      }
    }
    const stream = await openCsvChunks(source(), 's.csv', { batchSize: 100, columnTypes: { a: 'number' } });
    for await (const batch of stream.batches()) {
      expect(batch.length).toBe(100);
      break;
    }
    expect(pulled).toBeLessThan(300);
  });
});
