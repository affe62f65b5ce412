// The compare benchmark (issue 4, "Speed"): the paired statistics of `mlgate compare` on synthetic
// predictions, beside the same work in numpy/scipy/scikit-learn (bench/compare_peer.py), timed in the same
// run, with the issue's targets:
//   1. paired bootstrap of a metric delta (candidate − baseline), R resamples (default 1000), on N rows
//      (default 100 000): binary roc_auc, binary accuracy, regression rmse. mlgate: pairedBootstrap with
//      metricFunction (src/core/compare, src/core/metrics), the metrics' xoshiro128** resamples as counts;
//      target <= 2 s each. Also the resampling alone (the counts, a metric that costs nothing);
//   2. DeLong's test of two correlated AUCs on M rows (default 1 000 000): mlgate's delongTest; target
//      <= 1 s.
// The peer, in one /usr/bin/python3 process on the same data (binary files written here): a bootstrap loop
// of np.random.default_rng(seed).integers(0, n, n) indices with sklearn's roc_auc_score / accuracy_score /
// mean_squared_error(squared=False) on both models, np.percentile; the same loop hand-vectorised in numpy
// for accuracy and rmse (mean of per-row correctness / squared error over the indices); DeLong as the
// common Python implementations write it (Sun & Xu's fast algorithm, yandexdataschool/roc_comparison):
// midranks by scipy.stats.rankdata (vectorised) and by that repository's compute_midrank (a Python loop).
// Times are in-process (data loading, imports and start-up excluded on both sides), each the median of K
// runs; every run is printed. Ratios peer/mlgate and PASS/FAIL against the targets are printed; nothing
// is asserted. Then exactness: point values and DeLong beside the peer's (the bootstrap CIs come from
// different random streams, so they agree only statistically; the unit tests pin ours against the Python
// port of our stream).
// mlgate's code is bundled from src/ with esbuild (no dist/ needed), as bench/metrics-memory.mjs does.
// Usage: node bench/compare.mjs [--rows N] [--delong-rows M] [--resamples R] [--runs K] [--no-peer]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    'delong-rows': { type: 'string', default: '1000000' },
    resamples: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    'no-peer': { type: 'boolean', default: false },
  },
});
const whole = (name) => {
  const v = Number(values[name]);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`--${name} takes a whole number >= 1; given ${values[name]}`);
  return v;
};
const rows = whole('rows');
const delongRows = whole('delong-rows');
const resamples = whole('resamples');
const runs = whole('runs');
const SEED = 0;
const PYTHON = '/usr/bin/python3';
const BOOTSTRAP_TARGET_MS = 2000;
const DELONG_TARGET_MS = 1000;

const scratch = mkdtempSync(join(tmpdir(), 'mlgate-bench-compare-'));
await build({
  stdin: {
    contents:
      "export { delongTest, pairedBootstrap } from './src/core/compare/index.ts';\n" +
      "export { metricFunction } from './src/core/metrics/index.ts';\n",
    resolveDir: root,
    loader: 'ts',
  },
  outfile: join(scratch, 'compare.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const { delongTest, pairedBootstrap, metricFunction } = await import(
  pathToFileURL(join(scratch, 'compare.mjs')).href
);

// ---------------------------------------------------------------------------------------------------------
// Data: two models' predictions on the same rows. Binary: y ~ Bernoulli(0.4), a latent score
// N(0, 1) + 1.5·y, each model P(1) = sigmoid(latent + its own N(0, sd) noise) rounded to float32 (as an
// ONNX output; ties occur), the label P(1) >= 0.5. Regression: y = 150 + 60·N(0, 1), each model
// y + N(0, sd) rounded to float32. The candidate's noise is a little smaller.

/** mulberry32 (the generator of bench/generate-csv.mjs), and standard normals by Box–Muller. */
function normals(seed) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare = null;
  const normal = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  return { uniform, normal };
}

function binaryData(n, seed, baseSd, candSd) {
  const { uniform, normal } = normals(seed);
  const y = new Int32Array(n);
  const base = new Float64Array(n);
  const cand = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = uniform() < 0.4 ? 1 : 0;
    const latent = normal() + 1.5 * y[i];
    base[i] = Math.fround(1 / (1 + Math.exp(-(latent + baseSd * normal()))));
    cand[i] = Math.fround(1 / (1 + Math.exp(-(latent + candSd * normal()))));
  }
  return { y, base, cand };
}

function regressionData(n, seed, baseSd, candSd) {
  const { normal } = normals(seed);
  const y = new Float64Array(n);
  const base = new Float64Array(n);
  const cand = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = 150 + 60 * normal();
    base[i] = Math.fround(y[i] + baseSd * normal());
    cand[i] = Math.fround(y[i] + candSd * normal());
  }
  return { y, base, cand };
}

const labels = (p) => Int32Array.from(p, (v) => (v >= 0.5 ? 1 : 0));

