/**
 * mlgate compare / compare-baseline: the candidate and its baseline run in one process on the same rows
 * (pairs by data row), then paired statistics and the policy's verdict. Also: stored results of the
 * baseline (metrics only, unpaired), no baseline at all (bootstrap mode: value thresholds only), the
 * latency ratio measured interleaved, signature compatibility, and shadow mode on unlabelled data.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { comparisonCharts } from '../compare/charts.js';
import { delongTest } from '../compare/delong.js';
import { measureInterleaved } from '../compare/latency-ratio.js';
import { mcnemar } from '../compare/mcnemar.js';
import { pairedBootstrap } from '../compare/paired-bootstrap.js';
import {
  checkPolicyRule,
  combineChecks,
  defaultRules,
  higherIsBetter,
  judgeRule,
  PRIMARY_METRIC,
} from '../compare/policy.js';
import type {
  BaselineSource,
  ComparedMetric,
  ComparisonResult,
  PolicyCheck,
  PolicyRule,
  ShadowComparison,
} from '../compare/result.js';
import { wilcoxonSignedRank } from '../compare/wilcoxon.js';
import { ecdfStatistics } from '../drift/ecdf-walk.js';
import { ksTwoSided } from '../drift/ks.js';
import { ConfigurationError, getErrorMessage } from '../errors.js';
import { runModel, type RunModelOutcome } from '../evaluate/run-model.js';
import { metricInput, planScoring, scorePredictions } from '../evaluate/score.js';
import { removeStaleResults, toJson, writeFilesAtomically } from '../io/write-files.js';
import type { Logger } from '../logger.js';
import type { MlgateConfig, ThresholdConfig } from '../config/types.js';
import { evaluateRequestFromConfig, type EvaluateJobRequest } from './evaluate-job.js';
import { metricFunction } from '../metrics/metric-function.js';
import { computeClassificationMetrics } from '../metrics/classification.js';
import { computeRegressionMetrics } from '../metrics/regression.js';
import type { ClassificationInput, MetricReport, RegressionInput } from '../metrics/types.js';
import { readOnnxModelInfo, type OnnxModelInfo } from '../model/onnx-file.js';
import type { InputMode } from '../model/input-mapping.js';
import type { Ort, OrtSession } from '../model/ort.js';
import type { OutputRequest, Task } from '../model/output-mapping.js';
import {
  createSessionWithProvider,
  getSessionProbe,
  type ExecutionProvider,
  type FallbackPolicy,
} from '../model/providers.js';
import { compareSignatures, signatureFromOnnx } from '../registry/signature-compat.js';
import { renderComparisonHtml } from '../report/comparison-html.js';
import { renderComparisonMarkdown, SUMMARY_LIMIT } from '../report/comparison-markdown.js';
import { displayPath, nameFilesAsShown } from './shown-paths.js';

export const COMPARISON_FILE = 'comparison.json';
export const COMPARISON_MARKDOWN_FILE = 'comparison.md';
export const COMPARISON_HTML_FILE = 'comparison.html';

export type BaselineRequest =
  | { kind: 'model'; path: string }
  | { kind: 'registry'; ref: string; tag: string; version: string; sha256: string; path: string }
  | { kind: 'results'; path: string }
  | { kind: 'none' };

export interface CompareJobRequest {
  cwd: string;
  outDir: string;
  candidatePath: string;
  baseline: BaselineRequest;
  dataPath: string;
  task: Task;
  label: string;
  classes?: string[];
  positiveClass?: string;
  features?: string[];
  exclude?: string[];
  inputMode?: InputMode;
  outputs?: OutputRequest;
  /** The baseline's outputs when they differ from the candidate's (e.g. it gives logits). */
  baselineOutputs?: OutputRequest;
  batchSize?: number;
  /** Comparison rules; absent or empty: no regression on the primary metric, margin 0. */
  rules?: PolicyRule[];
  rulesSource?: 'config' | 'inputs';
  /** A breaking signature change fails the comparison (default) or is only reported. */
  signature?: 'fail' | 'warn';
  /** Fail when the candidate's p95 latency is more than this many times the baseline's. */
  maxLatencyRatio?: number;
  /** Measure the latency ratio (default true with a model baseline). */
  latency?: boolean;
  /** The candidate's own value thresholds (judged in every mode; the only checks in bootstrap mode). */
  thresholds?: Record<string, ThresholdConfig>;
  bootstrap?: { resamples?: number; seed?: number; level?: number };
  /** Unlabelled recent data both models are also run on (shadow mode). */
  shadowPath?: string;
  /** Why there is no baseline, when an entry fell back to bootstrap mode (the registry has none yet). */
  noBaselineReason?: string;
  /** The GPU provider chosen by the entry; absent: CPU. */
  provider?: { provider: ExecutionProvider; fallback: FallbackPolicy; bindingDir?: string };
}

