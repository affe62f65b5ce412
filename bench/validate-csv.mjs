// End-to-end validation benchmark: bench/data/wide-1m.csv (generated on first use; 1 M rows × 30 columns)
// against a 31-property schema (type + minimum/maximum on numbers, enums on the categoricals, required),
// INCLUDING parsing, beside the same file only parsed. Prints rows/s, MB/s and peak RSS.
// Usage: node bench/validate-csv.mjs [--rows N] [--runs K]
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { performance } from 'node:perf_hooks';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from './generate-csv.mjs';
import { wideSchema } from './wide-schema.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' } },
});
const rows = Number(values.rows);
const file = join(root, 'bench', 'data', rows === 1_000_000 ? 'wide-1m.csv' : `wide-${rows}.csv`);
if (!existsSync(file)) generate(file, rows);
const bytes = statSync(file).size;

const out = '/tmp/mlgate-bench-validate-csv.mjs';
await build({
  stdin: {
    contents: `export { validateData } from './src/core/validate/validate-data.ts';
export { compileSchema } from './src/core/validate/schema-loader.ts';
export { openDataSource } from './src/core/data/open.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  logLevel: 'warning',
});
const { validateData, compileSchema, openDataSource } = await import(out);

const schema = compileSchema('bench.schema.json', wideSchema());
const logger = { debug() {}, info() {}, warning() {}, error() {} };

function report(label, ms, extra = '') {
  const rps = rows / (ms / 1000);
  console.log(
    `${label.padEnd(16)} ${(ms / 1000).toFixed(3)} s  ${(rps / 1e6).toFixed(2)} M rows/s  ` +
      `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB ${extra}`,
  );
}

for (let run = 0; run < Number(values.runs); run++) {
  let t = performance.now();
  const source = await openDataSource(file, { columnTypes: schema.columnTypes });
  let parsed = 0;
  for await (const batch of source.batches()) parsed += batch.length;
  report('parse only', performance.now() - t);
  t = performance.now();
  const result = await validateData({ files: [file], schema, logger });
  report(
    'parse+validate',
    performance.now() - t,
    `(${result.rows} rows, ${result.total_violations} violations)`,
  );
  if (parsed !== rows || result.rows !== rows) throw new Error('row count mismatch');
}
