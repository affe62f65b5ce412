import { ConfigurationError } from '../../core/errors.js';
import { parsePolicyRule } from '../../core/compare/policy.js';
import type { PolicyRule } from '../../core/compare/result.js';
import { parseThresholdLines } from '../../core/evaluate/option-syntax.js';
import type { ThresholdConfig } from '../../core/config/types.js';
import type { InputMode } from '../../core/model/input-mapping.js';
import type { OutputRequest, Task } from '../../core/model/output-mapping.js';
import {
  parseExecutionProvider,
  parseFallback,
  type ExecutionProviderRequest,
  type FallbackPolicy,
} from '../../core/model/providers.js';
import {
  getBooleanInputOr,
  getEnumInput,
  getIntegerInput,
  getListInput,
  getOptionalInput,
} from '../../github/inputs.js';

/** Input names exactly as in actions/compare-baseline/action.yml. */
export const Input = {
  candidate: 'candidate',
  baseline: 'baseline',
  baselineFrom: 'baseline-from',
  registry: 'registry',
  baselineResults: 'baseline-results',
  noBaseline: 'no-baseline',
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
  baselineTransform: 'baseline-transform',
  rules: 'rules',
  signature: 'signature',
  maxLatencyRatio: 'max-latency-ratio',
  latency: 'latency',
  thresholds: 'thresholds',
  resamples: 'resamples',
  seed: 'seed',
  shadow: 'shadow',
  failOn: 'fail-on',
  ifNoBaseline: 'if-no-baseline',
  artifact: 'artifact',
  artifactRetentionDays: 'artifact-retention-days',
  executionProvider: 'execution-provider',
  fallback: 'fallback',
  onnxruntimePath: 'onnxruntime-path',
  onnxruntimeGpuPath: 'onnxruntime-gpu-path',
  onnxruntimeGpuSha512: 'onnxruntime-gpu-sha512',
  token: 'token',
  summary: 'summary',
  outputDir: 'output-dir',
} as const;

export type BaselineInput =
  | { kind: 'model'; path: string }
  | { kind: 'registry'; ref: string; registry: string }
  | { kind: 'results'; path: string }
  | { kind: 'none' };

export interface CompareBaselineInputs {
  candidate: string;
  baseline: BaselineInput;
  data: string;
  task: Task;
  label: string;
  classes?: string[];
  positiveClass?: string;
  features?: string[];
  exclude?: string[];
  inputMode?: InputMode;
  outputs?: OutputRequest;
  baselineOutputs?: OutputRequest;
  rules: PolicyRule[];
  signature?: 'fail' | 'warn';
  maxLatencyRatio?: number;
  latency: boolean;
  thresholds?: Record<string, ThresholdConfig>;
  resamples?: number;
  seed?: number;
  shadow?: string;
  failOn: 'fail' | 'inconclusive' | 'never';
  /** baseline-from names no version yet (the first model of a project): fail, or bootstrap mode. */
  ifNoBaseline: 'fail' | 'bootstrap';
  /** Upload comparison.html, .json and .md as the workflow artifact mlgate-comparison-<candidate>. */
  artifact: boolean;
  artifactRetentionDays?: number;
  executionProvider?: ExecutionProviderRequest;
  fallback?: FallbackPolicy;
  onnxruntimePath?: string;
  onnxruntimeGpuPath?: string;
  onnxruntimeGpuSha512?: string;
  token?: string;
  summary: boolean;
  outputDir: string;
}

function names(name: string): string[] | undefined {
  const raw = getOptionalInput(name);
  if (raw === undefined) return undefined;
  const list = raw
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length === 0)
    throw new ConfigurationError(`Input "${name}" is empty; give names separated by commas.`);
  return list;
}

function required(name: string, what: string): string {
  const value = getOptionalInput(name);
  if (value === undefined) throw new ConfigurationError(`Input "${name}" is required: ${what}.`);
  return value;
}

