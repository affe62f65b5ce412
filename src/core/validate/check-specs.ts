import type { CheckSpec } from '../config/types.js';
import { ConfigurationError } from '../errors.js';

const TYPES = [
  'row-count',
  'columns',
  'unique',
  'null-fraction',
  'allowed-values',
  'range',
  'quantile',
  'mean',
];

/**
 * Guards what the config schema also checks, for callers that build CheckSpecs in code: a bad spec is a
 * ConfigurationError naming the check and the field, never a wrong verdict.
 */
export function assertCheckSpecs(specs: readonly CheckSpec[]): void {
  specs.forEach((spec, index) => {
    const where = `check ${index + 1} (${spec.name ?? spec.type})`;
    const fail = (problem: string) => {
      throw new ConfigurationError(`${where}: ${problem}`);
    };
    if (!TYPES.includes(spec.type))
      fail(`unknown type ${JSON.stringify(spec.type)}; supported: ${TYPES.join(', ')}`);
    // Same bounds as schemas/mlgate.schema.json (#/$defs/mostly): 0 would pass any column.
    if ('mostly' in spec && spec.mostly !== undefined && !(isFraction(spec.mostly) && spec.mostly > 0)) {
      fail(`mostly must be > 0 and ≤ 1, got ${JSON.stringify(spec.mostly)}`);
    }
    if (spec.type === 'quantile' && !isFraction(spec.quantile)) {
      fail(`quantile must be a number from 0 to 1, got ${JSON.stringify(spec.quantile)}`);
    }
    if (spec.type === 'null-fraction' && !isFraction(spec.max)) {
      fail(`max must be a fraction from 0 to 1, got ${JSON.stringify(spec.max)}`);
    }
    if (
      (spec.type === 'unique' || spec.type === 'columns') &&
      !(Array.isArray(spec.columns) && spec.columns.length)
    ) {
      fail('columns must list at least one column');
    }
    if (spec.type === 'allowed-values' && !Array.isArray(spec.values)) fail('values must be a list');
    if ('column' in spec && typeof spec.column !== 'string') fail('column must be a column name');
    if (
      'min' in spec &&
      'max' in spec &&
      spec.min !== undefined &&
      spec.max !== undefined &&
      spec.min > spec.max
    ) {
      fail(`min (${spec.min}) is greater than max (${spec.max})`);
    }
  });
}

function isFraction(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && value <= 1;
}
