import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeShiftedBreastCancer } from '../helpers/breast-cancer-drift.js';
import { repoRoot } from '../helpers/run-action.js';

// Prediction drift: `mlgate drift --model` runs the model on both sides (labels optional) and compares
// its outputs. The scikit-learn reference of the fixture model gives the primary metric on labelled data.

const cli = join(repoRoot, 'dist/cli.js');
const model = join(repoRoot, 'test/fixtures/models/binary-logreg.onnx');
const reference = JSON.parse(
  readFileSync(join(repoRoot, 'test/fixtures/eval/binary-logreg.reference.json'), 'utf8'),
) as { metrics: { roc_auc: number } };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlgate-drift-model-'));
  writeShiftedBreastCancer(dir);
});

function drift(current: string) {
  const r = spawnSync(
    process.execPath,
    [
      cli,
      'drift',
      '--reference',
      'reference.csv',
      '--current',
      current,
      '--model',
      model,
      '--task',
      'binary',
      '--label',
      'target',
      '--fail-on-drift',
      'false',
      '--out',
      `out-${current}`,
    ],
    { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
  );
  const result =
    r.status === 0 ? JSON.parse(readFileSync(join(dir, `out-${current}`, 'drift.json'), 'utf8')) : undefined;
  return { ...r, result };
}

describe('mlgate drift --model', () => {
  it('finds no prediction drift on the same data, and the primary metric equals scikit-learn on both sides', () => {
    const r = drift('reference.csv');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const p = r.result.prediction_drift;
    expect(p.task).toBe('binary');
    expect(p.drifted).toBe(false);
    expect(p.score.ks.statistic).toBe(0);
    expect(p.score.ks.p_value).toBe(1);
    expect(p.score.wasserstein).toBe(0);
    expect(p.classes.type).toBe('categorical');
    expect(p.metric.name).toBe('roc_auc');
    expect(p.metric.reference).toBeCloseTo(reference.metrics.roc_auc, 12);
    expect(p.metric.current).toBeCloseTo(reference.metrics.roc_auc, 12);
    expect(p.metric.change).toBe(0);
  });

  it('finds the drift of the scores on unlabelled current data and says the metric is missing there', () => {
    const r = drift('current.csv');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const p = r.result.prediction_drift;
    expect(p.drifted).toBe(true);
    expect(p.score.n_reference).toBe(171);
    expect(p.score.n_current).toBe(171);
    expect(p.score.method).toBe('ks');
    expect(p.score.drifted).toBe(true);
    expect(p.metric).toEqual({
      name: 'roc_auc',
      reference: expect.closeTo(reference.metrics.roc_auc, 12),
      current: null,
      change: null,
    });
    expect(r.result.columns['mean radius'].drifted).toBe(true);
    expect(r.result.not_tested.target).toBe('only in the reference data');
    const md = readFileSync(join(dir, 'out-current.csv', 'drift.md'), 'utf8');
    expect(md).toContain('### Model outputs');
    expect(md).toContain('roc_auc: not computed on the current data: no label column there.');
  });

  it('refuses model options without --model, and --model without --task', () => {
    const a = spawnSync(
      process.execPath,
      [cli, 'drift', '--reference', 'reference.csv', '--current', 'current.csv', '--label', 'target'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(a.status).toBe(2);
    expect(a.stderr.trim()).toBe(
      'mlgate drift: --label needs --model (prediction drift). Run "mlgate drift --help".',
    );
    const b = spawnSync(
      process.execPath,
      [cli, 'drift', '--reference', 'reference.csv', '--current', 'current.csv', '--model', model],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('--task is required with --model');
  });
});
