/**
 * The drift job (`mlgate drift`, action drift-check): reference vs current data, every statistic for every
 * column, a decision per column and for the dataset, data quality findings; drift.json and drift.md.
 */
import { resolve } from 'node:path';
import { expandDataPaths } from '../data/files.js';
import { categoricalDrift, numericDrift, sortFloat64 } from '../drift/index.js';
import {
  decideColumns,
  decideDataset,
  defaultMethod,
  methodFits,
  P_VALUE_METHODS,
  resolvePolicy,
  type ColumnScore,
  type DriftMethod,
  type DriftPolicy,
} from '../drift/decide.js';
import {
  DRIFT_CONVENTIONS,
  DRIFT_SCHEMA_VERSION,
  type DriftColumn,
  type DriftColumnQuality,
  type DriftResult,
} from '../drift/result.js';
import {
  MAX_NUMERIC_CATEGORIES,
  readDriftSamples,
  type ColumnSamples,
  type SideSample,
} from '../drift/samples.js';
import { SpillArea } from '../drift/value-store.js';
import { ConfigurationError } from '../errors.js';
import { removeStaleResults, toJson, writeFilesAtomically } from '../io/write-files.js';
import type { Logger } from '../logger.js';
import { renderDriftMarkdown } from '../report/drift-markdown.js';
import { displayPath, nameFilesAsShown } from './shown-paths.js';

export const DRIFT_FILE = 'drift.json';
export const DRIFT_MARKDOWN_FILE = 'drift.md';

export interface DriftJobRequest {
  cwd: string;
  outDir: string;
  /** Paths or globs, relative to cwd. */
  reference: string[];
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
}

export interface DriftJobOutcome {
  result: DriftResult;
  resultPath: string;
  markdownPath: string;
  markdown: string;
}

export async function runDriftJob(request: DriftJobRequest, logger: Logger): Promise<DriftJobOutcome> {
  const resultPath = resolve(request.cwd, request.outDir, DRIFT_FILE);
  const markdownPath = resolve(request.cwd, request.outDir, DRIFT_MARKDOWN_FILE);
  await removeStaleResults([resultPath, markdownPath]);
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
        `Values beyond ${Math.round(spill.budget / 2 ** 20)} MiB spilled to a temporary folder (${Math.round(spill.spilledBytes / 2 ** 20)} MiB)`,
      );
    }
    const columns: Record<string, DriftColumn> = {};
    const notTested: Record<string, string> = {};
    const scores: ColumnScore[] = [];
    let scratch: Float64Array | undefined;
    for (const column of samples.columns) {
      if (column.kind === 'mixed' || column.kind === 'unsupported') {
        notTested[column.name] = column.reason ?? 'cannot be tested';
        continue;
      }
      const ref = column.reference!;
      const cur = column.current!;
      const { entry, score, buffer } = await testColumn(column, ref, cur, policy, scratch);
      scratch = buffer;
      columns[column.name] = entry;
      scores.push(score);
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
    const result: DriftResult = {
      schemaVersion: DRIFT_SCHEMA_VERSION,
      name: request.name ?? null,
      reference: { files: referenceFiles.map(show), rows: samples.rows.reference },
      current: { files: currentFiles.map(show), rows: samples.rows.current },
      columns,
      not_tested: notTested,
      columns_only_in_reference: samples.onlyReference,
      columns_only_in_current: samples.onlyCurrent,
      dataset_drift: dataset.dataset_drift,
      drifted_columns: verdicts.filter((v) => v.drifted).map((v) => v.name),
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
    ]);
    return { result, resultPath, markdownPath, markdown };
  } finally {
    await spill.close();
  }
}

