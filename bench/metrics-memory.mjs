// Time and transient memory of the metric computation on a synthetic input, first thing in a fresh process.
//
//   node --expose-gc bench/metrics-memory.mjs [--rows N] [--task binary|multiclass|regression]
//        [--classes K] [--bootstrap R] [--entry path/to/metrics/index.ts]
//
// The metrics code is bundled from src on the fly with esbuild (no dist/ needed); --entry points it at
// another copy (e.g. an older checkout) to compare. The inputs are built straight into their final typed
// arrays, then the process's peak RSS (VmHWM) is reset through /proc/self/clear_refs where the kernel
// allows it; the transient peak is VmHWM after the call − RSS before it, i.e. what the metrics allocate
// beyond their inputs at their worst moment.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const rows = Number(option('rows', 10_000_000));
const task = option('task', 'binary');
const k = task === 'binary' ? 2 : Number(option('classes', 10));
const resamples = Number(option('bootstrap', 0));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = resolve(option('entry', join(root, 'src/core/metrics/index.ts')));

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'mlgate-metrics-bench-'));
const bundle = join(dir, 'metrics.mjs');
await build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: bundle,
  logLevel: 'error',
});
const metrics = await import(pathToFileURL(bundle).href);
rmSync(dir, { recursive: true, force: true });

/** A small seeded generator (xorshift32) so every run sees the same data. */
let state = 0x2545f491;
const uniform = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};

function classificationInput() {
  const yTrue = new Int32Array(rows);
  const yPred = new Int32Array(rows);
  const proba = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    const t = Math.floor(uniform() * k);
    yTrue[i] = t;
    // Scores as a float32 model gives them (many ties), leaning towards the true class.
    let sum = 0;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const s = Math.fround(Math.exp(2 * uniform() + (c === t ? 1.2 : 0)));
      proba[i * k + c] = s;
      sum += s;
    }
    for (let c = 0; c < k; c++) {
      const p = Math.fround(proba[i * k + c] / sum);
      proba[i * k + c] = p;
      if (p > proba[i * k + best]) best = c;
    }
    if (k === 2) proba[i * k] = 1 - proba[i * k + 1]; // binary rows sum to 1 exactly
    yPred[i] = best;
  }
  return { nClasses: k, yTrue, yPred, proba };
}

function regressionInput() {
  const yTrue = new Float64Array(rows);
  const yPred = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    yTrue[i] = Math.fround(100 * uniform());
    yPred[i] = Math.fround(yTrue[i] + 10 * (uniform() - 0.5));
  }
  return { yTrue, yPred };
}

function status() {
  const text = readFileSync('/proc/self/status', 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(text)[1]);
  return { hwm: kb('VmHWM') * 1024, rss: kb('VmRSS') * 1024 };
}

function resetPeak() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

const input = task === 'regression' ? regressionInput() : classificationInput();
const inputBytes =
  task === 'regression'
    ? input.yTrue.byteLength + input.yPred.byteLength
    : input.yTrue.byteLength + input.yPred.byteLength + input.proba.byteLength;
globalThis.gc();
globalThis.gc();
const reset = resetPeak();
const before = status();
const buffersBefore = process.memoryUsage().arrayBuffers;
const t0 = performance.now();
const report =
  task === 'regression'
    ? metrics.computeRegressionMetrics(input)
    : metrics.computeClassificationMetrics(task, input);
const seconds = (performance.now() - t0) / 1000;
const after = status();
const buffersAfter = process.memoryUsage().arrayBuffers;

const mb = (bytes) => (bytes / 1048576).toFixed(1);
const transient = after.hwm - before.rss;
const lines = [
  `task=${task} rows=${rows} classes=${k} entry=${entry.startsWith(root) ? entry.slice(root.length + 1) : entry}`,
  `inputs: ${mb(inputBytes)} MB; RSS before the call: ${mb(before.rss)} MB` +
    (reset ? ' (peak reset)' : ` (peak not resettable; VmHWM before ${mb(before.hwm)} MB)`),
  `metrics: ${seconds.toFixed(3)} s`,
  `transient peak: ${mb(transient)} MB = ${(transient / rows).toFixed(1)} B/row (VmHWM ${mb(after.hwm)} MB)`,
  `arrayBuffers still held right after the call: +${mb(buffersAfter - buffersBefore)} MB`,
];
const key = task === 'regression' ? 'r2' : task === 'binary' ? 'roc_auc' : 'roc_auc_ovr_macro';
lines.push(`${key} = ${report.metrics[key]}`);

if (resamples > 0 && task !== 'regression') {
  const name = task === 'binary' ? 'roc_auc' : 'roc_auc_ovr_macro';
  const f = metrics.metricFunction(task, name);
  const t1 = performance.now();
  const ci = metrics.bootstrapCI(rows, (weights) => f(input, weights), { resamples, seed: 0 });
  const per = (performance.now() - t1) / resamples;
  lines.push(
    `bootstrap ${name}: ${resamples} resamples, ${per.toFixed(1)} ms each; CI [${ci?.lo}, ${ci?.hi}]`,
  );
}
console.log(lines.join('\n'));
