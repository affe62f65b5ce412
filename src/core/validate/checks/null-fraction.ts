import type { CheckSpec } from '../../config/types.js';
import type { Batch, Column } from '../../data/types.js';
import { isMissing } from './cells.js';
import {
  MissingColumns,
  severityOf,
  type CheckOutcome,
  type CheckRunner,
  type FileInfo,
} from './check-runner.js';

type Spec = Extract<CheckSpec, { type: 'null-fraction' }>;

/** Fraction of missing cells (Absent, Null, NaN) over all rows of all files; passes when ≤ max. */
export class NullFractionCheck implements CheckRunner {
  readonly columns: readonly string[];
  private readonly missingColumns: MissingColumns;
  private missing = 0;
  private rows = 0;

  constructor(readonly spec: Spec) {
    this.columns = [spec.column];
    this.missingColumns = new MissingColumns(this.columns);
  }

  batch(batch: Batch, byName: ReadonlyMap<string, Column>): void {
    const column = byName.get(this.spec.column);
    this.rows += batch.length;
    // A JSON Lines batch read before the key first appeared lacks the column: all its rows miss it.
    if (!column) {
      this.missing += batch.length;
      return;
    }
    const state = column.state;
    let missing = 0;
    for (let i = 0; i < batch.length; i++) if (isMissing(state[i])) missing++;
    this.missing += missing;
  }

  endFile(file: FileInfo, columns: readonly string[]): void {
    this.missingColumns.endFile(file, columns);
  }

  finish(): CheckOutcome {
    const { column, max } = this.spec;
    const fraction = this.rows ? this.missing / this.rows : 0;
    const notFound = this.missingColumns.message;
    const passed = !notFound && fraction <= max;
    return {
      result: {
        name: this.spec.name ?? `null fraction of ${column} <= ${max}`,
        type: 'null-fraction',
        column,
        severity: severityOf(this.spec),
        passed,
        observed: fraction,
        expected: { max },
        unexpected_count: this.missing,
        unexpected_fraction: fraction,
        message:
          notFound ??
          `${this.missing} of ${this.rows} values missing (${formatPercent(fraction)}); expected at most ${formatPercent(max)}`,
      },
    };
  }
}

export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(4))}%`;
}
