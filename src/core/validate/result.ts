import type { CheckType, FailOn, Severity } from '../config/types.js';
import type { DataFormat } from '../data/types.js';
import type { SchemaDraft } from './schema-loader.js';

/** validation.json (DESIGN §4): snake_case keys; `passed`, `rows`, `violations` are the stable ones. */
export interface ValidationResult {
  schemaVersion: 1;
  kind: 'validation';
  passed: boolean;
  fail_on: FailOn;
  rows: number;
  duration_ms: number;
  files: FileSummary[];
  /** Path of the JSON Schema, or null when only checks ran. */
  schema: string | null;
  schema_draft: SchemaDraft | null;
  /** The first violations of each (rule, column), in reading order per file. */
  violations: Violation[];
  /** Exact totals per (rule, column), including violations that are not listed. */
  violation_counts: ViolationCount[];
  total_violations: number;
  /** Error-severity violations plus failed error-severity checks that list no violations of their own. */
  error_count: number;
  /** Warning-severity violations plus failed warning-severity checks that list no violations of their own. */
  warning_count: number;
  checks: CheckResult[];
}

export interface FileSummary {
  path: string;
  format: DataFormat;
  compressed: boolean;
  rows: number;
  columns: string[];
  /** Exact number of violations in this file (listed or not). */
  violations: number;
}

export interface Violation {
  file: string;
  /** 1-based data row (header excluded; the line number in JSON Lines; the row index in Parquet). */
  row: number | null;
  /** 1-based physical line where the row starts; null for Parquet. */
  line: number | null;
  /** Top-level column, or null for the row as a whole. */
  column: string | null;
  /** ajv keyword (type, minimum, required, …) or check type (unique, range, allowed-values). */
  rule: string;
  severity: Severity;
  message: string;
  value?: unknown;
}

export interface ViolationCount {
  rule: string;
  column: string | null;
  severity: Severity;
  count: number;
  /** How many of `count` are in `violations`. */
  listed: number;
}

export interface CheckResult {
  name: string;
  type: CheckType;
  column?: string;
  columns?: string[];
  severity: Severity;
  passed: boolean;
  observed: unknown;
  expected: unknown;
  unexpected_count?: number;
  unexpected_fraction?: number;
  mostly?: number;
  message: string;
}
