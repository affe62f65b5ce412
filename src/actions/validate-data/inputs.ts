import type { FailOn } from '../../core/config/types.js';
import { ConfigurationError } from '../../core/errors.js';
import {
  getBooleanInputOr,
  getEnumInput,
  getIntegerInput,
  getListInput,
  getOptionalInput,
} from '../../github/inputs.js';

/** Input names exactly as in actions/validate-data/action.yml. */
export const Input = {
  data: 'data',
  schema: 'schema',
  checks: 'checks',
  config: 'config',
  maxViolations: 'max-violations',
  failOn: 'fail-on',
  outputDir: 'output-dir',
  annotations: 'annotations',
  summary: 'summary',
} as const;

export interface ValidateDataInputs {
  data: string[];
  schema?: string;
  checks?: string;
  config?: string;
  maxViolations?: number;
  failOn?: FailOn;
  outputDir: string;
  annotations: number;
  summary: boolean;
}

export function getInputs(): ValidateDataInputs {
  const inputs: ValidateDataInputs = {
    data: getListInput(Input.data),
    schema: getOptionalInput(Input.schema),
    checks: getOptionalInput(Input.checks),
    config: getOptionalInput(Input.config),
    maxViolations: getIntegerInput(Input.maxViolations, { min: 0 }),
    failOn: getEnumInput(Input.failOn, ['error', 'warning', 'never'] as const),
    outputDir: getOptionalInput(Input.outputDir) ?? 'mlgate-out',
    annotations: getIntegerInput(Input.annotations, { min: 0 }) ?? 10,
    summary: getBooleanInputOr(Input.summary, true),
  };
  if (!inputs.config && inputs.data.length === 0) {
    throw new ConfigurationError(
      'Input "data" is required (a path or glob per line) unless "config" names an mlgate.yml.',
    );
  }
  return inputs;
}
