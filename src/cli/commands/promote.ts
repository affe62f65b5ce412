import { runStageJob } from '../../core/jobs/registry-job.js';
import type { Logger } from '../../core/logger.js';
import { parseCommandArgs, requireOption } from '../args.js';
import { cliProvenance, openCliStore } from '../registry-store.js';

export const promoteHelp = `Usage: mlgate promote --name NAME --version X.Y.Z --stage STAGE [options]

Assign a stage (production, staging, …) to a recorded version: a new assignment <name>#<stage>#<n> as
DVC's GTO writes it. Promoting the version a stage already holds does nothing. Writes stage.json.

Options:
  --name NAME             the model's registry name
  --version X.Y.Z         the recorded version to promote
  --stage STAGE           the stage: lowercase letters, digits, '-' and '/'
  --registry DIR|github   the registry (default .mlgate/registry; github inside GitHub Actions)
  --out DIR               folder for stage.json (default ./mlgate-out)
  -h, --help              show this help

Exit codes: 0 assigned (or already so), 2 bad usage or input (an unknown version), 70 an internal error,
75 GitHub could not be reached.
`;

export async function promoteCommand(argv: string[], logger: Logger, cwd: string): Promise<number> {
  const { values } = parseCommandArgs('promote', argv, {
    name: { type: 'string' },
    version: { type: 'string' },
    stage: { type: 'string' },
    registry: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(promoteHelp);
    return 0;
  }
  const name = requireOption('promote', 'name', values.name);
  const version = requireOption('promote', 'version', values.version);
  const stage = requireOption('promote', 'stage', values.stage);
  const store = await openCliStore(values.registry, cwd, logger);
  const { by, run } = await cliProvenance(cwd);
  const { result, resultPath } = await runStageJob(
    store,
    'promote',
    { name, version, stage, by, run },
    cwd,
    values.out ?? 'mlgate-out',
    logger,
  );
  logger.info(
    result.outcome === 'unchanged'
      ? `mlgate promote: ${name} ${stage} is already ${result.version}`
      : `mlgate promote: ${name} ${stage} → ${result.version}${result.from ? ` (was ${result.from})` : ''}: ${result.tag}`,
  );
  logger.info(`Result: ${resultPath}`);
  return 0;
}
