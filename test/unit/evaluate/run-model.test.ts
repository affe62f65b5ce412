import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import ort from 'onnxruntime-node';
import { getRecordingLogger } from '../../../src/core/logger.js';
import type { Ort } from '../../../src/core/model/ort.js';
import { runModel, type RunModelRequest } from '../../../src/core/evaluate/run-model.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const o = ort as unknown as Ort;

interface Reference {
  model: string;
  data: string;
  task: 'binary' | 'multiclass' | 'regression';
  label_column: string;
  classes: string[] | null;
  n_rows: number;
  predictions: { y_true: number[]; y_pred: number[]; proba?: number[] };
}

function reference(name: string): Reference {
  return JSON.parse(readFileSync(`${root}test/fixtures/eval/${name}.reference.json`, 'utf8')) as Reference;
}

async function run(name: string, extra: Partial<RunModelRequest> = {}) {
  const ref = reference(name);
  const session = await o.InferenceSession.create(`${root}${ref.model}`);
  const outcome = await runModel(
    o,
    {
      session,
      modelName: ref.model,
      dataPath: `${root}${ref.data}`,
      dataName: ref.data,
      task: ref.task,
      label: ref.label_column,
      classes:
        ref.classes && ref.task !== 'regression' && !/^\d+$/.test(ref.classes[0]) ? ref.classes : undefined,
      latency: false,
      ...extra,
    },
    getRecordingLogger(),
  );
  return { ref, outcome };
}

describe('runModel on the fixture models', () => {
  it.each(['binary-logreg', 'multiclass-mlp', 'per-column-inputs'])(
    '%s: labels equal, probabilities match numpy',
    async (name) => {
      const { ref, outcome } = await run(name);
      const p = outcome.predictions;
      expect(p.rows.length).toBe(ref.n_rows);
      expect(Array.from(p.yTrueClass!)).toEqual(ref.predictions.y_true);
      expect(Array.from(p.yPred!)).toEqual(ref.predictions.y_pred);
      const proba = Array.from(p.proba!);
      expect(proba.length).toBe(ref.predictions.proba!.length);
      const worst = proba.reduce((m, v, i) => Math.max(m, Math.abs(v - ref.predictions.proba![i])), 0);
      expect(worst).toBeLessThan(1e-6);
    },
  );

  it('regression: values match numpy', async () => {
    const { ref, outcome } = await run('regression-linear');
    const p = outcome.predictions;
    expect(Array.from(p.yTrueValue!)).toEqual(ref.predictions.y_true);
    const worst = Array.from(p.value!).reduce(
      (m, v, i) =>
        Math.max(
          m,
          Math.abs(v - ref.predictions.y_pred[i]) / Math.max(1, Math.abs(ref.predictions.y_pred[i])),
        ),
      0,
    );
    expect(worst).toBeLessThan(1e-6);
  });

  it('shards take whole batches in turn: batch k (from 0) goes to shard (k mod n) + 1', async () => {
    const parts = await Promise.all(
      [1, 2, 3].map((index) => run('binary-logreg', { shard: { index, count: 3 }, batchSize: 20 })),
    );
    const rows = parts
      .flatMap(({ outcome }) =>
        Array.from(outcome.predictions.rows.slice(0, outcome.predictions.rows.length)),
      )
      .sort((a, b) => a - b);
    expect(rows).toEqual(Array.from({ length: 171 }, (_, i) => i + 1));
    const second = parts[1].outcome.predictions.rows;
    // Batches 1, 4, 7 of 20 rows: rows 21-40, 81-100, 141-160.
    const expected = [20, 80, 140].flatMap((start) => Array.from({ length: 20 }, (_, i) => start + i + 1));
    expect(Array.from(second.slice(0, second.length))).toEqual(expected);
  });

  it('logs progress with rows, rows/s and an ETA on long runs', async () => {
    const ref = reference('multiclass-mlp');
    const session = await o.InferenceSession.create(`${root}${ref.model}`);
    const logger = getRecordingLogger();
    let t = 0;
    await runModel(
      o,
      {
        session,
        modelName: ref.model,
        dataPath: `${root}${ref.data}`,
        dataName: ref.data,
        task: ref.task,
        label: ref.label_column,
        batchSize: 100,
        latency: false,
      },
      logger,
      () => (t += 2000), // every call to the clock is 2 s later: a progress line every few batches
    );
    const progress = logger.messages.filter((m) => /rows read/.test(m.message)).map((m) => m.message);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(/^ {2}\d[\d,]* rows read, \d[\d,]* rows\/s, about \d+ (s|min) left$/);
  });
});
