import { ConfigurationError } from '../../core/errors.js';
import { CORRECTIONS, type Correction } from '../../core/drift/decide.js';
import type { DriftJobRequest } from '../../core/jobs/drift-job.js';
import type { Task } from '../../core/model/output-mapping.js';
import {
  parseExecutionProvider,
  parseFallback,
  type ExecutionProviderRequest,
  type FallbackPolicy,
} from '../../core/model/providers.js';
import { parseDriftMethods, parseDriftThresholds, splitNames } from '../../core/drift/options.js';
import {
  getBooleanInputOr,
  getEnumInput,
  getIntegerInput,
  getListInput,
  getOptionalInput,
} from '../../github/inputs.js';

/** Input names exactly as in actions/drift-check/action.yml. */
export const Input = {
  reference: 'reference',
  referenceFrom: 'reference-from',
  registry: 'registry',
  current: 'current',
  config: 'config',
  name: 'name',
  columns: 'columns',
  exclude: 'exclude',
  numeric: 'numeric',
  categorical: 'categorical',
  methods: 'methods',
  thresholds: 'thresholds',
  alpha: 'alpha',
  correction: 'correction',
  minEffect: 'min-effect',
  minValues: 'min-values',
  smallSample: 'small-sample',
  driftShare: 'drift-share',
  failOnDrift: 'fail-on-drift',
  issue: 'issue',
  issueLabels: 'issue-labels',
  reopen: 'reopen',
  dispatch: 'dispatch',
  dispatchEventType: 'dispatch-event-type',
  dispatchWorkflow: 'dispatch-workflow',
  dispatchRef: 'dispatch-ref',
  model: 'model',
  task: 'task',
  label: 'label',
  features: 'features',
  classes: 'classes',
  positiveClass: 'positive-class',
  onnxruntimePath: 'onnxruntime-path',
  executionProvider: 'execution-provider',
  fallback: 'fallback',
  onnxruntimeGpuPath: 'onnxruntime-gpu-path',
  onnxruntimeGpuSha512: 'onnxruntime-gpu-sha512',
  token: 'token',
  outputDir: 'output-dir',
  summary: 'summary',
} as const;

export interface DriftCheckInputs {
  /** Empty when the config's drift section gives them. */
  reference: string[];
  /** A registry version whose recorded reference data is the reference (NAME#STAGE, NAME@vX.Y.Z). */
  referenceFrom?: string;
  /** `github` or a folder; for referenceFrom. */
  registry: string;
  current: string[];
  config?: string;
  name?: string;
  columns?: string[];
  exclude?: string[];
  numeric?: string[];
  categorical?: string[];
  policy: NonNullable<DriftJobRequest['policy']>;
  /** Undefined: the config's drift section decides (default false). */
  failOnDrift?: boolean;
  issue: boolean;
  issueLabels: string[];
  reopen: boolean;
  dispatch: 'none' | 'repository_dispatch' | 'workflow_dispatch';
  dispatchEventType: string;
  dispatchWorkflow?: string;
  dispatchRef?: string;
  /** Prediction drift: the model run on both sides (CPU). */
  model?: {
    /** Absent: the inputs below adjust the config's model. */
    path?: string;
    task?: Task;
    label?: string;
    features?: string[];
    classes?: string[];
    positive?: string;
  };
  onnxruntimePath?: string;
  /** Where prediction drift runs the model (evaluate-model's runtime). */
  executionProvider?: ExecutionProviderRequest;
  fallback?: FallbackPolicy;
  onnxruntimeGpuPath?: string;
  onnxruntimeGpuSha512?: string;
  token?: string;
  outputDir: string;
  summary: boolean;
}

function parseProviderInput(value: string | undefined): ExecutionProviderRequest | undefined {
  return value === undefined
    ? undefined
    : parseExecutionProvider(value, `input "${Input.executionProvider}"`);
}

