/**
 * runDriftJob on awkward data: all-null and one-sided columns, nested JSON Lines values, tiny samples,
 * forced types, several files per side, and text columns holding the text NaN. Reported, never a crash,
 * never NaN in drift.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDriftMethods } from '../../../src/core/drift/options.js';
import { isConfigurationError } from '../../../src/core/errors.js';
import { runDriftJob, type DriftJobRequest } from '../../../src/core/jobs/drift-job.js';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { repoRoot } from '../../helpers/run-action.js';

const temp = mkdtempSync(join(tmpdir(), 'mlgate-drift-edge-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const fixtures = join(repoRoot, 'test/fixtures/drift-job');

let folders = 0;
/** Writes the files into a fresh folder and runs the job there. */
async function drift(files: Record<string, string>, request: Partial<DriftJobRequest> = {}) {
  const cwd = mkdtempSync(join(temp, `case-${folders++}-`));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  const outcome = await runDriftJob(
    { cwd, outDir: 'out', reference: ['reference.csv'], current: ['current.csv'], ...request },
    getRecordingLogger(),
  );
  // The conventions name NaN; a category may be the text NaN; no number may be.
  const { conventions: _c, ...rest } = JSON.parse(readFileSync(outcome.resultPath, 'utf8')) as Record<
    string,
    unknown
  >;
  expect(JSON.stringify(rest).replace(/"NaN"/g, '')).not.toMatch(/NaN|Infinity/);
  return outcome.result;
}

/** A CSV of `n` rows from a function of the row index. */
function csv(header: string[], n: number, row: (i: number) => (string | number)[]): string {
  const lines = [header.join(',')];
  for (let i = 0; i < n; i++) lines.push(row(i).join(','));
  return `${lines.join('\n')}\n`;
}

describe('runDriftJob: columns that cannot be compared are reported, not errors', () => {
  it('an all-null column (on both sides, or on one) is reported as not tested with the reason', async () => {
    const result = await drift({
      'reference.csv': csv(['x', 'empty', 'gone'], 100, (i) => [i % 13, '', i % 7]),
      'current.csv': csv(['x', 'empty', 'gone'], 80, (i) => [i % 11, '', '']),
    });
    for (const name of ['empty', 'gone']) {
      const c = result.columns[name];
      expect(c.score, name).toBeNull();
      expect(c.drifted, name).toBe(false);
      expect(c.because, name).toMatch(/^not tested: 0 values on the current side, below min_values 30/);
    }
    expect(result.columns.empty.quality.null_fraction).toEqual({ reference: 1, current: 1, change: 0 });
    expect(result.columns.gone.quality.null_fraction).toEqual({ reference: 0, current: 1, change: 1 });
    expect(result.columns.gone.ks).toBeNull();
    expect(result.columns.gone.reasons?.ks).toBe('the current sample has no values');
    expect(result.summary.tested).toBe(1);
  });

  it('a column missing on one side is listed on its side and not tested', async () => {
    const result = await drift({
      'reference.csv': csv(['x', 'old'], 50, (i) => [i, i]),
      'current.csv': csv(['new', 'x'], 50, (i) => [i, i]),
    });
    expect(result.columns_only_in_reference).toEqual(['old']);
    expect(result.columns_only_in_current).toEqual(['new']);
    expect(result.not_tested).toEqual({ old: 'only in the reference data', new: 'only in the current data' });
    expect(Object.keys(result.columns)).toEqual(['x']);
  });

  it('JSON Lines values that are objects or arrays are not tested (unsupported)', async () => {
    const rows = Array.from({ length: 60 }, (_, i) =>
      JSON.stringify({ x: i / 10, meta: i % 2 ? { k: i } : [i, i + 1], tag: i % 3 ? 'a' : 'b' }),
    );
    const result = await drift(
      {
        'reference.csv': csv(['x', 'meta', 'tag'], 60, (i) => [i / 10, 'text', i % 3 ? 'a' : 'b']),
        'current.jsonl': `${rows.join('\n')}\n`,
      },
      { current: ['current.jsonl'] },
    );
    expect(result.not_tested.meta).toBe('holds objects or arrays (nested JSON), which drift does not test');
    expect(Object.keys(result.columns)).toEqual(['x', 'tag']);
  });

  it('tiny samples are not tested (min_values), and no column tested is no dataset drift', async () => {
    const result = await drift({
      'reference.csv': csv(['x', 'c'], 12, (i) => [i, 'ab'[i % 2]]),
      'current.csv': csv(['x', 'c'], 9, (i) => [i + 100, 'b']),
    });
    for (const c of Object.values(result.columns)) {
      expect(c.score).toBeNull();
      expect(c.drifted).toBe(false);
      expect(c.because).toMatch(/^not tested: 9 values on the current side, below min_values 30$/);
    }
    expect(result.dataset_drift).toBe(false);
    expect(result.summary.because).toBe('no column could be tested');
  });

  it('--min-values lower tests the same tiny samples', async () => {
    const result = await drift(
      {
        'reference.csv': csv(['x'], 12, (i) => [i]),
        'current.csv': csv(['x'], 9, (i) => [i + 100]),
      },
      { policy: { min_values: 5 } },
    );
    // Disjoint samples of 12 and 9: scipy 1.10.1's ks_2samp gives 6.804341169666247e-06 = 2 / C(21, 9).
    expect(result.columns.x.ks).toEqual({ statistic: 1, p_value: 2 / 293930, method: 'exact' });
    expect(result.columns.x.drifted).toBe(true);
  });
});

