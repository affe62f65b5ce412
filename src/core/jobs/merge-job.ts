/**
 * mlgate merge: combines the predictions of shards (mlgate evaluate --shard I/N, e.g. a matrix of jobs)
 * into one evaluation. The rows are put back in data order, so every metric, CI and slice is exactly
 * what one unsharded run computes (same values, same summation order; a test proves it). Shards of
 * different models, data, tasks or classes, a missing or repeated shard, or a row seen twice are refused.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { EvaluateConfig, SliceConfig, ThresholdConfig } from '../config/types.js';
import { glob, isDynamicPattern } from 'tinyglobby';
import { LATENCY_METRICS } from '../metrics/catalogue.js';
import { ConfigurationError } from '../errors.js';
import { removeStaleResults, toJson, writeFilesAtomically } from '../io/write-files.js';
import type { Logger } from '../logger.js';
import { renderEvaluationMarkdown } from '../report/evaluation-markdown.js';
import type { StoredPredictions } from '../evaluate/prediction-store.js';
import { writePredictionsFile, type PredictionsMetadata } from '../evaluate/predictions-file.js';
import { readPredictionsFile, type ReadPredictions } from '../evaluate/predictions-read.js';
import { EVALUATION_SCHEMA_VERSION, type EvaluationResult } from '../evaluate/result.js';
import { RowIds } from '../evaluate/row-ids.js';
import type { SliceKeys } from '../evaluate/run-model.js';
import { planScoring, scorePredictions } from '../evaluate/score.js';
import { EVALUATION_FILE, evaluationOutputs, PREDICTIONS_FILE } from './evaluate-job.js';
import { displayPath } from './shown-paths.js';

export interface MergeJobRequest {
  /** Predictions files, folders holding a predictions.parquet, or globs. */
  inputs: string[];
  /** Override the scoring the shards recorded. */
  thresholds?: Record<string, ThresholdConfig>;
  bootstrap?: EvaluateConfig['bootstrap'];
  slices?: SliceConfig[];
  outDir: string;
  cwd: string;
}

export interface MergeJobOutcome {
  result: EvaluationResult;
  resultPath: string;
  markdown: string;
  predictionsPath: string;
}

interface RecordedPlan {
  thresholds?: Record<string, ThresholdConfig>;
  bootstrap?: EvaluateConfig['bootstrap'];
  slices?: SliceConfig[];
}

