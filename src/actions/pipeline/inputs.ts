import { getBooleanInputOr, getIntegerInput, getOptionalInput } from '../../github/inputs.js';

/** Input names exactly as in the root action.yml. */
export const Input = {
  config: 'config',
  outputDir: 'output-dir',
  summary: 'summary',
  annotations: 'annotations',
  onnxruntimePath: 'onnxruntime-path',
  token: 'token',
  checkRun: 'check-run',
  comment: 'comment',
} as const;

export interface PipelineInputs {
  config: string;
  outputDir: string;
  summary: boolean;
  annotations: number;
  onnxruntimePath?: string;
  /** For the compare section's registry baseline and the gate's check run and comment. */
  token?: string;
  /** The gate section's check run (default true). */
  checkRun: boolean;
  /** The gate section's PR comment; undefined: on pull requests. */
  comment?: boolean;
}

export function getInputs(): PipelineInputs {
  return {
    config: getOptionalInput(Input.config) ?? 'mlgate.yml',
    outputDir: getOptionalInput(Input.outputDir) ?? 'mlgate-out',
    summary: getBooleanInputOr(Input.summary, true),
    annotations: getIntegerInput(Input.annotations, { min: 0 }) ?? 10,
    onnxruntimePath: getOptionalInput(Input.onnxruntimePath),
    token: getOptionalInput(Input.token),
    checkRun: getBooleanInputOr(Input.checkRun, true),
    comment:
      getOptionalInput(Input.comment) === undefined ? undefined : getBooleanInputOr(Input.comment, true),
  };
}
