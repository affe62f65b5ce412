/**
 * Reading the reference and the current data for drift, column by column. Types are settled first, from
 * the first batch of each side (numbers → numeric; text and booleans → categorical; user overrides win), so
 * both sides read a column the same way; then every file is read once: a numeric column keeps its finite
 * values (value-store.ts) and a count of missing, NaN and infinite cells, a categorical column the count
 * of each category. A numeric column that turns out to hold text, or a column whose sides disagree on
 * its type, is kept as `mixed`: reported, not tested.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CellState, type Batch, type Column, type ColumnType } from '../data/types.js';
import { detectFormat, openDataSource } from '../data/open.js';
import { ConfigurationError } from '../errors.js';
import type { ExportedValues, SpillArea, ValueStore } from './value-store.js';

export type SampleKind = 'numeric' | 'categorical';

/** A numeric column with at most this many distinct values (both sides together) is tested as categories. */
export const MAX_NUMERIC_CATEGORIES = 5;

export interface SideSample {
  /** Rows read on this side (files where the column exists). */
  rows: number;
  /** Cells with no value: empty, null, absent. */
  missing: number;
  /** Numeric: NaN cells, and ±Infinity (neither is a value the statistics can use). */
  nan: number;
  infinite: number;
  /** Numeric: the finite values. */
  values?: ValueStore;
  /** Numeric: the distinct finite values while there are at most MAX_NUMERIC_CATEGORIES + 1 of them. */
  distinct?: Map<number, number>;
  /** Categorical: count per category (booleans as "true"/"false"). */
  counts?: Map<string, number>;
  /** The first value of another type than the column's, and where. */
  foreign?: { value: string; file: string; row: number };
}

export interface ColumnSamples {
  name: string;
  kind: SampleKind | 'mixed' | 'unsupported';
  /** Why the column cannot be tested when its kind says so. */
  reason?: string;
  reference?: SideSample;
  current?: SideSample;
}

export interface SampleOptions {
  /** Only these columns (default: all). */
  columns?: readonly string[];
  exclude?: readonly string[];
  numeric?: readonly string[];
  categorical?: readonly string[];
  spill: SpillArea;
  /** Names files in messages (relative to the working folder). */
  show: (path: string) => string;
  /** The bundled side reader (dist/workers/drift-read.js): the reference is read there, in parallel. */
  readerUrl?: URL;
  /** Both sides' files together at least this large are read in parallel (default 32 MiB). */
  readerMinBytes?: number;
}

/** Both sides together at least this large: a reader thread for the reference pays for its start. */
const PARALLEL_MIN_BYTES = 32 << 20;

/** Reads every file of one side into the columns' samples; returns the rows read. */
export async function readSide(
  files: readonly string[],
  side: 'reference' | 'current',
  columns: Map<string, ColumnSamples>,
  hints: Record<string, ColumnType>,
  options: Pick<SampleOptions, 'spill' | 'show'>,
  late: Map<string, string> = new Map(),
): Promise<number> {
  let rows = 0;
  for (const file of files) rows += await readFile(file, side, columns, hints, options, late);
  return rows;
}

/** What a reader thread sends back for one column of its side. */
export interface ReadSideColumn {
  name: string;
  kind: ColumnSamples['kind'];
  reason?: string;
  sample?: Omit<SideSample, 'values' | 'distinct' | 'counts'> & {
    values?: ExportedValues;
    distinct?: [number, number][];
    counts?: [string, number][];
  };
}

