import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../errors.js';

/** Errors that mean the output folder cannot be used as given: the user's to fix, not ours. */
const OUTPUT_MISTAKES = new Set(['EEXIST', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC']);

/**
 * Writes a set of files so that none is left half-written: each is written to a temporary name in its
 * target folder and renamed into place only after every write has succeeded. An output folder that
 * cannot be created or written is a ConfigurationError naming it.
 */
export async function writeFilesAtomically(
  files: ReadonlyArray<{ path: string; content: string }>,
): Promise<void> {
  const staged: Array<{ tmp: string; path: string }> = [];
  try {
    for (const { path, content } of files) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
      staged.push({ tmp, path });
      await writeFile(tmp, content);
    }
    for (const { tmp, path } of staged) await rename(tmp, path);
  } catch (error) {
    await Promise.all(staged.map(({ tmp }) => rm(tmp, { force: true })));
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && OUTPUT_MISTAKES.has(code)) {
      const folder = dirname(files[0]?.path ?? '.');
      throw new ConfigurationError(
        `cannot write the results to ${folder}: ${getErrorMessage(error)}; give an output folder that can be created and written (--out / input "output-dir")`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Removes the result files a previous run left, so a run that stops on a mistake leaves no stale
 * result for a later step to read as its own.
 */
export async function removeStaleResults(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => rm(path, { force: true }).catch(() => {})));
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
