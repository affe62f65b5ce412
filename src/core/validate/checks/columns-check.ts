import type { CheckSpec } from '../../config/types.js';
import { severityOf, type CheckOutcome, type CheckRunner, type FileInfo } from './check-runner.js';

type Spec = Extract<CheckSpec, { type: 'columns' }>;

/** Expected columns, checked per file: exact set (default), exact order, or at least these. */
export class ColumnsCheck implements CheckRunner {
  readonly columns: readonly string[] = [];
  private readonly problems: string[] = [];
  private readonly observed: Record<string, string[]> = {};

  constructor(readonly spec: Spec) {}

  batch(): void {}

  endFile(file: FileInfo, columns: readonly string[]): void {
    this.observed[file.path] = [...columns];
    const problem = compareColumns(this.spec.columns, columns, this.spec.mode ?? 'exact');
    if (problem) this.problems.push(`${file.path}: ${problem}`);
  }

  finish(): CheckOutcome {
    const mode = this.spec.mode ?? 'exact';
    const passed = this.problems.length === 0;
    return {
      result: {
        name: this.spec.name ?? `columns (${mode})`,
        type: 'columns',
        columns: this.spec.columns,
        severity: severityOf(this.spec),
        passed,
        observed: this.observed,
        expected: { columns: this.spec.columns, mode },
        message: passed ? `every file has the expected columns (${mode})` : this.problems.join('; '),
      },
    };
  }
}

export function compareColumns(expected: readonly string[], actual: readonly string[], mode: Spec['mode']) {
  const missing = expected.filter((c) => !actual.includes(c));
  const extra = mode === 'at-least' ? [] : actual.filter((c) => !expected.includes(c));
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${list(missing)}`);
  if (extra.length) parts.push(`unexpected ${list(extra)}`);
  if (!parts.length && mode === 'exact-ordered' && expected.some((c, i) => actual[i] !== c)) {
    parts.push(`columns are in the order ${list(actual)}; expected ${list(expected)}`);
  }
  return parts.join(', ');
}

function list(columns: readonly string[]): string {
  return columns.map((c) => JSON.stringify(c)).join(', ');
}
