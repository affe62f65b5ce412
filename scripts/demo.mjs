// npm run demo: the main jobs on bundled example data with local defaults.
// 1. the Palmer penguins reference data passes its schema and checks;
// 2. a new batch with five realistic mistakes fails, and the output says where each one is;
// 3. the species model (ONNX, per-column string/float/int64 inputs) is evaluated on held-out rows:
//    metrics equal to scikit-learn's, a bootstrap CI, slices by island and body mass, latency; it passes;
// 4. a weaker candidate model fails the same thresholds;
// 5. the new batch against the reference, column by column: drift, with the columns that moved and why.
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = `${root}dist/cli.js`;
if (!existsSync(cli)) {
  console.error(
    'dist/cli.js is missing: run "npm ci" in a clean checkout (dist/ is committed) or "npm run build".',
  );
  process.exit(2);
}

function step(title, args) {
  console.log(`\n=== ${title}\n$ mlgate ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  return r.status;
}

const config = 'examples/penguins/mlgate.yml';
const a = step('Validate the reference data (expected: pass)', [
  'validate',
  '--config',
  config,
  '--out',
  'mlgate-out/demo/reference',
]);
const b = step('Validate a new batch with injected mistakes (expected: fail)', [
  'validate',
  '--config',
  config,
  '--data',
  'examples/penguins/penguins-new-batch.csv',
  '--out',
  'mlgate-out/demo/new-batch',
]);
const c = step('Evaluate the species model on held-out rows (expected: pass)', [
  'evaluate',
  '--config',
  config,
  '--out',
  'mlgate-out/demo/evaluate',
]);
const d = step('Evaluate a weaker candidate against the same thresholds (expected: fail)', [
  'evaluate',
  '--config',
  config,
  '--model',
  'examples/penguins/model-small.onnx',
  '--out',
  'mlgate-out/demo/evaluate-candidate',
]);
const e = step('Compare the new batch with the reference data, column by column (expected: drift)', [
  'drift',
  '--reference',
  'examples/penguins/penguins.csv',
  '--current',
  'examples/penguins/penguins-new-batch.csv',
  '--exclude',
  'id',
  '--name',
  'penguins',
  '--out',
  'mlgate-out/demo/drift',
]);
console.log(
  `\nExit codes: reference ${a} (0 = passed), new batch ${b} (1 = a check failed), model ${c} (0 = passed), weaker candidate ${d} (1 = a threshold failed), drift ${e} (1 = drift).`,
);
console.log(
  'Results: mlgate-out/demo/*/ (validation.json, evaluation.json, predictions.parquet, drift.json and drift.html, and the .md job summaries a workflow would show).',
);
process.exit(a === 0 && b === 1 && c === 0 && d === 1 && e === 1 ? 0 : 1);