export async function runMergeJob(request: MergeJobRequest, logger: Logger): Promise<MergeJobOutcome> {
  const { resultPath, markdownPath, predictionsPath } = evaluationOutputs(request.cwd, request.outDir);
  // The verdict files go first, so no mistake below leaves an old verdict; the old predictions only once
  // they are known not to be an input.
  await removeStaleResults([resultPath, markdownPath]);
  const files = await predictionFiles(request.inputs, request.cwd);
  if (files.some((f) => resolve(f) === resolve(predictionsPath))) {
    throw new ConfigurationError(
      `the output ${displayPath(predictionsPath, request.cwd)} is also an input; give another --out`,
    );
  }
  await removeStaleResults([predictionsPath]);
  const shards: (ReadPredictions & { file: string })[] = [];
  for (const file of files) shards.push({ file, ...(await readPredictionsFile(file)) });
  // The reference shard: one with rows (an empty one may not have seen the model's classes).
  const first = shards.find((s) => s.predictions.rows.length > 0) ?? shards[0];
  const name = (s: { file: string }) => displayPath(s.file, request.cwd);
  for (const s of shards.slice(1)) {
    const differs = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        throw new ConfigurationError(
          `${name(s)} and ${name(first)} come from different runs: ${what} ${JSON.stringify(b)} vs ${JSON.stringify(a)}; merge only the shards of one evaluation`,
        );
      }
    };
    differs('model sha256', first.metadata.model.sha256, s.metadata.model.sha256);
    differs('data', first.metadata.data.path, s.metadata.data.path);
    differs('data file size', first.metadata.data.size_bytes, s.metadata.data.size_bytes);
    differs('task', first.metadata.task, s.metadata.task);
    // An empty shard (fewer batches than shards) may not have seen the model's classes.
    if (first.predictions.rows.length > 0 && s.predictions.rows.length > 0)
      differs('classes', first.metadata.classes, s.metadata.classes);
    differs('positive class', first.metadata.positive, s.metadata.positive);
    differs(
      'slice columns',
      first.sliceKeys.map((k) => k.column),
      s.sliceKeys.map((k) => k.column),
    );
  }
  checkShardSet(shards.map((s) => ({ name: name(s), shard: s.metadata.shard })));
  const { predictions, sliceKeys } = concatenateInRowOrder(shards, name);
  const recorded = samePlan(
    shards.map((s) => (s.metadata.plan ?? {}) as RecordedPlan),
    shards.map(name),
  );
  const task = first.metadata.task;
  const scoring = planScoring(task, {
    thresholds: request.thresholds ?? recorded.thresholds,
    bootstrap: request.bootstrap ?? recorded.bootstrap,
    slices: request.slices ?? recorded.slices,
  });
  const missingSlice = scoring.sliceColumns.find((c) => !sliceKeys.some((k) => k.column === c.column));
  if (missingSlice) {
    throw new ConfigurationError(
      `slice column "${missingSlice.column}" is not in the shards' predictions (they keep ${sliceKeys.map((k) => `"${k.column}"`).join(', ') || 'no slice columns'}); slice it in the shard runs`,
    );
  }
  // Model, mapping and runtime from the shards' evaluation.json files; latency from the lowest shard
  // that measured it (a matrix often measures it in shard 1 only).
  const results = await Promise.all(
    [...shards]
      .sort((a, b) => a.metadata.shard!.index - b.metadata.shard!.index)
      .map((s) => readShardResult(s.file)),
  );
  const shardResult = results.find((r) => r?.latency) ?? results.find((r) => r !== undefined);
  const latencyThresholds = scoring.thresholds.filter((t) => t.metric in LATENCY_METRICS);
  if (latencyThresholds.length && !shardResult?.latency) {
    throw new ConfigurationError(
      `thresholds judge ${latencyThresholds.map((t) => t.metric).join(', ')}, but no shard measured latency (its evaluation.json beside its predictions has none): run at least one shard with latency on`,
    );
  }
  const scored = scorePredictions(predictions, {
    plan: scoring,
    task,
    classes: first.metadata.classes,
    positive: first.metadata.positive,
    sliceKeys,
    latency: shardResult?.latency
      ? {
          single: shardResult.latency.single,
          batch: shardResult.latency.batch,
          warmup: shardResult.latency.warmup,
        }
      : undefined,
    deferThresholds: false,
  });
  const metadata: PredictionsMetadata = {
    ...first.metadata,
    non_finite: shards.reduce((n, s) => n + s.metadata.non_finite, 0),
    plan: scoring.serialisable,
  };
  delete metadata.shard;
  const result: EvaluationResult = {
    schemaVersion: EVALUATION_SCHEMA_VERSION,
    task,
    passed: scored.passed,
    rows: predictions.rows.length,
    model: shardResult?.model ?? {
      path: first.metadata.model.path,
      sha256: first.metadata.model.sha256,
      size_bytes: 0,
      inputs: [],
      outputs: [],
    },
    data: {
      path: first.metadata.data.path,
      rows_read: shards.reduce((n, s) => n + s.predictions.rows.length, 0),
      shard: null,
    },
    mapping: shardResult?.mapping ?? {
      inputs: null,
      outputs: { ignored: [] },
      ...(first.metadata.classes ? { classes: first.metadata.classes } : {}),
    },
    ...scored.fields,
    latency: shardResult?.latency ?? null,
    runtime: shardResult?.runtime ?? null,
    non_finite: { count: metadata.non_finite, rows: [], policy: shardResult?.non_finite.policy ?? 'error' },
    missing_cells: {},
    timing: null,
    predictions_path: displayPath(predictionsPath, request.cwd),
    merged_from: shards.map(name),
    created_at: new Date().toISOString(),
  };
  logger.info(`Merged ${shards.length} shards: ${predictions.rows.length} rows`);
  const markdown = renderEvaluationMarkdown(result, scored.chart);
  await writePredictionsFile(predictionsPath, predictions, metadata, sliceKeys);
  await writeFilesAtomically([
    { path: resultPath, content: toJson(result) },
    { path: markdownPath, content: markdown },
  ]);
  return { result, resultPath, markdown, predictionsPath };
}

/** Files, folders holding a predictions.parquet (downloaded artifacts) and globs of either. */
async function predictionFiles(inputs: string[], cwd: string): Promise<string[]> {
  if (inputs.length === 0)
    throw new ConfigurationError(
      "give the shards' predictions files or folders (e.g. shards/*/predictions.parquet)",
    );
  const files: string[] = [];
  const add = async (path: string) => {
    const info = await stat(path).catch(() => undefined);
    files.push(info?.isDirectory() ? join(path, PREDICTIONS_FILE) : path);
  };
  for (const input of inputs) {
    const path = resolve(cwd, input);
    if (await stat(path).catch(() => undefined)) await add(path);
    else if (isDynamicPattern(input)) {
      const matches = await glob(input, { cwd, absolute: true, onlyFiles: false, expandDirectories: false });
      if (matches.length === 0) {
        throw new ConfigurationError(
          `predictions glob "${input}" matched no file or folder (searched from ${cwd})`,
        );
      }
      for (const m of matches.sort()) await add(resolve(m));
    } else
      throw new ConfigurationError(`predictions file or folder "${input}" not found (looked for ${path})`);
  }
  for (const file of files) {
    if (!(await stat(file).catch(() => undefined))?.isFile()) {
      throw new ConfigurationError(
        `${file}: no such predictions file (mlgate evaluate --shard writes one per shard)`,
      );
    }
  }
  const unique = [...new Set(files.map((f) => resolve(f)))];
  if (unique.length !== files.length)
    throw new ConfigurationError('the same predictions file is given twice');
  return unique;
}