export function getInputs(): CompareBaselineInputs {
  const task = getEnumInput(Input.task, ['binary', 'multiclass', 'regression'] as const);
  if (!task)
    throw new ConfigurationError(`Input "${Input.task}" is required: binary, multiclass or regression.`);
  const sources = [
    getOptionalInput(Input.baseline) !== undefined && Input.baseline,
    getOptionalInput(Input.baselineFrom) !== undefined && Input.baselineFrom,
    getOptionalInput(Input.baselineResults) !== undefined && Input.baselineResults,
    getBooleanInputOr(Input.noBaseline, false) && Input.noBaseline,
  ].filter((s) => typeof s === 'string') as string[];
  if (sources.length !== 1) {
    throw new ConfigurationError(
      sources.length === 0
        ? 'Give one baseline: input "baseline" (a model file), "baseline-from" (a registry version such as churn#production), "baseline-results" (its evaluation.json) or "no-baseline: true".'
        : `Inputs ${sources.map((s) => `"${s}"`).join(' and ')} exclude each other: give one baseline.`,
    );
  }
  const baseline: BaselineInput =
    sources[0] === Input.baseline
      ? { kind: 'model', path: getOptionalInput(Input.baseline)! }
      : sources[0] === Input.baselineFrom
        ? {
            kind: 'registry',
            ref: getOptionalInput(Input.baselineFrom)!,
            registry: getOptionalInput(Input.registry) ?? 'github',
          }
        : sources[0] === Input.baselineResults
          ? { kind: 'results', path: getOptionalInput(Input.baselineResults)! }
          : { kind: 'none' };
  const transforms = ['none', 'softmax', 'sigmoid'] as const;
  const transform = getEnumInput(Input.transform, transforms);
  const outputs: OutputRequest = {
    ...(getOptionalInput(Input.probabilities)
      ? { probabilities: getOptionalInput(Input.probabilities)! }
      : {}),
    ...(getOptionalInput(Input.labelOutput) ? { label: getOptionalInput(Input.labelOutput)! } : {}),
    ...(getOptionalInput(Input.output) ? { value: getOptionalInput(Input.output)! } : {}),
    ...(transform ? { transform } : {}),
  };
  const baselineTransform = getEnumInput(Input.baselineTransform, transforms);
  const ratioText = getOptionalInput(Input.maxLatencyRatio);
  const ratio = ratioText === undefined ? undefined : Number(ratioText);
  if (ratio !== undefined && !(Number.isFinite(ratio) && ratio > 0)) {
    throw new ConfigurationError(
      `Input "${Input.maxLatencyRatio}" must be a number > 0; got "${ratioText}".`,
    );
  }
  const thresholdLines = getListInput(Input.thresholds);
  const provider = getOptionalInput(Input.executionProvider);
  const fallback = getOptionalInput(Input.fallback);
  return {
    candidate: required(Input.candidate, 'the candidate ONNX model'),
    baseline,
    data: required(Input.data, 'the labelled data both models are run on'),
    task,
    label: required(Input.label, 'the label column'),
    classes: names(Input.classes),
    positiveClass: getOptionalInput(Input.positiveClass),
    features: names(Input.features),
    exclude: names(Input.exclude),
    inputMode: getEnumInput(Input.inputMode, ['auto', 'tensor', 'per-column'] as const),
    outputs: Object.keys(outputs).length ? outputs : undefined,
    baselineOutputs: baselineTransform ? { ...outputs, transform: baselineTransform } : undefined,
    rules: getListInput(Input.rules).map((r) => parsePolicyRule(r, task, `input "${Input.rules}"`)),
    signature: getEnumInput(Input.signature, ['fail', 'warn'] as const),
    maxLatencyRatio: ratio,
    latency: getBooleanInputOr(Input.latency, true),
    thresholds: thresholdLines.length
      ? parseThresholdLines(thresholdLines, `input "${Input.thresholds}"`)
      : undefined,
    resamples: getIntegerInput(Input.resamples, { min: 10 }),
    seed: getIntegerInput(Input.seed, { min: 0 }),
    shadow: getOptionalInput(Input.shadow),
    failOn: getEnumInput(Input.failOn, ['fail', 'inconclusive', 'never'] as const) ?? 'fail',
    ifNoBaseline: getEnumInput(Input.ifNoBaseline, ['fail', 'bootstrap'] as const) ?? 'fail',
    artifact: getBooleanInputOr(Input.artifact, true),
    artifactRetentionDays: getIntegerInput(Input.artifactRetentionDays, { min: 1 }),
    executionProvider: provider
      ? parseExecutionProvider(provider, `input "${Input.executionProvider}"`)
      : undefined,
    fallback: fallback ? parseFallback(fallback, `input "${Input.fallback}"`) : undefined,
    onnxruntimePath: getOptionalInput(Input.onnxruntimePath),
    onnxruntimeGpuPath: getOptionalInput(Input.onnxruntimeGpuPath),
    onnxruntimeGpuSha512: getOptionalInput(Input.onnxruntimeGpuSha512),
    token: getOptionalInput(Input.token),
    summary: getBooleanInputOr(Input.summary, true),
    outputDir: getOptionalInput(Input.outputDir) ?? 'mlgate-out',
  };
}
