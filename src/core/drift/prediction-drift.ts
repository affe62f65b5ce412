/**
 * Prediction drift: the model run on both sides (CPU, as mlgate evaluate runs it, labels optional) and its
 * outputs compared like columns: a binary classifier's positive-class probability and its predicted
 * classes, a multiclass classifier's predicted classes, a regressor's predicted values. When a side has
 * the label column, the task's primary metric on it too (binary roc_auc, multiclass accuracy, regression
 * rmse), and its change.
 */
import { resolve } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import { planScoring, scorePredictions } from '../evaluate/score.js';
import { runModel, type RunModelRequest } from '../evaluate/run-model.js';
import type { StoredPredictions } from '../evaluate/prediction-store.js';
import { openDataSource } from '../data/open.js';
import type { Logger } from '../logger.js';
import { readOnnxModelInfo } from '../model/onnx-file.js';
import type { Ort, OrtSession } from '../model/ort.js';
import type { Task } from '../model/output-mapping.js';
import {
  createSessionWithProvider,
  getSessionProbe,
  type ExecutionProvider,
  type ExecutionProviderRequest,
  type FallbackPolicy,
  type ProviderChoice,
} from '../model/providers.js';
import { testColumn } from './column-test.js';
import { decideColumns, type DriftPolicy } from './decide.js';
import type { DriftColumn } from './result.js';
import type { SideSample } from './samples.js';
import type { SpillArea } from './value-store.js';

/** How the model is fed and read: as mlgate evaluate does (run-model.ts). */
export interface PredictionDriftRequest extends Pick<
  RunModelRequest,
  'features' | 'exclude' | 'inputMode' | 'outputs' | 'classes' | 'positive'
> {
  ort: Ort;
  cwd: string;
  modelPath: string;
  task: Task;
  /** Used when a side has this column: the primary metric on that side. */
  label?: string;
  reference: readonly string[];
  current: readonly string[];
  show: (path: string) => string;
  /**
   * Where the model runs (evaluate's runtime): the provider chosen by the entry (the action provisions
   * CUDA/TensorRT libraries), what was asked and the fallback policy. Absent: the CPU.
   */
  provider?: {
    choice: ProviderChoice;
    requested: ExecutionProviderRequest;
    fallback: FallbackPolicy;
    bindingDir?: string;
  };
}

export interface PredictionDrift {
  model: {
    path: string;
    sha256: string;
    /** The provider that ran the model, what was asked, and whether it fell back to the CPU. */
    execution_provider: ExecutionProvider;
    requested_provider: ExecutionProviderRequest;
    fell_back: boolean;
    fallback_reason?: string;
  };
  task: Task;
  /** Binary: P(positive class); regression: the predicted value. */
  score?: DriftColumn;
  /** Classification: the predicted classes. */
  classes?: DriftColumn;
  /** Whether the model's outputs drifted (any of the tests above). */
  drifted: boolean;
  metric?: { name: string; reference: number | null; current: number | null; change: number | null };
}

const PRIMARY: Record<Task, string> = { binary: 'roc_auc', multiclass: 'accuracy', regression: 'rmse' };

