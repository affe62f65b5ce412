import { getBooleanInputOr, getIntegerInput, getOptionalInput } from '../../github/inputs.js';

/** Input names exactly as in the root action.yml. */
export const Input = {
  config: 'config',
  outputDir: 'output-dir',
  summary: 'summary',
  annotations: 'annotations',
  onnxruntimePath: 'onnxruntime-path',
} as const;

export interface PipelineInputs {
  config: string;
  outputDir: string;
  summary: boolean;
  annotations: number;
  onnxruntimePath?: string;
}

export function getInputs(): PipelineInputs {
  return {
    config: getOptionalInput(Input.config) ?? 'mlgate.yml',
    outputDir: getOptionalInput(Input.outputDir) ?? 'mlgate-out',
    summary: getBooleanInputOr(Input.summary, true),
    annotations: getIntegerInput(Input.annotations, { min: 0 }) ?? 10,
    onnxruntimePath: getOptionalInput(Input.onnxruntimePath),
  };
}
