/**
 * The drift job (`mlgate drift`, action drift-check): reference vs current data, every statistic for every
 * column, a decision per column and for the dataset, data quality findings; drift.json and drift.md.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { MlgateConfig } from '../config/types.js';
import { expandDataPaths, patternFrom } from '../data/files.js';
import { localEngine, workerEngine } from '../drift/column-pool.js';
import { testColumn } from '../drift/column-test.js';
import { decideColumns, decideDataset, resolvePolicy, type ColumnScore } from '../drift/decide.js';
import {
  DRIFT_CONVENTIONS,
  DRIFT_SCHEMA_VERSION,
  type DriftColumn,
  type DriftResult,
} from '../drift/result.js';
import { predictionDrift, type PredictionDriftRequest } from '../drift/prediction-drift.js';
import { readDriftSamples } from '../drift/samples.js';
import { SpillArea } from '../drift/value-store.js';
import { ConfigurationError } from '../errors.js';
import { removeStaleResults, toJson, writeFilesAtomically } from '../io/write-files.js';
import type { Logger } from '../logger.js';
import { renderDriftHtml } from '../report/drift-html.js';
import { renderDriftMarkdown } from '../report/drift-markdown.js';
import { displayPath, nameFilesAsShown } from './shown-paths.js';

export const DRIFT_FILE = 'drift.json';
export const DRIFT_MARKDOWN_FILE = 'drift.md';
export const DRIFT_HTML_FILE = 'drift.html';

/** Below this many numeric values (both sides, all columns) starting worker threads costs more than it saves. */
const WORKER_MIN_VALUES = 1 << 20;

export interface DriftJobRequest {
  cwd: string;
  outDir: string;
  /** Paths or globs, relative to cwd. */
  reference: string[];
  /** The registry version the reference files came from (`--reference-from`). */
  referenceFrom?: { ref: string; tag: string };
  current: string[];
  /** A name for the data or model watched (the drift issue's title, the report). */
  name?: string;
  columns?: string[];
  exclude?: string[];
  numeric?: string[];
  categorical?: string[];
  policy?: Parameters<typeof resolvePolicy>[0];
  /** Bytes of values kept in memory before they spill to a temporary folder. */
  memoryBudget?: number;
  tempDir?: string;
  /** The bundled column worker (dist/workers/drift-column.js), located by the entry that ships it. */
  columnWorkerUrl?: URL;
  /** The bundled side reader (dist/workers/drift-read.js). */
  readerWorkerUrl?: URL;
  /** Where the threads start paying (defaults: 32 MiB of files, 1 M numeric values); tests set 0. */
  parallelFrom?: { bytes?: number; values?: number };
  /** Prediction drift: the model run on both sides (ONNX Runtime given by the entry). */
  model?: Omit<PredictionDriftRequest, 'cwd' | 'reference' | 'current' | 'show'>;
}

export interface DriftJobOutcome {
  result: DriftResult;
  resultPath: string;
  markdownPath: string;
  markdown: string;
  /** drift.html: the self-contained report with every column's histograms. */
  htmlPath: string;
}

/** Removes an earlier run's results first, so a run that stops on a mistake leaves none behind. */
export async function removeStaleDrift(cwd: string, outDir: string): Promise<void> {
  await removeStaleResults(
    [DRIFT_FILE, DRIFT_MARKDOWN_FILE, DRIFT_HTML_FILE].map((f) => resolve(cwd, outDir, f)),
  );
}

