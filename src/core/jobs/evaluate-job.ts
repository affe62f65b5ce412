/**
 * The evaluate job, whoever asked for it (CLI flags, action inputs or mlgate.yml): check every option
 * before a row is read, open the model (the file first, so a bad file gets a clear message rather than
 * ORT's), create the session on the requested provider, run the evaluation pass, score it, and write
 * evaluation.json, evaluation.md and predictions.parquet, none of them half-written.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EvaluateConfig, MlgateConfig, SliceConfig, ThresholdConfig } from '../config/types.js';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import { removeStaleResults, toJson, writeFilesAtomically } from '../io/write-files.js';
import type { Logger } from '../logger.js';
import { LATENCY_METRICS, parseMetricName } from '../metrics/catalogue.js';
import { readOnnxModelInfo, type OnnxModelInfo } from '../model/onnx-file.js';
import type { Ort, OrtSession, OrtSessionOptions } from '../model/ort.js';
import type { InputMode } from '../model/input-mapping.js';
import type { OutputRequest, Task } from '../model/output-mapping.js';
import {
  createSessionWithProvider,
  describeRuntime,
  getHostProbe,
  queryGpusAsync,
  getSessionProbe,
  type HostProbe,
  type ExecutionProvider,
  type ExecutionProviderRequest,
  type FallbackPolicy,
  type ProviderChoice,
} from '../model/providers.js';
import { renderEvaluationMarkdown } from '../report/evaluation-markdown.js';
import type { LatencyOptions } from '../evaluate/latency.js';
import type { NonFinitePolicy } from '../evaluate/prediction-store.js';
import { writePredictionsFile } from '../evaluate/predictions-file.js';
import type { EvaluationResult, ModelInfo, RuntimeInfo } from '../evaluate/result.js';
import { EVALUATION_SCHEMA_VERSION } from '../evaluate/result.js';
import { runModel, type Shard } from '../evaluate/run-model.js';
import { isSplitCandidate, prewarmReaders, type SplitOptions } from '../evaluate/parallel/split-read.js';
import { planScoring, scorePredictions } from '../evaluate/score.js';
import { displayPath, nameFilesAsShown } from './shown-paths.js';

export const EVALUATION_FILE = 'evaluation.json';
export const EVALUATION_MARKDOWN_FILE = 'evaluation.md';
export const PREDICTIONS_FILE = 'predictions.parquet';

/** The files an evaluation (or a merge) writes to its output folder. */
export function evaluationOutputs(cwd: string, outDir: string) {
  const dir = resolve(cwd, outDir);
  return {
    resultPath: join(dir, EVALUATION_FILE),
    markdownPath: join(dir, EVALUATION_MARKDOWN_FILE),
    predictionsPath: join(dir, PREDICTIONS_FILE),
  };
}

/** Removes an earlier run's results, so a run that stops on a mistake leaves no stale verdict. */
export async function removeStaleEvaluation(cwd: string, outDir: string): Promise<void> {
  const { resultPath, markdownPath, predictionsPath } = evaluationOutputs(cwd, outDir);
  await removeStaleResults([resultPath, markdownPath, predictionsPath]);
}

export interface EvaluateJobRequest {
  modelPath: string;
  dataPath: string;
  task: Task;
  label: string;
  classes?: string[];
  positiveClass?: string;
  features?: string[];
  exclude?: string[];
  inputMode?: InputMode;
  outputs?: OutputRequest;
  batchSize?: number;
  nonFinite?: NonFinitePolicy;
  executionProvider?: ExecutionProviderRequest;
  fallback?: FallbackPolicy;
  threads?: number;
  thresholds?: Record<string, ThresholdConfig>;
  bootstrap?: EvaluateConfig['bootstrap'];
  slices?: SliceConfig[];
  latency?: LatencyOptions | false;
  predictions?: boolean;
  shard?: Shard;
  /** Parse large plain CSV files in parts on reader threads (set by entries that ship the worker). */
  parallel?: SplitOptions;
  outDir: string;
  cwd: string;
}

export interface EvaluateJobDeps {
  ort: Ort;
  logger: Logger;
  /** Makes the chosen GPU provider's libraries available (the actions provision them); CPU needs nothing. */
  prepareProvider?: (request: ExecutionProviderRequest, fallback: FallbackPolicy) => Promise<ProviderChoice>;
  /** Folder of onnxruntime_binding.node, for diagnosing a provider that fails to start. */
  bindingDir?: string;
  /** Looks at the runner for the result's runtime record (threads, GPU model); tests pass a fake. */
  host?: HostProbe;
  now?: () => number;
}