function numberInput(name: string): number | undefined {
  const raw = getOptionalInput(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new ConfigurationError(`Input "${name}" must be a number; got "${raw}".`);
  return n;
}

/**
 * The model inputs. Without a `model` input they may still adjust the config's model (checked once the
 * config is read, main.ts); `path` is then absent.
 */
function modelInputs(config: string | undefined): DriftCheckInputs['model'] {
  const path = getOptionalInput(Input.model);
  const task = getEnumInput(Input.task, ['binary', 'multiclass', 'regression'] as const);
  const rest = {
    label: getOptionalInput(Input.label),
    features: splitNames(getOptionalInput(Input.features), `input "${Input.features}"`),
    classes: splitNames(getOptionalInput(Input.classes), `input "${Input.classes}"`),
    positive: getOptionalInput(Input.positiveClass),
  };
  if (!path) {
    const given = [Input.task, Input.label, Input.features, Input.classes, Input.positiveClass].find(
      (name) => getOptionalInput(name) !== undefined,
    );
    if (given === undefined) return undefined;
    if (!config) throw new ConfigurationError(`Input "${given}" needs input "model" (prediction drift).`);
    return { task, ...rest };
  }
  if (!task)
    throw new ConfigurationError('Input "task" is required with "model": binary, multiclass or regression.');
  return { path, task, ...rest };
}

export function getInputs(): DriftCheckInputs {
  const reference = getListInput(Input.reference);
  const referenceFrom = getOptionalInput(Input.referenceFrom);
  const current = getListInput(Input.current);
  const config = getOptionalInput(Input.config);
  if (reference.length > 0 && referenceFrom) {
    throw new ConfigurationError('Inputs "reference" and "reference-from" exclude each other: give one.');
  }
  if (reference.length === 0 && !referenceFrom && !config) {
    throw new ConfigurationError(
      'Input "reference" is required (the reference data, a path or glob per line) unless "reference-from" names a registry version or "config" names an mlgate.yml with a drift section.',
    );
  }
  if (current.length === 0 && !config) {
    throw new ConfigurationError(
      'Input "current" is required (the current data, a path or glob per line) unless "config" names an mlgate.yml with a drift section.',
    );
  }
  const dispatch =
    getEnumInput(Input.dispatch, ['none', 'repository_dispatch', 'workflow_dispatch'] as const) ?? 'none';
  const inputs: DriftCheckInputs = {
    reference,
    referenceFrom,
    registry: getOptionalInput(Input.registry) ?? 'github',
    current,
    config,
    name: getOptionalInput(Input.name),
    columns: splitNames(getOptionalInput(Input.columns), `input "${Input.columns}"`),
    exclude: splitNames(getOptionalInput(Input.exclude), `input "${Input.exclude}"`),
    numeric: splitNames(getOptionalInput(Input.numeric), `input "${Input.numeric}"`),
    categorical: splitNames(getOptionalInput(Input.categorical), `input "${Input.categorical}"`),
    policy: {
      alpha: numberInput(Input.alpha),
      correction: getEnumInput(Input.correction, CORRECTIONS) as Correction | undefined,
      min_effect: numberInput(Input.minEffect),
      min_values: getIntegerInput(Input.minValues, { min: 1 }),
      small_sample: getIntegerInput(Input.smallSample, { min: 1 }),
      drift_share: numberInput(Input.driftShare),
      thresholds: parseDriftThresholds(getListInput(Input.thresholds), `input "${Input.thresholds}"`),
      methods: parseDriftMethods(getListInput(Input.methods), `input "${Input.methods}"`),
    },
    failOnDrift:
      getOptionalInput(Input.failOnDrift) === undefined
        ? undefined
        : getBooleanInputOr(Input.failOnDrift, false),
    issue: getBooleanInputOr(Input.issue, true),
    issueLabels: getListInput(Input.issueLabels),
    reopen: getBooleanInputOr(Input.reopen, false),
    dispatch,
    dispatchEventType: getOptionalInput(Input.dispatchEventType) ?? 'mlgate-drift',
    dispatchWorkflow: getOptionalInput(Input.dispatchWorkflow),
    dispatchRef: getOptionalInput(Input.dispatchRef),
    model: modelInputs(config),
    onnxruntimePath: getOptionalInput(Input.onnxruntimePath),
    executionProvider: parseProviderInput(getOptionalInput(Input.executionProvider)),
    fallback: getOptionalInput(Input.fallback)
      ? parseFallback(getOptionalInput(Input.fallback), `input "${Input.fallback}"`)
      : undefined,
    onnxruntimeGpuPath: getOptionalInput(Input.onnxruntimeGpuPath),
    onnxruntimeGpuSha512: getOptionalInput(Input.onnxruntimeGpuSha512),
    token: getOptionalInput(Input.token),
    outputDir: getOptionalInput(Input.outputDir) ?? 'mlgate-out',
    summary: getBooleanInputOr(Input.summary, true),
  };
  if (dispatch === 'workflow_dispatch' && !inputs.dispatchWorkflow) {
    throw new ConfigurationError(
      'Input "dispatch-workflow" is required with dispatch: workflow_dispatch (the workflow file, e.g. retrain.yml).',
    );
  }
  return inputs;
}
