import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, runBundledAction } from '../helpers/run-action.js';

const entry = 'dist/actions/validate-data.js';
let workspace: string;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-ws-'));
  cpSync(join(repoRoot, 'examples/penguins'), join(workspace, 'penguins'), { recursive: true });
});

describe('validate-data action (bundled dist, run as the runner does)', () => {
  it('passes the reference data and writes outputs, summary and validation.json', () => {
    const run = runBundledAction(
      entry,
      {
        data: 'penguins/penguins.csv',
        schema: 'penguins/penguins.schema.json',
        checks: 'penguins/checks.yml',
      },
      { workspace },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.outputs.passed).toBe('true');
    expect(run.outputs.rows).toBe('344');
    expect(run.outputs.errors).toBe('0');
    const resultPath = run.outputs['result-path'];
    expect(resultPath).toBe(join(workspace, 'mlgate-out', 'validation.json'));
    const result = JSON.parse(readFileSync(resultPath, 'utf8'));
    expect(result).toMatchObject({ schemaVersion: 1, passed: true, rows: 344 });
    expect(JSON.parse(run.outputs.result)).toMatchObject({ passed: true, rows: 344, error_count: 0 });
    expect(run.summary).toContain('penguins.csv');
    expect(run.summary).toMatch(/\|.*344.*\|/);
  });

  it('fails on the bad batch, names each mistake by row and column, and annotates the file', () => {
    const run = runBundledAction(
      entry,
      {
        data: 'penguins/penguins-new-batch.csv',
        schema: 'penguins/penguins.schema.json',
        checks: 'penguins/checks.yml',
        annotations: '10',
      },
      { workspace },
    );
    expect(run.status).toBe(1);
    expect(run.outputs.passed).toBe('false');
    const result = JSON.parse(readFileSync(join(workspace, 'mlgate-out', 'validation.json'), 'utf8'));
    const found = result.violations.map((v: { row: number; column: string; rule: string }) => [
      v.row,
      v.column,
      v.rule,
    ]);
    // The five mistakes scripts/fixtures/make-examples.mjs injected (data rows 5, 10, 15, 20, 25).
    expect(found).toEqual(
      expect.arrayContaining([
        [5, 'Body Mass (g)', 'minimum'],
        [10, 'Species', 'enum'],
        [15, 'Island', 'required'],
        [20, 'Flipper Length (mm)', 'type'],
        [25, 'id', 'unique'],
      ]),
    );
    expect(result.error_count).toBe(5);
    expect(run.outputs.violations).toBe(String(result.total_violations));
    // Annotations point at the physical line (header is line 1, data row 5 is line 6).
    expect(run.stdout).toContain(
      '::error title=mlgate%3A minimum (Body Mass (g)),file=penguins/penguins-new-batch.csv,line=6::row 5: must be >= 2000 (got -3800)',
    );
    expect(run.stdout).toMatch(/::error::Validation failed: 40 rows/);
    expect(run.summary).toContain('Emperor');
  });

  it('turns a malformed schema into exit code 2 with a one-line message and writes no result', () => {
    writeFileSync(
      join(workspace, 'bad.schema.json'),
      '{ "type": "object", "properties": { "a": { "type": "numbr" } } }',
    );
    const run = runBundledAction(
      entry,
      { data: 'penguins/penguins.csv', schema: 'bad.schema.json' },
      { workspace },
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/::error::.*bad\.schema\.json.*numbr/);
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(existsSync(join(workspace, 'mlgate-out', 'validation.json'))).toBe(false);
  });

  it('rejects a bad input value naming the input and what is allowed', () => {
    const run = runBundledAction(
      entry,
      { data: 'penguins/penguins.csv', schema: 'penguins/penguins.schema.json', 'fail-on': 'sometimes' },
      { workspace },
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toContain(
      '::error::Input "fail-on" must be one of error, warning, never; got "sometimes".',
    );
  });

  it('takes data, schema and checks from mlgate.yml', () => {
    const run = runBundledAction(entry, { config: 'penguins/mlgate.yml' }, { workspace });
    expect(run.status).toBe(0);
    expect(run.outputs.passed).toBe('true');
    expect(run.outputs.rows).toBe('344');
  });
});

describe('root action: the pipeline from mlgate.yml', () => {
  it('runs the validate, evaluate and drift jobs and reports per-job results', () => {
    const run = runBundledAction(
      'dist/actions/pipeline.js',
      { config: 'penguins/mlgate.yml' },
      { workspace },
    );
    expect(run.status).toBe(0);
    expect(run.outputs.passed).toBe('true');
    expect(JSON.parse(run.outputs.result)).toEqual({
      validate: { passed: true, result_path: join(workspace, 'mlgate-out', 'validation.json') },
      evaluate: { passed: true, result_path: join(workspace, 'mlgate-out', 'evaluation.json') },
      // The example's new batch drifts; its drift section does not set fail-on-drift, so it reports.
      drift: { passed: true, result_path: join(workspace, 'mlgate-out', 'drift.json') },
    });
    expect(run.summary).toContain('## mlgate validate: ✅ passed');
    expect(run.summary).toContain('## mlgate evaluate: ✅ passed');
    expect(run.summary).toContain('## mlgate drift — penguins: **drift detected**');
  });

  it('fails when the evaluate job misses a threshold, and says which job', () => {
    const config = join(workspace, 'penguins/mlgate.yml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8').replace('model: model.onnx', 'model: model-small.onnx'),
    );
    const run = runBundledAction(
      'dist/actions/pipeline.js',
      { config: 'penguins/mlgate.yml' },
      { workspace },
    );
    expect(run.status).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(JSON.parse(run.outputs.result).evaluate.passed).toBe(false);
    expect(run.stdout).toMatch(/::error::mlgate: evaluate failed/);
  });

  it('fails on dataset drift when the drift section sets fail-on-drift', () => {
    const config = join(workspace, 'penguins/mlgate.yml');
    writeFileSync(
      config,
      readFileSync(config, 'utf8')
        .replace('model: model-small.onnx', 'model: model.onnx')
        .replace('  exclude: [id]\n', '  exclude: [id]\n  fail-on-drift: true\n'),
    );
    const run = runBundledAction(
      'dist/actions/pipeline.js',
      { config: 'penguins/mlgate.yml' },
      { workspace },
    );
    expect(run.status).toBe(1);
    const result = JSON.parse(run.outputs.result);
    expect(result.drift.passed).toBe(false);
    expect(result.evaluate.passed).toBe(true);
    expect(run.stdout).toMatch(/::error::mlgate: drift failed/);
  });

  it('fails with the config file name, line and column for a bad mlgate.yml', () => {
    writeFileSync(
      join(workspace, 'mlgate.yml'),
      'version: 1\nvalidate:\n  data: a.csv\n  fail-on: sometimes\n',
    );
    const run = runBundledAction('dist/actions/pipeline.js', {}, { workspace });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/::error::.*mlgate\.yml:4:\d+: .*fail-on/);
  });
});
