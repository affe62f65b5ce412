// The drift benchmark (issue 6, "Speed"): a reference and a current CSV of N rows x 30 numeric columns
// (bench/generate-drift-csv.mjs: six shapes, some columns shifted or spread in the current sample, some
// unchanged), every numeric statistic for every column:
//   1. `mlgate drift` end to end (CLI: read both files, KS with its p-value, Wasserstein and normed, decile
//      bins, PSI, Jensen–Shannon, the decisions, drift.json and drift.md), median wall time of K runs and
//      the child's peak RSS;
//   2. the peer, bench/drift-peer.py (pandas.read_csv, scipy's ks_2samp and wasserstein_distance, np.std,
//      numpy PSI and scipy's jensenshannon on the same bins), wall time including Python start-up and its
//      peak RSS;
//   3. the issue's ratios with PASS/MISS (nothing is asserted);
//   4. exactness: mlgate's drift.json beside the peer's values, the largest difference per statistic.
// Usage: node bench/drift.mjs [--rows N] [--runs K] [--no-peer] [--keep] [--openblas unset|keep]
//   --keep: keep what the run would delete: the data files of an --rows other than 1 000 000 (those of
//   1 M rows are kept in bench/data like every benchmark's data) and the scratch folder with drift.json
//   and the peer's JSON. --openblas as in evaluate.mjs (the peer hardly calls BLAS; kept for the same
//   environment as the other peer).
import { createMeasurer, hasTime, median } from './measure.mjs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COLUMN_SPECS, DRIFT_COLUMNS, ensureDriftCsvs } from './generate-drift-csv.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    'no-peer': { type: 'boolean', default: false },
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
const cli = join(root, 'dist', 'cli.js');
const PYTHON = '/usr/bin/python3';
// BENCH_NO_TIME=1 exercises the in-process probes on a machine that has /usr/bin/time.
const scratch = mkdtempSync(join(tmpdir(), 'mlgate-bench-drift-'));
const fmtS = (ms) => `${(ms / 1000).toFixed(2)} s`;
const fmtMb = (mb) => `${mb.toFixed(0)} MB`;
let scratchCount = 0;
const freshDir = (name) => join(scratch, `${name}-${++scratchCount}`);

const measured = createMeasurer(root, (name) => join(scratch, `${++scratchCount}-${name}`));

const driftWorks = () =>
  existsSync(cli) && spawnSync(process.execPath, [cli, 'drift', '--help'], { encoding: 'utf8' }).status === 0;

// ---------------------------------------------------------------------------------------------------------
const files = ensureDriftCsvs(rows);
const fileMb = (statSync(files.reference).size + statSync(files.current).size) / 1e6;
console.log(
  `# mlgate drift benchmark: ${rows.toLocaleString('en-US')} vs ${rows.toLocaleString('en-US')} rows x ${DRIFT_COLUMNS} numeric columns`,
);
console.log(`data: ${files.reference} + ${files.current} (${fileMb.toFixed(1)} MB together)`);
console.log(
  `${runs} run(s) each, median; peak RSS via ${hasTime ? '/usr/bin/time -f %M' : 'in-process probes'}\n`,
);
const figures = {};

// 1. mlgate end to end ----------------------------------------------------------------------------------
let lastOut;
if (driftWorks()) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    lastOut = freshDir('mlgate-out');
    const r = measured(
      process.execPath,
      [
        cli,
        'drift',
        '--reference',
        files.reference,
        '--current',
        files.current,
        '--out',
        lastOut,
        '--fail-on-drift',
        'false',
      ],
      { kind: 'node' },
    );
    if (r.status !== 0) throw new Error(`mlgate drift exited ${r.status}:\n${r.stderr}${r.stdout}`);
    results.push(r);
    console.log(`mlgate drift run ${i + 1}: ${fmtS(r.ms)}, peak RSS ${fmtMb(r.rssMb)}`);
    if (i === runs - 1) {
      const said = `${r.stdout}\n${r.stderr}`.split('\n');
      for (const line of said.filter((l) => /^mlgate drift:|spilled/.test(l)))
        console.log(`  ${line.trim()}`);
    } else rmSync(lastOut, { recursive: true, force: true });
  }
  figures.mlgateMs = median(results.map((r) => r.ms));
  figures.mlgateRssMb = Math.max(...results.map((r) => r.rssMb));
  figures.drift = JSON.parse(readFileSync(join(lastOut, 'drift.json'), 'utf8'));
} else {
  console.log('mlgate drift: dist/cli.js has no drift command yet (needs the build); skipped');
}