export async function runDriftJob(request: DriftJobRequest, logger: Logger): Promise<DriftJobOutcome> {
  const resultPath = resolve(request.cwd, request.outDir, DRIFT_FILE);
  const markdownPath = resolve(request.cwd, request.outDir, DRIFT_MARKDOWN_FILE);
  const htmlPath = resolve(request.cwd, request.outDir, DRIFT_HTML_FILE);
  await removeStaleDrift(request.cwd, request.outDir);
  const policy = resolvePolicy(request.policy ?? {});
  for (const list of [request.numeric ?? [], request.categorical ?? []]) {
    for (const name of list) {
      if (request.exclude?.includes(name)) {
        throw new ConfigurationError(
          `column "${name}" is both excluded and given a type; drop one of the two`,
        );
      }
    }
  }
  const both = (request.numeric ?? []).filter((n) => request.categorical?.includes(n));
  if (both.length) {
    throw new ConfigurationError(`column "${both[0]}" is given as both numeric and categorical; choose one`);
  }
  const referenceFiles = await expandDataPaths(request.reference, request.cwd);
  const currentFiles = await expandDataPaths(request.current, request.cwd);
  const show = (path: string) => displayPath(path, request.cwd);
  const spill = new SpillArea(request.memoryBudget, request.tempDir);
  try {
    const samples = await nameFilesAsShown(request.cwd, () =>
      readDriftSamples(referenceFiles, currentFiles, {
        columns: request.columns,
        exclude: request.exclude,
        numeric: request.numeric,
        categorical: request.categorical,
        spill,
        show,
        readerUrl: request.readerWorkerUrl,
        readerMinBytes: request.parallelFrom?.bytes,
      }),
    );
    for (const name of request.columns ?? []) {
      if (
        !samples.columns.some((c) => c.name === name) &&
        !samples.onlyReference.includes(name) &&
        !samples.onlyCurrent.includes(name)
      ) {
        throw new ConfigurationError(
          `column "${name}" (--columns) is in neither the reference nor the current data`,
        );
      }
    }
    if (samples.rows.reference === 0) {
      throw new ConfigurationError(`the reference data (${referenceFiles.map(show).join(', ')}) has no rows`);
    }
    if (samples.rows.current === 0) {
      throw new ConfigurationError(`the current data (${currentFiles.map(show).join(', ')}) has no rows`);
    }
    if (spill.spilledBytes > 0) {
      logger.info(
        `Values beyond ${mib(spill.budget)} MiB spilled to a temporary folder (${mib(spill.spilledBytes)} MiB)`,
      );
    }
    // No prototype: a column may be called "constructor" or "__proto__".
    const columns: Record<string, DriftColumn> = Object.create(null) as Record<string, DriftColumn>;
    const notTested: Record<string, string> = Object.create(null) as Record<string, string>;
    const scores: ColumnScore[] = [];
    const testable = samples.columns.filter((c) => {
      if (c.kind !== 'mixed' && c.kind !== 'unsupported') return true;
      notTested[c.name] = c.reason ?? 'cannot be tested';
      return false;
    });
    // Large numeric columns are sorted and tested on worker threads, one column per core at a time.
    const values = testable.reduce(
      (sum, c) => sum + (c.reference?.values?.length ?? 0) + (c.current?.values?.length ?? 0),
      0,
    );
    const engine =
      request.columnWorkerUrl && values >= (request.parallelFrom?.values ?? WORKER_MIN_VALUES)
        ? workerEngine(request.columnWorkerUrl)
        : localEngine();
    try {
      const tested: Awaited<ReturnType<typeof testColumn>>[] = new Array(testable.length);
      let next = 0;
      // Each lane takes its columns' values into the same two shared arrays, which a worker sorts in
      // place: no array per column to allocate, transfer and collect (that churn cost ~100 MB of RSS).
      const longest = (side: 'reference' | 'current') =>
        Math.max(0, ...testable.map((c) => c[side]?.values?.length ?? 0));
      const shared = (n: number) => new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8));
      await Promise.all(
        Array.from({ length: engine.width }, async () => {
          const lane =
            engine.width > 1 ? { a: shared(longest('reference')), b: shared(longest('current')) } : undefined;
          while (next < testable.length) {
            const k = next++;
            const c = testable[k];
            tested[k] = await testColumn(c, c.reference!, c.current!, policy, engine, lane);
          }
        }),
      );
      testable.forEach((c, k) => {
        columns[c.name] = tested[k].entry;
        scores.push(tested[k].score);
      });
    } finally {
      await engine.close();
    }
    for (const [name, where] of samples.late) {
      notTested[name] =
        `first appears after the rows its type is settled from (${where}; JSON Lines keys seen in the first 4 096 rows of each file count); not tested`;
    }
    for (const name of samples.onlyReference) notTested[name] = 'only in the reference data';
    for (const name of samples.onlyCurrent) notTested[name] = 'only in the current data';
    const verdicts = decideColumns(scores, policy);
    for (const v of verdicts) {
      const entry = columns[v.name];
      entry.drifted = v.drifted;
      entry.because = v.because;
      if (v.p_value_adjusted !== undefined) entry.p_value_adjusted = v.p_value_adjusted;
    }
    const dataset = decideDataset(verdicts, policy);
    const predictions = request.model
      ? await predictionDrift(
          { ...request.model, cwd: request.cwd, reference: referenceFiles, current: currentFiles, show },
          policy,
          spill,
          logger,
        )
      : null;
    const result: DriftResult = {
      schemaVersion: DRIFT_SCHEMA_VERSION,
      name: request.name ?? null,
      reference: {
        files: referenceFiles.map(show),
        rows: samples.rows.reference,
        ...(request.referenceFrom ? { registry: request.referenceFrom } : {}),
      },
      current: { files: currentFiles.map(show), rows: samples.rows.current },
      columns,
      not_tested: notTested,
      columns_only_in_reference: samples.onlyReference,
      columns_only_in_current: samples.onlyCurrent,
      dataset_drift: dataset.dataset_drift,
      drifted_columns: verdicts.filter((v) => v.drifted).map((v) => v.name),
      prediction_drift: predictions,
      summary: {
        tested: dataset.tested,
        drifted: dataset.drifted,
        drifted_share: dataset.drifted_share,
        because: dataset.because,
      },
      settings: policy,
      conventions: DRIFT_CONVENTIONS,
      created_at: new Date().toISOString(),
    };
    const markdown = renderDriftMarkdown(result);
    await writeFilesAtomically([
      { path: resultPath, content: toJson(result) },
      { path: markdownPath, content: markdown },
      { path: htmlPath, content: renderDriftHtml(result) },
    ]);
    return { result, resultPath, markdownPath, markdown, htmlPath };
  } finally {
    await spill.close();
  }
}

