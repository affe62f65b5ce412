// The evaluate-model benchmark (issue 3, "Speed and memory"): on N rows x 30 float features of the
// distribution in bench/models/README.md, with bench/models/mlp-30-64-64-2.onnx (30 -> 64 -> 64 -> 2):
//   1. `mlgate evaluate` end to end (CLI: read CSV, infer, every binary metric, predictions.parquet and
//      evaluation.json), median wall time of K runs and the child's peak RSS;
//   2. parse-only: the CSV reader alone over the same file, every column typed number, as evaluate reads it;
//   3. raw batched inference: onnxruntime-node's session.run over in-memory float32 tensors of 8192 rows
//      covering N rows (only the run calls are timed);
//   4. the peer, bench/evaluate-peer.py (pandas + numpy float32 forward pass + scikit-learn), wall time
//      including Python start-up and its peak RSS;
//   5. the ratios with PASS/MISS (nothing is asserted), and mlgate's metrics beside the peer's and
//      beside scikit-learn's on mlgate's own predictions;
//   6. --big: mlgate end to end once on a 10 M-row file (~3 GB, written streaming, deleted unless --keep).
// Usage: node bench/evaluate.mjs [--rows N] [--runs K] [--no-peer] [--big] [--keep] [--openblas unset|keep]
//   --openblas: unset (default) runs the peer with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed, so a
//   current OpenBLAS picks its own kernel (see /work/.library/env/README.md); keep runs it as the env sets it.
import { createMeasurer, hasTime, median } from './measure.mjs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  statfsSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import {
  FEATURES,
  HEADER,
  ensureEvalCsv,
  evalDataFile,
  fillRows,
  normalSource,
} from './generate-eval-csv.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    'no-peer': { type: 'boolean', default: false },
    big: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    openblas: { type: 'string', default: 'unset' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(runs) || runs < 1) {
  throw new Error(`--rows and --runs take whole numbers >= 1; given ${values.rows} and ${values.runs}`);
}
if (values.openblas !== 'unset' && values.openblas !== 'keep') {
  throw new Error(`--openblas takes unset or keep; given ${values.openblas}`);
}
const BATCH = 8192;
const MODEL = 'bench/models/mlp-30-64-64-2.onnx';
const MODEL_JSON = join(root, 'bench', 'models', 'mlp-30-64-64-2.json');
const cli = join(root, 'dist', 'cli.js');
const PYTHON = '/usr/bin/python3';
// BENCH_NO_TIME=1 exercises the in-process probes on a machine that has /usr/bin/time.
const scratch = mkdtempSync(join(tmpdir(), 'mlgate-bench-eval-'));
const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const fmtMb = (mb) => `${mb.toFixed(0)} MB`;
let scratchCount = 0;
const freshDir = (name) => {
  const dir = join(scratch, `${name}-${++scratchCount}`);
  return dir;
};

const measured = createMeasurer(root, (name) => join(scratch, `${++scratchCount}-${name}`));

function mlgateEvaluate(dataFile, out) {
  const r = measured(
    process.execPath,
    [
      cli,
      'evaluate',
      '--model',
      MODEL,
      '--data',
      dataFile,
      '--task',
      'binary',
      '--label',
      'label',
      '--no-latency',
      '--out',
      out,
    ],
    { kind: 'node' },
  );
  if (r.status !== 0) throw new Error(`mlgate evaluate exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return r;
}

const evaluateWorks = () =>
  existsSync(cli) &&
  spawnSync(process.execPath, [cli, 'evaluate', '--help'], { encoding: 'utf8' }).status === 0;

/** Bundles one of our TypeScript modules, as bench/csv-parse.mjs does for the CSV reader. */
async function importSource(relative, name) {
  const outfile = join(scratch, `${name}.mjs`);
  await build({
    entryPoints: [join(root, relative)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return import(outfile);
}

// ---------------------------------------------------------------------------------------------------------
const file = ensureEvalCsv(rows);
const fileMb = statSync(file).size / 1e6;
console.log(
  `# mlgate evaluate benchmark: ${rows.toLocaleString('en-US')} rows x ${FEATURES} float features + label`,
);
console.log(`data: ${file} (${fileMb.toFixed(1)} MB), model: ${MODEL}, ${runs} run(s) each, median`);
console.log(`peak RSS via ${hasTime ? '/usr/bin/time -f %M' : 'in-process probes (no /usr/bin/time)'}\n`);
const figures = {};

// 1. mlgate end to end ----------------------------------------------------------------------------------
let lastOut;
if (evaluateWorks()) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    lastOut = freshDir('mlgate-out');
    const r = mlgateEvaluate(file, lastOut);
    results.push(r);
    console.log(`mlgate evaluate run ${i + 1}: ${fmtS(r.ms)}, peak RSS ${fmtMb(r.rssMb)}`);
    if (i < runs - 1) rmSync(lastOut, { recursive: true, force: true });
  }
  figures.mlgateMs = median(results.map((r) => r.ms));
  figures.mlgateRssMb = Math.max(...results.map((r) => r.rssMb));
  const evaluation = JSON.parse(readFileSync(join(lastOut, 'evaluation.json'), 'utf8'));
  figures.evaluation = evaluation;
  const t = evaluation.timing;
  if (t) console.log(`  (its own timing: total ${t.total_s} s, of which session.run ${t.inference_s} s)`);
} else {
  console.log('mlgate evaluate: dist/cli.js has no evaluate command yet (needs the build); skipped');
}

