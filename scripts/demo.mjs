// npm run demo: the main jobs on bundled example data with local defaults.
// 1. the Palmer penguins reference data passes its schema and checks;
// 2. a new batch with five realistic mistakes fails, and the output says where each one is;
// 3. the species model (ONNX, per-column string/float/int64 inputs) is evaluated on held-out rows:
//    metrics equal to scikit-learn's, a bootstrap CI, slices by island and body mass, latency; it passes;
// 4. a weaker candidate model fails the same thresholds;
// 5. the new batch against the reference, column by column: drift, with the columns that moved and why;
// 6. the model that passed is recorded in a local registry (manifest, model card, evaluation), promoted
//    to production, and the registry's versions and stages are listed;
// 7. the root action's pipeline, run as the runner runs it, for a pull request proposing the weaker
//    candidate: validate, evaluate, compare with the production version on the same rows (paired
//    statistics), gate: the gate fails, with its reasons.
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
// A fresh registry each time, so the demo records version 0.1.0 (a second record of the same model would
// be "already recorded": versions are found by the model's sha256).
const registry = 'mlgate-out/demo/registry';
rmSync(`${root}${registry}`, { recursive: true, force: true });
const f = step('Record the model that passed as a version in a local registry (expected: 0.1.0)', [
  'release',
  '--model',
  'examples/penguins/model.onnx',
  '--name',
  'penguins-species',
  '--evaluation',
  'mlgate-out/demo/evaluate/evaluation.json',
  '--data',
  'examples/penguins/penguins-test.csv',
  '--config',
  config,
  '--card',
  'examples/penguins/model-card.md',
  '--registry',
  registry,
  '--out',
  'mlgate-out/demo/release',
]);
const g = step('Promote it to production', [
  'promote',
  '--name',
  'penguins-species',
  '--version',
  '0.1.0',
  '--stage',
  'production',
  '--registry',
  registry,
  '--out',
  'mlgate-out/demo/release',
]);
const h = step('List the versions and stages', [
  'versions',
  '--name',
  'penguins-species',
  '--registry',
  registry,
  '--out',
  'mlgate-out/demo/release',
]);
// The root action as the runner runs it: INPUT_* variables and the output and summary files.
console.log(
  '\n=== The root pipeline (action.yml) on a pull request proposing the weaker candidate (expected: the gate fails)\n' +
    '$ node dist/actions/pipeline.js   # INPUT_CONFIG=examples/penguins/mlgate-pr.yml\n',
);
const runner = mkdtempSync(join(tmpdir(), 'mlgate-demo-runner-'));
const outputFile = join(runner, 'output');
const summaryFile = join(runner, 'summary.md');
writeFileSync(outputFile, '');
writeFileSync(summaryFile, '');
const pipeline = spawnSync(process.execPath, [`${root}dist/actions/pipeline.js`], {
  cwd: root,
  stdio: 'inherit',
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runner,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: root,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: runner,
    INPUT_CONFIG: 'examples/penguins/mlgate-pr.yml',
    'INPUT_OUTPUT-DIR': 'mlgate-out/demo/pipeline',
    INPUT_SUMMARY: 'true',
    'INPUT_CHECK-RUN': 'false',
    INPUT_COMMENT: 'false',
  },
});
const p = pipeline.status;
const outputs = readFileSync(outputFile, 'utf8');
writeFileSync(`${root}mlgate-out/demo/pipeline/summary.md`, readFileSync(summaryFile, 'utf8'));
rmSync(runner, { recursive: true, force: true });
// GITHUB_OUTPUT holds `name<<DELIMITER` blocks.
const output = (name) => new RegExp(`^${name}<<(.+)\\n([^]*?)\\n\\1$`, 'm').exec(outputs)?.[2];
console.log(
  `\nPipeline outputs: verdict ${output('verdict')}, comparison-verdict ${output('comparison-verdict')}, passed ${output('passed')}; its job summary: mlgate-out/demo/pipeline/summary.md`,
);
console.log(
  `\nExit codes: reference ${a} (0 = passed), new batch ${b} (1 = a check failed), model ${c} (0 = passed), weaker candidate ${d} (1 = a threshold failed), drift ${e} (1 = drift), release ${f}, promote ${g}, versions ${h} (0 = done), pipeline ${p} (1 = the gate failed).`,
);
console.log(
  'Results: mlgate-out/demo/*/ (validation.json, evaluation.json, predictions.parquet, drift.json and drift.html, release.json, stage.json, versions.json, comparison.json/.html and verdict.json, and the .md job summaries a workflow would show); the registry with the model card: mlgate-out/demo/registry/penguins-species/@v0.1.0/.',
);
process.exit(
  a === 0 && b === 1 && c === 0 && d === 1 && e === 1 && f === 0 && g === 0 && h === 0 && p === 1 ? 0 : 1,
);
