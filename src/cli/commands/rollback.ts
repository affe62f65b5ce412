import { runStageJob } from '../../core/jobs/registry-job.js';
import type { Logger } from '../../core/logger.js';
import { parseCommandArgs, requireOption } from '../args.js';
import { cliProvenance, openCliStore } from '../registry-store.js';

export const rollbackHelp = `Usage: mlgate rollback --name NAME --stage STAGE [options]

Move a stage back to the version it held before the current one. A stage's history is a stack: after
promoting v1, v2 and v3, two rollbacks give v2 and then v1. Recorded as a new assignment
<name>#<stage>#<n>; nothing is deleted. Writes stage.json.

Options:
  --name NAME             the model's registry name
  --stage STAGE           the stage to roll back
  --registry DIR|github   the registry (default .mlgate/registry; github inside GitHub Actions)
  --out DIR               folder for stage.json (default ./mlgate-out)
  -h, --help              show this help

Exit codes: 0 rolled back, 2 bad usage or input (no such stage, nothing to roll back to), 70 an internal
error, 75 GitHub could not be reached.
`;

export async function rollbackCommand(argv: string[], logger: Logger, cwd: string): Promise<number> {
  const { values } = parseCommandArgs('rollback', argv, {
    name: { type: 'string' },
    stage: { type: 'string' },
    registry: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(rollbackHelp);
    return 0;
  }
  const name = requireOption('rollback', 'name', values.name);
  const stage = requireOption('rollback', 'stage', values.stage);
  const store = await openCliStore(values.registry, cwd, logger);
  const { by, run } = await cliProvenance(cwd);
  const { result, resultPath } = await runStageJob(
    store,
    'rollback',
    { name, stage, by, run },
    cwd,
    values.out ?? 'mlgate-out',
    logger,
  );
  logger.info(
    result.outcome === 'unchanged'
      ? `mlgate rollback: ${name} ${stage} was rolled back by this run already: ${result.version}`
      : `mlgate rollback: ${name} ${stage} → ${result.version} (was ${result.from}): ${result.tag}`,
  );
  logger.info(`Result: ${resultPath}`);
  return 0;
}
