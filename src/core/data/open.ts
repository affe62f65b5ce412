/** Picks the reader for a data file from its extension (CSV, JSON Lines, Parquet, each optionally `.gz`). */
import { basename } from 'node:path';
import { ConfigurationError } from '../errors.js';
import { openCsv } from './csv-reader.js';
import { openJsonl } from './jsonl-reader.js';
import type { DataFormat, DataSource, ReadOptions } from './types.js';

const FORMATS: Readonly<Record<string, DataFormat>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
};

const SUPPORTED = Object.keys(FORMATS)
  .flatMap((ext) => [ext, `${ext}.gz`])
  .join(', ');

/** Format by extension, case-insensitive; `.gz` on top of any of them means gzip-compressed. */
export function detectFormat(path: string): { format: DataFormat; compressed: boolean } {
  const name = basename(path).toLowerCase();
  const compressed = name.endsWith('.gz');
  const stem = compressed ? name.slice(0, -3) : name;
  const dot = stem.lastIndexOf('.');
  const format = dot > 0 ? FORMATS[stem.slice(dot)] : undefined;
  if (format === undefined) {
    throw new ConfigurationError(`${path}: unknown data file type; supported extensions: ${SUPPORTED}`);
  }
  return { format, compressed };
}

export async function openDataSource(path: string, options?: ReadOptions): Promise<DataSource> {
  const { format } = detectFormat(path);
  switch (format) {
    case 'csv':
      return openCsv(path, options);
    case 'jsonl':
      return openJsonl(path, options);
    case 'parquet': {
      // Loaded on demand: hyparquet and its decompressors (wasm) cost ~80 ms of start-up that CSV runs skip.
      const { openParquet } = await import('./parquet-reader.js');
      return openParquet(path, options);
    }
  }
}
