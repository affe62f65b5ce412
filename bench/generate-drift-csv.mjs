// Writes the drift benchmark's pair of CSV files: a reference and a current sample of 30 numeric columns
// `c00`..`c29`, one row per line, no id column (every column is one drift would test). Each side draws its
// own rows from a seeded mulberry32 (reference seed 101, current 202), so every run writes the same bytes.
// A column's family is one of six shapes (j % 6) and its change in the current sample one of five
// (floor(j / 6)), so every shape meets every change:
//   families: normal, lognormal, uniform, exponential, a two-normal mixture, and a normal rounded to one
//             decimal (about 100 distinct values: heavy ties, which KS and Wasserstein must handle as scipy);
//   changes:  none (two groups: 12 columns drawn from the same distribution), a shift of 0.02 scale units
//             (significant at a million rows, below the effect floors: drift must not cry wolf), a shift of
//             0.25 scale units, and the spread times 1.25.
// Continuous values are written with toPrecision(7), like the evaluation CSV (about float32's precision,
// what an exported float column looks like); the rounded column as its shortest decimal (`-1.3`).
// Usage: node bench/generate-drift-csv.mjs [--rows N]
//   (default 1 000 000 rows: bench/data/drift-ref-1m.csv and drift-cur-1m.csv, ~330 MB each)
import { fileURLToPath } from 'node:url';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DRIFT_COLUMNS = 30;
export const HEADER = Array.from({ length: DRIFT_COLUMNS }, (_, j) => `c${String(j).padStart(2, '0')}`);
const FAMILIES = ['normal', 'lognormal', 'uniform', 'exponential', 'mixture', 'rounded'];
/** Current = loc + scale · (base · spread + shift); the reference has spread 1, shift 0. */
const CHANGES = [
  { name: 'none', shift: 0, spread: 1 },
  { name: 'none', shift: 0, spread: 1 },
  { name: 'shift 0.02', shift: 0.02, spread: 1 },
  { name: 'shift 0.25', shift: 0.25, spread: 1 },
  { name: 'spread x1.25', shift: 0, spread: 1.25 },
];
export const SEEDS = { reference: 101, current: 202 };

/** What each column is and how the current sample differs: for the report. */
export const COLUMN_SPECS = HEADER.map((name, j) => ({
  name,
  family: FAMILIES[j % FAMILIES.length],
  change: CHANGES[Math.floor(j / FAMILIES.length)],
  // Locations and scales differ per column, so no two columns are the same numbers.
  loc: (j - 15) * 3.7,
  scale: 0.5 + 0.4 * j,
}));

/** bench/data/drift-ref-1m.csv + drift-cur-1m.csv, or drift-ref-<rows>.csv + drift-cur-<rows>.csv. */
export function driftDataFiles(rows) {
  const tag = rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : String(rows);
  const dir = join(root, 'bench', 'data');
  return { reference: join(dir, `drift-ref-${tag}.csv`), current: join(dir, `drift-cur-${tag}.csv`) };
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

/** One column value's base draw (before loc, scale and the change), from uniforms in [0, 1). */
function baseDraw(family, uniform, normal) {
  switch (family) {
    case 'normal':
    case 'rounded':
      return normal();
    case 'lognormal':
      return Math.exp(0.5 * normal());
    case 'uniform':
      return uniform() * 3.4641016151377544 - 1.7320508075688772; // mean 0, sd 1
    case 'exponential':
      return -Math.log(1 - uniform()); // 1 - u lies in (0, 1]
    case 'mixture':
      return uniform() < 0.3 ? -1.5 + 0.5 * normal() : 0.8 + normal();
    default:
      throw new Error(`unknown family ${family}`);
  }
}

/** Standard normals by Box–Muller on `uniform`; each pair of uniforms gives two. */
function normalSource(uniform) {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/**
 * Writes `rowCount` rows of one side to `path`, streaming in 1 MiB pieces through a temporary name renamed
 * at the end, so an interrupted run never leaves a short file that looks done.
 */
export function generateDriftCsv(path, rowCount, side) {
  if (side !== 'reference' && side !== 'current') throw new Error(`side is reference or current: ${side}`);
  mkdirSync(dirname(path), { recursive: true });
  const uniform = prng(SEEDS[side]);
  const normal = normalSource(uniform);
  const specs = COLUMN_SPECS.map((s) => ({
    ...s,
    shift: side === 'current' ? s.change.shift : 0,
    spread: side === 'current' ? s.change.spread : 1,
  }));
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  let text = HEADER.join(',') + '\n';
  for (let r = 0; r < rowCount; r++) {
    let line = '';
    for (let j = 0; j < specs.length; j++) {
      const s = specs[j];
      const v = s.loc + s.scale * (baseDraw(s.family, uniform, normal) * s.spread + s.shift);
      // Math.round(-0.4) is -0, which String prints as "0".
      line += (s.family === 'rounded' ? String(Math.round(v * 10) / 10) : v.toPrecision(7)) + ',';
    }
    text += line.slice(0, -1) + '\n';
    if (text.length > 1 << 20) {
      writeSync(fd, text);
      text = '';
    }
  }
  writeSync(fd, text);
  closeSync(fd);
  renameSync(partial, path);
}

/** The pair of files for `rows`, generated on first use. */
export function ensureDriftCsvs(rows, log = console.log) {
  const files = driftDataFiles(rows);
  for (const side of ['reference', 'current']) {
    const file = files[side];
    if (existsSync(file)) continue;
    const started = performance.now();
    log(`generating ${file} (${rows.toLocaleString('en-US')} rows, ${side}) ...`);
    generateDriftCsv(file, rows, side);
    log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1)
    throw new Error(`--rows takes a whole number >= 1: ${values.rows}`);
  const files = driftDataFiles(rows);
  for (const side of ['reference', 'current']) {
    const started = performance.now();
    generateDriftCsv(files[side], rows, side);
    console.log(
      `wrote ${rows} rows to ${files[side]} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
}