export interface EvaluateJobOutcome {
  result: EvaluationResult;
  resultPath: string;
  markdownPath: string;
  markdown: string;
  predictionsPath?: string;
}

export async function runEvaluateJob(
  request: EvaluateJobRequest,
  deps: EvaluateJobDeps,
): Promise<EvaluateJobOutcome> {
  const { logger } = deps;
  const gpus = queryGpusAsync(deps.host ?? getHostProbe());
  const { resultPath, markdownPath, predictionsPath } = evaluationOutputs(request.cwd, request.outDir);
  await removeStaleEvaluation(request.cwd, request.outDir);
  if (request.threads !== undefined && (!Number.isInteger(request.threads) || request.threads < 1)) {
    throw new ConfigurationError(`threads must be an integer ≥ 1; got ${request.threads}`);
  }
  if (request.batchSize !== undefined && (!Number.isInteger(request.batchSize) || request.batchSize < 1)) {
    throw new ConfigurationError(`batch-size must be an integer ≥ 1; got ${request.batchSize}`);
  }
  // Every metric, threshold and slice option is checked before the model is opened.
  const scoring = planScoring(request.task, {
    thresholds: request.thresholds,
    bootstrap: request.bootstrap,
    slices: request.slices,
  });
  if (request.latency === false && !request.shard) {
    const latency = scoring.thresholds.filter((t) => t.metric in LATENCY_METRICS);
    if (latency.length) {
      throw new ConfigurationError(
        `latency is switched off (--no-latency / latency: false), but thresholds judge ${latency.map((t) => t.metric).join(', ')}: measure latency or drop those thresholds`,
      );
    }
  }
  if (request.shard && request.predictions === false) {
    throw new ConfigurationError(
      `a shard (--shard ${request.shard.index}/${request.shard.count}) must write its predictions for mlgate merge: drop --no-predictions / predictions: false`,
    );
  }
  const modelFile = resolve(request.cwd, request.modelPath);
  const dataFile = resolve(request.cwd, request.dataPath);
  const modelName = displayPath(modelFile, request.cwd);
  const dataName = displayPath(dataFile, request.cwd);
  // Reader threads for a file read in parts start now, so they load while the model is opened.
  const splitCandidate = request.parallel ? await isSplitCandidate(dataFile, request.parallel) : false;
  const pool = splitCandidate && !request.shard ? prewarmReaders(request.parallel!) : undefined;
  const parallel = pool ? { ...request.parallel!, pool } : request.parallel;
  try {
    const info = await readOnnxModelInfo(modelFile).catch((error: unknown) => {
      // Name the model as the user gave it (relative to the working folder), not by its absolute path.
      if (error instanceof ConfigurationError && error.message.startsWith(modelFile)) {
        throw new ConfigurationError(`${modelName}${error.message.slice(modelFile.length)}`, {
          cause: error,
        });
      }
      throw error;
    });

    const providerRequest = request.executionProvider ?? 'cpu';
    const fallback = request.fallback ?? 'none';
    const choice: ProviderChoice = deps.prepareProvider
      ? await deps.prepareProvider(providerRequest, fallback)
      : await cpuOnly(providerRequest, fallback, logger);
    // While a reader thread parses a large CSV file, ONNX Runtime's own pool (one spinning thread per core)
    // would take its core: one intra-op thread then (measured: 1.05 s instead of 1.35 s on 1 M rows). The
    // rule depends on the file, not the shard, so a run and its shards use the same thread count (some
    // kernels' sums depend on it). `threads` overrides it, e.g. for a heavy model.
    const readerThreads = !request.threads && splitCandidate;
    const threads = request.threads ?? (readerThreads ? 1 : undefined);
    const sessionOptions: OrtSessionOptions = {
      graphOptimizationLevel: 'all',
      ...(threads ? { intraOpNumThreads: threads } : {}),
    };
    let session: OrtSession;
    let ran: ExecutionProvider;
    let fellBack = choice.provider !== providerRequest && providerRequest !== 'auto';
    let fallbackReason = fellBack ? choice.reason : undefined;
    try {
      const created = await createSessionWithProvider(
        deps.ort as never,
        modelFile,
        { provider: choice.provider, fallback },
        sessionOptions,
        getSessionProbe(logger, deps.bindingDir),
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
        `${modelName}: ONNX Runtime cannot load the model: ${oneLine(getErrorMessage(error))}`,
        { cause: error },
      );
    }
    logger.info(
      `Evaluating ${modelName} on ${dataName} (${request.task}, ${ran}${request.shard ? `, shard ${request.shard.index}/${request.shard.count}` : ''})`,
    );
    try {
      const outcome = await nameFilesAsShown(request.cwd, () =>
        runModel(
          deps.ort,
          {
            session,
            modelName,
            dataPath: dataFile,
            dataName,
            task: request.task,
            label: request.label,
            features: request.features,
            exclude: request.exclude,
            inputMode: request.inputMode,
            outputs: request.outputs,
            classes: request.classes,
            positive: request.positiveClass,
            batchSize: request.batchSize,
            shard: request.shard,
            nonFinite: request.nonFinite,
            sliceColumns: scoring.sliceColumns,
            latency: request.latency,
            parallel,
            outputTypes: Object.fromEntries(info.outputs.map((o) => [o.name, o.description])),
          },
          logger,
          deps.now,
        ),
      );
      const described = describeRuntime({
        ort: deps.ort as never,
        provider: ran,
        sessionOptions,
        host: deps.host,
        gpus: await gpus,
      });
      const runtime: RuntimeInfo = {
        ort_version: described.ortVersion,
        execution_provider: ran,
        requested_provider: providerRequest,
        fell_back: fellBack,
        ...(fallbackReason ? { fallback_reason: fallbackReason } : {}),
        threads: described.intraOpThreads,
        threads_source: readerThreads ? 'reader-threads' : described.intraOpThreadsSource,
        cpu: described.cpuModel,
        gpu: described.gpus.length
          ? described.gpus.map((g) => `${g.name} (driver ${g.driverVersion})`).join(', ')
          : null,
        node: process.versions.node,
        platform: `${process.platform}-${process.arch} (${described.logicalCpus} CPUs)`,
      };
      // A shard of a file with fewer batches than shards can be empty: it still writes its (empty)
      // predictions so the merge sees every shard, and scores nothing.
      const scored =
        outcome.predictions.rows.length === 0
          ? emptyShardScore(request.shard!)
          : scorePredictions(outcome.predictions, {
              plan: scoring,
              task: request.task,
              classes: outcome.classes,
              positive: outcome.positive,
              sliceKeys: outcome.sliceKeys,
              latency: outcome.latency,
              deferThresholds: request.shard !== undefined,
            });
      const writePredictions = request.predictions !== false;
      const result: EvaluationResult = {
        schemaVersion: EVALUATION_SCHEMA_VERSION,
        task: request.task,
        passed: scored.passed,
        rows: outcome.predictions.rows.length,
        model: modelInfo(modelName, info, session),
        data: { path: dataName, rows_read: outcome.rowsRead, shard: request.shard ?? null },
        mapping: {
          inputs: describeInputPlan(outcome.inputPlan),
          outputs: {
            scores: outcome.outputPlan.scores,
            label: outcome.outputPlan.label,
            value: outcome.outputPlan.value,
            ignored: outcome.outputPlan.ignored,
          },
          ...(outcome.classes ? { classes: outcome.classes } : {}),
          ...(outcome.positive !== undefined ? { positive_class: outcome.classes![outcome.positive] } : {}),
        },
        ...scored.fields,
        latency: outcome.latency
          ? {
              p50_ms: outcome.latency.single.p50_ms,
              p95_ms: outcome.latency.single.p95_ms,
              p99_ms: outcome.latency.single.p99_ms,
              rows_per_s: outcome.latency.batch.rows_per_s,
              batch_size: outcome.latency.batch.batch_size,
              execution_provider: ran,
              ...outcome.latency,
            }
          : null,
        runtime,
        non_finite: outcome.predictions.nonFinite,
        missing_cells: outcome.missingCells,
        timing: outcome.timing,
        predictions_path: writePredictions ? displayPath(predictionsPath, request.cwd) : null,
        created_at: new Date().toISOString(),
      };
      const markdown = renderEvaluationMarkdown(result, scored.chart);
      if (writePredictions) {
        await writePredictionsFile(
          predictionsPath,
          outcome.predictions,
          {
            schemaVersion: 1,
            task: request.task,
            classes: outcome.classes,
            positive: outcome.positive,
            model: { path: modelName, sha256: info.sha256 },
            data: { path: dataName, size_bytes: (await stat(dataFile)).size },
            ...(request.shard ? { shard: request.shard } : {}),
            non_finite: outcome.predictions.nonFinite.count,
            plan: scoring.serialisable,
          },
          outcome.sliceKeys,
        );
      }
      await writeFilesAtomically([
        { path: resultPath, content: toJson(result) },
        { path: markdownPath, content: markdown },
      ]);
      return {
        result,
        resultPath,
        markdownPath,
        markdown,
        predictionsPath: writePredictions ? predictionsPath : undefined,
      };
    } finally {
      await session.release?.().catch(() => {});
    }
  } finally {
    await pool?.close();
  }
}

