/**
 * A cheap estimate of a file's data rows, for the progress line's ETA only: the newlines in the first
 * MiB of an uncompressed CSV/TSV/JSON Lines file, scaled by the file's size. Parquet and .gz: unknown.
 */
import { open } from 'node:fs/promises';

const SAMPLE = 1 << 20;

export async function estimateRows(path: string): Promise<number | undefined> {
  if (!/\.(csv|tsv|jsonl|ndjson)$/i.test(path)) return undefined;
  let handle;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(SAMPLE, size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let lines = 0;
    for (let i = 0; i < bytesRead; i++) if (buffer[i] === 10) lines++;
    if (lines === 0) return undefined;
    return bytesRead === size ? lines : Math.round((lines * size) / bytesRead);
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}