export interface CompareJobDeps {
  ort: Ort;
  logger: Logger;
  now?: () => Date;
}

export interface CompareJobOutcome {
  result: ComparisonResult;
  resultPath: string;
  /** comparison.md: the job summary (within GitHub's 1 MiB). */
  markdown: string;
  markdownPath: string;
  htmlPath: string;
}

export function comparisonOutputs(cwd: string, outDir: string) {
  const dir = resolve(cwd, outDir);
  return {
    resultPath: join(dir, COMPARISON_FILE),
    markdownPath: join(dir, COMPARISON_MARKDOWN_FILE),
    htmlPath: join(dir, COMPARISON_HTML_FILE),
  };
}

interface Side {
  info: OnnxModelInfo;
  session: OrtSession;
  name: string;
  outcome: RunModelOutcome;
  input: ClassificationInput | RegressionInput;
  report: MetricReport;
}

async function openSession(ort: Ort, path: string, name: string, request: CompareJobRequest, logger: Logger) {
  try {
    const created = await createSessionWithProvider(
      ort as never,
      path,
      { provider: request.provider?.provider ?? 'cpu', fallback: request.provider?.fallback ?? 'none' },
      { graphOptimizationLevel: 'all' },
      getSessionProbe(logger, request.provider?.bindingDir),
    );
    return created.session as unknown as OrtSession;
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(`${name}: ONNX Runtime cannot load the model: ${getErrorMessage(error)}`, {
      cause: error,
    });
  }
}

async function runSide(
  ort: Ort,
  modelPath: string,
  dataPath: string,
  request: CompareJobRequest,
  logger: Logger,
  label: string | undefined,
  latencyFeeds: boolean,
  outputs: OutputRequest | undefined = request.outputs,
): Promise<Side> {
  const file = resolve(request.cwd, modelPath);
  const name = displayPath(file, request.cwd);
  const info = await readOnnxModelInfo(file);
  const session = await openSession(ort, file, name, request, logger);
  const data = resolve(request.cwd, dataPath);
  const outcome = await nameFilesAsShown(request.cwd, () =>
    runModel(
      ort,
      {
        session,
        modelName: name,
        dataPath: data,
        dataName: displayPath(data, request.cwd),
        task: request.task,
        label,
        features: request.features,
        exclude: request.exclude,
        inputMode: request.inputMode,
        outputs,
        classes: request.classes,
        positive: request.positiveClass,
        batchSize: request.batchSize,
        latency: latencyFeeds ? 'feeds' : false,
        outputTypes: Object.fromEntries(info.outputs.map((o) => [o.name, o.description])),
      },
      logger,
    ),
  );
  const input = metricInput(outcome.predictions, {
    task: request.task,
    classes: outcome.classes,
    positive: outcome.positive,
  });
  const report =
    request.task === 'regression'
      ? computeRegressionMetrics(input as RegressionInput)
      : computeClassificationMetrics(request.task, input as ClassificationInput);
  return { info, session, name, outcome, input, report };
}

function scalarMetrics(report: MetricReport): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(report.metrics)) {
    if (typeof v === 'number' || v === null) out[k] = v;
  }
  return out;
}