// 2. parse-only --------------------------------------------------------------------------------------------
{
  const { openCsv } = await importSource('src/core/data/csv-reader.ts', 'csv-reader');
  const columnTypes = Object.fromEntries(HEADER.map((name) => [name, 'number']));
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    // As evaluate reads: the same types and batch size, each batch the caller's (no buffer reuse).
    const source = await openCsv(file, { columnTypes, batchSize: BATCH });
    let count = 0;
    let checksum = 0;
    for await (const batch of source.batches()) {
      count += batch.length;
      checksum += batch.columns[0].values[0];
    }
    times.push(performance.now() - started);
    if (count !== rows) throw new Error(`parse-only read ${count} rows, expected ${rows}`);
    void checksum;
  }
  figures.parseMs = median(times);
  console.log(`parse-only (openCsv, 31 number columns): ${times.map(fmtS).join(', ')}`);
}

// 3. raw batched inference -------------------------------------------------------------------------------
{
  const require = createRequire(join(root, 'package.json'));
  const ort = require('onnxruntime-node');
  const session = await ort.InferenceSession.create(join(root, MODEL), {
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
  });
  const normal = normalSource(11);
  const tensors = [];
  for (let start = 0; start < rows; start += BATCH) {
    const n = Math.min(BATCH, rows - start);
    const x = new Float32Array(n * FEATURES);
    fillRows(x, new Uint8Array(n), n, normal);
    tensors.push(new ort.Tensor('float32', x, [n, FEATURES]));
  }
  await session.run({ input: tensors[0] }, ['probabilities']); // warm-up, not timed
  const times = [];
  for (let i = 0; i < runs; i++) {
    let ms = 0;
    for (const input of tensors) {
      const t0 = performance.now();
      const out = await session.run({ input }, ['probabilities']);
      ms += performance.now() - t0;
      void out;
    }
    times.push(ms);
  }
  await session.release?.();
  figures.inferMs = median(times);
  console.log(
    `raw inference (onnxruntime-node ${ort.env.versions?.node ?? ''}, ${tensors.length} x session.run of <= ${BATCH} rows): ${times.map(fmtS).join(', ')}`,
  );
}

