import type { CheckSpec } from '../../config/types.js';
import { ConfigurationError } from '../../errors.js';
import type { CheckRunner } from './check-runner.js';
import { ColumnsCheck } from './columns-check.js';
import { ColumnValues } from './column-values.js';
import { MeanCheck } from './mean.js';
import { NullFractionCheck } from './null-fraction.js';
import { QuantileCheck } from './quantile.js';
import { AllowedValuesCheck, RangeCheck } from './row-level.js';
import { RowCountCheck } from './row-count.js';
import { UniqueCheck } from './unique.js';

/** Builds the runners for a run's checks; quantile checks on one column share its values. */
export function createCheckRunners(specs: readonly CheckSpec[], maxViolations: number): CheckRunner[] {
  const stores = new Map<string, ColumnValues>();
  const storeFor = (column: string) => {
    let store = stores.get(column);
    if (!store) stores.set(column, (store = new ColumnValues(column)));
    return store;
  };
  return specs.map((spec) => {
    switch (spec.type) {
      case 'row-count':
        return new RowCountCheck(spec);
      case 'columns':
        return new ColumnsCheck(spec);
      case 'unique':
        return new UniqueCheck(spec, maxViolations);
      case 'null-fraction':
        return new NullFractionCheck(spec);
      case 'allowed-values':
        return new AllowedValuesCheck(spec, maxViolations);
      case 'range':
        return new RangeCheck(spec, maxViolations);
      case 'quantile':
        return new QuantileCheck(spec, storeFor(spec.column));
      case 'mean':
        return new MeanCheck(spec);
      default:
        throw new ConfigurationError(
          `unknown check type ${JSON.stringify((spec as { type?: unknown }).type)}; supported: row-count, columns, ` +
            'unique, null-fraction, allowed-values, range, quantile, mean',
        );
    }
  });
}

/** Check types whose column is read as numbers when the schema does not type it. */
export const NUMERIC_CHECKS: ReadonlySet<CheckSpec['type']> = new Set(['range', 'quantile', 'mean']);
