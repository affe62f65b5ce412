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

const properties = { id: { type: 'integer', minimum: 1 } };
for (let k = 1; k <= 25; k++)
  properties[`f${String(k).padStart(2, '0')}`] = { type: 'number', minimum: -1000, maximum: 1500 };
properties.count = { type: 'integer', minimum: 0, maximum: 9999 };
properties.year = { type: 'integer', minimum: 1990, maximum: 2030 };
properties.color = { type: 'string', enum: ['red', 'green', 'blue', 'amber', 'violet', 'cyan'] };
properties.region = {
  type: 'string',
  enum: ['north', 'south', 'east', 'west', 'centre', 'n-east', 'n-west', 's-east', 's-west', 'other'],
};
properties.comment = { type: 'string' };
const schema = compileSchema('bench.schema.json', {
  type: 'object',
  properties,
  required: Object.keys(properties).filter((p) => p !== 'comment'),
});
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
