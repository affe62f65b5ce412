/**
 * How jobs name files in results and messages: relative to the working folder, as a reviewer sees them in
 * the repository. Its own module so a job can use it without loading another job's code.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { DataError } from '../data/data-error.js';

/** Runs `work`, naming the file of a DataError as results name it (relative to the working folder). */
export async function nameFilesAsShown<T>(cwd: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DataError) throw error.renamed(displayPath(error.file, cwd));
    throw error;
  }
}

/** Files inside the working folder are named relative to it (as a reviewer sees them in the repository). */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
}
