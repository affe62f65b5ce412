import type { CheckSpec } from '../../config/types.js';
import { CellState, type Batch, type Column } from '../../data/types.js';
import { numberAt } from './cells.js';
import {
  formatBounds,
  MissingColumns,
  severityOf,
  withinBounds,
  type CheckOutcome,
  type CheckRunner,
  type FileInfo,
} from './check-runner.js';

type Spec = Extract<CheckSpec, { type: 'mean' }>;

/** Mean of the non-missing numbers of a column, summed with Neumaier's compensation (streaming). */
export class MeanCheck implements CheckRunner {
  readonly columns: readonly string[];
  private readonly missingColumns: MissingColumns;
  private readonly sum = new CompensatedSum();
  private count = 0;
  private nonNumeric = 0;

  constructor(readonly spec: Spec) {
    this.columns = [spec.column];
    this.missingColumns = new MissingColumns(this.columns);
  }

  batch(batch: Batch, byName: ReadonlyMap<string, Column>): void {
    const column = byName.get(this.spec.column);
    if (!column) return;
    const { state } = column;
    for (let i = 0; i < batch.length; i++) {
      const s = state[i];
      if (s !== CellState.Present && s !== CellState.Invalid) continue;
      const value = numberAt(column, i);
      if (Number.isNaN(value)) {
        this.nonNumeric++;
        continue;
      }
      this.sum.add(value);
      this.count++;
    }
  }

  endFile(file: FileInfo, columns: readonly string[]): void {
    this.missingColumns.endFile(file, columns);
  }

  finish(): CheckOutcome {
    const { column, min, max } = this.spec;
    const mean = this.count ? this.sum.value / this.count : NaN;
    const notFound = this.missingColumns.message;
    const bounds = formatBounds(min, max);
    const ignored = this.nonNumeric
      ? ` (${this.nonNumeric} non-numeric value${this.nonNumeric === 1 ? '' : 's'} ignored)`
      : '';
    return {
      result: {
        name: this.spec.name ?? `mean of ${column} ${bounds}`,
        type: 'mean',
        column,
        severity: severityOf(this.spec),
        passed: !notFound && this.count > 0 && withinBounds(mean, min, max),
        observed: this.count ? mean : null,
        expected: { min: min ?? null, max: max ?? null },
        message:
          notFound ??
          (this.count
            ? `mean is ${mean} over ${this.count} values${ignored}; expected ${bounds}`
            : `no numeric values in ${column}${ignored}`),
      },
    };
  }
}

/** Neumaier's variant of Kahan summation: also exact when an addend is larger than the running sum. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const t = this.sum + value;
    if (Math.abs(this.sum) >= Math.abs(value)) this.compensation += this.sum - t + value;
    else this.compensation += value - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
