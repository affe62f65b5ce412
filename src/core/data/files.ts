/** Expands the data paths users give (literal paths or globs) into the sorted list of files to read. */
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { escapePath, glob, isDynamicPattern } from 'tinyglobby';
import { ConfigurationError } from '../errors.js';

/**
 * A path or glob written relative to `base` (a config file's folder), as a pattern relative to nothing:
 * the folder's own characters (parentheses, brackets) are escaped, so only the user's part globs.
 */
export function patternFrom(base: string, pattern: string): string {
  if (isAbsolute(pattern)) return pattern;
  return isDynamicPattern(pattern) ? `${escapePath(resolve(base))}/${pattern}` : resolve(base, pattern);
}

/**
 * Paths or globs (`data/*.csv`, `data/**\/*.parquet`) relative to `cwd` → absolute file paths, sorted and
 * deduplicated. A pattern that names an existing file is taken literally even if it has glob characters
 * (`data[1].csv`). A literal path that does not exist, or a glob that matches no file, is an error naming
 * the pattern: a typo must not silently validate nothing.
 */
export async function expandDataPaths(patterns: string[], cwd: string): Promise<string[]> {
  if (patterns.length === 0)
    throw new ConfigurationError('no data files given: expected at least one path or glob');
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const path of await expandOne(pattern, cwd)) found.add(path);
  }
  return [...found].sort();
}

async function expandOne(pattern: string, cwd: string): Promise<string[]> {
  if (pattern.trim() === '') throw new ConfigurationError('empty data path: expected a file path or a glob');
  const literal = resolve(cwd, pattern);
  const kind = await fileKind(literal);
  if (kind === 'file') return [literal];
  if (kind === 'folder') {
    throw new ConfigurationError(
      `data path "${pattern}" is a folder; expected a file or a glob such as "${pattern}/*.csv"`,
    );
  }
  if (!isDynamicPattern(pattern)) {
    throw new ConfigurationError(`data file "${pattern}" not found (looked for ${literal})`);
  }
  const matches = await glob(pattern, { cwd, absolute: true, onlyFiles: true, expandDirectories: false });
  if (matches.length === 0) {
    throw new ConfigurationError(`data glob "${pattern}" matched no files (searched from ${cwd})`);
  }
  return matches.map((m) => resolve(m));
}

async function fileKind(path: string): Promise<'file' | 'folder' | 'none'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'none';
  }
}
