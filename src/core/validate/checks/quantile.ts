import type { CheckSpec } from '../../config/types.js';
import type { Batch, Column } from '../../data/types.js';
import {
  formatBounds,
  MissingColumns,
  severityOf,
  withinBounds,
  type CheckOutcome,
  type CheckRunner,
  type FileInfo,
} from './check-runner.js';
import { linearQuantile, type ColumnValues } from './column-values.js';

type Spec = Extract<CheckSpec, { type: 'quantile' }>;

/** An exact quantile (numpy 'linear') of the non-missing numbers of a column, within bounds. */
export class QuantileCheck implements CheckRunner {
  readonly columns: readonly string[];
  private readonly missingColumns: MissingColumns;

  constructor(
    readonly spec: Spec,
    private readonly store: ColumnValues,
  ) {
    this.columns = [spec.column];
    this.missingColumns = new MissingColumns(this.columns);
  }

  batch(batch: Batch, byName: ReadonlyMap<string, Column>): void {
    const column = byName.get(this.spec.column);
    if (column) this.store.add(batch, column);
  }

  endFile(file: FileInfo, columns: readonly string[]): void {
    this.missingColumns.endFile(file, columns);
  }

  finish(): CheckOutcome {
    const { column, quantile, min, max } = this.spec;
    const sorted = this.store.sortedValues();
    const value = linearQuantile(sorted, quantile);
    const notFound = this.missingColumns.message;
    const bounds = formatBounds(min, max);
    const ignored = this.store.nonNumeric
      ? ` (${this.store.nonNumeric} non-numeric value${this.store.nonNumeric === 1 ? '' : 's'} ignored)`
      : '';
    const passed = !notFound && sorted.length > 0 && withinBounds(value, min, max);
    return {
      result: {
        name: this.spec.name ?? `quantile ${quantile} of ${column} ${bounds}`,
        type: 'quantile',
        column,
        severity: severityOf(this.spec),
        passed,
        observed: sorted.length ? value : null,
        expected: { quantile, min: min ?? null, max: max ?? null },
        message:
          notFound ??
          (sorted.length
            ? `quantile ${quantile} is ${value} over ${sorted.length} values${ignored}; expected ${bounds}`
            : `no numeric values in ${column}${ignored}`),
      },
    };
  }
}