// 4. the peer ------------------------------------------------------------------------------------------
let peerOut;
if (!values['no-peer']) {
  const env = { ...process.env };
  if (values.openblas === 'unset') {
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
  }
  const results = [];
  for (let i = 0; i < runs; i++) {
    peerOut = freshDir('peer-out');
    const r = measured(
      PYTHON,
      [
        join(root, 'bench', 'evaluate-peer.py'),
        '--model',
        join(root, MODEL),
        '--data',
        file,
        '--label',
        'label',
        '--out',
        peerOut,
        '--check',
        MODEL_JSON,
      ],
      { env, kind: 'python' },
    );
    if (r.status !== 0) throw new Error(`evaluate-peer.py exited ${r.status}:\n${r.stderr}${r.stdout}`);
    results.push(r);
    console.log(`peer run ${i + 1}: ${fmtS(r.ms)}, peak RSS ${fmtMb(r.rssMb)}`);
  }
  figures.peerMs = median(results.map((r) => r.ms));
  figures.peerRssMb = Math.max(...results.map((r) => r.rssMb));
  const peer = JSON.parse(readFileSync(join(peerOut, 'peer.json'), 'utf8'));
  figures.peer = peer;
  const blas = (peer.env.blas ?? []).map(
    (b) => `${b.internal_api} ${b.version} ${b.architecture} kernel, ${b.num_threads} threads`,
  );
  console.log(
    `  python ${peer.env.python}, numpy ${peer.env.numpy}, scikit-learn ${peer.env.sklearn}; ` +
      `OPENBLAS_CORETYPE=${peer.env.OPENBLAS_CORETYPE ?? '(unset)'} OPENBLAS_L2_SIZE=${peer.env.OPENBLAS_L2_SIZE ?? '(unset)'}; ${blas.join('; ') || 'BLAS unknown'}`,
  );
  const p = peer.phases;
  console.log(
    `  phases: imports ${p.imports_s.toFixed(2)} s, read_csv ${p.read_csv_s.toFixed(2)} s, forward ${p.forward_s.toFixed(2)} s, ` +
      `metrics ${p.metrics_s.toFixed(2)} s, write ${p.write_s.toFixed(2)} s; ` +
      `check rows max |diff| ${peer.check_max_abs_diff.toExponential(2)}; predictions written as ${peer.predictions_format}`,
  );
}

// 5. the table ----------------------------------------------------------------------------------------
const verdict = (ok) => (ok ? 'PASS' : 'MISS');
console.log(`\n| figure | value | target | |\n| --- | --- | --- | --- |`);
console.log(`| data file | ${fileMb.toFixed(1)} MB, ${rows.toLocaleString('en-US')} rows | | |`);
const row = (name, value, target = '', ok) =>
  console.log(`| ${name} | ${value} | ${target} | ${ok === undefined ? '' : verdict(ok)} |`);
if (figures.mlgateMs !== undefined) {
  row('mlgate evaluate, end to end', fmtS(figures.mlgateMs));
  row('mlgate peak RSS', fmtMb(figures.mlgateRssMb));
}
row('parse-only (openCsv)', fmtS(figures.parseMs));
row('raw batched inference (session.run)', fmtS(figures.inferMs));
if (figures.peerMs !== undefined) {
  row('peer (pandas + numpy + sklearn), wall', fmtS(figures.peerMs));
  row('peer peak RSS', fmtMb(figures.peerRssMb));
}
if (figures.mlgateMs !== undefined && figures.peerMs !== undefined) {
  const speed = figures.peerMs / figures.mlgateMs;
  row('peer time / mlgate time', `${speed.toFixed(2)}x`, '>= 4x', speed >= 4);
  const mem = figures.mlgateRssMb / figures.peerRssMb;
  row('mlgate RSS / peer RSS', mem.toFixed(3), '<= 0.333', mem <= 1 / 3);
}
if (figures.mlgateMs !== undefined) {
  const overhead = figures.mlgateMs / (figures.parseMs + figures.inferMs);
  row('mlgate / (parse-only + raw inference)', `${overhead.toFixed(2)}x`, '<= 1.3x', overhead <= 1.3);
}

