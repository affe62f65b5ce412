import { open } from 'node:fs/promises';
import { defaultDelimiter, HEADER_CHUNK_SIZE, openCsvChunks, readFileChunks } from '../../data/csv-reader.js';
import type { ReadOptions } from '../../data/types.js';

const WINDOW = 1 << 20;

/**
 * Byte offsets that cut [dataStart, size) into `parts` ranges, each cut just after a line feed; the
 * first range is `firstWeight` times as large as each of the others. A cut may still fall inside a
 * quoted field that holds a line break; the part before it then ends inside a quote, which is reported
 * as an error, and the caller reads the file in one piece.
 */
export async function splitPoints(
  path: string,
  dataStart: number,
  size: number,
  parts: number,
  firstWeight = 1,
): Promise<number[]> {
  const handle = await open(path, 'r');
  try {
    const window = new Uint8Array(WINDOW);
    const cuts: number[] = [];
    for (let k = 1; k < parts; k++) {
      const share = (firstWeight + (k - 1)) / (firstWeight + (parts - 1));
      const nominal = dataStart + Math.floor((size - dataStart) * share);
      if (cuts.length && nominal <= cuts[cuts.length - 1]) continue;
      const { bytesRead } = await handle.read(window, 0, WINDOW, nominal);
      const lf = window.subarray(0, bytesRead).indexOf(0x0a);
      if (lf < 0) continue;
      const cut = nominal + lf + 1;
      if (cut < size) cuts.push(cut);
    }
    return cuts;
  } finally {
    await handle.close();
  }
}

/** A plain CSV file cut into parts that each start at a line: its header, delimiter and the byte bounds. */
export interface CsvParts {
  names: string[];
  delimiter: string;
  /** Physical line of the first data byte. */
  firstLine: number;
  /** Part k is bytes [bounds[k], bounds[k + 1]). */
  bounds: number[];
}

/**
 * Reads the header and cuts the data into `parts` (the first `firstWeight` times the others), or null
 * when the file is to be read in one piece: a one-column file (its blank lines mean something that
 * depends on what follows them) or one too short to cut. Shared by validation and evaluation.
 */
export async function cutCsvIntoParts(
  path: string,
  read: ReadOptions,
  size: number,
  parts: number,
  firstWeight: number,
): Promise<CsvParts | null> {
  const delimiter = read.delimiter ?? defaultDelimiter(path);
  const head = await openCsvChunks(readFileChunks(path, 0, Infinity, HEADER_CHUNK_SIZE), path, {
    ...read,
    delimiter,
    batchSize: 1,
  });
  await head.close();
  if (head.columns.length < 2) return null;
  const cuts = await splitPoints(path, head.dataStart, size, parts, firstWeight);
  if (cuts.length === 0) return null;
  return {
    names: [...head.columns],
    delimiter,
    firstLine: head.firstLine,
    bounds: [head.dataStart, ...cuts, size],
  };
}