/**
 * A request from mlgate.yml's `drift:` section: its paths are relative to the config's folder. The
 * model is given as a path: the entry adds ONNX Runtime (`model.ort`).
 */
export function driftRequestFromConfig(
  config: MlgateConfig,
  options: { cwd: string; outDir: string },
): Omit<DriftJobRequest, 'model'> & { model?: Omit<NonNullable<DriftJobRequest['model']>, 'ort'> } {
  const section = config.drift;
  if (!section) throw new ConfigurationError(`${config.path} has no drift section`);
  const base = dirname(config.path);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return {
    cwd: options.cwd,
    outDir: options.outDir,
    reference: section.reference.map((p) => patternFrom(base, p)),
    current: section.current.map((p) => patternFrom(base, p)),
    name: section.name,
    columns: section.columns,
    exclude: section.exclude,
    numeric: section.numeric,
    categorical: section.categorical,
    policy: {
      alpha: section.alpha,
      correction: section.correction,
      min_effect: section.minEffect,
      min_values: section.minValues,
      small_sample: section.smallSample,
      drift_share: section.driftShare,
      thresholds: section.thresholds,
      methods: section.methods,
    },
    ...(section.model
      ? {
          model: {
            modelPath: at(section.model.path),
            task: section.model.task,
            label: section.model.label,
            features: section.model.features,
            classes: section.model.classes,
            positive: section.model.positiveClass,
          },
        }
      : {}),
  };
}

/** What the data, columns and policy of a drift run are made of: a config's section and explicit options. */
export type DriftSelection = Pick<
  DriftJobRequest,
  'reference' | 'current' | 'name' | 'columns' | 'exclude' | 'numeric' | 'categorical' | 'policy'
>;

/**
 * Explicit options (flags, inputs) over a config's drift section: a non-empty list or a defined value
 * wins; thresholds and per-column methods are merged key by key. The model is the entry's to merge.
 */
export function overrideDriftSelection(
  base: DriftSelection | undefined,
  given: Partial<DriftSelection>,
): Partial<DriftSelection> {
  const list = <T>(a: T[] | undefined, b: T[] | undefined) => (a?.length ? a : b);
  const from = base?.policy ?? {};
  const over = given.policy ?? {};
  const pick = <K extends keyof typeof over>(key: K) => (over[key] !== undefined ? over[key] : from[key]);
  return {
    reference: list(given.reference, base?.reference),
    current: list(given.current, base?.current),
    name: given.name ?? base?.name,
    columns: given.columns ?? base?.columns,
    exclude: given.exclude ?? base?.exclude,
    numeric: given.numeric ?? base?.numeric,
    categorical: given.categorical ?? base?.categorical,
    policy: {
      alpha: pick('alpha'),
      correction: pick('correction'),
      min_effect: pick('min_effect'),
      min_values: pick('min_values'),
      small_sample: pick('small_sample'),
      drift_share: pick('drift_share'),
      thresholds: { ...from.thresholds, ...over.thresholds },
      // No prototype: a column may be called "constructor" or "__proto__".
      methods: Object.assign(Object.create(null), from.methods, over.methods),
    },
  };
}

function mib(bytes: number): string {
  return String(Number((bytes / 2 ** 20).toPrecision(3)));
}