// Exactness: mlgate's metrics beside the peer's (numpy's probabilities, which differ from ORT's in the
// last float32 bits, so a row at p ~ 0.5 can flip a label) and beside scikit-learn's on mlgate's own
// predictions (the same probabilities: this isolates the metric code).
function compareMetrics(label, ours, theirs) {
  let worst = { name: '-', diff: 0 };
  const lines = [];
  for (const [name, ref] of Object.entries(theirs)) {
    const mine = ours[name];
    if (mine === undefined || mine === null) {
      lines.push(`  ${name}: missing in evaluation.json (${mine})`);
      continue;
    }
    const diff =
      name === 'confusion_matrix'
        ? Math.max(...ref.flat().map((v, i) => Math.abs(v - mine.flat()[i])))
        : Math.abs(mine - ref);
    if (!(diff <= worst.diff)) worst = { name, diff };
    if (!(diff <= 1e-6))
      lines.push(
        `  ${name}: mlgate ${JSON.stringify(mine)}, sklearn ${JSON.stringify(ref)} (|diff| ${diff})`,
      );
  }
  console.log(`${label}: largest |difference| ${worst.diff.toExponential(3)} (${worst.name})`);
  for (const line of lines) console.log(line);
}
if (figures.evaluation) {
  const ours = { ...figures.evaluation.metrics };
  if (ours.confusion_matrix === undefined) ours.confusion_matrix = figures.evaluation.confusion_matrix;
  console.log('');
  if (figures.peer)
    compareMetrics("mlgate's metrics vs the peer's (numpy probabilities)", ours, figures.peer.metrics);
  try {
    const { openParquet } = await importSource('src/core/data/parquet-reader.ts', 'parquet-reader');
    const source = await openParquet(join(lastOut, 'predictions.parquet'));
    const n = figures.evaluation.rows;
    const yTrue = new Int32Array(n);
    const proba = new Float32Array(n * 2);
    let at = 0;
    for await (const batch of source.batches()) {
      const col = (name) => batch.columns.find((c) => c.name === name).values;
      const [y, p0, p1] = [col('y_true'), col('proba_0'), col('proba_1')];
      for (let i = 0; i < batch.length; i++, at++) {
        yTrue[at] = y[i];
        proba[2 * at] = p0[i];
        proba[2 * at + 1] = p1[i];
      }
    }
    if (at !== n) throw new Error(`predictions.parquet has ${at} rows, evaluation.json says ${n}`);
    writeFileSync(join(scratch, 'y_true.bin'), yTrue);
    writeFileSync(join(scratch, 'proba.bin'), proba);
    const scoreArgs = [join(root, 'bench', 'evaluate-peer.py'), '--out', scratch, '--score-only'];
    scoreArgs.push(join(scratch, 'y_true.bin'), join(scratch, 'proba.bin'));
    if (figures.peer?.predictions_path) scoreArgs.push('--peer-predictions', figures.peer.predictions_path);
    const r = spawnSync(PYTHON, scoreArgs, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`evaluate-peer.py --score-only exited ${r.status}: ${r.stderr}`);
    const scored = JSON.parse(readFileSync(join(scratch, 'scored.json'), 'utf8'));
    compareMetrics("mlgate's metrics vs scikit-learn on mlgate's own predictions", ours, scored.metrics);
    if (scored.versus_peer) {
      const v = scored.versus_peer;
      console.log(
        `ORT vs numpy probabilities: max |proba_1 diff| ${v.max_abs_proba_diff.toExponential(2)}, ` +
          `${v.y_pred_disagreements} predicted labels differ, y_true differs on ${v.y_true_disagreements} rows`,
      );
    }
  } catch (error) {
    console.log(`scoring mlgate's predictions with scikit-learn failed: ${error.message}`);
  }
}

// 6. --big -------------------------------------------------------------------------------------------
if (values.big) {
  const bigRows = 10_000_000;
  const dataDir = join(root, 'bench', 'data');
  const fs = statfsSync(dataDir);
  const freeGb = (fs.bavail * fs.bsize) / 1e9;
  console.log(
    `\n# --big: ${bigRows.toLocaleString('en-US')} rows; ${freeGb.toFixed(1)} GB free under ${dataDir}`,
  );
  if (!evaluateWorks()) console.log('skipped: dist/cli.js has no evaluate command yet');
  else if (freeGb < 8 && !existsSync(evalDataFile(bigRows))) console.log('skipped: needs 8 GB free');
  else {
    const bigFile = ensureEvalCsv(bigRows);
    const bigMb = statSync(bigFile).size / 1e6;
    const out = freshDir('mlgate-big');
    try {
      const r = mlgateEvaluate(bigFile, out);
      const ev = JSON.parse(readFileSync(join(out, 'evaluation.json'), 'utf8'));
      console.log(`| 10 M rows (${bigMb.toFixed(0)} MB) | value | target | |\n| --- | --- | --- | --- |`);
      row(
        'mlgate evaluate, end to end',
        `${fmtS(r.ms)} (${(bigRows / (r.ms / 1000) / 1e6).toFixed(2)} M rows/s)`,
      );
      row('mlgate peak RSS', fmtMb(r.rssMb), '< 512 MB', r.rssMb < 512);
      console.log(`rows scored ${ev.rows}; accuracy ${ev.metrics.accuracy}, roc_auc ${ev.metrics.roc_auc}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
      if (!values.keep) {
        unlinkSync(bigFile);
        console.log(`deleted ${bigFile} (--keep keeps it)`);
      }
    }
  }
}

rmSync(scratch, { recursive: true, force: true });