// 2. the peer ------------------------------------------------------------------------------------------
if (!values['no-peer']) {
  const env = { ...process.env };
  if (values.openblas === 'unset') {
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
  }
  const results = [];
  let peerJson;
  for (let i = 0; i < runs; i++) {
    mkdirSync(scratch, { recursive: true });
    peerJson = join(scratch, `peer-${++scratchCount}.json`);
    const r = measured(
      PYTHON,
      [join(root, 'bench', 'drift-peer.py'), files.reference, files.current, '--out', peerJson],
      { env, kind: 'python' },
    );
    if (r.status !== 0) throw new Error(`drift-peer.py exited ${r.status}:\n${r.stderr}${r.stdout}`);
    results.push(r);
    console.log(`peer run ${i + 1}: ${fmtS(r.ms)}, peak RSS ${fmtMb(r.rssMb)}`);
  }
  figures.peerMs = median(results.map((r) => r.ms));
  figures.peerRssMb = Math.max(...results.map((r) => r.rssMb));
  const peer = JSON.parse(readFileSync(peerJson, 'utf8'));
  figures.peer = peer;
  const e = peer.env;
  console.log(
    `  python ${e.python}, pandas ${e.pandas}, numpy ${e.numpy}, scipy ${e.scipy}; ` +
      `OPENBLAS_CORETYPE=${e.OPENBLAS_CORETYPE ?? '(unset)'} OPENBLAS_L2_SIZE=${e.OPENBLAS_L2_SIZE ?? '(unset)'}`,
  );
  const p = peer.phases;
  console.log(
    `  phases (last run): imports ${p.imports_s.toFixed(2)} s, read_csv ${p.read_csv_s.toFixed(2)} s, ` +
      `ks_2samp ${p.ks_s.toFixed(2)} s, wasserstein_distance ${p.wasserstein_s.toFixed(2)} s, np.std ${p.std_s.toFixed(2)} s, ` +
      `deciles + bins ${p.bins_s.toFixed(2)} s, PSI + JS ${p.psi_js_s.toFixed(3)} s; in process ${p.total_in_process_s.toFixed(2)} s`,
  );
}

// 3. the table ----------------------------------------------------------------------------------------
const verdict = (ok) => (ok ? 'PASS' : 'MISS');
console.log(`\n| figure | value | target | |\n| --- | --- | --- | --- |`);
console.log(`| data files | ${fileMb.toFixed(1)} MB, 2 x ${rows.toLocaleString('en-US')} rows x 30 | | |`);
const row = (name, value, target = '', ok) =>
  console.log(`| ${name} | ${value} | ${target} | ${ok === undefined ? '' : verdict(ok)} |`);
if (figures.mlgateMs !== undefined) {
  row('mlgate drift, end to end', fmtS(figures.mlgateMs));
  row('mlgate peak RSS', fmtMb(figures.mlgateRssMb));
}
if (figures.peerMs !== undefined) {
  row('peer (pandas + scipy), wall', fmtS(figures.peerMs));
  row('peer peak RSS', fmtMb(figures.peerRssMb));
}
if (figures.mlgateMs !== undefined && figures.peerMs !== undefined) {
  const speed = figures.peerMs / figures.mlgateMs;
  row('peer time / mlgate time', `${speed.toFixed(2)}x`, '>= 8x', speed >= 8);
  const mem = figures.mlgateRssMb / figures.peerRssMb;
  row('mlgate RSS / peer RSS', mem.toFixed(3), '<= 0.333', mem <= 1 / 3);
}