async function readSideOnThread(
  url: URL,
  files: readonly string[],
  columns: ColumnSamples[],
  hints: Record<string, ColumnType>,
  options: SampleOptions,
  budget: number,
  stop: { current?: () => Promise<number> },
  late: Map<string, string>,
): Promise<number> {
  const dir = join(await options.spill.folder(), 'reference');
  const worker = new Worker(url, {
    workerData: {
      files,
      columns: columns.map((c) => ({ name: c.name, kind: c.kind, reason: c.reason })),
      hints,
      budget,
      dir,
      shown: Object.fromEntries(files.map((f) => [f, options.show(f)])),
    },
  });
  stop.current = () => worker.terminate();
  const reply = await new Promise<
    { rows: number; columns: ReadSideColumn[]; late: [string, string][] } | { error: string; data?: boolean }
  >((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`drift reader thread exited with code ${code}`)));
  });
  await worker.terminate();
  if ('error' in reply) {
    // A data error names its file and row already: the same message as reading it here would give.
    if (reply.data) throw new ConfigurationError(reply.error);
    throw new Error(`drift reader thread: ${reply.error}`);
  }
  const byName = new Map(columns.map((c) => [c.name, c]));
  for (const c of reply.columns) {
    const target = byName.get(c.name)!;
    // Only towards "not testable": this thread may already have found text in the current data.
    const testable = (k: ColumnSamples['kind']) => k === 'numeric' || k === 'categorical';
    if (c.kind !== target.kind && testable(target.kind)) {
      target.kind = c.kind;
      target.reason = c.reason;
    }
    if (!c.sample) continue;
    const { values, distinct, counts, ...rest } = c.sample;
    target.reference = {
      ...rest,
      ...(values ? { values: options.spill.adopt(values) } : {}),
      ...(distinct ? { distinct: new Map(distinct) } : {}),
      ...(counts ? { counts: new Map(counts) } : {}),
    };
  }
  for (const [name, where] of reply.late) if (!late.has(name)) late.set(name, where);
  return reply.rows;
}

export interface DriftSamples {
  columns: ColumnSamples[];
  /** Columns found on one side only (reported, not tested). */
  onlyReference: string[];
  onlyCurrent: string[];
  /** Columns first seen after the rows types were settled from (JSON Lines): name, and where. */
  late: [string, string][];
  rows: { reference: number; current: number };
}

type Sniffed = 'numeric' | 'categorical' | 'json' | 'empty' | 'mixed';

/** Reads both sides. `reference` and `current` are lists of files (globs already expanded). */
export async function readDriftSamples(
  reference: readonly string[],
  current: readonly string[],
  options: SampleOptions,
): Promise<DriftSamples> {
  const refSniff = await sniffSide(reference);
  const curSniff = await sniffSide(current);
  const wanted = (name: string) =>
    (!options.columns || options.columns.includes(name)) && !options.exclude?.includes(name);
  const refNames = [...refSniff.keys()].filter(wanted);
  const curNames = [...curSniff.keys()].filter(wanted);
  const both = refNames.filter((n) => curSniff.has(n));
  const columns: ColumnSamples[] = both.map((name) => {
    const forced = options.numeric?.includes(name)
      ? 'numeric'
      : options.categorical?.includes(name)
        ? 'categorical'
        : undefined;
    return { name, ...settleKind(name, refSniff.get(name)!, curSniff.get(name)!, forced) };
  });
  const byName = new Map(columns.map((c) => [c.name, c]));
  const hints: Record<string, ColumnType> = Object.create(null) as Record<string, ColumnType>;
  for (const c of columns) {
    if (c.kind === 'numeric') hints[c.name] = 'number';
    else if (c.kind === 'categorical') hints[c.name] = 'string';
  }
  const rows = { reference: 0, current: 0 };
  // Columns a JSON Lines file has only in later rows than the ones types were settled from.
  const late = new Map<string, string>();
  const sizes = await Promise.all([...reference, ...current].map((f) => stat(f).then((st) => st.size)));
  if (
    options.readerUrl &&
    sizes.reduce((a, b) => a + b, 0) >= (options.readerMinBytes ?? PARALLEL_MIN_BYTES)
  ) {
    // Each side on its own core: the reference on a reader thread, the current data here, each with
    // half of the memory budget.
    const budget = options.spill.budget;
    options.spill.budget = Math.floor(budget / 2);
    let refRows: number;
    let curRows: number;
    const stop: { current?: () => Promise<number> } = {};
    try {
      [refRows, curRows] = await Promise.all([
        readSideOnThread(
          options.readerUrl,
          reference,
          columns,
          hints,
          options,
          budget - options.spill.budget,
          stop,
          late,
        ),
        // The reader thread must not outlive a failure here (it would go on reading the reference).
        readSide(current, 'current', byName, hints, options, late).catch(async (error: unknown) => {
          await stop.current?.();
          throw error;
        }),
      ]);
    } finally {
      options.spill.budget = budget;
    }
    rows.reference = refRows;
    rows.current = curRows;
  } else {
    rows.reference = await readSide(reference, 'reference', byName, hints, options, late);
    rows.current = await readSide(current, 'current', byName, hints, options, late);
  }
  return {
    columns,
    onlyReference: refNames.filter((n) => !curSniff.has(n)),
    onlyCurrent: curNames.filter((n) => !refSniff.has(n)),
    late: [...late].filter(([name]) => wanted(name) && !refSniff.has(name) && !curSniff.has(name)),
    rows,
  };
}

