import { stat } from 'node:fs/promises';
import { DataError } from './data-error.js';

/** Fails with a user-facing message when `path` is missing, a folder or unreadable, before any parsing. */
export async function ensureReadableFile(path: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? 'unknown error'})`;
    throw new DataError(path, {}, problem);
  }
  if (!isFile) throw new DataError(path, {}, 'is a folder, expected a data file');
}