function emptyShardScore(shard: Shard): ReturnType<typeof scorePredictions> {
  const reason = `shard ${shard.index}/${shard.count} has no rows: the file has fewer batches than shards`;
  return {
    passed: true,
    fields: {
      metrics: {},
      unavailable: { '*': reason },
      ci: {},
      thresholds: [],
      thresholds_deferred: true,
      slices: [],
      worst_slices: {},
    },
    chart: {},
  };
}

/** Outside the actions only the npm package's CPU provider exists: a GPU request fails or falls back. */
export async function cpuOnly(
  request: ExecutionProviderRequest,
  fallback: FallbackPolicy,
  logger: Logger,
): Promise<ProviderChoice> {
  if (request === 'cpu') return { provider: 'cpu', reason: 'requested' };
  if (request === 'auto')
    return { provider: 'cpu', reason: 'auto: GPU providers are provisioned by the actions only' };
  const reason = `execution-provider ${request} is provisioned by the evaluate-model action; this host has only the npm package's CPU provider`;
  if (fallback === 'cpu') {
    logger.warning(`${reason}; fallback: cpu, so the model runs on the CPU.`);
    return { provider: 'cpu', reason };
  }
  return { provider: request, reason: 'requested' };
}

function modelInfo(path: string, info: OnnxModelInfo, session: OrtSession): ModelInfo {
  const shapeOf = (meta: OrtSession['inputMetadata'][number]) => (meta.isTensor ? [...meta.shape] : []);
  return {
    path,
    sha256: info.sha256,
    size_bytes: info.sizeBytes,
    inputs: session.inputMetadata.map((m) => ({
      name: m.name,
      is_tensor: m.isTensor,
      ...(m.isTensor ? { dtype: m.type } : {}),
      shape: shapeOf(m),
    })),
    outputs: info.outputs.map((o) => {
      const meta = session.outputMetadata.find((m) => m.name === o.name);
      return {
        name: o.name,
        is_tensor: o.kind === 'tensor',
        ...(o.dtype ? { dtype: o.dtype } : {}),
        shape: meta ? shapeOf(meta) : [],
        ...(o.kind !== 'tensor' ? { type: o.description } : {}),
      };
    }),
    ir_version: info.irVersion,
    opsets: info.opsets,
    producer: info.producerName,
    producer_version: info.producerVersion,
    graph_name: info.graphName,
    doc_string: info.docString,
    model_version: info.modelVersion,
    metadata: info.metadata,
  };
}