export async function predictionDrift(
  request: PredictionDriftRequest,
  policy: DriftPolicy,
  spill: SpillArea,
  logger: Logger,
): Promise<PredictionDrift> {
  const modelFile = resolve(request.cwd, request.modelPath);
  const modelName = request.show(modelFile);
  const info = await readOnnxModelInfo(modelFile);
  let session: OrtSession;
  const requested = request.provider?.requested ?? 'cpu';
  const chosen = request.provider?.choice.provider ?? 'cpu';
  let ran: ExecutionProvider;
  let fellBack = chosen !== requested && requested !== 'auto';
  let fallbackReason = fellBack ? request.provider?.choice.reason : undefined;
  try {
    const created = await createSessionWithProvider(
      request.ort as never,
      modelFile,
      { provider: chosen, fallback: request.provider?.fallback ?? 'none' },
      { graphOptimizationLevel: 'all' },
      getSessionProbe(logger, request.provider?.bindingDir),
    );
    session = created.session as unknown as OrtSession;
    ran = created.provider;
    if (created.fellBack) {
      fellBack = true;
      fallbackReason = created.reason;
    }
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(
      `${modelName}: ONNX Runtime cannot load the model: ${getErrorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
  try {
    const sides = { reference: request.reference, current: request.current } as const;
    const out: Record<
      'reference' | 'current',
      { score: SideSample; classes: SideSample; metric: number | null }
    > = {
      reference: undefined!,
      current: undefined!,
    };
    let classNames: string[] | undefined;
    for (const side of ['reference', 'current'] as const) {
      const score: SideSample = {
        rows: 0,
        missing: 0,
        nan: 0,
        infinite: 0,
        values: spill.store(),
        distinct: new Map(),
      };
      const classes: SideSample = { rows: 0, missing: 0, nan: 0, infinite: 0, counts: new Map() };
      const metrics: number[] = [];
      const weights: number[] = [];
      let labelled = true;
      for (const file of sides[side]) {
        const dataName = request.show(file);
        const hasLabel = request.label !== undefined && (await columnsOf(file)).includes(request.label);
        labelled &&= hasLabel;
        const outcome = await runModel(
          request.ort,
          {
            session,
            modelName,
            dataPath: file,
            dataName,
            task: request.task,
            label: hasLabel ? request.label : undefined,
            features: request.features,
            exclude: request.exclude,
            inputMode: request.inputMode,
            outputs: request.outputs,
            classes: request.classes,
            positive: request.positive,
            latency: false,
            outputTypes: Object.fromEntries(info.outputs.map((o) => [o.name, o.description])),
          },
          logger,
        );
        const p = outcome.predictions;
        classNames ??= outcome.classes;
        collect(p, outcome.positive, outcome.classes, score, classes);
        // Spilled chunks are written before the next file's values pile up behind them.
        await score.values!.settle();
        if (hasLabel && p.rows.length > 0) {
          const scored = scorePredictions(p, {
            plan: planScoring(request.task, {}),
            task: request.task,
            classes: outcome.classes,
            positive: outcome.positive,
            sliceKeys: [],
            deferThresholds: false,
          });
          const value = scored.fields.metrics[PRIMARY[request.task]];
          if (typeof value === 'number') {
            metrics.push(value);
            weights.push(p.rows.length);
          } else labelled = false;
        }
      }
      // One file per side is the usual case; several give their row-weighted mean (said in docs/drift.md).
      const metric =
        labelled && metrics.length
          ? metrics.reduce((sum, m, i) => sum + m * weights[i], 0) / weights.reduce((a, b) => a + b, 0)
          : null;
      out[side] = { score, classes, metric };
    }
    const result: PredictionDrift = {
      model: {
        path: modelName,
        sha256: info.sha256,
        execution_provider: ran,
        requested_provider: requested,
        fell_back: fellBack,
        ...(fallbackReason ? { fallback_reason: fallbackReason } : {}),
      },
      task: request.task,
      drifted: false,
    };
    const scores = [];
    if (request.task !== 'multiclass') {
      const tested = await testColumn(
        { name: 'prediction', kind: 'numeric', reference: out.reference.score, current: out.current.score },
        out.reference.score,
        out.current.score,
        policy,
      );
      result.score = tested.entry;
      scores.push(tested.score);
    } else {
      await out.reference.score.values!.release();
      await out.current.score.values!.release();
    }
    if (request.task !== 'regression') {
      const tested = await testColumn(
        {
          name: 'predicted class',
          kind: 'categorical',
          reference: out.reference.classes,
          current: out.current.classes,
        },
        out.reference.classes,
        out.current.classes,
        policy,
      );
      result.classes = tested.entry;
      scores.push(tested.score);
    }
    // The model's outputs are judged on their own (no correction with the data's columns).
    const verdicts = decideColumns(scores, { ...policy, correction: 'none' });
    for (const v of verdicts) {
      const entry = v.name === 'prediction' ? result.score! : result.classes!;
      entry.drifted = v.drifted;
      entry.because = v.because;
    }
    result.drifted = verdicts.some((v) => v.drifted);
    if (request.label !== undefined) {
      const a = out.reference.metric;
      const b = out.current.metric;
      result.metric = {
        name: PRIMARY[request.task],
        reference: a,
        current: b,
        change: a !== null && b !== null ? b - a : null,
      };
    }
    void classNames;
    return result;
  } finally {
    await session.release?.().catch(() => {});
  }
}

async function columnsOf(file: string): Promise<string[]> {
  const source = await openDataSource(file);
  if (source.format === 'jsonl') {
    for await (const first of source.batches()) {
      void first;
      break;
    }
  }
  return [...source.columns];
}

/** The model's outputs of one file as samples: scores (numeric) and predicted classes (categories). */
function collect(
  p: StoredPredictions,
  positive: number | undefined,
  classes: string[] | undefined,
  score: SideSample,
  predicted: SideSample,
): void {
  const n = p.rows.length;
  score.rows += n;
  predicted.rows += n;
  if (p.task === 'regression') {
    for (let i = 0; i < n; i++) push(score, p.value![i]);
    return;
  }
  const k = p.nClasses ?? 0;
  if (p.task === 'binary' && p.proba && positive !== undefined) {
    for (let i = 0; i < n; i++) push(score, p.proba[i * k + positive]);
  }
  const names = classes ?? [];
  for (let i = 0; i < n; i++) {
    const c = p.yPred![i];
    const key = names[c] ?? String(c);
    predicted.counts!.set(key, (predicted.counts!.get(key) ?? 0) + 1);
  }
}

function push(sample: SideSample, v: number): void {
  if (v !== v) sample.nan++;
  else if (v === Infinity || v === -Infinity) sample.infinite++;
  else {
    sample.values!.push(v);
    if (sample.distinct && sample.distinct.size <= 5)
      sample.distinct.set(v, (sample.distinct.get(v) ?? 0) + 1);
    if (sample.distinct && sample.distinct.size > 5) sample.distinct = undefined;
  }
}