/** Each column's type from the first batch of each file of a side (CSV text that reads as numbers → numeric). */
async function sniffSide(files: readonly string[]): Promise<Map<string, Sniffed>> {
  const kinds = new Map<string, Sniffed>();
  for (const file of files) {
    const source = await openDataSource(file, { batchSize: 4096 });
    const csv = detectFormat(file).format === 'csv';
    let sawBatch = false;
    for await (const batch of source.batches()) {
      sawBatch = true;
      for (const column of batch.columns) {
        kinds.set(column.name, merge(kinds.get(column.name), sniffColumn(column, batch.length, csv)));
      }
      break;
    }
    for (const name of source.columns)
      if (!kinds.has(name) || !sawBatch) kinds.set(name, kinds.get(name) ?? 'empty');
  }
  return kinds;
}

const NUMBER_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$|^\s*[+-]?(?:inf|infinity)\s*$/i;
/** "NaN" is a number's missing value in a numeric column and may be a category in a text column: no evidence. */
const NAN_TEXT = /^\s*nan\s*$/i;

function sniffColumn(column: Column, n: number, csv: boolean): Sniffed {
  let seen: Sniffed = 'empty';
  for (let r = 0; r < n; r++) {
    if (column.state[r] === CellState.Absent || column.state[r] === CellState.Null) continue;
    let kind: Sniffed;
    if (column.kind === 'number') kind = 'numeric';
    else if (column.kind === 'boolean') kind = 'categorical';
    else {
      const v = column.values[r];
      if (typeof v === 'number' || typeof v === 'bigint') kind = 'numeric';
      else if (typeof v === 'string') {
        if (csv && NAN_TEXT.test(v)) continue;
        kind = csv && NUMBER_TEXT.test(v) ? 'numeric' : 'categorical';
      } else if (typeof v === 'boolean') kind = 'categorical';
      else kind = 'json';
    }
    seen = merge(seen, kind);
    if (seen === 'mixed' || seen === 'json') return seen;
  }
  return seen;
}

/** Numbers and text (or booleans) in one column are `mixed`: reported, not guessed at. */
function merge(a: Sniffed | undefined, b: Sniffed): Sniffed {
  if (a === undefined || a === 'empty') return b;
  if (b === 'empty' || a === b) return a;
  if (a === 'json' || b === 'json') return 'json';
  return 'mixed';
}

function settleKind(
  name: string,
  ref: Sniffed,
  cur: Sniffed,
  forced: SampleKind | undefined,
): Pick<ColumnSamples, 'kind' | 'reason'> {
  if (ref === 'json' || cur === 'json') {
    return {
      kind: 'unsupported',
      reason: 'holds objects or arrays (nested JSON), which drift does not test',
    };
  }
  if (forced) return { kind: forced };
  const type = (s: Sniffed) => (s === 'mixed' ? 'numbers and text' : s);
  if (ref === 'mixed' || cur === 'mixed') {
    const where =
      ref === 'mixed' && cur === 'mixed'
        ? 'both sides'
        : ref === 'mixed'
          ? 'the reference'
          : 'the current data';
    return {
      kind: 'mixed',
      reason: `holds numbers and text in ${where}; give its type (categorical or numeric) to test it`,
    };
  }
  if (ref === 'empty' && cur === 'empty') return { kind: 'numeric' };
  if (ref === 'empty') return { kind: cur as SampleKind };
  if (cur === 'empty') return { kind: ref as SampleKind };
  if (ref !== cur) {
    return {
      kind: 'mixed',
      reason: `reads as ${type(ref)} in the reference and as ${type(cur)} in the current data; give its type (categorical or numeric) to test it`,
    };
  }
  void name;
  return { kind: ref as SampleKind };
}

