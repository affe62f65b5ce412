// Writes a deterministic wide numeric CSV for the parser benchmark: `id` (integer), 25 floats with four
// decimals (e.g. 123.4567), 2 integer columns and 2 short categorical columns; 30 columns in all.
// Usage: node bench/generate-csv.mjs [--rows N] [--out FILE]   (default 1 000 000 rows, bench/data/wide-1m.csv)
import { fileURLToPath } from 'node:url';
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));

/** mulberry32: a tiny seeded PRNG, so every run writes the same file. */
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

const FLOATS = 25;
const colors = ['red', 'green', 'blue', 'amber', 'violet', 'cyan'];
const regions = ['north', 'south', 'east', 'west', 'centre', 'n-east', 'n-west', 's-east', 's-west', 'other'];
const header = [
  'id',
  ...Array.from({ length: FLOATS }, (_, i) => `f${String(i + 1).padStart(2, '0')}`),
  'count',
  'year',
  'color',
  'region',
];

export function generate(path, rowCount, seed = 42) {
  mkdirSync(dirname(path), { recursive: true });
  const random = prng(seed);
  const fd = openSync(path, 'w');
  let text = header.join(',') + '\n';
  for (let r = 1; r <= rowCount; r++) {
    let line = String(r);
    for (let f = 0; f < FLOATS; f++) line += ',' + ((random() - 0.3) * 2000).toFixed(4);
    line += ',' + Math.floor(random() * 10000);
    line += ',' + (1990 + Math.floor(random() * 35));
    line += ',' + colors[Math.floor(random() * colors.length)];
    line += ',' + regions[Math.floor(random() * regions.length)];
    text += line + '\n';
    if (text.length > 1 << 20) {
      writeSync(fd, text);
      text = '';
    }
  }
  writeSync(fd, text);
  closeSync(fd);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { rows: { type: 'string', default: '1000000' }, out: { type: 'string' } },
  });
  const rows = Number(values.rows);
  const out =
    values.out ?? join(root, 'bench', 'data', rows === 1_000_000 ? 'wide-1m.csv' : `wide-${rows}.csv`);
  const started = performance.now();
  generate(out, rows);
  console.log(`wrote ${rows} rows to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