function checkShardSet(shards: { name: string; shard?: { index: number; count: number } }[]): void {
  const unsharded = shards.find((s) => !s.shard);
  if (unsharded)
    throw new ConfigurationError(
      `${unsharded.name} is not a shard's predictions (it was evaluated without --shard)`,
    );
  const count = shards[0].shard!.count;
  const seen = new Map<number, string>();
  for (const s of shards) {
    if (s.shard!.count !== count)
      throw new ConfigurationError(
        `${s.name} is shard ${s.shard!.index}/${s.shard!.count}, but ${shards[0].name} is of ${count} shards`,
      );
    const other = seen.get(s.shard!.index);
    if (other)
      throw new ConfigurationError(`${s.name} and ${other} are both shard ${s.shard!.index}/${count}`);
    seen.set(s.shard!.index, s.name);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length)
    throw new ConfigurationError(
      `shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing; a merge needs all ${count}`,
    );
}

function samePlan(plans: RecordedPlan[], names: string[]): RecordedPlan {
  const text = JSON.stringify(plans[0]);
  plans.forEach((p, i) => {
    if (JSON.stringify(p) !== text) {
      throw new ConfigurationError(
        `${names[i]} was scored with other thresholds, bootstrap or slices than ${names[0]}; give them to merge explicitly (--threshold, --config)`,
      );
    }
  });
  return plans[0];
}

/** All shards' rows, sorted by data row (each shard is already in row order: a k-way merge by sort). */
function concatenateInRowOrder(
  shards: (ReadPredictions & { file: string })[],
  name: (s: { file: string }) => string,
): { predictions: StoredPredictions; sliceKeys: SliceKeys[] } {
  const total = shards.reduce((n, s) => n + s.predictions.rows.length, 0);
  const rows = new Uint32Array(total);
  const owner = new Uint32Array(total);
  const local = new Uint32Array(total);
  let o = 0;
  shards.forEach((s, si) => {
    const r = s.predictions.rows;
    for (let i = 0; i < r.length; i++, o++) {
      rows[o] = r.at(i);
      owner[o] = si;
      local[o] = i;
    }
  });
  const order = Uint32Array.from({ length: total }, (_, i) => i).sort((a, b) => rows[a] - rows[b]);
  for (let i = 1; i < total; i++) {
    if (rows[order[i]] === rows[order[i - 1]]) {
      throw new ConfigurationError(
        `data row ${rows[order[i]]} is in ${name(shards[owner[order[i - 1]]])} and in ${name(shards[owner[order[i]]])}`,
      );
    }
  }
  const p0 = (shards.find((s) => s.predictions.rows.length > 0) ?? shards[0]).predictions;
  const k = p0.proba ? (p0.proba.length / Math.max(1, p0.rows.length)) | 0 || (p0.nClasses ?? 0) : 0;
  const merged = new Uint32Array(total);
  const out: StoredPredictions = {
    task: p0.task,
    rows: new RowIds(), // set below, once `merged` holds the rows
    nonFinite: { count: 0, rows: [], policy: 'drop' },
    nClasses: p0.nClasses,
  };
  if (p0.task === 'regression') {
    out.yTrueValue = new Float64Array(total);
    out.value = new Float64Array(total);
  } else {
    out.yTrueClass = new Int32Array(total);
    out.yPred = new Int32Array(total);
    if (p0.proba) {
      out.proba = new Float64Array(total * k);
      out.probaType = shards.every(
        (s) => s.predictions.rows.length === 0 || s.predictions.probaType === 'FLOAT',
      )
        ? 'FLOAT'
        : 'DOUBLE';
    }
  }
  const sliceKeys: SliceKeys[] = shards[0].sliceKeys.map((key) => ({
    column: key.column,
    numeric: key.numeric,
    values: new Array(total),
  }));
  for (let i = 0; i < total; i++) {
    const src = shards[owner[order[i]]];
    const j = local[order[i]];
    const p = src.predictions;
    merged[i] = p.rows.at(j);
    if (p.task === 'regression') {
      out.yTrueValue![i] = p.yTrueValue![j];
      out.value![i] = p.value![j];
    } else {
      out.yTrueClass![i] = p.yTrueClass![j];
      out.yPred![i] = p.yPred![j];
      if (out.proba) for (let c = 0; c < k; c++) out.proba[i * k + c] = p.proba![j * k + c];
    }
    src.sliceKeys.forEach((key, s) => (sliceKeys[s].values[i] = key.values[j]));
  }
  out.rows = RowIds.of(merged);
  return { predictions: out, sliceKeys };
}

/** The shard's evaluation.json beside its predictions, for the model, mapping, runtime and latency. */
async function readShardResult(predictionsFile: string): Promise<EvaluationResult | undefined> {
  try {
    return JSON.parse(
      await readFile(join(dirname(predictionsFile), EVALUATION_FILE), 'utf8'),
    ) as EvaluationResult;
  } catch {
    return undefined;
  }
}
