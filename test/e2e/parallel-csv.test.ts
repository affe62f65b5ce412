import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-action.js';

// A large CSV file is split across worker threads (src/core/validate/parallel/). These tests run the
// bundled CLI on files made to be split, and require the result to be exactly the one-thread result.

const cli = join(repoRoot, 'dist/cli.js');
let dir: string;

const schema = {
  type: 'object',
  required: ['id', 'score', 'kind', 'note'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    score: { type: 'number', minimum: 0, maximum: 100 },
    kind: { type: 'string', enum: ['a', 'b', 'c'] },
    note: { type: 'string' },
  },
};

/** Rows with quoted commas, quotes and line breaks, and a violation every 997 rows of varying kind. */
function makeCsv(rows: number, mid?: string): string {
  const out = ['id,score,kind,note'];
  for (let i = 1; i <= rows; i++) {
    const bad = i % 997 === 0 ? (i / 997) % 3 : -1;
    const score = bad === 0 ? '-5' : bad === 1 ? 'n/a' : String(((i * 7919) % 10000) / 100);
    // Rows with 'n/a' also get a bad kind: two violations in one row, whose order must survive the merge.
    const kind = bad === 2 || bad === 1 ? 'z' : ['a', 'b', 'c'][i % 3];
    const note = i % 5 === 0 ? `"line one\nline two, with ""quotes"""` : i % 7 === 0 ? '"a, b"' : `n${i}`;
    out.push(`${i},${score},${kind},${i === Math.floor(rows / 2) && mid !== undefined ? mid : note}`);
  }
  return `${out.join('\n')}\n`;
}

function validate(file: string, env: Record<string, string>, out: string, maxViolations = 5) {
  const r = spawnSync(
    process.execPath,
    [
      cli,
      'validate',
      '--data',
      file,
      '--schema',
      join(dir, 'schema.json'),
      '--out',
      out,
      '--max-violations',
      String(maxViolations),
    ],
    { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', MLGATE_DEBUG: '1', ...env } },
  );
  const result = r.status === 2 ? null : JSON.parse(readFileSync(join(dir, out, 'validation.json'), 'utf8'));
  if (result) delete result.duration_ms;
  return { status: r.status, stderr: r.stderr, result };
}

const split = { MLGATE_WORKERS: '3', MLGATE_PARALLEL_MIN_BYTES: '0' };
const single = { MLGATE_WORKERS: '1' };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgate-parallel-'));
  writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
});

describe('validating a CSV file in parts on worker threads', () => {
  it('gives exactly the one-thread result: counts, listed rows and lines, verdict', () => {
    writeFileSync(join(dir, 'big.csv'), makeCsv(60_000));
    const parts = validate('big.csv', split, 'parts', 30);
    const whole = validate('big.csv', single, 'whole', 30);
    expect(parts.stderr).toMatch(/validated in 3 parts/);
    expect(whole.stderr).not.toMatch(/parts/);
    expect(parts.status).toBe(1);
    expect(parts.result).toEqual(whole.result);
    // The violations are spread over the whole file (60 rows, 80 violations), so later parts contributed.
    expect(whole.result.total_violations).toBe(80);
    const rowsWithTwo = whole.result.violations.filter((v: { row: number }) => v.row === 997 * 40);
    expect(rowsWithTwo.map((v: { column: string }) => v.column)).toEqual(['score', 'kind']);
    const minimum = whole.result.violations.filter((v: { rule: string }) => v.rule === 'minimum');
    expect(minimum.map((v: { row: number }) => v.row).slice(0, 5)).toEqual([2991, 5982, 8973, 11964, 14955]);
  });

  it('falls back to one piece when a cut lands inside a quoted field, with the same result', () => {
    const longNote = `"${'x\n'.repeat(200_000)}"`;
    writeFileSync(join(dir, 'quoted.csv'), makeCsv(4_000, longNote));
    const parts = validate('quoted.csv', { MLGATE_WORKERS: '2', MLGATE_PARALLEL_MIN_BYTES: '0' }, 'qparts');
    const whole = validate('quoted.csv', single, 'qwhole');
    expect(parts.stderr).toMatch(/read in one piece after a part failed on its own/);
    expect(parts.result).toEqual(whole.result);
    expect(whole.result.rows).toBe(4_000);
  });

  it('reports a malformed row in a later part with its true row and line', () => {
    const text = makeCsv(30_000).replace('\n29000,', '\n29000,1,2,');
    writeFileSync(join(dir, 'ragged.csv'), text);
    const parts = validate('ragged.csv', split, 'rparts');
    const whole = validate('ragged.csv', single, 'rwhole');
    expect(parts.status).toBe(2);
    expect(whole.status).toBe(2);
    const message = (s: string) => s.split('\n').find((l) => l.startsWith('mlgate validate:'));
    expect(message(parts.stderr)).toBe(message(whole.stderr));
    expect(message(parts.stderr)).toMatch(
      /^mlgate validate: ragged\.csv: row 29000 \(line \d+\).*6 fields; the header has 4/,
    );
  });
});
