import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigurationError } from '../../core/errors.js';
import { runReleaseJob } from '../../core/jobs/registry-job.js';
import type { Logger } from '../../core/logger.js';
import { mergeCardSections, readCardSections } from '../../core/registry/card-sections.js';
import { enumOption, parseCommandArgs, requireOption } from '../args.js';
import { cliProvenance, openCliStore } from '../registry-store.js';

export const releaseHelp = `Usage: mlgate release --model M.onnx --name NAME [--bump auto|major|minor|patch | --version X.Y.Z] [options]

Record a model version in the registry: model.onnx, manifest.json (digests, signature, metrics, verdict,
data and config digests, commit, run), model-card.md and the evaluation/comparison results. The version
is staged, every file verified by size and sha256, then published: all or nothing. A model already
recorded (same sha256) is not recorded again; a version that exists with another model is refused.
Tags follow DVC's GTO: <name>@v<version>.

Options:
  --model M.onnx          the ONNX model to record
  --name NAME             the model's registry name: lowercase letters, digits, '-' and '/'
  --bump KIND             auto (default): major when the model's inputs or outputs changed in a way that
                          breaks callers of the latest version, else minor; or major | minor | patch.
                          The first version is 0.1.0 (auto, minor), 1.0.0 (major) or 0.0.1 (patch).
  --version X.Y.Z         an explicit semantic version instead of a bump
  --evaluation FILE       evaluation.json of this model (mlgate evaluate): metrics and verdict
  --comparison FILE       comparison.json of this model against its baseline
  --data FILE             a data file the evaluation used (its sha256 is recorded); repeat for several
  --reference-data FILE   the version's reference (training) data, by path and sha256: what
                          mlgate drift --reference-from compares current data with; repeat for several
  --config FILE           the mlgate.yml used (its sha256 is recorded)
  --card FILE             Markdown for the model card: "## Intended use", "## Limitations", … sections
  --intended-use TEXT     the card's intended use (added to --card's)
  --limitations TEXT      the card's limitations
  --registry DIR|github   the registry: a folder (default .mlgate/registry) or, inside GitHub Actions,
                          github (Releases of GITHUB_REPOSITORY with GITHUB_TOKEN)
  --out DIR               folder for release.json (default ./mlgate-out)
  -h, --help              show this help

Exit codes: 0 recorded (or already recorded), 2 bad usage or input (a version that exists with another
model too), 70 an internal error, 75 GitHub could not be reached (rerun to resume).
`;

export async function releaseCommand(argv: string[], logger: Logger, cwd: string): Promise<number> {
  const { values } = parseCommandArgs('release', argv, {
    model: { type: 'string' },
    name: { type: 'string' },
    bump: { type: 'string' },
    version: { type: 'string' },
    evaluation: { type: 'string' },
    comparison: { type: 'string' },
    data: { type: 'string', multiple: true },
    'reference-data': { type: 'string', multiple: true },
    config: { type: 'string' },
    card: { type: 'string' },
    'intended-use': { type: 'string' },
    limitations: { type: 'string' },
    registry: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(releaseHelp);
    return 0;
  }
  const model = requireOption('release', 'model', values.model);
  const name = requireOption('release', 'name', values.name);
  if (values.bump !== undefined && values.version !== undefined) {
    throw new ConfigurationError(
      '--bump and --version exclude each other: give one. Run "mlgate release --help".',
    );
  }
  const bump = enumOption('release', 'bump', values.bump, ['auto', 'major', 'minor', 'patch'] as const);
  const at = (p: string | undefined) => (p === undefined ? undefined : resolve(cwd, p));
  const cardSections = mergeCardSections(values.card ? await readCardSections(at(values.card)!) : [], {
    intendedUse: values['intended-use'],
    limitations: values.limitations,
  });
  const store = await openCliStore(values.registry, cwd, logger);
  const provenance = await cliProvenance(cwd);
  const workDir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'mlgate-release-'));
  try {
    const { result, resultPath } = await runReleaseJob(
      store,
      {
        name,
        modelPath: at(model)!,
        bump,
        version: values.version,
        evaluationPath: at(values.evaluation),
        comparisonPath: at(values.comparison),
        dataPaths: values.data?.map((p) => at(p)!),
        referenceDataPaths: values['reference-data']?.map((p) => at(p)!),
        configPath: at(values.config),
        cardSections,
      },
      { cwd, workDir, ...provenance, now: () => new Date() },
      values.out ?? 'mlgate-out',
      logger,
    );
    const what =
      result.outcome === 'unchanged'
        ? 'already recorded'
        : result.outcome === 'resumed'
          ? 'recorded (an earlier attempt completed)'
          : 'recorded';
    logger.info(
      `mlgate release: ${result.tag} ${what} in ${store.description}` +
        (result.outcome !== 'unchanged'
          ? ` (${result.bump.kind === 'explicit' ? 'explicit version' : `${result.bump.kind} bump`}${result.previous_version ? ` from ${result.previous_version}` : ''})`
          : ''),
    );
    for (const change of result.bump.breaking_changes) logger.info(`  breaking: ${change}`);
    logger.info(`Result: ${resultPath}`);
    return 0;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
