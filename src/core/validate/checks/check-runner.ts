import type { CheckSpec, Severity } from '../../config/types.js';
import type { Batch, Column, DataFormat } from '../../data/types.js';
import type { CheckResult } from '../result.js';
import type { ViolationCollector } from '../violations.js';

export interface FileInfo {
  path: string;
  format: DataFormat;
  /** Position of the file in the run (keys rows across files). */
  index: number;
}

export interface CheckOutcome {
  result: CheckResult;
  /** Row findings to add to the run's violations (absent when the check passed under `mostly`). */
  violations?: ViolationCollector;
}

/** One dataset check, fed every batch of every file, then asked for its verdict. */
export interface CheckRunner {
  readonly spec: CheckSpec;
  /** Columns the check reads. */
  readonly columns: readonly string[];
  batch(batch: Batch, byName: ReadonlyMap<string, Column>, file: FileInfo): void;
  /** Called once a file is read, with its final column list (JSON Lines learns its keys as it reads). */
  endFile(file: FileInfo, columns: readonly string[], rows: number): void;
  finish(): CheckOutcome;
}

export function severityOf(spec: CheckSpec): Severity {
  return spec.severity ?? 'error';
}

/**
 * Tracks, for checks on named columns, the files that lack one of them: such a check fails with
 * "column X not found in FILE" rather than passing on the files that have it.
 */
export class MissingColumns {
  private readonly missing: string[] = [];

  constructor(private readonly columns: readonly string[]) {}

  endFile(file: FileInfo, columns: readonly string[]): void {
    for (const column of this.columns) {
      if (!columns.includes(column)) this.missing.push(`column "${column}" not found in ${file.path}`);
    }
  }

  /** The failure message, or undefined when every file had every column. */
  get message(): string | undefined {
    return this.missing.length ? this.missing.join('; ') : undefined;
  }
}

export function formatBounds(
  min: number | undefined,
  max: number | undefined,
  strictMin = false,
  strictMax = false,
) {
  const parts: string[] = [];
  if (min !== undefined) parts.push(`${strictMin ? '>' : '>='} ${min}`);
  if (max !== undefined) parts.push(`${strictMax ? '<' : '<='} ${max}`);
  return parts.join(' and ') || 'any value';
}

export function withinBounds(
  value: number,
  min?: number,
  max?: number,
  strictMin = false,
  strictMax = false,
): boolean {
  if (min !== undefined && (strictMin ? !(value > min) : !(value >= min))) return false;
  if (max !== undefined && (strictMax ? !(value < max) : !(value <= max))) return false;
  return true;
}
