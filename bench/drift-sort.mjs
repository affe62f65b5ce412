// The drift statistics' sort (src/core/drift/sort.ts) beside Float64Array.prototype.sort: LSD radix with
// 8-, 11- and 16-bit digits at 1 M and 10 M values (normals, uniforms, integers with ties), best of K runs,
// with the ratio built-in / radix; and the small sizes that set RADIX_MIN_LENGTH. Every result is checked
// equal to the built-in sort's.
// Usage: node bench/drift-sort.mjs [--sizes 1000000,10000000] [--runs K]
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000,10000000' },
    runs: { type: 'string', default: '3' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);

const outdir = mkdtempSync(join(tmpdir(), 'mlgate-bench-'));
await build({
  entryPoints: [join(root, 'src', 'core', 'drift', 'sort.ts')],
  outfile: join(outdir, 'sort.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const { radixSortFloat64, sortFloat64, RADIX_MIN_LENGTH } = await import(join(outdir, 'sort.mjs'));

// mulberry32: deterministic data without depending on the code under test.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const generators = {
  normal: (r) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()) * 3 + 10,
  uniform: (r) => r() * 2 - 1,
  'integers (1000 levels)': (r) => Math.floor(r() * 1000) - 500,
};

function data(kind, n) {
  const r = rng(n ^ kind.length);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = generators[kind](r);
  return out;
}

function best(fn, input, scratch) {
  let ms = Infinity;
  let result;
  for (let k = 0; k < runs; k++) {
    const copy = input.slice();
    const started = performance.now();
    result = fn(copy, scratch);
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, result };
}

function same(a, b) {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

console.log(`radix sort vs Float64Array.prototype.sort, best of ${runs}\n`);
for (const n of sizes) {
  const scratch = new Float64Array(n);
  for (const kind of Object.keys(generators)) {
    const input = data(kind, n);
    const builtIn = best((a) => a.sort(), input);
    const line = [
      `n=${n.toLocaleString('en-US')} ${kind}`.padEnd(36),
      `built-in ${builtIn.ms.toFixed(1)} ms`,
    ];
    for (const bits of [8, 11, 16]) {
      const radix = best((a, s) => radixSortFloat64(a, bits, s), input, scratch);
      if (!same(radix.result, builtIn.result)) throw new Error(`${bits}-bit radix sort differs at n=${n}`);
      line.push(`${bits}-bit ${radix.ms.toFixed(1)} ms (x${(builtIn.ms / radix.ms).toFixed(1)})`);
    }
    console.log(line.join('  '));
  }
}

console.log(`\nsmall sizes (sortFloat64 switches to radix at ${RADIX_MIN_LENGTH}), 20 arrays each:`);
for (const n of [256, 512, 1024, 2048, 4096, 16384, 65536, 262144]) {
  const inputs = Array.from({ length: 20 }, (_, k) => data('normal', n + k).subarray(0, n));
  const scratch = new Float64Array(n);
  const time = (fn) => {
    let ms = Infinity;
    for (let k = 0; k < runs; k++) {
      const copies = inputs.map((a) => a.slice());
      const started = performance.now();
      for (const c of copies) fn(c, scratch);
      ms = Math.min(ms, performance.now() - started);
    }
    return ms;
  };
  const builtIn = time((a) => a.sort());
  const line = [`n=${String(n).padStart(6)}  built-in ${builtIn.toFixed(2)} ms`];
  for (const bits of [8, 11, 16]) {
    line.push(`${bits}-bit ${time((a, s) => radixSortFloat64(a, bits, s)).toFixed(2)} ms`);
  }
  line.push(`sortFloat64 ${time((a, s) => sortFloat64(a, s)).toFixed(2)} ms`);
  console.log(line.join('  '));
}
