import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, runBundledAction } from '../helpers/run-action.js';

const entry = 'dist/actions/evaluate-model.js';
const reference = JSON.parse(
  readFileSync(join(repoRoot, 'test/fixtures/eval/penguins-demo.reference.json'), 'utf8'),
);
let workspace: string;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-ws-'));
  cpSync(join(repoRoot, 'examples/penguins'), join(workspace, 'penguins'), { recursive: true });
});

const inputs = (model: string, extra: Record<string, string> = {}) => ({
  model: `penguins/${model}`,
  data: 'penguins/penguins-test.csv',
  task: 'multiclass',
  label: 'Species',
  classes: 'Adelie, Chinstrap, Gentoo',
  thresholds: 'accuracy>=0.95\nf1_macro>=0.9@ci-lower',
  slices: 'Island',
  'min-slice-size': '10',
  latency: 'false',
  ...extra,
});

describe('evaluate-model action (bundled dist, run as the runner does)', () => {
  it('passes the demo model, sets its outputs and writes the summary', () => {
    const run = runBundledAction(entry, inputs('model.onnx'), { workspace });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.outputs.passed).toBe('true');
    expect(run.outputs.rows).toBe('134');
    expect(run.outputs['execution-provider']).toBe('cpu');
    const metrics = JSON.parse(run.outputs.metrics);
    expect(metrics.accuracy).toBe(reference.metrics.accuracy);
    expect(metrics.confusion_matrix).toEqual(reference.metrics.confusion_matrix);
    expect(run.outputs['result-path']).toBe(join(workspace, 'mlgate-out', 'evaluation.json'));
    expect(run.outputs['predictions-path']).toBe(join(workspace, 'mlgate-out', 'predictions.parquet'));
    expect(JSON.parse(run.outputs.result)).toMatchObject({
      passed: true,
      task: 'multiclass',
      rows: 134,
      failed_thresholds: [],
    });
    expect(run.stdout).toMatch(/ONNX Runtime 1\.30\.0 from resolvable/);
    expect(run.summary).toContain('## mlgate evaluate: ✅ passed');
    expect(run.summary).toContain('### Slices');
    expect(run.summary).toContain('```mermaid');
  });

  it('fails the weaker candidate on its threshold and annotates it', () => {
    const run = runBundledAction(entry, inputs('model-small.onnx', { annotations: '5' }), { workspace });
    expect(run.status).toBe(1);
    expect(run.outputs.passed).toBe('false');
    expect(JSON.parse(run.outputs.result).failed_thresholds).toContain('accuracy');
    expect(run.stdout).toMatch(
      /::error title=mlgate%3A accuracy misses its threshold,file=penguins\/model-small\.onnx::accuracy = 0\.888\d*, needs ≥ 0\.95\n/,
    );
    expect(run.stdout).toMatch(/::error::Evaluation failed: 134 rows/);
  });

  it('a CUDA request on a runner without CUDA fails with what is missing, or runs on the CPU with fallback: cpu', () => {
    // The NuGet feed is a closed local port: nothing may leave this machine.
    const env = {
      MLGATE_NUGET_INDEX: 'http://127.0.0.1:9/v3/index.json',
      MLGATE_DOWNLOAD_RETRY_DELAY_MS: '10',
    };
    const strict = runBundledAction(entry, inputs('model.onnx', { 'execution-provider': 'cuda' }), {
      workspace,
      env,
    });
    expect(strict.status).toBe(2);
    expect(strict.stdout).toMatch(
      /::error::the cuda provider libraries of ONNX Runtime could not be provisioned: .*127\.0\.0\.1:9.*To fix: .*fallback: cpu/,
    );
    expect(strict.outputs.passed).toBeUndefined();
    const lenient = runBundledAction(
      entry,
      inputs('model.onnx', { 'execution-provider': 'cuda', fallback: 'cpu' }),
      { workspace, env },
    );
    expect(lenient.status).toBe(0);
    expect(lenient.outputs['execution-provider']).toBe('cpu');
    expect(lenient.stdout).toMatch(/::warning::.*fallback: cpu/);
    const result = JSON.parse(readFileSync(lenient.outputs['result-path'], 'utf8'));
    expect(result.runtime).toMatchObject({
      execution_provider: 'cpu',
      requested_provider: 'cuda',
      fell_back: true,
    });
  });

  it('exits 2 on a bad input, naming it', () => {
    const run = runBundledAction(entry, inputs('model.onnx', { thresholds: 'accuracy => 0.9' }), {
      workspace,
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toMatch(/::error::Input "thresholds": "accuracy => 0\.9" is not a threshold/);
  });
});