function compared(candidate: number | null, baseline: number | null, metric: string): ComparedMetric {
  const delta = candidate !== null && baseline !== null ? candidate - baseline : null;
  return {
    candidate,
    baseline,
    delta,
    ci95: null,
    relative_delta: delta !== null && baseline !== null && baseline !== 0 ? delta / Math.abs(baseline) : null,
    higher_is_better: higherIsBetter(metric),
  };
}

/** Same rows in the same order, and the same class order: otherwise nothing is paired. */
function checkPairing(candidate: Side, baseline: Side): void {
  const a = candidate.outcome.predictions.rows;
  const b = baseline.outcome.predictions.rows;
  if (a.length !== b.length) {
    throw new ConfigurationError(
      `${candidate.name} scored ${a.length} rows and ${baseline.name} ${b.length} of the same data: the rows cannot be paired (the models drop different rows as non-finite?).`,
    );
  }
  for (let i = 0; i < a.length; i++) {
    if (a.at(i) !== b.at(i)) {
      throw new ConfigurationError(
        `${candidate.name} and ${baseline.name} scored different rows (data row ${a.at(i)} against ${b.at(i)}): the rows cannot be paired.`,
      );
    }
  }
  const ca = candidate.outcome.classes;
  const cb = baseline.outcome.classes;
  if (ca && cb && ca.join('\u0000') !== cb.join('\u0000')) {
    throw new ConfigurationError(
      `${candidate.name} has classes ${ca.join(', ')} and ${baseline.name} ${cb.join(', ')}: give --classes so both map to one order.`,
    );
  }
}

function correctness(input: ClassificationInput): Uint8Array {
  const out = new Uint8Array(input.yTrue.length);
  for (let i = 0; i < out.length; i++) out[i] = input.yPred[i] === input.yTrue[i] ? 1 : 0;
  return out;
}

function positiveScores(input: ClassificationInput): Float64Array {
  const k = input.nClasses;
  const p = input.positive ?? 1;
  const out = new Float64Array(input.yTrue.length);
  for (let i = 0; i < out.length; i++) out[i] = input.proba![i * k + p];
  return out;
}

async function readBaselineResults(
  path: string,
  task: Task,
): Promise<{ metrics: Record<string, number | null>; sha256: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `baseline results ${path}: ${getErrorMessage(error)}; expected the baseline's evaluation.json.`,
    );
  }
  let parsed: { task?: unknown; metrics?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (error) {
    throw new ConfigurationError(`baseline results ${path}: is not valid JSON (${getErrorMessage(error)}).`);
  }
  if (typeof parsed.metrics !== 'object' || parsed.metrics === null) {
    throw new ConfigurationError(
      `baseline results ${path}: has no "metrics" object; expected the baseline's evaluation.json.`,
    );
  }
  if (parsed.task !== task) {
    throw new ConfigurationError(
      `baseline results ${path}: are for task ${String(parsed.task)}, the comparison is ${task}.`,
    );
  }
  const metrics: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(parsed.metrics as Record<string, unknown>)) {
    if (typeof v === 'number' || v === null) metrics[k] = v;
  }
  return { metrics, sha256: createHash('sha256').update(text).digest('hex') };
}

