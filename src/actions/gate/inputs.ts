import { ConfigurationError } from '../../core/errors.js';
import type { GateInputPaths } from '../../core/gate/inputs.js';
import { DEFAULT_OVERRIDE_LABEL, type GatePolicyInput, type PolicyKeyNames } from '../../core/gate/policy.js';
import { getBooleanInputOr, getIntegerInput, getOptionalInput } from '../../github/inputs.js';

/** Input names exactly as in actions/gate/action.yml. */
export const Input = {
  validation: 'validation',
  evaluation: 'evaluation',
  comparison: 'comparison',
  drift: 'drift',
  config: 'config',
  name: 'name',
  require: 'require',
  inconclusive: 'inconclusive',
  driftPolicy: 'drift-policy',
  evaluationPolicy: 'evaluation-policy',
  validationPolicy: 'validation-policy',
  override: 'override',
  overrideReason: 'override-reason',
  overrideLabel: 'override-label',
  checkRun: 'check-run',
  comment: 'comment',
  summary: 'summary',
  pullRequest: 'pull-request',
  headSha: 'head-sha',
  token: 'token',
  outputDir: 'output-dir',
} as const;

/** How policy keys are named in messages. */
export const POLICY_INPUT_NAMES: PolicyKeyNames = {
  require: `input "${Input.require}"`,
  inconclusive: `input "${Input.inconclusive}"`,
  drift: `input "${Input.driftPolicy}"`,
  evaluation: `input "${Input.evaluationPolicy}"`,
  validation: `input "${Input.validationPolicy}"`,
};

export interface GateActionInputs {
  paths: GateInputPaths;
  config?: string;
  name?: string;
  /** Only the keys given (the config's gate section, when there is one, fills the rest). */
  policy: GatePolicyInput;
  override: boolean;
  overrideReason?: string;
  overrideLabel: string;
  checkRun: boolean;
  /** Undefined: comment when there is a pull request. */
  comment?: boolean;
  summary: boolean;
  /** For a workflow_run job: the pull request the results are of (read from the artifact). */
  pullRequest?: number;
  /** For a workflow_run job: the commit the results are of (github.event.workflow_run.head_sha). */
  headSha?: string;
  token?: string;
  outputDir: string;
}

export function getInputs(): GateActionInputs {
  const override = getBooleanInputOr(Input.override, false);
  const overrideReason = getOptionalInput(Input.overrideReason)?.trim();
  if (override && !overrideReason) {
    throw new ConfigurationError(
      `Input "${Input.override}" is true without "${Input.overrideReason}": say why the gate may be let through (it is recorded in verdict.json and the comment).`,
    );
  }
  const headSha = getOptionalInput(Input.headSha)?.trim();
  if (headSha !== undefined && !/^[0-9a-f]{40}$/i.test(headSha)) {
    throw new ConfigurationError(
      `Input "${Input.headSha}" must be a 40-character commit sha; got "${headSha}".`,
    );
  }
  const comment = getOptionalInput(Input.comment);
  const require = getOptionalInput(Input.require);
  return {
    paths: {
      validation: getOptionalInput(Input.validation),
      evaluation: getOptionalInput(Input.evaluation),
      comparison: getOptionalInput(Input.comparison),
      drift: getOptionalInput(Input.drift),
    },
    config: getOptionalInput(Input.config),
    name: getOptionalInput(Input.name),
    policy: {
      ...(require !== undefined ? { require } : {}),
      inconclusive: getOptionalInput(Input.inconclusive),
      drift: getOptionalInput(Input.driftPolicy),
      evaluation: getOptionalInput(Input.evaluationPolicy),
      validation: getOptionalInput(Input.validationPolicy),
    },
    override,
    overrideReason,
    overrideLabel: getOptionalInput(Input.overrideLabel)?.trim() || DEFAULT_OVERRIDE_LABEL,
    checkRun: getBooleanInputOr(Input.checkRun, true),
    comment: comment === undefined ? undefined : getBooleanInputOr(Input.comment, true),
    summary: getBooleanInputOr(Input.summary, true),
    pullRequest: getIntegerInput(Input.pullRequest, { min: 1 }),
    headSha: headSha?.toLowerCase(),
    token: getOptionalInput(Input.token),
    outputDir: getOptionalInput(Input.outputDir) ?? 'mlgate-out',
  };
}
