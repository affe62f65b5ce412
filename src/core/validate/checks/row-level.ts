import type { CheckSpec } from '../../config/types.js';
import { CellState, type Batch, type Column } from '../../data/types.js';
import { formatValue, keepValue } from '../format-value.js';
import { ViolationCollector } from '../violations.js';
import { numberAt, valueAt } from './cells.js';
import {
  MissingColumns,
  formatBounds,
  severityOf,
  withinBounds,
  type CheckOutcome,
  type CheckRunner,
  type FileInfo,
} from './check-runner.js';

type AllowedSpec = Extract<CheckSpec, { type: 'allowed-values' }>;
type RangeSpec = Extract<CheckSpec, { type: 'range' }>;
type Spec = AllowedSpec | RangeSpec;

/**
 * A check that judges each non-missing cell of one column (missing cells are skipped: null-fraction is
 * the check for those). Without `mostly` every failing cell is a violation and one fails the check. With
 * `mostly` the check passes when passing / non-missing ≥ mostly; its failing cells are then only counted
 * (unexpected_count), and listed as violations only if the check fails.
 */
abstract class RowLevelCheck<S extends Spec> implements CheckRunner {
  readonly columns: readonly string[];
  private readonly missingColumns: MissingColumns;
  private readonly violations: ViolationCollector;
  private unexpected = 0;
  private checked = 0;

  constructor(
    readonly spec: S,
    maxViolations: number,
  ) {
    this.columns = [spec.column];
    this.missingColumns = new MissingColumns(this.columns);
    this.violations = new ViolationCollector(maxViolations);
  }

  /** True when the cell passes. */
  protected abstract accepts(column: Column, i: number): boolean;
  protected abstract describeExpected(): string;
  protected abstract expected(): unknown;
  protected abstract defaultName(): string;

  batch(batch: Batch, byName: ReadonlyMap<string, Column>, file: FileInfo): void {
    const column = byName.get(this.spec.column);
    if (!column) return;
    const { state } = column;
    const severity = severityOf(this.spec);
    for (let i = 0; i < batch.length; i++) {
      const s = state[i];
      if (s !== CellState.Present && s !== CellState.Invalid) continue;
      this.checked++;
      if (this.accepts(column, i)) continue;
      this.unexpected++;
      if (!this.violations.admit(this.spec.type, this.spec.column, severity, file.path)) continue;
      const value = valueAt(column, i);
      this.violations.list({
        file: file.path,
        row: batch.rowNumbers[i],
        line: batch.lines[i] || null,
        column: this.spec.column,
        rule: this.spec.type,
        severity,
        message: `must be ${this.describeExpected()} (got ${formatValue(value)})`,
        value: keepValue(value),
      });
    }
  }

  endFile(file: FileInfo, columns: readonly string[]): void {
    this.missingColumns.endFile(file, columns);
  }

  finish(): CheckOutcome {
    const { mostly } = this.spec;
    const fraction = this.checked ? this.unexpected / this.checked : 0;
    const notFound = this.missingColumns.message;
    const withinMostly = mostly === undefined ? this.unexpected === 0 : 1 - fraction >= mostly;
    const passed = !notFound && withinMostly;
    const counted = `${this.unexpected} of ${this.checked} values are not ${this.describeExpected()}`;
    return {
      result: {
        name: this.spec.name ?? this.defaultName(),
        type: this.spec.type,
        column: this.spec.column,
        severity: severityOf(this.spec),
        passed,
        observed: { unexpected: this.unexpected, checked: this.checked },
        expected: this.expected(),
        unexpected_count: this.unexpected,
        unexpected_fraction: fraction,
        ...(mostly === undefined ? {} : { mostly }),
        message:
          notFound ??
          (mostly === undefined ? counted : `${counted}; passing fraction ${1 - fraction}, mostly ${mostly}`),
      },
      ...(mostly !== undefined && withinMostly ? {} : { violations: this.violations }),
    };
  }
}

/**
 * Cells compared by their text form: a number 1 in the list matches the CSV text "1" of a string column
 * and the number 1 of a number column; `true` matches a boolean true.
 */
export class AllowedValuesCheck extends RowLevelCheck<AllowedSpec> {
  private readonly allowed: Set<string>;

  constructor(spec: AllowedSpec, maxViolations: number) {
    super(spec, maxViolations);
    this.allowed = new Set(spec.values.map(String));
  }

  protected accepts(column: Column, i: number): boolean {
    if (column.state[i] !== CellState.Present) return false;
    const value = column.kind === 'boolean' ? column.values[i] === 1 : column.values[i];
    return (
      (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') &&
      this.allowed.has(String(value))
    );
  }

  protected describeExpected(): string {
    const shown = this.spec.values.slice(0, 10).map((v) => JSON.stringify(v));
    return `one of ${shown.join(', ')}${this.spec.values.length > 10 ? ', …' : ''}`;
  }

  protected expected(): unknown {
    return { values: this.spec.values };
  }

  protected defaultName(): string {
    return `allowed values of ${this.spec.column}`;
  }
}

/** Numeric bounds; a non-numeric cell (Invalid, or text in a string column) fails. */
export class RangeCheck extends RowLevelCheck<RangeSpec> {
  protected accepts(column: Column, i: number): boolean {
    const { min, max, strictMin, strictMax } = this.spec;
    const value = numberAt(column, i);
    return !Number.isNaN(value) && withinBounds(value, min, max, strictMin, strictMax);
  }

  protected describeExpected(): string {
    const { min, max, strictMin, strictMax } = this.spec;
    return `a number ${formatBounds(min, max, strictMin, strictMax)}`;
  }

  protected expected(): unknown {
    const { min, max, strictMin, strictMax } = this.spec;
    return {
      min: min ?? null,
      max: max ?? null,
      strict_min: strictMin ?? false,
      strict_max: strictMax ?? false,
    };
  }

  protected defaultName(): string {
    return `range of ${this.spec.column}: ${this.describeExpected().slice('a number '.length)}`;
  }
}
