/**
 * Issue 3's exactness bar, end to end through runEvaluateJob: each fixture model (built by
 * scripts/reference/make_eval_fixtures.py) on its real dataset gives scikit-learn's metrics: label
 * metrics and confusion matrices exactly, probability metrics within 1e-6, regression within 1e-6
 * relative. The references are sklearn's values on numpy's float32 replay of each graph.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ort from 'onnxruntime-node';
import { getRecordingLogger } from '../../../src/core/logger.js';
import { runEvaluateJob, type EvaluateJobRequest } from '../../../src/core/jobs/evaluate-job.js';
import type { Ort } from '../../../src/core/model/ort.js';
import { repoRoot } from '../../helpers/run-action.js';

interface Reference {
  model: string;
  data: string;
  task: 'binary' | 'multiclass' | 'regression';
  label_column: string;
  classes: (string | number)[] | null;
  n_rows: number;
  metrics: Record<string, unknown>;
}

const LABEL_METRICS = new Set([
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f1',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'precision_micro',
  'recall_micro',
  'f1_micro',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
  'matthews_corrcoef',
  'cohen_kappa',
  'confusion_matrix',
]);

const cases: [string, Partial<EvaluateJobRequest>][] = [
  ['binary-logreg', {}],
  ['binary-mlp-logit', { outputs: { transform: 'sigmoid' } }],
  ['multiclass-mlp', {}],
  ['multiclass-logits', { outputs: { transform: 'softmax' } }],
  ['tree-ensemble-classifier', {}],
  ['per-column-inputs', {}],
  ['penguins-demo', { exclude: ['id'] }],
  ['penguins-demo-small', { exclude: ['id'] }],
  ['zipmap-with-label', {}],
  ['regression-linear', {}],
  ['tree-ensemble-regressor', {}],
];

async function evaluate(name: string, extra: Partial<EvaluateJobRequest>) {
  const ref = JSON.parse(
    readFileSync(join(repoRoot, `test/fixtures/eval/${name}.reference.json`), 'utf8'),
  ) as Reference;
  const classes = ref.classes && typeof ref.classes[0] === 'string' ? (ref.classes as string[]) : undefined;
  const { result } = await runEvaluateJob(
    {
      modelPath: ref.model,
      dataPath: ref.data,
      task: ref.task,
      label: ref.label_column,
      classes,
      latency: false,
      predictions: false,
      outDir: mkdtempSync(join(tmpdir(), 'mlgate-exact-')),
      cwd: repoRoot,
      ...extra,
    },
    { ort: ort as unknown as Ort, logger: getRecordingLogger() },
  );
  return { ref, result };
}

describe('metrics equal scikit-learn on every fixture model', () => {
  it.each(cases)('%s', async (name, extra) => {
    const { ref, result } = await evaluate(name, extra);
    expect(result.rows).toBe(ref.n_rows);
    const names = Object.keys(ref.metrics);
    expect(names.length).toBeGreaterThan(5);
    for (const metric of names) {
      const expected = ref.metrics[metric];
      const actual = result.metrics[metric];
      if (LABEL_METRICS.has(metric)) {
        expect(actual, metric).toEqual(expected);
      } else if (typeof expected === 'number') {
        expect(typeof actual, metric).toBe('number');
        const tolerance = ref.task === 'regression' ? 1e-6 * Math.max(1, Math.abs(expected)) : 1e-6;
        expect(Math.abs((actual as number) - expected), metric).toBeLessThanOrEqual(tolerance);
      } else {
        // top_k_accuracy: {k: value} — label-like (counts of rows), exact up to float rounding of the ratio.
        const e = expected as Record<string, number>;
        const a = actual as Record<string, number>;
        expect(Object.keys(a).sort(), metric).toEqual(Object.keys(e).sort());
        for (const k of Object.keys(e))
          expect(Math.abs(a[k] - e[k]), `${metric}@${k}`).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it('zipmap-with-label: probability metrics are null with a reason, never NaN', async () => {
    const { result } = await evaluate('zipmap-with-label', {});
    expect(result.metrics.roc_auc).toBeNull();
    expect(result.unavailable.roc_auc).toMatch(/no probabilities/);
    expect(result.mapping.outputs.ignored.map((i) => i.name)).toContain('output_probability');
  });
});
