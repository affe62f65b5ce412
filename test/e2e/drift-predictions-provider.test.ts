/**
 * Prediction drift runs the model on evaluate-model's runtime: a GPU provider is asked for, provisioned
 * (here the NuGet feed is a closed local port, so it cannot be) and never falls back silently. What ran
 * is recorded in drift.json. No GPU exists on this machine: what is tested is the choice and the errors.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShiftedBreastCancer } from '../helpers/breast-cancer-drift.js';
import { repoRoot, runBundledActionAsync } from '../helpers/run-action.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-provider-'));
  writeShiftedBreastCancer(dir);
  copyFileSync(join(repoRoot, 'test/fixtures/models/binary-logreg.onnx'), join(dir, 'model.onnx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const inputs = (extra: Record<string, string>) => ({
  reference: 'reference.csv',
  current: 'reference.csv',
  model: 'model.onnx',
  task: 'binary',
  label: 'target',
  'fail-on-drift': 'false',
  issue: 'false',
  ...extra,
});
// The NuGet feed is a closed local port: nothing may leave this machine.
const env = { MLGATE_NUGET_INDEX: 'http://127.0.0.1:9/v3/index.json', MLGATE_DOWNLOAD_RETRY_DELAY_MS: '10' };

describe('prediction drift on a GPU provider', () => {
  it('fails with what is missing when cuda cannot be provisioned, and says how to fall back', async () => {
    const r = await runBundledActionAsync(
      'dist/actions/drift-check.js',
      inputs({ 'execution-provider': 'cuda', 'output-dir': 'strict' }),
      { workspace: dir, env },
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(
      /::error::the cuda provider libraries of ONNX Runtime could not be provisioned: .*To fix: .*fallback: cpu/,
    );
    expect(r.outputs.drifted).toBeUndefined();
  });

  it('runs on the CPU with fallback: cpu, with a warning, and records both providers', async () => {
    const r = await runBundledActionAsync(
      'dist/actions/drift-check.js',
      inputs({ 'execution-provider': 'cuda', fallback: 'cpu', 'output-dir': 'lenient' }),
      { workspace: dir, env },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/::warning::.*fallback: cpu/);
    const result = JSON.parse(readFileSync(join(dir, 'lenient/drift.json'), 'utf8'));
    expect(result.prediction_drift.model).toMatchObject({
      execution_provider: 'cpu',
      requested_provider: 'cuda',
      fell_back: true,
    });
    expect(result.prediction_drift.drifted).toBe(false);
    expect(readFileSync(join(dir, 'lenient/drift.md'), 'utf8')).toMatch(
      /Run on cpu \(asked for cuda; fell back: /,
    );
  });

  it('records the CPU by default', async () => {
    const r = await runBundledActionAsync('dist/actions/drift-check.js', inputs({ 'output-dir': 'cpu' }), {
      workspace: dir,
      env,
    });
    expect(r.status).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'cpu/drift.json'), 'utf8'));
    expect(result.prediction_drift.model).toMatchObject({
      execution_provider: 'cpu',
      requested_provider: 'cpu',
      fell_back: false,
    });
  });

  it('refuses execution-provider without a model', async () => {
    const r = await runBundledActionAsync(
      'dist/actions/drift-check.js',
      { reference: 'reference.csv', current: 'reference.csv', 'execution-provider': 'cuda', issue: 'false' },
      { workspace: dir, env },
    );
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('are for prediction drift: give input "model"');
  });

  it('the CLI has only the CPU provider: cuda fails unless --fallback cpu', () => {
    const run = (...extra: string[]) =>
      spawnSync(
        process.execPath,
        [
          join(repoRoot, 'dist/cli.js'),
          'drift',
          '--reference',
          'reference.csv',
          '--current',
          'reference.csv',
          '--model',
          'model.onnx',
          '--task',
          'binary',
          '--label',
          'target',
          '--fail-on-drift',
          'false',
          ...extra,
        ],
        { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
      );
    const strict = run('--execution-provider', 'cuda', '--out', 'cli-strict');
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/execution-provider cuda could not start on this runner.*fallback: cpu/);
    const lenient = run('--execution-provider', 'cuda', '--fallback', 'cpu', '--out', 'cli-lenient');
    expect(lenient.stderr).toMatch(/warning: /);
    expect(lenient.status).toBe(0);
    expect(lenient.stderr).toMatch(/warning: .*fallback: cpu/);
    const result = JSON.parse(readFileSync(join(dir, 'cli-lenient/drift.json'), 'utf8'));
    expect(result.prediction_drift.model).toMatchObject({
      execution_provider: 'cpu',
      requested_provider: 'cuda',
      fell_back: true,
    });
  });
});
