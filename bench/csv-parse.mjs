// Parser-only benchmark: reads bench/data/wide-1m.csv (generated on first use) with the CSV reader, all
// numeric columns typed, and prints MB/s, rows/s and peak RSS; beside it, the same file read through a
// naive `split` parser (the approach the design rules out) and pandas' read_csv when Debian's python3 has it.
// Usage: node bench/csv-parse.mjs [--rows N] [--runs K] [--no-peers]
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import { existsSync, statSync, mkdtempSync, readFileSync, openSync, readSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from './generate-csv.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    'no-peers': { type: 'boolean', default: false },
  },
});
const rows = Number(values.rows);
const file = join(root, 'bench', 'data', rows === 1_000_000 ? 'wide-1m.csv' : `wide-${rows}.csv`);
if (!existsSync(file)) generate(file, rows);
const bytes = statSync(file).size;

const outdir = mkdtempSync(join(tmpdir(), 'mlgate-bench-'));
await build({
  entryPoints: [join(root, 'src', 'core', 'data', 'csv-reader.ts')],
  outfile: join(outdir, 'csv-reader.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const { openCsv } = await import(join(outdir, 'csv-reader.mjs'));

const head = Buffer.alloc(4096);
const fd = openSync(file, 'r');
readSync(fd, head, 0, head.length, 0);
closeSync(fd);
const header = head.toString('latin1').split('\n')[0].split(',');
const columnTypes = Object.fromEntries(
  header.map((name) => [
    name,
    name === 'color' || name === 'region' ? 'string' : /^f\d/.test(name) ? 'number' : 'integer',
  ]),
);

function report(label, ms, parsedRows) {
  const mbs = bytes / 1e6 / (ms / 1000);
  const rps = parsedRows / (ms / 1000);
  console.log(
    `${label.padEnd(28)} ${(ms / 1000).toFixed(3).padStart(7)} s  ${mbs.toFixed(0).padStart(5)} MB/s  ${(rps / 1e6).toFixed(2)} M rows/s`,
  );
}

console.log(`file: ${file} (${(bytes / 1e6).toFixed(1)} MB, ${rows} rows, ${header.length} columns)`);
let best = Infinity;
for (let run = 0; run < Number(values.runs); run++) {
  const started = performance.now();
  // As validation reads: each batch is done with before the next, so the reader refills its buffers.
  const source = await openCsv(file, { columnTypes, reuseBuffers: true });
  let count = 0;
  let checksum = 0;
  for await (const batch of source.batches()) {
    count += batch.length;
    checksum += batch.columns[1].values[0];
  }
  const ms = performance.now() - started;
  if (count !== rows) throw new Error(`read ${count} rows, expected ${rows}`);
  best = Math.min(best, ms);
  report(`mlgate openCsv (run ${run + 1})`, ms, count);
  void checksum;
}
report('mlgate openCsv (best)', best, rows);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

if (!values['no-peers']) {
  // The naive peer: decode the whole file, split lines and cells, Number() every numeric cell.
  const started = performance.now();
  const lines = readFileSync(file, 'utf8').split('\n');
  let count = 0;
  let sum = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const cells = lines[i].split(',');
    for (let c = 0; c < 28; c++) sum += Number(cells[c]);
    count++;
  }
  report('naive split + Number()', performance.now() - started, count);
  void sum;

  const script = `import time, pandas as pd\nt = time.perf_counter()\ndf = pd.read_csv(${JSON.stringify(file)})\nprint(time.perf_counter() - t, len(df))`;
  const pandas = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
  if (pandas.status === 0) {
    const [seconds, count] = pandas.stdout.trim().split(/\s+/).map(Number);
    report('pandas read_csv (C engine)', seconds * 1000, count);
  } else console.log('pandas read_csv: not available (/usr/bin/python3 has no pandas)');
}
