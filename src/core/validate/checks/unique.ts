import type { CheckSpec } from '../../config/types.js';
import { CellState, type Batch, type Column } from '../../data/types.js';
import { formatValue, jsonText, keepValue } from '../format-value.js';
import { ViolationCollector } from '../violations.js';
import { valueAt } from './cells.js';
import {
  MissingColumns,
  severityOf,
  type CheckOutcome,
  type CheckRunner,
  type FileInfo,
} from './check-runner.js';

type Spec = Extract<CheckSpec, { type: 'unique' }>;

/**
 * A single or composite key must be unique across all files. One hash map holds every key with its first
 * occurrence; each later occurrence is a duplicate (listed like a violation, capped). Rows with a missing
 * key cell (Absent, Null, NaN) are skipped, as SQL UNIQUE skips NULLs.
 */
export class UniqueCheck implements CheckRunner {
  readonly columns: readonly string[];
  private readonly seen = new Map<unknown, number>();
  private readonly files: string[] = [];
  private readonly missingColumns: MissingColumns;
  private readonly violations: ViolationCollector;
  private readonly label: string;
  private duplicates = 0;
  private keyed = 0;

  /** `columnOptional`: a file without the column has no keys rather than failing the check (x-unique). */
  constructor(
    readonly spec: Spec,
    maxViolations: number,
    private readonly columnOptional = false,
  ) {
    this.columns = spec.columns;
    this.missingColumns = new MissingColumns(this.columns);
    this.violations = new ViolationCollector(maxViolations);
    this.label = spec.columns.join(', ');
  }

  batch(batch: Batch, byName: ReadonlyMap<string, Column>, file: FileInfo): void {
    const columns = this.columns.map((name) => byName.get(name));
    if (columns.some((c) => c === undefined)) return;
    this.files[file.index] = file.path;
    const keyOf = columns.length === 1 ? singleKey(columns[0] as Column) : compositeKey(columns as Column[]);
    for (let i = 0; i < batch.length; i++) {
      const key = keyOf(i);
      if (key === undefined) continue;
      this.keyed++;
      const where = file.index * 2 ** 32 + batch.rowNumbers[i];
      const first = this.seen.get(key);
      if (first === undefined) {
        this.seen.set(key, where);
        continue;
      }
      this.duplicates++;
      if (this.violations.admit('unique', this.label, severityOf(this.spec), file.path))
        this.listDuplicate(batch, i, file, first);
    }
  }

  endFile(file: FileInfo, columns: readonly string[]): void {
    if (!this.columnOptional) this.missingColumns.endFile(file, columns);
  }

  finish(): CheckOutcome {
    const notFound = this.missingColumns.message;
    const passed = !notFound && this.duplicates === 0;
    return {
      result: {
        name: this.spec.name ?? `unique (${this.label})`,
        type: 'unique',
        columns: [...this.columns],
        severity: severityOf(this.spec),
        passed,
        observed: { duplicates: this.duplicates, distinct: this.seen.size },
        expected: { duplicates: 0 },
        unexpected_count: this.duplicates,
        unexpected_fraction: this.keyed ? this.duplicates / this.keyed : 0,
        message:
          notFound ??
          (this.duplicates
            ? `${this.duplicates} duplicate ${this.columns.length > 1 ? 'key' : 'value'}${this.duplicates === 1 ? '' : 's'} of ${this.label}`
            : `all ${this.keyed} keys are distinct`),
      },
      violations: this.violations,
    };
  }

  private listDuplicate(batch: Batch, i: number, file: FileInfo, first: number): void {
    const firstFile = this.files[Math.floor(first / 2 ** 32)];
    const firstRow = first % 2 ** 32;
    const values = this.columns.map((name) =>
      valueAt(batch.columns.find((c) => c.name === name) as Column, i),
    );
    const value = values.length === 1 ? values[0] : values;
    this.violations.list({
      file: file.path,
      row: batch.rowNumbers[i],
      line: batch.lines[i] || null,
      column: this.label,
      rule: 'unique',
      severity: severityOf(this.spec),
      message: `duplicate ${formatValue(value)}: first seen at row ${firstRow}${firstFile === file.path ? '' : ` of ${firstFile}`}`,
      value: keepValue(value),
    });
  }
}

/** Single-column keys are the values themselves (Map compares numbers and strings natively). */
function singleKey(column: Column): (i: number) => unknown {
  const { state } = column;
  if (column.kind === 'number') {
    const values = column.values;
    return (i) =>
      state[i] === CellState.Present
        ? values[i]
        : state[i] === CellState.Invalid
          ? invalidKey(column, i)
          : undefined;
  }
  return (i) => {
    const s = state[i];
    if (s !== CellState.Present && s !== CellState.Invalid) return undefined;
    const value = valueAt(column, i);
    return typeof value === 'object' && value !== null ? `\u0002${jsonText(value)}` : value;
  };
}

function invalidKey(column: Column, i: number): string {
  return `\u0001${String(column.invalid.get(i))}`;
}

/** Composite keys: the cells' JSON texts joined by a separator that JSON text never contains raw. */
function compositeKey(columns: Column[]): (i: number) => string | undefined {
  return (i) => {
    let key = '';
    for (const column of columns) {
      const s = column.state[i];
      if (s !== CellState.Present && s !== CellState.Invalid) return undefined;
      key += `${jsonText(valueAt(column, i))}\u0000`;
    }
    return key;
  };
}
