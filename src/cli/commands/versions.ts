import { runVersionsJob } from '../../core/jobs/registry-job.js';
import type { Logger } from '../../core/logger.js';
import { parseCommandArgs, requireOption } from '../args.js';
import { openCliStore } from '../registry-store.js';

export const versionsHelp = `Usage: mlgate versions --name NAME [options]

List a model's recorded versions, its stages and their history. Writes versions.json:
versions [{version, sha256, created_at, …}], stages {stage: version}, history of assignments.

Options:
  --name NAME             the model's registry name
  --registry DIR|github   the registry (default .mlgate/registry; github inside GitHub Actions)
  --out DIR               folder for versions.json (default ./mlgate-out)
  -h, --help              show this help

Exit codes: 0 listed, 2 bad usage, 70 an internal error, 75 GitHub could not be reached.
`;

export async function versionsCommand(argv: string[], logger: Logger, cwd: string): Promise<number> {
  const { values } = parseCommandArgs('versions', argv, {
    name: { type: 'string' },
    registry: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(versionsHelp);
    return 0;
  }
  const name = requireOption('versions', 'name', values.name);
  const store = await openCliStore(values.registry, cwd, logger);
  const { result, resultPath } = await runVersionsJob(store, name, cwd, values.out ?? 'mlgate-out');
  const byVersion = new Map<string, string[]>();
  for (const [stage, version] of Object.entries(result.stages)) {
    byVersion.set(version, [...(byVersion.get(version) ?? []), stage]);
  }
  logger.info(
    `mlgate versions: ${name} has ${result.versions.length} version${result.versions.length === 1 ? '' : 's'} in ${store.description}`,
  );
  for (const v of result.versions) {
    const stages = byVersion.get(v.version);
    logger.info(
      `  ${v.version.padEnd(12)} ${v.created_at}  ${v.sha256.slice(0, 12)}${stages ? `  ← ${stages.join(', ')}` : ''}`,
    );
  }
  logger.info(`Result: ${resultPath}`);
  return 0;
}
