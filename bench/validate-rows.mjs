// Micro-benchmark of per-row validation work (row object + ajv + bookkeeping), parsing excluded:
// synthetic batches shaped like bench/data/wide-1m.csv (id, 25 floats, 2 ints, 2 categoricals) against a
// 31-property schema. Usage: node bench/validate-rows.mjs [--rows N]
import { build } from 'esbuild';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = '/tmp/mlgate-bench-validate-rows.mjs';
await build({
  stdin: {
    contents: `export { RowValidator } from './src/core/validate/row-validator.ts';
export { compileSchema } from './src/core/validate/schema-loader.ts';
export { ViolationCollector } from './src/core/validate/violations.ts';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: out,
  logLevel: 'warning',
});
const { RowValidator, compileSchema, ViolationCollector } = await import(out);

const argRows = process.argv.indexOf('--rows');
const totalRows = argRows > 0 ? Number(process.argv[argRows + 1]) : 1_000_000;
const batchSize = 65_536;
const floats = Array.from({ length: 25 }, (_, k) => `f${String(k + 1).padStart(2, '0')}`);

export function benchSchema() {
  const properties = { id: { type: 'integer', minimum: 0 } };
  for (const f of floats) properties[f] = { type: 'number', minimum: -1000, maximum: 1000 };
  properties.i1 = { type: 'integer', minimum: 0, maximum: 100 };
  properties.i2 = { type: 'integer', minimum: 0, maximum: 100 };
  properties.cat1 = { type: 'string', enum: ['a', 'b', 'c', 'd'] };
  properties.cat2 = { type: 'string', enum: ['red', 'green', 'blue'] };
  properties.note = { type: 'string' };
  return { type: 'object', properties, required: Object.keys(properties).filter((p) => p !== 'note') };
}

function makeBatch(start, length, invalid) {
  let seed = 12345 + start;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const numberColumn = (name, gen) => {
    const values = new Float64Array(length);
    for (let i = 0; i < length; i++) values[i] = gen(i);
    return { name, kind: 'number', values, state: new Uint8Array(length), invalid: new Map() };
  };
  const stringColumn = (name, options) => {
    const values = Array.from({ length }, () => options[Math.floor(rand() * options.length)]);
    return { name, kind: 'string', values, state: new Uint8Array(length), invalid: new Map() };
  };
  const columns = [numberColumn('id', (i) => start + i + 1)];
  for (const f of floats)
    columns.push(numberColumn(f, () => (invalid ? 5000 : Math.round((rand() * 2000 - 1000) * 1e4) / 1e4)));
  columns.push(
    numberColumn('i1', () => Math.floor(rand() * 100)),
    numberColumn('i2', () => Math.floor(rand() * 100)),
  );
  columns.push(stringColumn('cat1', ['a', 'b', 'c', 'd']), stringColumn('cat2', ['red', 'green', 'blue']));
  const rowNumbers = new Uint32Array(length);
  const lines = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    rowNumbers[i] = start + i + 1;
    lines[i] = start + i + 2;
  }
  return { length, columns, rowNumbers, lines };
}

function run(label, invalid) {
  const loaded = compileSchema('bench.schema.json', benchSchema());
  const batches = [];
  for (let start = 0; start < totalRows; start += batchSize)
    batches.push(makeBatch(start, Math.min(batchSize, totalRows - start), invalid));
  const collector = new ViolationCollector(20);
  const validator = new RowValidator({ validate: loaded.validate, nullable: new Set(), collector });
  const file = { path: 'bench.csv', format: 'csv' };
  validator.validateBatch(batches[0], file); // warm-up
  const t0 = performance.now();
  for (const batch of batches) validator.validateBatch(batch, file);
  const ms = performance.now() - t0;
  const rowsPerS = (totalRows / ms) * 1000;
  console.log(
    `${label.padEnd(12)} ${totalRows.toLocaleString('en-US')} rows in ${ms.toFixed(0)} ms: ` +
      `${(rowsPerS / 1e6).toFixed(2)} M rows/s, ${((ms * 1000) / totalRows).toFixed(3)} µs/row, violations ${collector.total.toLocaleString('en-US')}`,
  );
}

run('valid', false);
run('all-invalid', true);
