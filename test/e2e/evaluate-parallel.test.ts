import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-action.js';

// A large plain CSV file is read in parts: this thread reads the first and runs the model, a reader
// thread parses the rest (src/core/evaluate/parallel/). These tests make small files split
// (MLGATE_PARALLEL_MIN_BYTES=0) and require exactly the result of a read in one piece (MLGATE_WORKERS=1).

const cli = join(repoRoot, 'dist/cli.js');
const model = join(repoRoot, 'test/fixtures/models/binary-logreg.onnx');
let dir: string;
let header: string;
let rows: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgate-eval-split-'));
  const lines = readFileSync(join(repoRoot, 'test/fixtures/eval/breast-cancer.csv'), 'utf8')
    .trim()
    .split('\n');
  header = lines[0];
  // 171 rows × 60 = 10 260 rows (~2.5 MB), several batches per part.
  rows = Array.from({ length: 60 }, () => lines.slice(1)).flat();
});

function write(name: string, body: string[], head = header): string {
  writeFileSync(join(dir, name), `${head}\n${body.join('\n')}\n`);
  return name;
}

function evaluate(file: string, split: boolean, ...extra: string[]) {
  const out = `out-${file}-${split ? 'split' : 'whole'}`;
  const r = spawnSync(
    process.execPath,
    [
      cli,
      'evaluate',
      '--model',
      model,
      '--data',
      file,
      '--task',
      'binary',
      '--label',
      'target',
      '--no-latency',
      '--out',
      out,
      ...extra,
    ],
    {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        MLGATE_DEBUG: '1',
        ...(split ? { MLGATE_PARALLEL_MIN_BYTES: '0', MLGATE_WORKERS: '2' } : { MLGATE_WORKERS: '1' }),
      },
    },
  );
  const read = (f: string) => readFileSync(join(dir, out, f));
  const result = r.status === 0 || r.status === 1 ? JSON.parse(read('evaluation.json').toString()) : null;
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    result,
    predictions: result ? read('predictions.parquet') : null,
  };
}

const comparable = (result: Record<string, unknown>) => {
  const { created_at: _c, timing: _t, runtime: _r, predictions_path: _p, ...rest } = result;
  return rest;
};

describe('evaluate reads a large CSV file in parts with exactly the one-piece result', () => {
  it('same metrics, CIs, slices and predictions file, byte for byte', () => {
    const file = write('big.csv', rows);
    const scoring = [
      '--ci',
      'roc_auc',
      '--bootstrap',
      '100',
      '--slice',
      'mean radius:q4',
      '--threshold',
      'accuracy>=0.9',
    ];
    const split = evaluate(file, true, ...scoring);
    const whole = evaluate(file, false, ...scoring);
    expect(split.stderr).toMatch(/big\.csv: read in 2 parts/);
    expect(whole.stderr).not.toMatch(/read in \d+ parts/);
    expect(split.status).toBe(0);
    expect(comparable(split.result)).toEqual(comparable(whole.result));
    expect(split.result.rows).toBe(10_260);
    expect(Buffer.compare(split.predictions!, whole.predictions!)).toBe(0);
    // One intra-op thread while the reader thread has the other core; the whole read keeps ORT's default.
    expect(split.result.runtime.threads_source).toBe('reader-threads');
    expect(split.result.runtime.threads).toBe(1);
  });

  it('a model whose outputs depend on the batch: the parts are cut into the one-piece batches again', () => {
    // per-column-inputs.onnx (a LinearClassifier pipeline) gives slightly different float32 outputs for a
    // row in batches of other sizes; the read in parts must run the model on the same batches.
    const lines = readFileSync(join(repoRoot, 'test/fixtures/eval/penguins.csv'), 'utf8').trim().split('\n');
    const file = write('penguins-big.csv', Array.from({ length: 60 }, () => lines.slice(1)).flat(), lines[0]);
    const args = [
      ...[
        '--task',
        'multiclass',
        '--label',
        'species',
        '--classes',
        'Adelie,Chinstrap,Gentoo',
        '--slice',
        'island',
      ],
      ...['--model', join(repoRoot, 'test/fixtures/models/per-column-inputs.onnx')],
    ];
    const split = evaluate(file, true, ...args);
    // The read in parts gives ONNX Runtime one thread; so does this one-piece read.
    const whole = evaluate(file, false, ...args, '--threads', '1');
    expect(split.stderr).toMatch(/penguins-big\.csv: read in 2 parts/);
    expect(split.status).toBe(0);
    expect(split.result.rows).toBe(20_040);
    expect(comparable(split.result)).toEqual(comparable(whole.result));
    expect(Buffer.compare(split.predictions!, whole.predictions!)).toBe(0);
  });

  it('a bad label in the second part is named by its row in the file, as in one piece', () => {
    const body = [...rows];
    const at = 9_000; // in the reader thread's part
    body[at - 1] = body[at - 1].replace(/,[01]$/, ',7');
    const file = write('bad-label.csv', body);
    const split = evaluate(file, true);
    const whole = evaluate(file, false);
    expect(whole.status).toBe(2);
    expect(split.status).toBe(2);
    expect(whole.stderr).toMatch(
      /bad-label\.csv: row 9000 \(line 9001\), column "target": label 7 is not a class/,
    );
    expect(split.stderr.split('\n').filter((l) => l.startsWith('mlgate'))).toEqual(
      whole.stderr.split('\n').filter((l) => l.startsWith('mlgate')),
    );
  });

  it('NaN outputs dropped in the second part keep their absolute rows', () => {
    const body = [...rows];
    for (const at of [10, 8_001, 10_000]) body[at - 1] = body[at - 1].replace(/^[^,]*/, '');
    const file = write('gaps.csv', body);
    const split = evaluate(file, true, '--non-finite', 'drop');
    const whole = evaluate(file, false, '--non-finite', 'drop');
    expect(split.result.non_finite).toEqual({ count: 3, rows: [10, 8001, 10000], policy: 'drop' });
    expect(comparable(split.result)).toEqual(comparable(whole.result));
    expect(Buffer.compare(split.predictions!, whole.predictions!)).toBe(0);
  });

  it('a cut inside a quoted field falls back to one piece, with the same result', () => {
    // Every row carries a quoted note with a line break: a cut after a line feed lands inside one.
    const body = rows.map((r, i) => `${r},"note ${i}\nsecond line"`);
    const file = write('quoted.csv', body, `${header},note`);
    const split = evaluate(file, true, '--exclude', 'note');
    const whole = evaluate(file, false, '--exclude', 'note');
    expect(split.stdout).toMatch(
      /quoted\.csv: read in one piece after reading in parts failed \(the first part cannot be read on its own/,
    );
    expect(split.status).toBe(0);
    expect(comparable(split.result)).toEqual(comparable(whole.result));
  });
});
