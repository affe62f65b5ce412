import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { expandDataPaths } from '../../../src/core/data/files.js';

const cwd = mkdtempSync(join(tmpdir(), 'mlgate-files-'));
for (const file of [
  'data/a.csv',
  'data/b.csv',
  'data/.hidden.csv',
  'data/x.jsonl',
  'data/sub/c.parquet',
  'data/sub/deep/d.parquet',
  'data[1].csv',
]) {
  mkdirSync(join(cwd, file, '..'), { recursive: true });
  writeFileSync(join(cwd, file), 'x\n');
}
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const abs = (...files: string[]) => files.map((f) => join(cwd, f));

async function messageOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as Error).message;
}

describe('expandDataPaths', () => {
  it.each([
    [['data/*.csv'], ['data/a.csv', 'data/b.csv']],
    [['data/**/*.parquet'], ['data/sub/c.parquet', 'data/sub/deep/d.parquet']],
    [['data/{a,x}.*'], ['data/a.csv', 'data/x.jsonl']],
    [
      ['data/x.jsonl', 'data/a.csv'],
      ['data/a.csv', 'data/x.jsonl'],
    ],
    [
      ['data/a.csv', 'data/*.csv', './data/a.csv', 'data/../data/b.csv'],
      ['data/a.csv', 'data/b.csv'],
    ],
    [['data[1].csv'], ['data[1].csv']],
  ])('expands %j to sorted, deduplicated absolute paths', async (patterns, expected) => {
    expect(await expandDataPaths(patterns, cwd)).toEqual(abs(...expected));
  });

  it('accepts absolute paths and absolute globs', async () => {
    expect(await expandDataPaths([join(cwd, 'data', 'a.csv')], '/')).toEqual(abs('data/a.csv'));
    expect(await expandDataPaths([`${cwd}/data/*.csv`], '/')).toEqual(abs('data/a.csv', 'data/b.csv'));
  });

  it('leaves dot files out of globs but takes them when named', async () => {
    expect(await expandDataPaths(['data/.hidden.csv'], cwd)).toEqual(abs('data/.hidden.csv'));
    expect(await expandDataPaths(['data/*.csv'], cwd)).not.toContain(join(cwd, 'data/.hidden.csv'));
  });

  it('names a literal path that does not exist', async () => {
    expect(await messageOf(expandDataPaths(['data/a.csv', 'data/missing.csv'], cwd))).toBe(
      `data file "data/missing.csv" not found (looked for ${join(cwd, 'data/missing.csv')})`,
    );
  });

  it('names a glob that matches nothing', async () => {
    expect(await messageOf(expandDataPaths(['data/*.csv', 'data/**/*.tsv'], cwd))).toBe(
      `data glob "data/**/*.tsv" matched no files (searched from ${cwd})`,
    );
  });

  it('rejects a folder and suggests a glob', async () => {
    expect(await messageOf(expandDataPaths(['data'], cwd))).toBe(
      'data path "data" is a folder; expected a file or a glob such as "data/*.csv"',
    );
  });

  it('rejects an empty list and an empty pattern', async () => {
    expect(await messageOf(expandDataPaths([], cwd))).toBe(
      'no data files given: expected at least one path or glob',
    );
    expect(await messageOf(expandDataPaths([' '], cwd))).toBe(
      'empty data path: expected a file path or a glob',
    );
  });
});