function describeInputPlan(plan: import('../model/input-mapping.js').InputPlan): unknown {
  if (plan.kind === 'tensor')
    return { kind: 'tensor', input: plan.input, dtype: plan.dtype, features: plan.features };
  return {
    kind: 'per-column',
    inputs: plan.inputs.map((i) => ({ input: i.input, column: i.column, dtype: i.dtype })),
  };
}

function oneLine(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

/** Builds a request from mlgate.yml's `evaluate:` section; its paths are relative to the config's folder. */
export function evaluateRequestFromConfig(
  config: MlgateConfig,
  overrides: { cwd: string; outDir?: string },
): EvaluateJobRequest {
  const section = config.evaluate;
  if (!section)
    throw new ConfigurationError(`${config.path}: has no "evaluate" section; add one (see docs/config.md).`);
  const base = resolve(config.path, '..');
  return {
    modelPath: resolve(base, section.model),
    dataPath: resolve(base, section.data),
    task: section.task,
    label: section.label,
    classes: section.classes,
    positiveClass: section.positiveClass,
    features: section.features,
    exclude: section.exclude,
    inputMode: section.inputMode,
    outputs: section.outputs,
    batchSize: section.batchSize,
    nonFinite: section.nonFinite,
    executionProvider: section.executionProvider,
    fallback: section.fallback,
    threads: section.threads,
    thresholds: section.thresholds,
    bootstrap: section.bootstrap,
    slices: section.slices,
    latency: section.latency,
    predictions: section.predictions,
    outDir: overrides.outDir ?? 'mlgate-out',
    cwd: overrides.cwd,
  };
}

/** What an entry's flags or inputs say; each given value overrides mlgate.yml's evaluate section. */
export interface EvaluateOverrides {
  model?: string;
  data?: string;
  task?: Task;
  label?: string;
  classes?: string[];
  positiveClass?: string;
  features?: string[];
  exclude?: string[];
  inputMode?: InputMode;
  probabilities?: string;
  labelOutput?: string;
  output?: string;
  transform?: 'none' | 'softmax' | 'sigmoid';
  nonFinite?: NonFinitePolicy;
  thresholds?: Record<string, ThresholdConfig>;
  ciMetrics?: string[];
  bootstrap?: number;
  seed?: number;
  slices?: SliceConfig[];
  minSliceSize?: number;
  batchSize?: number;
  threads?: number;
  executionProvider?: ExecutionProviderRequest;
  fallback?: FallbackPolicy;
  shard?: Shard;
  /** false switches the latency measurement off. */
  latency?: boolean;
  /** false: no predictions.parquet. */
  predictions?: boolean;
}

/**
 * The request from an entry's overrides on top of mlgate.yml's evaluate section (when there is a
 * config); model, data, task and label are required from one or the other.
 */
export function evaluateRequestFrom(
  o: EvaluateOverrides,
  config: MlgateConfig | undefined,
  where: { cwd: string; outDir: string; names: Record<'model' | 'data' | 'task' | 'label', string> },
): EvaluateJobRequest {
  const base = config ? evaluateRequestFromConfig(config, where) : undefined;
  const missing = (['model', 'data', 'task', 'label'] as const).filter(
    (k) => o[k] === undefined && base === undefined,
  );
  if (missing.length) {
    throw new ConfigurationError(
      `${missing.map((k) => where.names[k]).join(', ')} ${missing.length > 1 ? 'are' : 'is'} required, unless a config (mlgate.yml) with an evaluate section gives ${missing.length > 1 ? 'them' : 'it'}`,
    );
  }
  const request: EvaluateJobRequest = base ?? {
    modelPath: o.model!,
    dataPath: o.data!,
    task: o.task!,
    label: o.label!,
    outDir: where.outDir,
    cwd: where.cwd,
  };
  const set = <K extends keyof EvaluateJobRequest>(key: K, value: EvaluateJobRequest[K] | undefined) => {
    if (value !== undefined) request[key] = value;
  };
  set('modelPath', o.model);
  set('dataPath', o.data);
  set('task', o.task);
  set('label', o.label);
  set('classes', o.classes);
  set('positiveClass', o.positiveClass);
  set('features', o.features);
  set('exclude', o.exclude);
  set('inputMode', o.inputMode);
  if (o.probabilities || o.labelOutput || o.output || o.transform) {
    request.outputs = {
      ...request.outputs,
      ...(o.probabilities ? { probabilities: o.probabilities } : {}),
      ...(o.labelOutput ? { label: o.labelOutput } : {}),
      ...(o.output ? { value: o.output } : {}),
      ...(o.transform ? { transform: o.transform } : {}),
    };
  }
  set('nonFinite', o.nonFinite);
  if (o.thresholds) {
    // A flag's or an input's threshold replaces the config's on the same metric, whatever alias
    // either uses (accuracy_score on the CLI over accuracy in mlgate.yml).
    const key = (name: string) => {
      try {
        return parseMetricName(name, request.task).name;
      } catch {
        return name; // unknown names are reported by planScoring with a did-you-mean
      }
    };
    const replaced = new Set(Object.keys(o.thresholds).map(key));
    const kept = Object.entries(request.thresholds ?? {}).filter(([name]) => !replaced.has(key(name)));
    request.thresholds = { ...Object.fromEntries(kept), ...o.thresholds };
  }
  request.bootstrap = withBootstrapOverrides(request.bootstrap, o);
  if (o.slices) request.slices = [...(request.slices ?? []), ...o.slices];
  if (o.minSliceSize !== undefined) {
    if (!request.slices?.length) {
      throw new ConfigurationError(
        'a minimum slice size (--min-slice-size / min-slice-size) needs slices (--slice, or slices in the config)',
      );
    }
    request.slices = request.slices.map((s) => ({ ...s, minSize: o.minSliceSize }));
  }
  set('batchSize', o.batchSize);
  set('threads', o.threads);
  set('executionProvider', o.executionProvider);
  set('fallback', o.fallback);
  set('shard', o.shard);
  if (o.latency === false) request.latency = false;
  if (o.predictions === false) request.predictions = false;
  return request;
}

/** The bootstrap options with an entry's CI metrics, resamples and seed on top (each only when given). */
export function withBootstrapOverrides(
  base: EvaluateConfig['bootstrap'],
  o: Pick<EvaluateOverrides, 'ciMetrics' | 'bootstrap' | 'seed'>,
): EvaluateConfig['bootstrap'] {
  if (!o.ciMetrics && o.bootstrap === undefined && o.seed === undefined) return base;
  return {
    ...base,
    ...(o.ciMetrics ? { metrics: o.ciMetrics } : {}),
    ...(o.bootstrap !== undefined ? { resamples: o.bootstrap } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
  };
}
