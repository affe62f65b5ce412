/**
 * Review: failing on purpose. `mlgate compare --config FILE` (src/cli/commands/compare.ts compareFromConfig):
 * 1. A malformed `compare.baseline-from` in the file is reported as "the baseline: "penguins" names no
 *    registry version" (cliRegistryBaseline(configured.ref, …, 'the baseline', …)): the message does not
 *    say where (the file and the key), as the root pipeline's does ("mlgate.yml: compare.baseline-from")
 *    and the common rules ask of every ConfigurationError.
 * 2. `--registry DIR` with a file whose baseline is a model is dropped silently (the `else if
 *    (values.registry !== undefined && configured.kind === 'registry-ref')` branch only), where the same
 *    flag without --config is refused: "--registry is for --baseline-from".
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/run-action.js';

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-review-final-compare-config-'));
  for (const f of ['penguins-test.csv', 'model.onnx', 'model-small.onnx']) {
    copyFileSync(join(repoRoot, 'examples/penguins', f), join(workspace, f));
  }
});
afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

function config(file: string, baseline: string): void {
  const text = [
    'version: 1',
    'evaluate:',
    '  model: model-small.onnx',
    '  data: penguins-test.csv',
    '  task: multiclass',
    '  label: Species',
    '  classes: [Adelie, Chinstrap, Gentoo]',
    '  latency: false',
    '  predictions: false',
    'compare:',
    `  ${baseline}`,
    '  latency: false',
    '  resamples: 50',
    '',
  ].join('\n');
  writeFileSync(join(workspace, file), text);
}

const mlgate = (...args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), ...args], {
    cwd: workspace,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });

describe('review: mlgate compare --config', () => {
  it('names the file and the key of a malformed compare.baseline-from', () => {
    config('bad-ref.yml', 'baseline-from: penguins');
    const r = mlgate('compare', '--config', 'bad-ref.yml', '--out', 'out-bad-ref');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/names no registry version/);
    // Today: "the baseline: "penguins" names no registry version; …".
    expect(r.stderr).toMatch(/bad-ref\.yml/);
    expect(r.stderr).toMatch(/compare\.baseline-from/);
  });

  it('refuses --registry when the baseline is not a registry version, as without --config', () => {
    const plain = mlgate(
      'compare',
      '--candidate',
      'model-small.onnx',
      '--baseline',
      'model.onnx',
      '--registry',
      'elsewhere',
      '--data',
      'penguins-test.csv',
      '--task',
      'multiclass',
      '--label',
      'Species',
    );
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/--registry is for --baseline-from/);

    config('model-baseline.yml', 'baseline: model.onnx');
    const r = mlgate(
      'compare',
      '--config',
      'model-baseline.yml',
      '--registry',
      'elsewhere',
      '--out',
      'out-reg',
    );
    // Today: the flag is ignored, both models run and the comparison is written (exit 0 or 1).
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--registry/);
  });
});