function shadowComparison(task: Task, candidate: Side, baseline: Side): ShadowComparison {
  const a = candidate.input;
  const b = baseline.input;
  const n = candidate.outcome.predictions.rows.length;
  const rows = candidate.outcome.predictions.rows;
  let agree = 0;
  const diffs: { i: number; d: number }[] = [];
  let sa: Float64Array | undefined;
  let sb: Float64Array | undefined;
  if (task === 'regression') {
    const ra = a as RegressionInput;
    const rb = b as RegressionInput;
    // Agreement for values: within 5% of the baseline predictions' standard deviation.
    let mean = 0;
    for (let i = 0; i < n; i++) mean += rb.yPred[i] / n;
    let sd = 0;
    for (let i = 0; i < n; i++) sd += (rb.yPred[i] - mean) ** 2 / Math.max(1, n - 1);
    const tol = 0.05 * Math.sqrt(sd);
    for (let i = 0; i < n; i++) {
      const d = Math.abs(ra.yPred[i] - rb.yPred[i]);
      if (d <= tol) agree++;
      diffs.push({ i, d });
    }
    sa = Float64Array.from(ra.yPred);
    sb = Float64Array.from(rb.yPred);
  } else {
    const ca = a as ClassificationInput;
    const cb = b as ClassificationInput;
    for (let i = 0; i < n; i++) if (ca.yPred[i] === cb.yPred[i]) agree++;
    if (ca.proba && cb.proba) {
      const k = ca.nClasses;
      const pos = ca.positive ?? 1;
      sa = new Float64Array(n);
      sb = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (task === 'binary') {
          sa[i] = ca.proba[i * k + pos];
          sb[i] = cb.proba[i * k + pos];
        } else {
          // Multiclass: the probability each gives its own top class.
          sa[i] = ca.proba[i * k + ca.yPred[i]];
          sb[i] = cb.proba[i * k + cb.yPred[i]];
        }
        // How far apart the two probability vectors are (total variation).
        let tv = 0;
        for (let j = 0; j < k; j++) tv += Math.abs(ca.proba[i * k + j] - cb.proba[i * k + j]) / 2;
        diffs.push({ i, d: tv });
      }
    } else {
      for (let i = 0; i < n; i++) diffs.push({ i, d: ca.yPred[i] === cb.yPred[i] ? 0 : 1 });
    }
  }
  let shift: ShadowComparison['score_shift'] = null;
  if (sa && sb && n > 0) {
    const x = sa.slice().sort();
    const y = sb.slice().sort();
    const ks = ksTwoSided(ecdfStatistics(x, y).ksStatistic, n, n);
    shift = { statistic: ks.statistic, p_value: ks.p_value };
  }
  diffs.sort((p, q) => q.d - p.d || p.i - q.i);
  const label = (side: Side, i: number): number | string => {
    if (task === 'regression') return (side.input as RegressionInput).yPred[i];
    const cls = (side.input as ClassificationInput).yPred[i];
    return side.outcome.classes?.[cls] ?? cls;
  };
  return {
    rows: n,
    agreement_rate: n > 0 ? agree / n : 0,
    score_shift: shift,
    top_disagreements: diffs
      .filter((d) => d.d > 0)
      .slice(0, 20)
      .map(({ i, d }) => ({
        row: rows.at(i),
        candidate: label(candidate, i),
        baseline: label(baseline, i),
        difference: d,
      })),
  };
}

/** A latency ratio asked for where no baseline model runs beside the candidate: said, not skipped. */
function noLatency(ratio: number, why: string): PolicyCheck {
  return {
    metric: 'latency_p95_ms',
    rule: 'latency_ratio',
    threshold: ratio,
    status: 'inconclusive',
    reason: `The latency ratio (max ${ratio}) cannot be judged: ${why}, so no baseline model is timed beside the candidate.`,
  };
}