function emptySide(kind: SampleKind, spill: SpillArea): SideSample {
  return kind === 'numeric'
    ? { rows: 0, missing: 0, nan: 0, infinite: 0, values: spill.store(), distinct: new Map() }
    : { rows: 0, missing: 0, nan: 0, infinite: 0, counts: new Map() };
}

async function readFile(
  file: string,
  side: 'reference' | 'current',
  columns: Map<string, ColumnSamples>,
  hints: Record<string, ColumnType>,
  options: Pick<SampleOptions, 'spill' | 'show'>,
  late: Map<string, string>,
): Promise<number> {
  const source = await openDataSource(file, { columnTypes: hints, reuseBuffers: true });
  let rows = 0;
  const shown = options.show(file);
  for await (const batch of source.batches()) {
    for (const column of batch.columns) {
      const samples = columns.get(column.name);
      if (!samples && !late.has(column.name)) {
        late.set(column.name, `${shown}, row ${batch.rowNumbers[0]}`);
      }
      if (!samples || (samples.kind !== 'numeric' && samples.kind !== 'categorical')) continue;
      const sample = (samples[side] ??= emptySide(samples.kind, options.spill));
      if (samples.kind === 'numeric') addNumbers(sample, column, batch, shown, samples);
      else addCategories(sample, column, batch);
    }
    // A column a JSON Lines row leaves out is missing in that row.
    for (const samples of columns.values()) {
      if (samples.kind !== 'numeric' && samples.kind !== 'categorical') continue;
      const sample = (samples[side] ??= emptySide(samples.kind, options.spill));
      if (!batch.columns.some((c) => c.name === samples.name)) {
        sample.rows += batch.length;
        sample.missing += batch.length;
      }
    }
    rows += batch.length;
    for (const samples of columns.values()) await samples[side]?.values?.settle();
  }
  return rows;
}

function addNumbers(
  sample: SideSample,
  column: Column,
  batch: Batch,
  file: string,
  samples: ColumnSamples,
): void {
  const n = batch.length;
  sample.rows += n;
  const store = sample.values!;
  const distinct = sample.distinct;
  for (let r = 0; r < n; r++) {
    const state = column.state[r];
    let v: number;
    if (state === CellState.Present) {
      const raw = column.values[r];
      v = typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : NaN;
      if (typeof raw !== 'number' && typeof raw !== 'bigint') {
        noteForeign(sample, raw, file, batch.rowNumbers[r], samples);
        continue;
      }
    } else if (state === CellState.NaN) {
      sample.nan++;
      continue;
    } else if (state === CellState.Invalid) {
      noteForeign(sample, column.invalid.get(r), file, batch.rowNumbers[r], samples);
      continue;
    } else {
      sample.missing++;
      continue;
    }
    if (v !== v) {
      sample.nan++;
      continue;
    }
    if (v === Infinity || v === -Infinity) {
      sample.infinite++;
      continue;
    }
    store.push(v);
    if (distinct && distinct.size <= MAX_NUMERIC_CATEGORIES) {
      distinct.set(v, (distinct.get(v) ?? 0) + 1);
    }
  }
  if (distinct && distinct.size > MAX_NUMERIC_CATEGORIES) sample.distinct = undefined;
}

function noteForeign(
  sample: SideSample,
  raw: unknown,
  file: string,
  row: number,
  samples: ColumnSamples,
): void {
  sample.foreign ??= { value: String(raw), file, row };
  if (samples.kind === 'numeric') {
    samples.kind = 'mixed';
    samples.reason = `holds numbers and text (${JSON.stringify(String(raw))} in ${file}, row ${row}); give its type (categorical) to test it as categories`;
  }
}

function addCategories(sample: SideSample, column: Column, batch: Batch): void {
  const n = batch.length;
  sample.rows += n;
  const counts = sample.counts!;
  for (let r = 0; r < n; r++) {
    const state = column.state[r];
    if (state === CellState.Absent || state === CellState.Null) {
      sample.missing++;
      continue;
    }
    const raw = state === CellState.Invalid ? column.invalid.get(r) : column.values[r];
    const key =
      column.kind === 'boolean'
        ? raw
          ? 'true'
          : 'false'
        : typeof raw === 'string'
          ? raw
          : state === CellState.NaN
            ? 'NaN'
            : String(raw);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
}
