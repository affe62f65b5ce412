import {
  CellState,
  type Batch,
  type Column,
  type ColumnType,
  type DataFormat,
  type DataSource,
  type ReadOptions,
} from '../../../src/core/data/types.js';
import type { OpenDataSource } from '../../../src/core/validate/validate-data.js';

/**
 * In-memory stand-ins for the readers, typing cells the way the real ones do: CSV cells are text typed by
 * the hints (empty → Absent, NaN text → NaN, unparsable → Invalid); JSON Lines rows are objects (missing
 * key → Absent, null → Null, a value of the wrong kind for a hinted column → Invalid); "parquet" rows carry
 * typed values with null → Null and NaN → NaN.
 */
export type MemoryFile =
  | { format: 'csv'; header: string[]; rows: string[][] }
  | { format: 'jsonl'; rows: Record<string, unknown>[] }
  | {
      format: 'parquet';
      columns: Record<string, 'number' | 'boolean' | 'string' | 'json'>;
      rows: Record<string, unknown>[];
    };

export function memoryOpener(files: Record<string, MemoryFile>): OpenDataSource & { calls: ReadOptions[] } {
  const calls: ReadOptions[] = [];
  const open = async (path: string, options: ReadOptions = {}): Promise<DataSource> => {
    calls.push(options);
    const file = files[path];
    if (!file) throw new Error(`test: no memory file ${path}`);
    return memorySource(path, file, options);
  };
  return Object.assign(open, { calls });
}

export function memorySource(path: string, file: MemoryFile, options: ReadOptions = {}): DataSource {
  const batchSize = options.batchSize ?? 65_536;
  const types = options.columnTypes ?? {};
  const columns =
    file.format === 'csv'
      ? file.header
      : file.format === 'parquet'
        ? Object.keys(file.columns)
        : jsonKeys(file.rows);
  const kinds = columns.map((name): Column['kind'] => {
    if (file.format === 'parquet') return file.columns[name];
    return kindOf(types[name] ?? (file.format === 'csv' ? 'string' : 'json'));
  });
  const format: DataFormat = file.format;
  return {
    path,
    format,
    compressed: false,
    columns,
    async *batches(): AsyncIterable<Batch> {
      for (let start = 0; start < file.rows.length; start += batchSize) {
        const end = Math.min(start + batchSize, file.rows.length);
        yield makeBatch(file, columns, kinds, start, end);
      }
    },
  };
}

function makeBatch(
  file: MemoryFile,
  names: string[],
  kinds: Column['kind'][],
  start: number,
  end: number,
): Batch {
  const length = end - start;
  const rowNumbers = new Uint32Array(length);
  const lines = new Uint32Array(length);
  for (let i = 0; i < length; i++) {
    rowNumbers[i] = file.format === 'jsonl' ? start + i + 1 : start + i + 1;
    lines[i] = file.format === 'parquet' ? 0 : file.format === 'csv' ? start + i + 2 : start + i + 1;
  }
  const columns = names.map((name, k) => {
    const column = emptyColumn(name, kinds[k], length);
    for (let i = 0; i < length; i++) {
      const row = file.rows[start + i];
      const raw = file.format === 'csv' ? (row as string[])[k] : (row as Record<string, unknown>)[name];
      setCell(column, i, raw, file.format);
    }
    return column;
  });
  return { length, columns, rowNumbers, lines };
}

function emptyColumn(name: string, kind: Column['kind'], length: number): Column {
  const state = new Uint8Array(length);
  const invalid = new Map<number, unknown>();
  if (kind === 'number') return { name, kind, values: new Float64Array(length).fill(NaN), state, invalid };
  if (kind === 'boolean') return { name, kind, values: new Uint8Array(length), state, invalid };
  if (kind === 'string') return { name, kind, values: new Array<string | undefined>(length), state, invalid };
  return { name, kind: 'json', values: new Array<unknown>(length), state, invalid };
}

function setCell(column: Column, i: number, raw: unknown, format: DataFormat): void {
  const mark = (state: CellState) => (column.state[i] = state);
  if (raw === undefined || (format === 'csv' && raw === '')) return void mark(CellState.Absent);
  if (raw === null) return void mark(CellState.Null);
  if (column.kind === 'number') {
    const value = format === 'csv' ? csvNumber(raw as string) : typeof raw === 'number' ? raw : undefined;
    if (value === undefined) return invalid(column, i, raw);
    if (Number.isNaN(value)) return void mark(CellState.NaN);
    column.values[i] = value;
  } else if (column.kind === 'boolean') {
    const value = format === 'csv' ? csvBoolean(raw as string) : typeof raw === 'boolean' ? raw : undefined;
    if (value === undefined) return invalid(column, i, raw);
    column.values[i] = value ? 1 : 0;
  } else if (column.kind === 'string') {
    if (typeof raw !== 'string') return invalid(column, i, raw);
    column.values[i] = raw;
  } else {
    column.values[i] = raw;
  }
}

function invalid(column: Column, i: number, raw: unknown): void {
  column.state[i] = CellState.Invalid;
  column.invalid.set(i, raw);
}

function csvNumber(text: string): number | undefined {
  if (/^\s*[-+]?nan\s*$/i.test(text)) return NaN;
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : undefined;
}

function csvBoolean(text: string): boolean | undefined {
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  return undefined;
}

function kindOf(type: ColumnType): Column['kind'] {
  return type === 'integer' ? 'number' : type;
}

function jsonKeys(rows: Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys];
}

/** A CSV file from text lines: first line is the header; cells split on commas (no quoting in tests). */
export function csv(...lines: string[]): MemoryFile {
  const [header, ...rows] = lines;
  return { format: 'csv', header: header.split(','), rows: rows.map((line) => line.split(',')) };
}
