/**
 * Review: failing on purpose. `mlgate compare --config mlgate.yml --no-baseline`: the flag overrides the
 * config's baseline (cli/commands/compare.ts compareFromConfig), but compareRequestFromConfig
 * (core/jobs/compare-job.ts:748) decided the thresholds from the CONFIG's baseline: `thresholds:
 * baseline.kind === 'none' ? evaluate.thresholds : undefined`. With `baseline:` in the file and
 * --no-baseline on the command line, bootstrap mode runs without the evaluate section's thresholds and
 * says "No baseline and no value thresholds: bootstrap mode passes" — exit 0 for a candidate that misses
 * its threshold, where the same file with `no-baseline: true` fails. The schema's no-baseline says
 * "Bootstrap mode: the candidate's evaluate thresholds only."
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../src/core/compare/result.js';
import { repoRoot } from '../helpers/run-action.js';

let workspace: string;
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'mlgate-review-compare-config-'));
  for (const f of ['penguins-test.csv', 'model.onnx', 'model-small.onnx']) {
    copyFileSync(join(repoRoot, 'examples/penguins', f), join(workspace, f));
  }
});
afterAll(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

function config(baseline: string): string {
  return [
    'version: 1',
    'evaluate:',
    '  model: model-small.onnx',
    '  data: penguins-test.csv',
    '  task: multiclass',
    '  label: Species',
    '  classes: [Adelie, Chinstrap, Gentoo]',
    // The small model's accuracy is well below this: in bootstrap mode the comparison must fail.
    '  thresholds: { accuracy: 0.999 }',
    '  latency: false',
    '  predictions: false',
    'compare:',
    `  ${baseline}`,
    '  latency: false',
    '',
  ].join('\n');
}

function compare(file: string, ...flags: string[]) {
  const out = `out-${file.replace(/\W/g, '')}`;
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'dist/cli.js'), 'compare', '--config', file, '--out', out, ...flags],
    { cwd: workspace, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
  );
  const result = JSON.parse(
    readFileSync(join(workspace, out, 'comparison.json'), 'utf8'),
  ) as ComparisonResult;
  return { status: r.status, result };
}

describe('review: mlgate compare --config with --no-baseline', () => {
  it('control: no-baseline: true in the file judges the evaluate thresholds (fail, exit 1)', () => {
    writeFileSync(join(workspace, 'own.yml'), config('no-baseline: true'));
    const { status, result } = compare('own.yml');
    expect(result.mode).toBe('bootstrap');
    expect(result.checks.map((c) => [c.rule, c.metric, c.threshold])).toEqual([
      ['value_threshold', 'accuracy', 0.999],
    ]);
    expect(result.verdict).toBe('fail');
    expect(status).toBe(1);
  });

  it('--no-baseline over a file with baseline: judges the same thresholds (fail, exit 1)', () => {
    writeFileSync(join(workspace, 'flag.yml'), config('baseline: model.onnx'));
    const { status, result } = compare('flag.yml', '--no-baseline');
    expect(result.mode).toBe('bootstrap');
    expect(result.checks.map((c) => [c.rule, c.metric, c.threshold])).toContainEqual([
      'value_threshold',
      'accuracy',
      0.999,
    ]);
    expect(result.verdict).toBe('fail');
    expect(status).toBe(1);
  });
});
