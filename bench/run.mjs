// npm run bench: every performance figure the project claims, measured here, peers side by side.
//   1. CSV parsing alone on the 1 M-row x 30-column file: mlgate beside a naive split parser and pandas.
//   2. `mlgate validate` end to end (CLI, 31-property schema) at 250 k and 1 M rows: rows/s and peak RSS
//      (flat in rows: it streams), on one thread (MLGATE_WORKERS=1) and in two parts (MLGATE_WORKERS=2,
//      the default on 2 cores: a plain CSV file of 128 MiB or more is split over worker threads).
//   3. Cold start of the bundled validate-data action on a small file, beside a bare `node -e 0`.
//   4. `mlgate evaluate` end to end on 1 M rows x 30 features with the MLP benchmark model, beside
//      parse-only, raw batched inference and the pandas + numpy + scikit-learn peer (bench/evaluate.mjs).
//   5. `mlgate drift` on 1 M vs 1 M rows x 30 numeric columns beside the pandas + scipy peer (bench/drift.mjs).
//   6. the paired comparison: bootstrap of a metric delta (1000 resamples, 100 k rows) and DeLong on 1 M rows,
//      beside scikit-learn and numpy (bench/compare.mjs).
// Usage: node bench/run.mjs [--quick]   (--quick: 200 k rows, fewer repeats)
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from './generate-csv.mjs';
import { writeWideSchema } from './wide-schema.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const big = values.quick ? 200_000 : 1_000_000;
const small = values.quick ? 50_000 : 250_000;
const repeats = values.quick ? 1 : 3;

const dataFile = (rows) => {
  const file = join(root, 'bench', 'data', rows === 1_000_000 ? 'wide-1m.csv' : `wide-${rows}.csv`);
  if (!existsSync(file)) generate(file, rows);
  return file;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build');

console.log(`# 1. CSV parsing alone (${big.toLocaleString('en-US')} rows x 30 columns)\n`);
spawnSync(
  process.execPath,
  [join(root, 'bench', 'csv-parse.mjs'), '--rows', String(big), '--runs', String(repeats)],
  {
    stdio: 'inherit',
  },
);

console.log('\n# 2. mlgate validate, end to end (CLI, 31-property schema: types, bounds, enums, required)\n');
const schema = writeWideSchema(join(root, 'bench', 'data', 'wide.schema.json'));
const out = mkdtempSync(join(tmpdir(), 'mlgate-bench-out-'));
function validateOnce(file, workers) {
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      '-r',
      join(root, 'bench', 'rss-probe.cjs'),
      cli,
      'validate',
      '--data',
      file,
      '--schema',
      schema,
      '--out',
      out,
      '--quiet',
    ],
    { encoding: 'utf8', env: { ...process.env, MLGATE_WORKERS: String(workers) } },
  );
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`mlgate validate exited ${r.status}: ${r.stderr}${r.stdout}`);
  return { ms, rssMb: Number(/maxrss_kb=(\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024 };
}
const rowsPerSecond = {};
for (const rows of [small, big]) {
  const file = dataFile(rows);
  const mb = statSync(file).size / 1e6;
  for (const workers of [1, 2]) {
    const runs = Array.from({ length: repeats }, () => validateOnce(file, workers));
    const ms = median(runs.map((r) => r.ms));
    const rss = Math.max(...runs.map((r) => r.rssMb));
    const label = workers === 1 ? 'one thread' : 'two parts';
    rowsPerSecond[`${rows}:${workers}`] = rows / (ms / 1000);
    console.log(
      `${rows.toLocaleString('en-US').padStart(9)} rows  ${label.padEnd(16)} ${(ms / 1000).toFixed(2)} s  ` +
        `${(rows / (ms / 1000) / 1e6).toFixed(2)} M rows/s  ${(mb / (ms / 1000)).toFixed(0)} MB/s  peak RSS ${rss.toFixed(0)} MB`,
    );
  }
}
const target = 1e6;
const best = Math.max(rowsPerSecond[`${big}:1`], rowsPerSecond[`${big}:2`]);
console.log(
  `\nbest: ${(best / 1e6).toFixed(2)} M rows/s = ${(best / target).toFixed(2)}x the 1 M rows/s target`,
);

console.log('\n# 3. Cold start of the bundled validate-data action (node start to outputs written)\n');
const ws = mkdtempSync(join(tmpdir(), 'mlgate-bench-ws-'));
cpSync(join(root, 'examples', 'penguins'), join(ws, 'p'), { recursive: true });
function timed(args, env) {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ws, env });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
  return performance.now() - started;
}
const actionEnv = () => {
  writeFileSync(join(ws, 'out'), '');
  writeFileSync(join(ws, 'summary'), '');
  return {
    PATH: process.env.PATH,
    GITHUB_WORKSPACE: ws,
    GITHUB_OUTPUT: join(ws, 'out'),
    GITHUB_STEP_SUMMARY: join(ws, 'summary'),
    INPUT_DATA: 'p/penguins.csv',
    INPUT_SCHEMA: 'p/penguins.schema.json',
    INPUT_CHECKS: 'p/checks.yml',
  };
};
const n = values.quick ? 5 : 15;
const action = median(
  Array.from({ length: n }, () => timed([join(root, 'dist/actions/validate-data.js')], actionEnv())),
);
const bare = median(Array.from({ length: n }, () => timed(['-e', '0'], { PATH: process.env.PATH })));
console.log(
  `validate-data action (344-row CSV, schema + 6 checks): median ${action.toFixed(0)} ms of ${n} runs`,
);
console.log(`bare node -e 0:                                      median ${bare.toFixed(0)} ms`);
console.log(
  `mlgate's own share: ${(action - bare).toFixed(0)} ms; target 250 ms total: ${(action / 250).toFixed(2)}x`,
);

console.log('\n# 4. mlgate evaluate, end to end (MLP 30-64-64-2, binary metrics), beside its peer\n');
spawnSync(
  process.execPath,
  [join(root, 'bench', 'evaluate.mjs'), '--rows', String(big), '--runs', String(repeats)],
  { stdio: 'inherit' },
);

console.log('\n# 5. mlgate drift, end to end (30 numeric columns, every statistic), beside its peer\n');
spawnSync(
  process.execPath,
  [join(root, 'bench', 'drift.mjs'), '--rows', String(big), '--runs', String(repeats)],
  { stdio: 'inherit' },
);

console.log(
  '\n# 6. paired comparison statistics (bootstrap of deltas, DeLong), beside scikit-learn and numpy\n',
);
spawnSync(process.execPath, [join(root, 'bench', 'compare.mjs'), '--runs', String(repeats)], {
  stdio: 'inherit',
});