// 4. exactness -----------------------------------------------------------------------------------------
// Both sides parse the same decimal text to doubles (pandas' default float parser can differ from a
// correctly rounded one in the last bit, which would show here as differences near 1e-16).
if (figures.drift && figures.peer) {
  const statistics = {
    'KS statistic': [(c) => c.ks?.statistic, (p) => p.ks_statistic],
    'KS p-value': [(c) => c.ks?.p_value, (p) => p.ks_p_value],
    wasserstein: [(c) => c.wasserstein, (p) => p.wasserstein],
    'wasserstein normed': [(c) => c.wasserstein_normed, (p) => p.wasserstein_normed],
    PSI: [(c) => c.psi, (p) => p.psi],
    'Jensen-Shannon': [(c) => c.jensen_shannon, (p) => p.jensen_shannon],
  };
  console.log(`\nexactness: mlgate's drift.json vs the peer, over ${DRIFT_COLUMNS} columns`);
  console.log('| statistic | largest relative difference | column | mlgate | peer | largest absolute |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const missing = [];
  for (const [label, [ours, theirs]] of Object.entries(statistics)) {
    let worst = { rel: 0, abs: 0, name: '-', mine: '', ref: '' };
    let worstAbs = 0;
    for (const [name, p] of Object.entries(figures.peer.columns)) {
      const c = figures.drift.columns[name];
      const mine = c ? ours(c) : undefined;
      const ref = theirs(p);
      if (mine === undefined || mine === null || ref === null) {
        if (mine !== ref) missing.push(`${name} ${label}: mlgate ${mine}, peer ${ref}`);
        continue;
      }
      const abs = Math.abs(mine - ref);
      const rel = abs === 0 ? 0 : abs / Math.max(Math.abs(mine), Math.abs(ref));
      worstAbs = Math.max(worstAbs, abs);
      if (rel > worst.rel || worst.name === '-') worst = { rel, name, mine, ref };
    }
    console.log(
      `| ${label} | ${worst.rel.toExponential(2)} | ${worst.name} | ${worst.mine} | ${worst.ref} | ${worstAbs.toExponential(2)} |`,
    );
  }
  // The bins are integers and cut points: they agree exactly or not at all.
  let binMismatches = 0;
  for (const [name, p] of Object.entries(figures.peer.columns)) {
    const h = figures.drift.columns[name]?.histogram;
    const same = (a, b) => a?.length === b.length && a.every((v, k) => v === b[k]);
    if (
      !h ||
      !same(h.edges, p.edges) ||
      !same(h.reference, p.reference_counts) ||
      !same(h.current, p.current_counts)
    )
      binMismatches++;
  }
  console.log(
    `decile bins (cut points and counts per side): ${binMismatches} of ${DRIFT_COLUMNS} columns differ`,
  );
  for (const line of missing) console.log(`  ${line}`);
  const drifted = new Set(figures.drift.drifted_columns);
  const byChange = new Map();
  for (const spec of COLUMN_SPECS) {
    const entry = byChange.get(spec.change.name) ?? { drifted: 0, total: 0 };
    entry.total++;
    if (drifted.has(spec.name)) entry.drifted++;
    byChange.set(spec.change.name, entry);
  }
  console.log(
    `mlgate's verdicts by the generator's change: ${[...byChange].map(([k, v]) => `${k} ${v.drifted}/${v.total} drifted`).join(', ')}`,
  );
}

if (values.keep) console.log(`\nkept: ${scratch}`);
else rmSync(scratch, { recursive: true, force: true });
if (rows !== 1_000_000 && !values.keep) {
  for (const f of [files.reference, files.current]) unlinkSync(f);
  console.log(`deleted the ${rows.toLocaleString('en-US')}-row data files (--keep keeps them)`);
}
