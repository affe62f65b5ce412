import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { ConfigurationError } from '../../core/errors.js';
import { mergePolicyInputs, policyFromConfigSection, type GatePolicyInput } from '../../core/gate/policy.js';
import { removeStaleGate, runGateJob } from '../../core/jobs/gate-job.js';
import type { Logger } from '../../core/logger.js';
import { parseCommandArgs } from '../args.js';

export const gateHelp = `Usage: mlgate gate [--validation F] [--evaluation F] [--comparison F] [--drift F] [options]

One verdict (pass, fail or inconclusive) from the result files of earlier mlgate steps under a policy:
a failed validation or a missed evaluation threshold fails the gate, the comparison's verdict carries
over, dataset drift warns. Writes verdict.json and verdict.md to --out. Give at least one file.

Options:
  --validation FILE       validation.json (mlgate validate)
  --evaluation FILE       evaluation.json (mlgate evaluate or mlgate merge)
  --comparison FILE       comparison.json (mlgate compare)
  --drift FILE            drift.json (mlgate drift)
  --name NAME             the model's name (default: the evaluated or compared model's file name)
  --require A,B           sources that must be given: validation, evaluation, comparison, drift
                          (default: whichever are given); a missing one fails the gate
  --inconclusive P        an inconclusive comparison: neutral (default: not passed, exit 1, the
                          check run would be neutral) | fail | pass
  --drift-policy P        dataset drift: warn (default) | fail | ignore
  --evaluation-policy P   missed evaluation thresholds: fail (default) | warn | ignore
  --validation-policy P   failed validation: fail (default) | warn | ignore
  --override              let a gate that did not pass through; needs --override-reason; recorded
                          in verdict.json with who ($GITHUB_ACTOR, else your user name)
  --override-reason TEXT  why
  --config FILE           mlgate.yml: its gate section, once the schema has one (flags override it)
  --out DIR               folder for verdict.json and verdict.md (default ./mlgate-out)
  --quiet                 print only the verdict line
  -h, --help              show this help

Exit codes: 0 passed (or overridden), 1 the gate failed or is inconclusive and not passed, 2 bad usage
or a result file that is missing or not what mlgate writes, 70 an internal error (please report it).
`;

function whoRuns(): string | null {
  if (process.env.GITHUB_ACTOR) return process.env.GITHUB_ACTOR;
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

export async function gateCommand(argv: string[], logger: Logger, cwd: string): Promise<number> {
  const { values } = parseCommandArgs('gate', argv, {
    validation: { type: 'string' },
    evaluation: { type: 'string' },
    comparison: { type: 'string' },
    drift: { type: 'string' },
    name: { type: 'string' },
    require: { type: 'string' },
    inconclusive: { type: 'string' },
    'drift-policy': { type: 'string' },
    'evaluation-policy': { type: 'string' },
    'validation-policy': { type: 'string' },
    override: { type: 'boolean' },
    'override-reason': { type: 'string' },
    config: { type: 'string' },
    out: { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(gateHelp);
    return 0;
  }
  const outDir = values.out ?? 'mlgate-out';
  // An old verdict must not outlive a run that stops on a bad option below.
  await removeStaleGate(cwd, outDir);
  const reason = values['override-reason']?.trim();
  if (values.override && !reason) {
    throw new ConfigurationError('--override needs --override-reason: say why the gate may be let through.');
  }
  if (reason && !values.override) {
    throw new ConfigurationError('--override-reason is for --override. Run "mlgate gate --help".');
  }
  let configPolicy: GatePolicyInput = {};
  let configName: string | undefined;
  if (values.config) {
    const loaded = await (
      await import('../../core/config/load-config.js')
    ).loadConfig(resolve(cwd, values.config));
    // The section's name is the model's name, not a policy key.
    const { name: sectionName, ...policyKeys } = loaded.gate ?? {};
    configPolicy = loaded.gate ? policyFromConfigSection(policyKeys, values.config) : {};
    configName = sectionName;
  }
  const flags: GatePolicyInput = {
    ...(values.require !== undefined ? { require: values.require } : {}),
    inconclusive: values.inconclusive,
    drift: values['drift-policy'],
    evaluation: values['evaluation-policy'],
    validation: values['validation-policy'],
  };
  const given = Object.values(flags).some((v) => v !== undefined);
  const { verdict, resultPath } = await runGateJob(
    {
      cwd,
      outDir,
      paths: {
        validation: values.validation,
        evaluation: values.evaluation,
        comparison: values.comparison,
        drift: values.drift,
      },
      policy: mergePolicyInputs(configPolicy, flags),
      policySource: given ? 'inputs' : Object.keys(configPolicy).length > 0 ? 'config' : 'default',
      policyNames: {
        require: '--require',
        inconclusive: '--inconclusive',
        drift: '--drift-policy',
        evaluation: '--evaluation-policy',
        validation: '--validation-policy',
      },
      name: values.name ?? configName,
      override: values.override ? { via: 'input', by: whoRuns(), reason: reason! } : undefined,
    },
    values.quiet ? { ...logger, info: () => {} } : logger,
  );
  const overridden = verdict.override?.applied ? ', overridden' : '';
  const lines = [
    `mlgate gate: ${verdict.verdict.toUpperCase()}${overridden} for ${verdict.name} (passed: ${verdict.passed}, check run: ${verdict.conclusion})`,
  ];
  if (!values.quiet) {
    for (const r of verdict.reasons) lines.push(`  ${r.status.padEnd(12)} ${r.source}: ${r.message}`);
    lines.push(`Result: ${resultPath}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return verdict.passed ? 0 : 1;
}