describe('runDriftJob: types given by the user', () => {
  it('a column forced numeric that holds text is not tested, naming the first text cell', async () => {
    const result = await runDriftJob(
      {
        cwd: fixtures,
        outDir: join(temp, 'forced-numeric'),
        reference: ['small/reference.csv'],
        current: ['small/current.csv'],
        columns: ['mixed', 'shifted'],
        numeric: ['mixed'],
      },
      getRecordingLogger(),
    );
    expect(result.result.not_tested.mixed).toBe(
      'holds numbers and text ("n/a" in small/current.csv, row 4); give its type (categorical) to test it as categories',
    );
    expect(Object.keys(result.result.columns)).toEqual(['shifted']);
  });

  it('a column both excluded and given a type is a mistake', async () => {
    const error = await drift(
      { 'reference.csv': csv(['x'], 40, (i) => [i]), 'current.csv': csv(['x'], 40, (i) => [i]) },
      { exclude: ['x'], categorical: ['x'] },
    ).catch((e: unknown) => e);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/column "x" is both excluded and given a type/);
  });
});

describe('runDriftJob: several files per side', () => {
  it('a glob over the reference split in two files gives the statistics of the one file', async () => {
    const cwd = mkdtempSync(join(temp, 'split-'));
    const lines = readFileSync(join(fixtures, 'small/reference.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(cwd, 'ref-1.csv'), `${lines.slice(0, 301).join('\n')}\n`);
    writeFileSync(join(cwd, 'ref-2.csv'), `${[lines[0], ...lines.slice(301)].join('\n')}\n`);
    writeFileSync(join(cwd, 'current.csv'), readFileSync(join(fixtures, 'small/current.csv')));
    const logger = getRecordingLogger();
    const split = await runDriftJob(
      { cwd, outDir: 'a', reference: ['ref-*.csv'], current: ['current.csv'] },
      logger,
    );
    const whole = await runDriftJob(
      {
        cwd: fixtures,
        outDir: join(cwd, 'b'),
        reference: ['small/reference.csv'],
        current: ['small/current.csv'],
      },
      logger,
    );
    expect(split.result.reference).toEqual({ files: ['ref-1.csv', 'ref-2.csv'], rows: 800 });
    expect(split.result.columns).toEqual(whole.result.columns);
    expect(split.result.not_tested).toEqual(whole.result.not_tested);
  });
});

describe('runDriftJob: the text NaN in a text column', () => {
  it('a text column with some cells "NaN" is read as categories, not as numbers and text', async () => {
    // pandas reads NaN as a missing value in any column, and tools write it so; the column has no numbers.
    const colors = ['red', 'green', 'blue', 'NaN'];
    const result = await drift({
      'reference.csv': csv(['color'], 200, (i) => [colors[i % 4]]),
      'current.csv': csv(['color'], 200, (i) => [colors[i % 3]]),
    });
    expect(result.not_tested.color).toBeUndefined();
    expect(result.columns.color?.type).toBe('categorical');
  });
});

describe('runDriftJob: column names that are also names of Object.prototype members', () => {
  it.each(['constructor', 'toString', '__proto__'])(
    'a numeric column named %s is tested like any other',
    async (name) => {
      const result = await drift({
        'reference.csv': csv([name, 'x'], 100, (i) => [i % 17, i % 5]),
        'current.csv': csv([name, 'x'], 100, (i) => [(i % 17) + 8, i % 5]),
      });
      expect(Object.keys(result.columns)).toEqual([name, 'x']);
      expect(Object.hasOwn(result.columns, name)).toBe(true);
      expect(result.columns[name].type).toBe('numeric');
      expect(result.columns[name].method).toBe('ks');
      expect(result.columns[name].drifted).toBe(true);
      expect(result.not_tested).toEqual({});
    },
  );

  it.each(['constructor', '__proto__'])('--method %s=psi is one override, not "given twice"', (name) => {
    const methods = parseDriftMethods([`${name}=psi`], '--method');
    expect(Object.hasOwn(methods, name)).toBe(true);
    expect(methods[name]).toEqual({ method: 'psi' });
  });
});
