// Writes the evaluation benchmark's CSV: 30 float features `x0`..`x29` and a 0/1 `label`, rows drawn from the
// distribution documented in bench/models/README.md (x_j, e ~ N(0, 1); y = 1 if x · w_true + e > 0). The
// normals come from Box–Muller on a seeded mulberry32, so every run writes the same file; the README says
// only the distribution has to match numpy's, not its stream. Features are written with toPrecision(7)
// (about float32's precision, and what an exported float32 column looks like), so the file resembles
// real data rather than short fixed decimals; a few values below 1e-6 come out as `1.234567e-7`.
// Usage: node bench/generate-eval-csv.mjs [--rows N] [--out FILE]
//   (default 1 000 000 rows, bench/data/eval-1m.csv; see evalDataFile for the other names)
import { fileURLToPath } from 'node:url';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const modelInfo = JSON.parse(readFileSync(join(root, 'bench', 'models', 'mlp-30-64-64-2.json'), 'utf8'));
export const W_TRUE = modelInfo.generator.w_true;
export const NOISE_SD = modelInfo.generator.noise_sd;
export const FEATURES = W_TRUE.length;
export const HEADER = [...Array.from({ length: FEATURES }, (_, j) => `x${j}`), 'label'];

/** bench/data/eval-1m.csv, eval-10m.csv, or eval-<rows>.csv. */
export function evalDataFile(rows) {
  const name = rows % 1_000_000 === 0 ? `eval-${rows / 1_000_000}m.csv` : `eval-${rows}.csv`;
  return join(root, 'bench', 'data', name);
}

/** mulberry32: a tiny seeded PRNG (the one bench/generate-csv.mjs uses). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normals by Box–Muller; each pair of uniforms gives two, the second kept for the next call. */
export function normalSource(seed) {
  const uniform = prng(seed);
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    // 1 - u lies in (0, 1], so the log is finite.
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/**
 * Fills `x` (rows × 30, row-major) and `y` (rows) from the distribution, for callers that want the data in
 * memory rather than in a file (the raw inference benchmark).
 */
export function fillRows(x, y, rows, normal) {
  for (let r = 0; r < rows; r++) {
    let score = 0;
    for (let j = 0; j < FEATURES; j++) {
      const v = normal();
      x[r * FEATURES + j] = v;
      score += v * W_TRUE[j];
    }
    y[r] = score + NOISE_SD * normal() > 0 ? 1 : 0;
  }
}

/**
 * Writes `rowCount` rows to `path`, streaming in 1 MiB pieces (a 10 M-row file is ~3 GB), through a
 * temporary name renamed at the end, so an interrupted run never leaves a short file that looks done.
 */
export function generateEvalCsv(path, rowCount, seed = 7) {
  mkdirSync(dirname(path), { recursive: true });
  const normal = normalSource(seed);
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let text = HEADER.join(',') + '\n';
  for (let r = 0; r < rowCount; r++) {
    let line = '';
    let score = 0;
    for (let j = 0; j < FEATURES; j++) {
      const v = normal();
      score += v * W_TRUE[j];
      line += v.toPrecision(7) + ',';
    }
    line += score + NOISE_SD * normal() > 0 ? '1' : '0';
    text += line + '\n';
    if (text.length > 1 << 20) {
      writeSync(fd, text);
      text = '';
    }
  }
  writeSync(fd, text);
  closeSync(fd);
  renameSync(partial, path);
}

/** The file for `rows`, generated on first use. */
export function ensureEvalCsv(rows, log = console.log) {
  const file = evalDataFile(rows);
  if (!existsSync(file)) {
    const started = performance.now();
    log(`generating ${file} (${rows.toLocaleString('en-US')} rows) ...`);
    generateEvalCsv(file, rows);
    log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '1000000' }, out: { type: 'string' } },
  });
  const rows = Number(values.rows);
  const out = values.out ?? evalDataFile(rows);
  const started = performance.now();
  generateEvalCsv(out, rows);
  console.log(`wrote ${rows} rows to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
