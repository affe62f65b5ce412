import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/load-config.js';
import { driftRequestFromConfig } from '../../../src/core/jobs/drift-job.js';

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

const config = (...lines: string[]) =>
  parseConfig(['version: 1', 'drift:', ...lines.map((l) => `  ${l}`), ''].join('\n'), 'cfg/mlgate.yml');

describe("mlgate.yml's drift section", () => {
  it('expands the shorthands: one file, a bare method, the kebab-case jensen-shannon threshold', () => {
    const c = config(
      'reference: data/train.csv',
      'current: [logs/a.jsonl, "logs/b-*.jsonl"]',
      'exclude: [id]',
      'methods: { income: psi, "plan / tier": { method: chi2, threshold: 0.01 } }',
      'thresholds: { wasserstein: 0.2, jensen-shannon: 0.15 }',
      'min-effect: 0.1',
      'fail-on-drift: true',
      'model: { path: model.onnx, task: binary, label: churned, positive-class: "yes" }',
    );
    expect(c.drift).toMatchObject({
      reference: ['data/train.csv'],
      current: ['logs/a.jsonl', 'logs/b-*.jsonl'],
      exclude: ['id'],
      thresholds: { wasserstein: 0.2, jensen_shannon: 0.15 },
      minEffect: 0.1,
      failOnDrift: true,
      model: { path: 'model.onnx', task: 'binary', label: 'churned', positiveClass: 'yes' },
    });
    expect({ ...c.drift!.methods }).toEqual({
      income: { method: 'psi' },
      'plan / tier': { method: 'chi2', threshold: 0.01 },
    });
  });

  it('becomes a job request with paths relative to the config file and the policy in the job’s names', () => {
    const c = config(
      'reference: data/train.csv',
      'current: /abs/cur.csv',
      'alpha: 0.01',
      'model: { path: m.onnx, task: regression }',
    );
    const request = driftRequestFromConfig(c, { cwd: '/work', outDir: 'out' });
    expect(request.reference).toEqual([join(resolve('cfg'), 'data/train.csv')]);
    expect(request.current).toEqual(['/abs/cur.csv']);
    expect(request.policy).toMatchObject({ alpha: 0.01 });
    expect(request.model).toMatchObject({ modelPath: join(resolve('cfg'), 'm.onnx'), task: 'regression' });
  });

  it.each([
    [['current: c.csv'], /reference/],
    [['reference: r.csv', 'current: c.csv', 'alpha: 1'], /alpha/],
    [['reference: r.csv', 'current: c.csv', 'correction: holm'], /correction/],
    [['reference: r.csv', 'current: c.csv', 'methods: { x: anova }'], /methods/],
    [['reference: r.csv', 'current: c.csv', 'model: { path: m.onnx }'], /task/],
    [['reference: r.csv', 'current: c.csv', 'threshold: 0.2'], /threshold/],
  ])('refuses %j with a message naming the place', (lines, pattern) => {
    const message = errorOf(() => config(...lines));
    expect(message).toMatch(/^cfg\/mlgate\.yml/);
    expect(message).toMatch(pattern);
  });
});