export async function runCompareJob(
  request: CompareJobRequest,
  deps: CompareJobDeps,
): Promise<CompareJobOutcome> {
  const { logger, ort } = deps;
  const outputs = comparisonOutputs(request.cwd, request.outDir);
  await removeStaleResults([outputs.resultPath, outputs.markdownPath, outputs.htmlPath]);
  const task = request.task;
  const primary = PRIMARY_METRIC[task];
  if (request.baseline.kind === 'none' && request.rules?.length) {
    throw new ConfigurationError(
      'comparison rules judge a change against a baseline, and there is none (no-baseline): drop the rules, or give thresholds for bootstrap mode.',
    );
  }
  // Bootstrap mode judges thresholds only: no rule (not even the default) is part of its policy.
  const rules =
    request.baseline.kind === 'none' ? [] : request.rules?.length ? request.rules : defaultRules(task);
  const modelBaseline = request.baseline.kind === 'model' || request.baseline.kind === 'registry';
  // The candidate's own thresholds are checked before any model runs (a typo fails fast).
  const plan = planScoring(task, { thresholds: request.thresholds ?? {} });
  const measureLatency = modelBaseline && request.latency !== false;
  if (request.maxLatencyRatio !== undefined && request.latency === false) {
    throw new ConfigurationError(
      'max-latency-ratio needs the latency measured: drop --no-latency (latency: false) or the ratio.',
    );
  }

  const candidate = await runSide(
    ort,
    request.candidatePath,
    request.dataPath,
    request,
    logger,
    request.label,
    measureLatency,
  );
  const candidateScored = scorePredictions(candidate.outcome.predictions, {
    plan,
    task,
    classes: candidate.outcome.classes,
    positive: candidate.outcome.positive,
    sliceKeys: [],
    deferThresholds: false,
  });
  const checks: PolicyCheck[] = candidateScored.fields.thresholds.map((t) => ({
    metric: t.metric,
    rule: 'value_threshold' as const,
    threshold: t.threshold,
    status: t.passed ? ('pass' as const) : ('fail' as const),
    reason: `${t.metric}${t.on === 'value' ? '' : ` (${t.on.replace('_', ' ')})`} = ${t.value === null ? 'not computable' : Number(t.value.toPrecision(6))}, needs ${t.greater_is_better ? '≥' : '≤'} ${t.threshold}${t.passed ? ': passed' : ': failed'}${t.reason ? ` (${t.reason})` : ''}.`,
  }));

  const candidateMetrics = scalarMetrics(candidate.report);
  const metrics: Record<string, ComparedMetric> = {};
  const tests: ComparisonResult['tests'] = {};
  let baselineSource: BaselineSource;
  let mode: ComparisonResult['mode'];
  let signature: ComparisonResult['signature'] = null;
  let latency: ComparisonResult['latency'] = null;
  let shadow: ComparisonResult['shadow'] = null;
  let charts: ComparisonResult['charts'] = {};
  const bootstrapOptions = {
    resamples: request.bootstrap?.resamples ?? 1000,
    seed: request.bootstrap?.seed ?? 0,
    level: request.bootstrap?.level ?? 0.95,
  };
  let bootstrapInfo: ComparisonResult['bootstrap'] = null;

  if (request.baseline.kind === 'model' || request.baseline.kind === 'registry') {
    mode = 'paired';
    const baseline = await runSide(
      ort,
      request.baseline.path,
      request.dataPath,
      request,
      logger,
      request.label,
      measureLatency,
      request.baselineOutputs ?? request.outputs,
    );
    checkPairing(candidate, baseline);
    baselineSource =
      request.baseline.kind === 'model'
        ? { kind: 'model', path: baseline.name, sha256: baseline.info.sha256 }
        : { ...request.baseline, path: baseline.name };
    const baseMetrics = scalarMetrics(baseline.report);
    for (const name of Object.keys(candidateMetrics)) {
      if (name in baseMetrics) metrics[name] = compared(candidateMetrics[name], baseMetrics[name], name);
    }
    const n = candidate.outcome.predictions.rows.length;
    // Paired intervals for the metrics the policy judges and the primary one. A rule's metric that is not
    // in the catalogue's report (recall[Chinstrap], top_k_accuracy@2) is computed for both models here.
    const withCi = [...new Set([primary, ...rules.map((r) => r.metric)])];
    for (const name of withCi) {
      if (metrics[name]) continue;
      const f = metricFunction(task, name);
      metrics[name] = compared(f(candidate.input), f(baseline.input), name);
    }
    for (const name of withCi) {
      if (!metrics[name]) continue;
      const f = metricFunction(task, name);
      const paired = pairedBootstrap(
        n,
        (w) => ({ candidate: f(candidate.input, w), baseline: f(baseline.input, w) }),
        bootstrapOptions,
      );
      metrics[name].ci95 = paired.ci;
      if (paired.note) metrics[name].note = paired.note;
    }
    bootstrapInfo = { ...bootstrapOptions, method: 'percentile' };
    if (task === 'regression') {
      const c = candidate.input as RegressionInput;
      const b = baseline.input as RegressionInput;
      const ec = new Float64Array(n);
      const eb = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        ec[i] = Math.abs(c.yPred[i] - c.yTrue[i]);
        eb[i] = Math.abs(b.yPred[i] - b.yTrue[i]);
      }
      const w = wilcoxonSignedRank(ec, eb);
      tests.wilcoxon = {
        statistic: w.statistic,
        p_value: w.pValue,
        method: w.method,
        n: w.n,
        zeros: w.zeros,
        note: w.note,
      };
    } else {
      const c = candidate.input as ClassificationInput;
      const b = baseline.input as ClassificationInput;
      const m = mcnemar(correctness(b), correctness(c));
      tests.mcnemar = {
        b: m.b,
        c: m.c,
        statistic: m.chiSquare.statistic,
        p_value: m.chiSquare.pValue,
        exact_p_value: m.exact.pValue,
        note: m.note,
      };
      if (task === 'binary' && c.proba && b.proba) {
        const positive = new Uint8Array(n);
        const p = c.positive ?? 1;
        for (let i = 0; i < n; i++) positive[i] = c.yTrue[i] === p ? 1 : 0;
        const d = delongTest(positive, positiveScores(b), positiveScores(c));
        tests.delong = {
          auc_candidate: d.aucCandidate,
          auc_baseline: d.aucBaseline,
          difference: d.difference,
          z: d.z,
          p_value: d.pValue,
          ci95: d.ci95,
          note: d.note,
        };
      }
    }
    const sig = compareSignatures(
      signatureFromOnnx(baseline.info, baseline.outcome.classes),
      signatureFromOnnx(candidate.info, candidate.outcome.classes),
    );
    signature = sig;
    if (sig.breaking.length > 0) {
      checks.push({
        metric: 'signature',
        rule: 'signature',
        threshold: null,
        status: (request.signature ?? 'fail') === 'fail' ? 'fail' : 'pass',
        reason: `The candidate's inputs or outputs break callers of the baseline: ${sig.breaking.join('; ')}${(request.signature ?? 'fail') === 'warn' ? ' (signature: warn, so reported only)' : ''}.`,
      });
    }
    if (measureLatency && candidate.outcome.latencyFeeds && baseline.outcome.latencyFeeds) {
      latency = await measureInterleaved(
        {
          session: candidate.session,
          feeds: candidate.outcome.latencyFeeds.single,
          fetch: candidate.outcome.latencyFeeds.fetch,
        },
        {
          session: baseline.session,
          feeds: baseline.outcome.latencyFeeds.single,
          fetch: baseline.outcome.latencyFeeds.fetch,
        },
      );
      if (request.maxLatencyRatio !== undefined) {
        const ok = latency.ratio_p95 <= request.maxLatencyRatio;
        checks.push({
          metric: 'latency_p95_ms',
          rule: 'latency_ratio',
          threshold: request.maxLatencyRatio,
          status: ok ? 'pass' : 'fail',
          reason: `p95 latency: candidate ${latency.candidate.p95_ms} ms / baseline ${latency.baseline.p95_ms} ms = ${latency.ratio_p95} ${ok ? '≤' : '>'} ${request.maxLatencyRatio} (max latency ratio, ${latency.rounds} interleaved rounds).`,
        });
      }
    }
    charts = comparisonCharts(task, candidate.input, baseline.input, candidate.outcome.classes);
    if (request.shadowPath) {
      const c = await runSide(
        ort,
        request.candidatePath,
        request.shadowPath,
        request,
        logger,
        undefined,
        false,
      );
      const b = await runSide(
        ort,
        request.baseline.path,
        request.shadowPath,
        request,
        logger,
        undefined,
        false,
        request.baselineOutputs ?? request.outputs,
      );
      shadow = shadowComparison(task, c, b);
    }
    for (const rule of rules) checks.push(...judgeRule(rule, metrics[rule.metric], true));
  } else if (request.baseline.kind === 'results') {
    mode = 'unpaired';
    const stored = await readBaselineResults(resolve(request.cwd, request.baseline.path), task);
    baselineSource = {
      kind: 'results',
      path: displayPath(resolve(request.cwd, request.baseline.path), request.cwd),
      sha256: stored.sha256,
    };
    for (const name of Object.keys(candidateMetrics)) {
      if (name in stored.metrics) {
        metrics[name] = {
          ...compared(candidateMetrics[name], stored.metrics[name], name),
          note: 'unpaired: the baseline is stored results, so there is no interval of the change',
        };
      }
    }
    for (const rule of rules) checks.push(...judgeRule(rule, metrics[rule.metric], false));
    if (request.shadowPath)
      logger.warning('shadow data needs a baseline model: skipped (the baseline is stored results).');
    if (request.maxLatencyRatio !== undefined) {
      checks.push(noLatency(request.maxLatencyRatio, 'the baseline is stored results'));
    }
  } else {
    mode = 'bootstrap';
    baselineSource = { kind: 'none' };
    if (request.noBaselineReason) {
      const judged = checks.length > 0;
      checks.push({
        metric: primary,
        rule: 'value_threshold',
        threshold: null,
        status: 'pass',
        reason: judged
          ? `${request.noBaselineReason}: bootstrap mode, the candidate's value thresholds only.`
          : `${request.noBaselineReason}: bootstrap mode, and no value thresholds were given, so nothing was judged (give thresholds to judge the first model).`,
      });
    }
    for (const name of Object.keys(candidateMetrics)) {
      metrics[name] = {
        ...compared(candidateMetrics[name], null, name),
        note: 'no baseline (bootstrap mode)',
      };
    }
    if (checks.length === 0 && !request.noBaselineReason) {
      checks.push({
        metric: primary,
        rule: 'value_threshold',
        threshold: null,
        status: 'pass',
        reason:
          'No baseline and no value thresholds: bootstrap mode passes (give thresholds to judge the first model).',
      });
    }
    if (request.shadowPath) logger.warning('shadow data needs a baseline model: skipped (no baseline).');
    if (request.maxLatencyRatio !== undefined)
      checks.push(noLatency(request.maxLatencyRatio, 'there is no baseline'));
  }

  const { verdict, reasons } = combineChecks(checks);
  const result: ComparisonResult = {
    schemaVersion: 1,
    task,
    rows: candidate.outcome.predictions.rows.length,
    mode,
    candidate: { path: candidate.name, sha256: candidate.info.sha256 },
    baseline: baselineSource,
    data: { path: displayPath(resolve(request.cwd, request.dataPath), request.cwd), labelled: true },
    primary_metric: primary,
    metrics,
    tests,
    bootstrap: bootstrapInfo,
    policy: {
      rules,
      source: request.rules?.length ? (request.rulesSource ?? 'inputs') : 'default',
      signature: request.signature ?? 'fail',
      max_latency_ratio: request.maxLatencyRatio ?? null,
    },
    checks,
    verdict,
    reasons,
    signature,
    latency,
    shadow,
    charts,
    created_at: (deps.now?.() ?? new Date()).toISOString(),
  };
  const markdown = renderComparisonMarkdown(result, { limit: SUMMARY_LIMIT });
  const html = renderComparisonHtml(result);
  await writeFilesAtomically([
    { path: outputs.resultPath, content: toJson(result) },
    { path: outputs.markdownPath, content: markdown },
    { path: outputs.htmlPath, content: html },
  ]);
  return {
    result,
    resultPath: outputs.resultPath,
    markdown,
    markdownPath: outputs.markdownPath,
    htmlPath: outputs.htmlPath,
  };
}