/** The ClassificationInput of a binary model: row-major [1 − p, p]. */
function classificationInput(y, p, yPred) {
  const proba = new Float64Array(2 * p.length);
  for (let i = 0; i < p.length; i++) {
    proba[2 * i] = 1 - p[i];
    proba[2 * i + 1] = p[i];
  }
  return { nClasses: 2, yTrue: y, yPred, proba };
}

const binary = binaryData(rows, 101, 0.8, 0.75);
const regression = regressionData(rows, 202, 30, 29.5);
const delong = binaryData(delongRows, 303, 0.8, 0.79);
const binaryPred = { base: labels(binary.base), cand: labels(binary.cand) };

const files = {
  bin_y: binary.y,
  bin_base: binary.base,
  bin_cand: binary.cand,
  bin_base_pred: binaryPred.base,
  bin_cand_pred: binaryPred.cand,
  reg_y: regression.y,
  reg_base: regression.base,
  reg_cand: regression.cand,
  dl_y: delong.y,
  dl_base: delong.base,
  dl_cand: delong.cand,
};
const manifest = {};
for (const [name, array] of Object.entries(files)) {
  const file = join(scratch, `${name}.bin`);
  writeFileSync(file, new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  manifest[name] = { file, dtype: array instanceof Int32Array ? 'int32' : 'float64' };
}

console.log(`# mlgate compare benchmark: paired statistics, mlgate beside numpy/scipy/scikit-learn`);
console.log(
  `bootstrap: ${rows.toLocaleString('en-US')} rows, ${resamples} resamples, seed ${SEED}; ` +
    `DeLong: ${delongRows.toLocaleString('en-US')} rows; ${runs} run(s) each, median; in-process times`,
);
console.log(`node ${process.version}\n`);

// ---------------------------------------------------------------------------------------------------------
// 1. mlgate

const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** Times fn() `runs` times (a fresh metricFunction each time: its per-input preparation is timed too). */
function timed(label, fn) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = fn();
    times.push(performance.now() - started);
  }
  console.log(`mlgate ${label}: ${times.map(fmtMs).join(', ')} (median ${fmtMs(median(times))})`);
  return { ms: median(times), times, result };
}

const binaryInputs = () => ({
  base: classificationInput(binary.y, binary.base, binaryPred.base),
  cand: classificationInput(binary.y, binary.cand, binaryPred.cand),
});
const regressionInputs = () => ({
  base: { yTrue: regression.y, yPred: regression.base },
  cand: { yTrue: regression.y, yPred: regression.cand },
});

function bootstrapOf(task, name, inputs) {
  return () => {
    const f = metricFunction(task, name);
    return pairedBootstrap(rows, (w) => ({ candidate: f(inputs.cand, w), baseline: f(inputs.base, w) }), {
      seed: SEED,
      resamples,
    });
  };
}

const ours = {
  roc_auc: timed('paired bootstrap roc_auc', bootstrapOf('binary', 'roc_auc', binaryInputs())),
  accuracy: timed('paired bootstrap accuracy', bootstrapOf('binary', 'accuracy', binaryInputs())),
  rmse: timed('paired bootstrap rmse', bootstrapOf('regression', 'rmse', regressionInputs())),
  draws: timed('resampling alone (counts, no metric)', () =>
    pairedBootstrap(rows, () => ({ candidate: 0, baseline: 0 }), { seed: SEED, resamples }),
  ),
  delong: timed(`DeLong on ${delongRows.toLocaleString('en-US')} rows`, () =>
    delongTest(delong.y, delong.base, delong.cand),
  ),
};

// ---------------------------------------------------------------------------------------------------------
// 2. the peer

