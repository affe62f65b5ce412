import { ConfigurationError } from '../../core/errors.js';
import type { BumpRequest } from '../../core/registry/release.js';
import {
  getBooleanInputOr,
  getEnumInput,
  getIntegerInput,
  getListInput,
  getOptionalInput,
} from '../../github/inputs.js';

/** Input names exactly as in actions/record-release/action.yml. */
export const Input = {
  operation: 'operation',
  name: 'name',
  model: 'model',
  bump: 'bump',
  version: 'version',
  stage: 'stage',
  evaluation: 'evaluation',
  comparison: 'comparison',
  data: 'data',
  referenceData: 'reference-data',
  config: 'config',
  card: 'card',
  intendedUse: 'intended-use',
  limitations: 'limitations',
  registry: 'registry',
  token: 'token',
  artifact: 'artifact',
  artifactRetentionDays: 'artifact-retention-days',
  environment: 'environment',
  environmentUrl: 'environment-url',
  attest: 'attest',
  summary: 'summary',
  outputDir: 'output-dir',
} as const;

export const OPERATIONS = ['release', 'promote', 'rollback', 'versions', 'resolve'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface RecordReleaseInputs {
  operation: Operation;
  name: string;
  model?: string;
  bump?: BumpRequest;
  version?: string;
  stage?: string;
  evaluation?: string;
  comparison?: string;
  data: string[];
  referenceData: string[];
  config?: string;
  card?: string;
  intendedUse?: string;
  limitations?: string;
  /** `github` (Releases of this repository) or a folder. */
  registry: string;
  token?: string;
  artifact: boolean;
  artifactRetentionDays?: number;
  environment?: string;
  environmentUrl?: string;
  attest: boolean;
  summary: boolean;
  outputDir: string;
}

/** What each operation needs, and which inputs only make sense for some. */
function check(inputs: RecordReleaseInputs): void {
  const need = (input: string, value: unknown, why: string) => {
    if (value === undefined) throw new ConfigurationError(`Input "${input}" is required ${why}.`);
  };
  const only = (input: string, value: unknown, ops: Operation[]) => {
    if (value !== undefined && !ops.includes(inputs.operation)) {
      throw new ConfigurationError(
        `Input "${input}" is for operation ${ops.join(' or ')}, not "${inputs.operation}".`,
      );
    }
  };
  if (inputs.operation === 'release')
    need(Input.model, inputs.model, 'to record a version (operation release)');
  if (inputs.operation === 'promote') {
    need(Input.version, inputs.version, 'to promote (the version to assign)');
    need(Input.stage, inputs.stage, 'to promote');
  }
  if (inputs.operation === 'rollback' || inputs.operation === 'resolve') {
    need(Input.stage, inputs.stage, `for operation ${inputs.operation}`);
  }
  only(Input.model, inputs.model, ['release']);
  only(Input.bump, inputs.bump, ['release']);
  only(Input.version, inputs.version, ['release', 'promote']);
  for (const [input, value] of [
    [Input.evaluation, inputs.evaluation],
    [Input.comparison, inputs.comparison],
    [Input.config, inputs.config],
    [Input.card, inputs.card],
    [Input.intendedUse, inputs.intendedUse],
    [Input.limitations, inputs.limitations],
    [Input.artifactRetentionDays, inputs.artifactRetentionDays],
  ] as const) {
    only(input, value, ['release']);
  }
  if (inputs.data.length > 0) only(Input.data, inputs.data, ['release']);
  if (inputs.referenceData.length > 0) only(Input.referenceData, inputs.referenceData, ['release']);
  only(Input.environment, inputs.environment, ['release', 'promote', 'rollback']);
  if (inputs.environment !== undefined && inputs.stage === undefined) {
    throw new ConfigurationError(
      `Input "${Input.environment}" needs input "stage": a deployment records a stage change.`,
    );
  }
  if (inputs.bump !== undefined && inputs.version !== undefined) {
    throw new ConfigurationError('Inputs "bump" and "version" exclude each other: give one.');
  }
  if (
    inputs.artifactRetentionDays !== undefined &&
    (inputs.artifactRetentionDays < 1 || inputs.artifactRetentionDays > 90)
  ) {
    throw new ConfigurationError(
      `Input "${Input.artifactRetentionDays}" must be between 1 and 90 days; got ${inputs.artifactRetentionDays}.`,
    );
  }
}

export function getInputs(): RecordReleaseInputs {
  const name = getOptionalInput(Input.name);
  if (!name) throw new ConfigurationError(`Input "${Input.name}" is required: the model's registry name.`);
  const inputs: RecordReleaseInputs = {
    operation: getEnumInput(Input.operation, OPERATIONS) ?? 'release',
    name,
    model: getOptionalInput(Input.model),
    bump: getEnumInput(Input.bump, ['auto', 'major', 'minor', 'patch'] as const),
    version: getOptionalInput(Input.version),
    stage: getOptionalInput(Input.stage),
    evaluation: getOptionalInput(Input.evaluation),
    comparison: getOptionalInput(Input.comparison),
    data: getListInput(Input.data),
    referenceData: getListInput(Input.referenceData),
    config: getOptionalInput(Input.config),
    card: getOptionalInput(Input.card),
    intendedUse: getOptionalInput(Input.intendedUse),
    limitations: getOptionalInput(Input.limitations),
    registry: getOptionalInput(Input.registry) ?? 'github',
    token: getOptionalInput(Input.token),
    artifact: getBooleanInputOr(Input.artifact, true),
    artifactRetentionDays: getIntegerInput(Input.artifactRetentionDays),
    environment: getOptionalInput(Input.environment),
    environmentUrl: getOptionalInput(Input.environmentUrl),
    attest: getBooleanInputOr(Input.attest, false),
    summary: getBooleanInputOr(Input.summary, true),
    outputDir: getOptionalInput(Input.outputDir) ?? 'mlgate-out',
  };
  check(inputs);
  return inputs;
}