/** The baseline as mlgate.yml's compare section names it; a registry reference is resolved by the entry. */
export type ConfiguredBaseline =
  BaselineRequest | { kind: 'registry-ref'; ref: string; registry: string | undefined };

/**
 * A request from mlgate.yml's `compare:` section over its `evaluate:` section (the candidate, the data
 * and the model facts); paths are relative to the config's folder. The thresholds are not carried over:
 * evaluate judges them, compare judges the change.
 */
export function compareRequestFromConfig(
  config: MlgateConfig,
  where: { cwd: string; outDir: string },
): {
  request: Omit<CompareJobRequest, 'baseline'>;
  baseline: ConfiguredBaseline;
  failOn: 'fail' | 'inconclusive' | 'never';
  /** The evaluate section's thresholds: bootstrap mode's checks when an entry picks no baseline. */
  thresholds: EvaluateJobRequest['thresholds'];
} {
  const section = config.compare;
  if (!section)
    throw new ConfigurationError(`${config.path}: has no "compare" section (see docs/config.md).`);
  if (!config.evaluate) {
    throw new ConfigurationError(
      `${config.path}: the compare section needs an evaluate section: it gives the model, the data and the task.`,
    );
  }
  const evaluate = evaluateRequestFromConfig(config, where);
  const base = resolve(config.path, '..');
  const at = (p: string | undefined) => (p === undefined ? undefined : resolve(base, p));
  const given = (['baseline', 'baselineFrom', 'baselineResults', 'noBaseline'] as const).filter(
    (k) => section[k] !== undefined && section[k] !== false,
  );
  if (given.length !== 1) {
    const names = {
      baseline: 'baseline',
      baselineFrom: 'baseline-from',
      baselineResults: 'baseline-results',
      noBaseline: 'no-baseline',
    };
    throw new ConfigurationError(
      given.length === 0
        ? `${config.path}: compare needs one baseline: baseline (a model), baseline-from (a registry version), baseline-results or no-baseline: true.`
        : `${config.path}: compare.${given.map((g) => names[g]).join(' and compare.')} exclude each other: give one baseline.`,
    );
  }
  const baseline: ConfiguredBaseline = section.baseline
    ? { kind: 'model', path: at(section.baseline)! }
    : section.baselineFrom
      ? { kind: 'registry-ref', ref: section.baselineFrom, registry: section.registry }
      : section.baselineResults
        ? { kind: 'results', path: at(section.baselineResults)! }
        : { kind: 'none' };
  return {
    request: {
      cwd: where.cwd,
      outDir: where.outDir,
      candidatePath: at(section.candidate) ?? evaluate.modelPath,
      dataPath: at(section.data) ?? evaluate.dataPath,
      task: evaluate.task,
      label: evaluate.label,
      classes: evaluate.classes,
      positiveClass: evaluate.positiveClass,
      features: evaluate.features,
      exclude: evaluate.exclude,
      inputMode: evaluate.inputMode,
      outputs: evaluate.outputs,
      batchSize: evaluate.batchSize,
      rules: section.rules?.map((r, i) =>
        checkPolicyRule(
          {
            metric: r.metric,
            ...(r.margin !== undefined ? { margin: r.margin } : {}),
            ...(r.minAbsoluteChange !== undefined ? { min_absolute_change: r.minAbsoluteChange } : {}),
            ...(r.minRelativeChange !== undefined ? { min_relative_change: r.minRelativeChange } : {}),
          },
          evaluate.task,
          `${config.path}: compare.rules[${i}]`,
        ),
      ),
      rulesSource: 'config',
      signature: section.signature,
      maxLatencyRatio: section.maxLatencyRatio,
      latency: section.latency,
      // Bootstrap mode judges the candidate by the evaluate section's thresholds.
      thresholds: baseline.kind === 'none' ? evaluate.thresholds : undefined,
      bootstrap: { resamples: section.resamples, seed: section.seed },
      shadowPath: at(section.shadow),
    },
    baseline,
    failOn: section.failOn ?? 'fail',
    thresholds: evaluate.thresholds,
  };
}