async function testColumn(
  column: ColumnSamples,
  ref: SideSample,
  cur: SideSample,
  policy: DriftPolicy,
  scratch: Float64Array | undefined,
): Promise<{ entry: DriftColumn; score: ColumnScore; buffer: Float64Array | undefined }> {
  const quality: DriftColumnQuality = {
    null_fraction: {
      reference: share(ref.missing, ref.rows),
      current: share(cur.missing, cur.rows),
      change: share(cur.missing, cur.rows) - share(ref.missing, ref.rows),
    },
    nan: { reference: ref.nan, current: cur.nan },
    infinite: { reference: ref.infinite, current: cur.infinite },
    constant: { reference: false, current: false },
  };
  const override = policy.methods[column.name];
  let entry: DriftColumn;
  let counts: { reference: Map<string, number>; current: Map<string, number> } | undefined;
  let buffer = scratch;
  if (column.kind === 'numeric') {
    const a = await ref.values!.take();
    const b = await cur.values!.take();
    if (!buffer || buffer.length < Math.max(a.length, b.length))
      buffer = new Float64Array(Math.max(a.length, b.length));
    sortFloat64(a, buffer);
    sortFloat64(b, buffer);
    const stats = numericDrift(a, b);
    quality.constant = {
      reference: a.length > 0 && a[0] === a[a.length - 1],
      current: b.length > 0 && b[0] === b[b.length - 1],
    };
    if (a.length > 0 && b.length > 0) {
      const min = a[0];
      const max = a[a.length - 1];
      const below = lowerBound(b, min);
      const above = b.length - upperBound(b, max);
      quality.out_of_range = {
        below,
        above,
        share: (below + above) / b.length,
        reference_min: min,
        reference_max: max,
      };
    }
    // Evidently tests a numeric column with at most 5 distinct values as categories.
    const few = ref.distinct && cur.distinct && union(ref.distinct, cur.distinct) <= MAX_NUMERIC_CATEGORIES;
    if (few) counts = { reference: keyed(ref.distinct!), current: keyed(cur.distinct!) };
    const cat = counts ? categoricalDrift(counts.reference, counts.current) : undefined;
    entry = {
      type: 'numeric',
      n_reference: a.length,
      n_current: b.length,
      ...(few ? { tested_as: 'categories' as const } : {}),
      ks: stats.ks,
      wasserstein: stats.wasserstein,
      wasserstein_normed: stats.wasserstein_normed,
      psi: stats.psi,
      jensen_shannon: stats.jensen_shannon,
      chi2: cat?.chi2 ?? null,
      z: cat?.z ?? null,
      ...(cat ? { total_variation: totalVariation(cat.reference, cat.current) } : {}),
      method: null,
      score: null,
      threshold: null,
      drifted: false,
      because: '',
      ...(Object.keys({ ...stats.reasons, ...cat?.reasons }).length
        ? { reasons: { ...stats.reasons, ...cat?.reasons } as Record<string, string> }
        : {}),
      quality,
      histogram: stats.bins
        ? { edges: stats.bins.edges, reference: stats.bins.reference, current: stats.bins.current }
        : undefined,
    };
  } else {
    const stats = categoricalDrift(ref.counts!, cur.counts!);
    quality.constant = { reference: ref.counts!.size === 1, current: cur.counts!.size === 1 };
    const fresh = stats.only_current;
    const freshCount = fresh.reduce((sum, c) => sum + cur.counts!.get(c)!, 0);
    if (fresh.length) {
      quality.new_categories = {
        values: fresh.slice(0, 20),
        count: fresh.length,
        share: share(freshCount, stats.n_current),
      };
    }
    entry = {
      type: 'categorical',
      n_reference: stats.n_reference,
      n_current: stats.n_current,
      ks: null,
      wasserstein: null,
      wasserstein_normed: null,
      psi: stats.psi,
      jensen_shannon: stats.jensen_shannon,
      chi2: stats.chi2,
      z: stats.z,
      total_variation: totalVariation(stats.reference, stats.current),
      method: null,
      score: null,
      threshold: null,
      drifted: false,
      because: '',
      ...(Object.keys(stats.reasons).length ? { reasons: stats.reasons as Record<string, string> } : {}),
      quality,
      histogram: { categories: stats.categories, reference: stats.reference, current: stats.current },
    };
  }
  // Which test judges the column.
  const type = entry.tested_as === 'categories' ? 'categorical' : entry.type;
  const distinct =
    entry.type === 'categorical'
      ? entry.histogram!.categories!.length
      : counts
        ? union(ref.distinct!, cur.distinct!)
        : Infinity;
  let method: DriftMethod = override?.method ?? defaultMethod(type, entry.n_reference, distinct, policy);
  let reason: string | undefined;
  if (
    override &&
    !methodFits(override.method, entry.type) &&
    !(entry.tested_as === 'categories' && methodFits(override.method, 'categorical'))
  ) {
    throw new ConfigurationError(
      `drift method ${override.method} for column "${column.name}" does not fit a ${entry.type} column; use ${entry.type === 'numeric' ? 'ks, wasserstein, psi or jensen_shannon' : 'chi2, z, psi or jensen_shannon'}`,
    );
  }
  if (method === 'z' && entry.z === null && distinct > 2) method = 'chi2';
  const threshold =
    override?.threshold ??
    (P_VALUE_METHODS.includes(method)
      ? policy.alpha
      : policy.thresholds[method as keyof DriftPolicy['thresholds']]);
  let score: number | null = null;
  let effect: number | null | undefined;
  if (entry.n_reference < policy.min_values || entry.n_current < policy.min_values) {
    reason = `${Math.min(entry.n_reference, entry.n_current)} values on the ${entry.n_reference < entry.n_current ? 'reference' : 'current'} side, below min_values ${policy.min_values}`;
  } else {
    switch (method) {
      case 'ks':
        score = entry.ks?.p_value ?? null;
        effect = entry.ks?.statistic ?? null;
        reason = entry.reasons?.ks;
        break;
      case 'wasserstein':
        score = entry.wasserstein_normed;
        reason = entry.reasons?.wasserstein_normed ?? entry.reasons?.wasserstein;
        break;
      case 'psi':
        score = entry.psi;
        reason = entry.reasons?.psi;
        break;
      case 'jensen_shannon':
        score = entry.jensen_shannon;
        reason = entry.reasons?.jensen_shannon;
        break;
      case 'chi2':
        score = entry.chi2?.p_value ?? null;
        effect = entry.total_variation ?? null;
        reason = entry.reasons?.chi2;
        break;
      case 'z':
        score = entry.z?.p_value ?? null;
        effect = entry.total_variation ?? null;
        reason = entry.reasons?.z;
        break;
    }
    if (score === null && reason === undefined) reason = `${method} could not be computed`;
  }
  entry.method = method;
  entry.score = score;
  entry.threshold = threshold;
  return {
    entry,
    score: {
      name: column.name,
      method,
      score,
      effect,
      threshold,
      ...(reason && score === null ? { reason } : {}),
    },
    buffer,
  };
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function union(a: Map<number, number>, b: Map<number, number>): number {
  const all = new Set([...a.keys(), ...b.keys()]);
  return all.size;
}

function keyed(m: Map<number, number>): Map<string, number> {
  return new Map([...m].map(([k, v]) => [String(k), v]));
}

function totalVariation(reference: number[], current: number[]): number | null {
  const nR = reference.reduce((a, b) => a + b, 0);
  const nC = current.reduce((a, b) => a + b, 0);
  if (nR === 0 || nC === 0) return null;
  let sum = 0;
  for (let k = 0; k < reference.length; k++) sum += Math.abs(reference[k] / nR - current[k] / nC);
  return sum / 2;
}

/** First index with a[i] >= x (a sorted ascending). */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with a[i] > x. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