let peer;
if (!values['no-peer']) {
  const manifestFile = join(scratch, 'manifest.json');
  const outFile = join(scratch, 'peer.json');
  writeFileSync(manifestFile, JSON.stringify({ files: manifest, resamples, seed: SEED, runs }));
  console.log(`\npeer: ${PYTHON} bench/compare_peer.py (${runs} run(s) of each; this takes a while)`);
  const r = spawnSync(PYTHON, [join(root, 'bench', 'compare_peer.py'), manifestFile, '--out', outFile], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (r.status !== 0) throw new Error(`compare_peer.py exited ${r.status}:\n${r.stderr}`);
  peer = JSON.parse(readFileSync(outFile, 'utf8'));
  const e = peer.env;
  console.log(`  python ${e.python}, numpy ${e.numpy}, scipy ${e.scipy}, scikit-learn ${e.sklearn}`);
}

// ---------------------------------------------------------------------------------------------------------
// 3. the table

// The issue's targets are for 100 000 rows and 1000 resamples, and DeLong on 1 000 000 rows.
const issueBootstrapSize = rows === 100_000 && resamples === 1000;
const issueDelongSize = delongRows === 1_000_000;
const verdict = (ok, atSize) => (atSize ? (ok ? 'PASS' : 'FAIL') : 'n/a at this size');
const ratio = (theirs, mine) => (theirs === undefined ? '' : `${(theirs / mine).toFixed(1)}x`);
const peerMs = (key) => (peer?.sections[key] ? median(peer.sections[key].times_s) * 1000 : undefined);
const cell = (ms) => (ms === undefined ? '-' : fmtMs(ms));
const labelled = (ms, what) => (ms === undefined ? '-' : `${fmtMs(ms)} (${what})`);
console.log(
  `\n| work | mlgate | peer: sklearn in a loop | its time / mlgate time | peer: numpy by hand | its time / mlgate time | target | mlgate |`,
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
const line = (work, mine, sk, np, target) =>
  console.log(
    `| ${work} | ${fmtMs(mine)} | ${cell(sk)} | ${ratio(sk, mine)} | ${cell(np)} | ${ratio(np, mine)} | ` +
      `${target === undefined ? '' : `<= ${fmtMs(target)}`} | ${target === undefined ? '' : verdict(mine <= target, issueBootstrapSize)} |`,
  );
const n = rows.toLocaleString('en-US');
line(
  `bootstrap roc_auc, ${n} rows`,
  ours.roc_auc.ms,
  peerMs('bootstrap_sklearn_roc_auc'),
  undefined,
  BOOTSTRAP_TARGET_MS,
);
line(
  `bootstrap accuracy, ${n} rows`,
  ours.accuracy.ms,
  peerMs('bootstrap_sklearn_accuracy'),
  peerMs('bootstrap_numpy_accuracy'),
  BOOTSTRAP_TARGET_MS,
);
line(
  `bootstrap rmse, ${n} rows`,
  ours.rmse.ms,
  peerMs('bootstrap_sklearn_rmse'),
  peerMs('bootstrap_numpy_rmse'),
  BOOTSTRAP_TARGET_MS,
);
line(`resampling alone, ${n} rows`, ours.draws.ms, undefined, peerMs('resampling_numpy'));
console.log(
  `| DeLong, ${delongRows.toLocaleString('en-US')} rows | ${fmtMs(ours.delong.ms)} | ` +
    `${labelled(peerMs('delong_loop'), 'compute_midrank loop')} | ${ratio(peerMs('delong_loop'), ours.delong.ms)} | ` +
    `${labelled(peerMs('delong_rankdata'), 'rankdata')} | ${ratio(peerMs('delong_rankdata'), ours.delong.ms)} | ` +
    `<= ${fmtMs(DELONG_TARGET_MS)} | ${verdict(ours.delong.ms <= DELONG_TARGET_MS, issueDelongSize)} |`,
);

// ---------------------------------------------------------------------------------------------------------
// 4. exactness

if (peer) {
  const rel = (a, b) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));
  const e = (x) => x.toExponential(2);
  console.log('\nexactness: mlgate beside the peer');
  console.log('| value | mlgate | peer | relative difference |');
  console.log('| --- | --- | --- | --- |');
  for (const name of ['roc_auc', 'accuracy', 'rmse']) {
    const mine = ours[name].result;
    const theirs = peer.sections[`bootstrap_sklearn_${name}`].result;
    for (const key of ['candidate', 'baseline', 'delta']) {
      console.log(
        `| ${name} ${key} (all rows) | ${mine[key]} | ${theirs[key]} | ${e(rel(mine[key], theirs[key]))} |`,
      );
    }
  }
  const dl = peer.sections.delong_rankdata.result;
  const loop = peer.sections.delong_loop.result;
  const d = ours.delong.result;
  const pairs = [
    ['DeLong AUC baseline', d.aucBaseline, dl.auc_baseline],
    ['DeLong AUC candidate', d.aucCandidate, dl.auc_candidate],
    ['DeLong difference', d.difference, dl.difference],
    ['DeLong variance', d.variance, dl.variance],
    ['DeLong z', d.z, dl.z],
    ['DeLong p-value', d.pValue, dl.p_value],
    ['DeLong CI lo', d.ci95[0], dl.ci95[0]],
    ['DeLong CI hi', d.ci95[1], dl.ci95[1]],
  ];
  for (const [label, mine, theirs] of pairs)
    console.log(`| ${label} | ${mine} | ${theirs} | ${e(rel(mine, theirs))} |`);
  console.log(
    `(the compute_midrank loop's z differs from rankdata's by ${e(rel(loop.z, dl.z))} relative; ` +
      `sklearn's roc_auc_score on the same scores: ${dl.sklearn_auc_baseline}, ${dl.sklearn_auc_candidate})`,
  );
  console.log('\nbootstrap CIs (different random streams: equal only statistically)');
  console.log(
    '| metric | mlgate CI (xoshiro128**, seed 0) | peer CI (default_rng(0)) | bound gap / CI width |',
  );
  console.log('| --- | --- | --- | --- |');
  for (const name of ['roc_auc', 'accuracy', 'rmse']) {
    const [lo, hi] = ours[name].result.ci;
    const [plo, phi] = peer.sections[`bootstrap_sklearn_${name}`].result.ci95;
    const gap = Math.max(Math.abs(lo - plo), Math.abs(hi - phi)) / (hi - lo);
    console.log(`| ${name} | [${lo}, ${hi}] | [${plo}, ${phi}] | ${gap.toFixed(3)} |`);
  }
}

rmSync(scratch, { recursive: true, force: true });
