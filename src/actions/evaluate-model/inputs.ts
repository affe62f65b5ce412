import {
  parseShard,
  parseSliceOption,
  parseThresholdLines,
  splitList,
} from '../../core/evaluate/option-syntax.js';
import type { EvaluateOverrides } from '../../core/jobs/evaluate-job.js';
import { parseExecutionProvider, parseFallback } from '../../core/model/providers.js';
import {
  getBooleanInputOr,
  getEnumInput,
  getIntegerInput,
  getListInput,
  getOptionalInput,
} from '../../github/inputs.js';

/** Input names exactly as in actions/evaluate-model/action.yml. */
export const Input = {
  model: 'model',
  data: 'data',
  task: 'task',
  label: 'label',
  classes: 'classes',
  positiveClass: 'positive-class',
  features: 'features',
  exclude: 'exclude',
  inputMode: 'input-mode',
  probabilities: 'probabilities',
  labelOutput: 'label-output',
  output: 'output',
  transform: 'transform',
  nonFinite: 'non-finite',
  thresholds: 'thresholds',
  ciMetrics: 'ci-metrics',
  bootstrap: 'bootstrap',
  seed: 'seed',
  slices: 'slices',
  minSliceSize: 'min-slice-size',
  batchSize: 'batch-size',
  threads: 'threads',
  executionProvider: 'execution-provider',
  fallback: 'fallback',
  onnxruntimePath: 'onnxruntime-path',
  onnxruntimeGpuPath: 'onnxruntime-gpu-path',
  onnxruntimeGpuSha512: 'onnxruntime-gpu-sha512',
  shard: 'shard',
  latency: 'latency',
  predictions: 'predictions',
  merge: 'merge',
  config: 'config',
  outputDir: 'output-dir',
  summary: 'summary',
  annotations: 'annotations',
} as const;

/** The evaluate options (see EvaluateOverrides) plus what only the action has. */
export interface EvaluateModelInputs extends EvaluateOverrides {
  onnxruntimePath?: string;
  onnxruntimeGpuPath?: string;
  onnxruntimeGpuSha512?: string;
  /** Shards' predictions to merge instead of evaluating. */
  merge: string[];
  config?: string;
  outputDir: string;
  summary: boolean;
  annotations: number;
}

export function getInputs(): EvaluateModelInputs {
  const thresholdLines = getListInput(Input.thresholds);
  const thresholds = thresholdLines.length
    ? parseThresholdLines(thresholdLines, `Input "${Input.thresholds}"`)
    : undefined;
  const sliceLines = getListInput(Input.slices);
  const list = (name: string) => {
    const raw = getOptionalInput(name);
    return raw === undefined ? undefined : splitList(raw.replace(/\n/g, ','));
  };
  const shard = getOptionalInput(Input.shard);
  const provider = getOptionalInput(Input.executionProvider);
  const fallback = getOptionalInput(Input.fallback);
  const inputs: EvaluateModelInputs = {
    model: getOptionalInput(Input.model),
    data: getOptionalInput(Input.data),
    task: getEnumInput(Input.task, ['binary', 'multiclass', 'regression'] as const),
    label: getOptionalInput(Input.label),
    classes: list(Input.classes),
    positiveClass: getOptionalInput(Input.positiveClass),
    features: list(Input.features),
    exclude: list(Input.exclude),
    inputMode: getEnumInput(Input.inputMode, ['auto', 'tensor', 'per-column'] as const),
    probabilities: getOptionalInput(Input.probabilities),
    labelOutput: getOptionalInput(Input.labelOutput),
    output: getOptionalInput(Input.output),
    transform: getEnumInput(Input.transform, ['none', 'softmax', 'sigmoid'] as const),
    nonFinite: getEnumInput(Input.nonFinite, ['error', 'drop'] as const),
    thresholds,
    ciMetrics: list(Input.ciMetrics),
    bootstrap: getIntegerInput(Input.bootstrap, { min: 10 }),
    seed: getIntegerInput(Input.seed, { min: 0 }),
    slices: sliceLines.length
      ? sliceLines.map((s) => parseSliceOption(s, `Input "${Input.slices}"`))
      : undefined,
    minSliceSize: getIntegerInput(Input.minSliceSize, { min: 1 }),
    batchSize: getIntegerInput(Input.batchSize, { min: 1 }),
    threads: getIntegerInput(Input.threads, { min: 1 }),
    executionProvider: provider
      ? parseExecutionProvider(provider, `Input "${Input.executionProvider}"`)
      : undefined,
    fallback: fallback ? parseFallback(fallback, `Input "${Input.fallback}"`) : undefined,
    onnxruntimePath: getOptionalInput(Input.onnxruntimePath),
    onnxruntimeGpuPath: getOptionalInput(Input.onnxruntimeGpuPath),
    onnxruntimeGpuSha512: getOptionalInput(Input.onnxruntimeGpuSha512),
    shard: shard ? parseShard(shard, `Input "${Input.shard}"`) : undefined,
    latency: getBooleanInputOr(Input.latency, true),
    predictions: getBooleanInputOr(Input.predictions, true),
    merge: getListInput(Input.merge),
    config: getOptionalInput(Input.config),
    outputDir: getOptionalInput(Input.outputDir) ?? 'mlgate-out',
    summary: getBooleanInputOr(Input.summary, true),
    annotations: getIntegerInput(Input.annotations, { min: 0 }) ?? 10,
  };
  return inputs;
}
