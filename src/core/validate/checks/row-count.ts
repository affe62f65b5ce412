import type { CheckSpec } from '../../config/types.js';
import {
  formatBounds,
  severityOf,
  withinBounds,
  type CheckOutcome,
  type CheckRunner,
} from './check-runner.js';

type Spec = Extract<CheckSpec, { type: 'row-count' }>;

/** Rows over all files together. */
export class RowCountCheck implements CheckRunner {
  readonly columns: readonly string[] = [];
  private rows = 0;

  constructor(readonly spec: Spec) {}

  batch(): void {}

  endFile(_file: unknown, _columns: unknown, rows: number): void {
    this.rows += rows;
  }

  finish(): CheckOutcome {
    const { min, max } = this.spec;
    const passed = withinBounds(this.rows, min, max);
    const bounds = formatBounds(min, max);
    return {
      result: {
        name: this.spec.name ?? `row count ${bounds}`,
        type: 'row-count',
        severity: severityOf(this.spec),
        passed,
        observed: this.rows,
        expected: { min: min ?? null, max: max ?? null },
        message: `${this.rows} rows; expected ${bounds}`,
      },
    };
  }
}
